import InnerSourceModel

/// A CODEOWNERS file's rules compiled once, answering which rule owns a path: the **last** matching rule
/// wins, and a rule without owners un-owns what it matches (GitHub's rules; patterns as
/// `Glob(codeOwnersPattern:)` reads them). GitLab's sections are read as one list in file order: a path's
/// rule is the last matching one of the file, whatever its section.
public struct CodeOwnersMatcher: Sendable {
    /// A rule whose pattern cannot be compiled (GitHub skips such a line and shows an error).
    public struct InvalidRule: Sendable, Hashable {
        /// The index in `file.rules`.
        public var rule: Int
        public var reason: String
    }

    public let file: CodeOwnersFile
    /// The compiled pattern of each rule, in file order; nil for an invalid one (it matches nothing).
    private let globs: [Glob?]
    /// The rules that cannot be compiled, in file order.
    public let invalidRules: [InvalidRule]

    public init(_ file: CodeOwnersFile) {
        self.file = file
        var globs: [Glob?] = []
        var invalid: [InvalidRule] = []
        for (index, rule) in file.rules.enumerated() {
            do {
                globs.append(try Glob(codeOwnersPattern: rule.pattern))
            } catch {
                globs.append(nil)
                invalid.append(InvalidRule(rule: index, reason: (error as? GlobError)?.reason ?? "\(error)"))
            }
        }
        self.globs = globs
        self.invalidRules = invalid
    }

    /// The index (in `file.rules`) of the last rule whose pattern matches `path`; nil when none does.
    public func ruleIndex(for path: String) -> Int? {
        for index in globs.indices.reversed() {
            if let glob = globs[index], glob.matches(path) { return index }
        }
        return nil
    }

    /// The owners of `path`: those of the last matching rule; empty when no rule matches or that rule names
    /// no owner (it un-owns).
    public func owners(of path: String) -> [String] {
        ruleIndex(for: path).map { file.rules[$0].owners } ?? []
    }
}
