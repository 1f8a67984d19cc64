import InnerSourceModel

/// A list of wildcard patterns (`*` any run, `?` one character) matched, ignoring case, against an
/// identity's name and e-mail: the one matcher behind the bot and agent rules.
public struct IdentityPatterns: Hashable, Sendable {
    /// The patterns, lower-cased, in the order given.
    public let patterns: [String]
    private let globs: [Glob]

    public init(_ patterns: [String]) {
        self.patterns = patterns.map { $0.lowercased() }
        self.globs = self.patterns.map { Glob(wildcard: $0) }
    }

    /// Whether a pattern matches the (lower-cased) name.
    public func matchesName(of identity: Identity) -> Bool {
        let name = identity.name.lowercased()
        return globs.contains { $0.matches(name) }
    }

    /// Whether a pattern matches the (lower-cased) e-mail; false for an identity without one.
    public func matchesEmail(of identity: Identity) -> Bool {
        let email = identity.email.lowercased()
        return !email.isEmpty && globs.contains { $0.matches(email) }
    }
}
