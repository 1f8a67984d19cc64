import Foundation
import InnerSourceModel

/// A problem found in a configuration file (roster, aliases), with where it is. Its message is one line.
public struct ConfigProblem: Hashable, Sendable, Codable, CustomStringConvertible {
    public enum Severity: String, Hashable, Sendable, Codable { case error, warning }

    public var file: String
    /// 1-based line; nil when the problem concerns the whole file.
    public var line: Int?
    public var severity: Severity
    public var message: String

    public init(file: String, line: Int?, severity: Severity, message: String) {
        self.file = file
        self.line = line
        self.severity = severity
        // One line whatever a quoted value holds: `validate` prints a problem a line, commands one line.
        self.message = message.trimmingWhitespace().asOneLine
    }

    /// `teams.yml:12: error: ...`, as compilers print it.
    public var description: String {
        "\(file)\(line.map { ":\($0)" } ?? ""): \(severity.rawValue): \(message)"
    }
}

/// A configuration file that cannot be used: every problem found in it, errors and warnings.
public struct ConfigError: Error, Sendable, CustomStringConvertible {
    public var problems: [ConfigProblem]

    public init(problems: [ConfigProblem]) {
        self.problems = problems
    }

    public var description: String {
        problems.map(\.description).joined(separator: "\n")
    }

    /// The one line a command that cannot use the file prints: its first error with file and line, how
    /// many more there are, and, when the file could be read, the `validate` command that lists them all.
    public var summaryLine: String {
        let errors = problems.filter { $0.severity == .error }
        guard let first = errors.first else { return "the configuration cannot be used" }
        var line = first.description
        if errors.count > 1 { line += " (and \(Format.count(errors.count - 1, "more error")))" }
        if ConfigText.isRegularFile(first.file) && access(first.file, R_OK) == 0 {
            line += "; run `innersource validate \(first.file)` to see every problem"
        }
        return line
    }
}
