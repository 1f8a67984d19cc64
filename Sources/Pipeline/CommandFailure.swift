import Foundation
import InnerSourceModel
import Reporting
#if canImport(Glibc)
import Glibc
#endif

/// A command that did not succeed: the exit status it ends with (docs/ARCHITECTURE.md: 1 results written
/// but some repository failed, 2 nothing written) and the one line it prints on stderr.
public struct CommandFailure: Error, CustomStringConvertible, Sendable {
    public var status: Int32
    public var message: String

    public init(status: Int32, message: String) {
        self.status = status
        self.message = message
    }

    public var description: String { message }
}

/// The command's standard streams. Writing stdout checks every write: a full disk or a closed pipe is a
/// failure with exit status 2, not a crash.
public enum Console {
    /// Writes all of `data` to stdout.
    public static func write(_ data: Data) throws(CommandFailure) {
        try write(data, to: STDOUT_FILENO, name: "standard output")
    }

    public static func write(_ text: String) throws(CommandFailure) {
        try write(Data(text.utf8))
    }

    /// One line on stderr, `innersource: ` first: errors and warnings, control characters replaced
    /// (`String.replacingControlCharacters`). Failures to write it are ignored (there is nowhere left to
    /// report them).
    public static func error(_ text: String) {
        let line = text.replacingControlCharacters + (text.hasSuffix("\n") ? "" : "\n")
        try? write(Data(("innersource: " + line).utf8), to: STDERR_FILENO, name: "standard error")
    }

    /// Whether stdout is a terminal.
    public static var outputIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }
    /// Whether stderr is a terminal.
    public static var errorIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    static func write(_ data: Data, to descriptor: Int32, name: String) throws(CommandFailure) {
        if let failure = AtomicFile.write(data, to: descriptor) {
            throw CommandFailure(status: 2, message: "cannot write to \(name): \(failure)")
        }
    }
}
