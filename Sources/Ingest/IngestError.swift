import Git

/// Why a repository could not be ingested at all. The message names the repository, the object and the
/// cause, in one line.
public struct IngestError: Error, Sendable, CustomStringConvertible {
    public enum Reason: Sendable, Equatable {
        /// The path does not exist, cannot be read or is not a git repository.
        case notARepository
        /// `--ref` names nothing in the repository.
        case unknownRevision
        /// Objects the history needs are missing or corrupt.
        case unreadableHistory
        /// A shallow clone, refused by `ShallowPolicy.fail`.
        case shallowClone
    }

    public let repository: String
    public let reason: Reason
    public let cause: GitError

    public init(repository: String, reason: Reason, cause: GitError) {
        self.repository = repository
        self.reason = reason
        self.cause = cause
    }

    public var description: String {
        switch reason {
        case .notARepository:
            // The cause says it all (no such path, not a repository, permission denied), once.
            return "\(repository): \(cause.message)"
        case .unknownRevision:
            return "\(repository): unknown revision \(cause.subject): \(cause.message)"
        case .unreadableHistory:
            return "\(repository): history cannot be read: \(cause)"
        case .shallowClone:
            return "\(repository): shallow clone: its history stops at \(cause.subject), so its figures would undercount; run git fetch --unshallow in it, or set history: { shallow: analyze } to analyse what it has"
        }
    }
}
