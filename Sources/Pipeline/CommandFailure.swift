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
    /// One line: a line break in what it quotes (a name, a library's message) is replaced.
    public var message: String

    public init(status: Int32, message: String) {
        self.status = status
        self.message = message.trimmingWhitespace().asOneLine
    }

    public var description: String { message }

    /// Exit status 1: the results were written, but `count` repositories could not be analysed (each is
    /// named in the outputs with its reason).
    static func notAnalysed(_ count: Int) -> CommandFailure {
        CommandFailure(status: 1, message: "\(Format.count(count, "repository", plural: "repositories")) could not be analysed")
    }
}

/// The command's standard streams. Every write of every command goes through here: writing stdout checks
/// every write (a full disk, a closed descriptor or a pipe whose reader has gone is a failure with exit
/// status 2, never a crash or a death by SIGPIPE); writes to stderr that fail are ignored.
public enum Console {
    /// Makes the standard streams safe to use, first thing in `main`: SIGPIPE is ignored, so that a write
    /// into a pipe nobody reads returns EPIPE; a standard descriptor that was closed at start (`>&-`) is
    /// held open on /dev/null, so that no file the command opens can take its number and receive what is
    /// meant for that stream, and writes to a closed stdout still fail.
    public static func prepare() {
        signal(SIGPIPE, SIG_IGN)
        _ = closedAtStart
    }

    /// The standard descriptors that were closed when the process started, each now held on /dev/null.
    private static let closedAtStart: Set<Int32> = {
        var closed: Set<Int32> = []
        for descriptor in [STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO] where fcntl(descriptor, F_GETFD) == -1 && errno == EBADF {
            closed.insert(descriptor)
            let null = open("/dev/null", O_RDWR | O_CLOEXEC)
            if null >= 0 && null != descriptor {
                dup2(null, descriptor)
                close(null)
            }
        }
        return closed
    }()

    /// Writes all of `data` to stdout.
    public static func write(_ data: Data) throws(CommandFailure) {
        try write(data, to: STDOUT_FILENO, name: "standard output")
    }

    public static func write(_ text: String) throws(CommandFailure) {
        try write(Data(text.utf8))
    }

    /// One line on stderr, `innersource: ` first: errors and warnings, control characters replaced
    /// (`String.replacingControlCharacters`).
    public static func error(_ text: String) {
        writeToStandardError("innersource: " + text.replacingControlCharacters + (text.hasSuffix("\n") ? "" : "\n"))
    }

    /// Writes text as it is to stderr (a progress bar's redraw); failures are ignored, as there is nowhere
    /// left to report them.
    static func writeToStandardError(_ text: String) {
        try? write(Data(text.utf8), to: STDERR_FILENO, name: "standard error")
    }

    /// Whether stdout is a terminal.
    public static var outputIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }
    /// Whether stderr is a terminal.
    public static var errorIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    static func write(_ data: Data, to descriptor: Int32, name: String) throws(CommandFailure) {
        let failure = closedAtStart.contains(descriptor) ? String(cString: strerror(EBADF)) : AtomicFile.write(data, to: descriptor)
        if let failure {
            throw CommandFailure(status: 2, message: "cannot write to \(name): \(failure)")
        }
    }
}
