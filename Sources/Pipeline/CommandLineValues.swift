import InnerSourceModel
import Reporting

/// A date as a user writes it on the command line or in a pipeline (`2024-01-31`, `2024-01-31T08:00:00Z`,
/// `now`, `today`, `N days|weeks|months|years ago`), read before any work starts and anchored later at the
/// run's as-of time.
public struct DateArgument: Sendable, Hashable, CustomStringConvertible {
    /// As written.
    public let text: String
    let spec: DateSpec

    /// Reads a date; throws with what can be written instead.
    public init(parsing text: String) throws(DateSpec.ParseError) {
        self.text = text
        self.spec = try DateSpec(parsing: text)
    }

    init(_ spec: DateSpec, text: String) {
        self.text = text
        self.spec = spec
    }

    public var description: String { text }
}

/// The formats `--write` (or its old name `--formats`) names, read before any work starts.
public struct FormatList: Sendable, Hashable {
    public let formats: Set<OutputFormat>

    /// The names every format answers to, in order, for help texts.
    public static var names: [String] { OutputFormat.allCases.map(\.rawValue) }

    /// Why a list of formats cannot be read.
    public struct ParseError: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    /// Reads `csv,json,...`: at least one format, every name known.
    public init(parsing text: String) throws(ParseError) {
        let parsed = OutputFormat.parseList(text)
        if let unknown = parsed.unknown {
            throw ParseError(description: "unknown format '\(unknown)'; choose from " + Self.names.joined(separator: ", "))
        }
        guard !parsed.formats.isEmpty else { throw ParseError(description: "name at least one format") }
        formats = parsed.formats
    }
}

/// The tool's version, as `--version` prints it.
public enum ToolVersion {
    public static let current = ToolInfo.version
}
