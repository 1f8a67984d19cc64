import InnerSourceModel

/// A CODEOWNERS file read into its rules, as GitHub and GitLab write them: the one reader of the tool, used
/// by ownership (the owning team) and by the hygiene checks alike.
///
/// Each line is a pattern followed by owners (`@org/team`, `@user` or an e-mail); `#` at the start of a field
/// starts a comment (`\#` is a literal hash, `\ ` a space within a pattern); blank lines are skipped. GitLab's sections (`[Section]`, `^[Optional section]`, `[Section][2]`) may name
/// default owners after the section's name, which a rule without owners of its own takes. The last matching
/// rule wins, so the default rule is the last rule whose pattern covers every file.
public struct CodeOwnersFile: Sendable, Hashable {
    /// One rule: a pattern and its owners, with where it stands.
    public struct Rule: Sendable, Hashable {
        /// 1-based.
        public var line: Int
        public var pattern: String
        /// Its own owners, or its section's default owners when it names none.
        public var owners: [String]
        /// The rule as written, without its comment: the pattern and its own owners.
        public var text: String
        /// The GitLab section the rule stands in, when any (its name as written, brackets included).
        public var section: String?

        public init(line: Int, pattern: String, owners: [String], text: String, section: String?) {
            self.line = line
            self.pattern = pattern
            self.owners = owners
            self.text = text
            self.section = section
        }

        /// Whether the pattern covers every file of the repository (see `CodeOwnersFile.everythingPatterns`).
        public var coversEverything: Bool { CodeOwnersFile.everythingPatterns.contains(pattern) }
    }

    /// Where GitHub looks for the file, in its order of precedence, then GitLab's own place.
    public static let locations = [".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS", ".gitlab/CODEOWNERS"]

    /// Patterns that cover every file: a rule with one of them is a default rule.
    public static let everythingPatterns: Set<String> = ["*", "/*", "/**", "**", "/**/*", "**/*"]

    /// The path of the file in the repository.
    public var path: String
    /// Every rule, in file order.
    public var rules: [Rule]

    /// Reads the text of the CODEOWNERS file at `path`.
    public init(path: String, text: String) {
        self.path = path
        var rules: [Rule] = []
        var section: String?
        var sectionOwners: [String] = []
        // By scalars: a CRLF line end is one Character, which a split on "\n" would not see.
        for (index, raw) in text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let parts = Self.fields(Substring(raw))
            guard let first = parts.first else { continue }
            if first.hasPrefix("[") || first.hasPrefix("^[") {
                let trimmed = parts.joined(separator: " ")
                let close = trimmed.lastIndex(of: "]")
                section = close.map { String(trimmed[...$0]) } ?? trimmed
                sectionOwners = Self.fields(close.map { trimmed[trimmed.index(after: $0)...] } ?? "")
                continue
            }
            let own = Array(parts.dropFirst())
            rules.append(Rule(line: index + 1, pattern: first, owners: own.isEmpty ? sectionOwners : own,
                              text: parts.joined(separator: " "), section: section))
        }
        self.rules = rules
    }

    /// The file at the first of `locations` among a repository's documents; nil when there is none.
    public init?(in documents: [HeadDocument]) {
        for location in Self.locations {
            if let document = documents.first(where: { $0.path == location }) {
                self.init(path: document.path, text: document.text)
                return
            }
        }
        return nil
    }

    /// The last rule whose pattern covers every file (the last matching rule wins), owners or not.
    public var defaultRule: Rule? { rules.last { $0.coversEverything } }

    /// The fields of a line: separated by unescaped spaces and tabs (`\ ` is a space within a pattern), up to
    /// a `#` that starts a field (a comment; `\#` is a literal hash).
    static func fields(_ line: Substring) -> [String] {
        var fields: [String] = []
        var current = String.UnicodeScalarView()
        var escaped = false
        for character in line.unicodeScalars {
            if escaped {
                current.append(character)
                escaped = false
            } else if character == "\\" {
                current.append(character)
                escaped = true
            } else if character == " " || character == "\t" || character == "\r" {
                if !current.isEmpty { fields.append(String(current)) }
                current = String.UnicodeScalarView()
            } else if character == "#" && current.isEmpty {
                break
            } else {
                current.append(character)
            }
        }
        if !current.isEmpty { fields.append(String(current)) }
        return fields
    }
}
