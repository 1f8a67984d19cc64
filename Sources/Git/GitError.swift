internal import Clibgit2

/// A failure reported by libgit2, or by this module when a repository cannot be read as expected.
/// It names the libgit2 function, the object or path concerned and libgit2's own message.
public struct GitError: Error, Sendable, CustomStringConvertible {
    public enum Code: Sendable, Equatable {
        /// The object, reference or repository does not exist.
        case notFound
        /// The file system refuses this user the repository's folder.
        case permissionDenied
        /// Anything else libgit2 reports, with its numeric code.
        case other(Int32)
    }

    public let code: Code
    /// The libgit2 function that failed, e.g. `git_commit_lookup`.
    public let function: String
    /// What was being read: an object id, a reference or a path.
    public let subject: String
    /// libgit2's message, or ours when it has none.
    public let message: String

    public init(code: Code, function: String, subject: String, message: String) {
        self.code = code
        self.function = function
        self.subject = subject
        self.message = message
    }

    public var description: String {
        subject.isEmpty ? "\(message) (\(function))" : "\(subject): \(message) (\(function))"
    }

    public var isNotFound: Bool { code == .notFound }

    /// Builds the error for return code `rc` of `function` from libgit2's per-thread last error.
    static func from(_ rc: Int32, function: String, subject: String) -> GitError {
        var message = "libgit2 error \(rc)"
        if let last = git_error_last(), let text = last.pointee.message {
            message = String(cString: text)
        }
        let code: Code = rc == GIT_ENOTFOUND.rawValue ? .notFound : .other(rc)
        return GitError(code: code, function: function, subject: subject, message: message)
    }
}

/// Throws a `GitError` when a libgit2 call returned a negative code.
@inline(__always)
func check(_ rc: Int32, _ function: String, _ subject: @autoclosure () -> String = "") throws(GitError) {
    if rc < 0 { throw GitError.from(rc, function: function, subject: subject()) }
}
