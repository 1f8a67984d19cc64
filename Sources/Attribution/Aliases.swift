import InnerSourceModel

/// One person with the other e-mails and names they commit under.
public struct AliasEntry: Hashable, Sendable {
    /// The identity every alias resolves to.
    public var canonical: Identity
    /// Other e-mails (compared lower-cased).
    public var emails: [String]
    /// Other names (compared exactly), for commits whose e-mail says nothing (e.g. `root@localhost`).
    public var names: [String]
    /// The person's logins on the code hosts (lower-cased), when the file gives them (`github:`, `gitlab:`):
    /// what a roster keyed by logins (an org-data.json) knows them by.
    public var logins: [CodeHost: String] = [:]
    public var file: String
    public var line: Int?

    public init(canonical: Identity, emails: [String], names: [String], file: String = "", line: Int? = nil) {
        self.canonical = canonical
        self.emails = emails.map { $0.lowercased() }
        self.names = names
        self.file = file
        self.line = line
    }
}

/// The aliases file: several e-mails or names → one person, applied after `.mailmap`.
public struct Aliases: Hashable, Sendable {
    public var entries: [AliasEntry]
    private var byEmail: [String: Identity] = [:]
    private var byName: [String: Identity] = [:]
    private var loginsByEmail: [String: [CodeHost: String]] = [:]

    public init(entries: [AliasEntry]) {
        self.entries = entries
        for entry in entries {
            byEmail[entry.canonical.email.lowercased()] = byEmail[entry.canonical.email.lowercased()] ?? entry.canonical
            for email in entry.emails where byEmail[email] == nil { byEmail[email] = entry.canonical }
            for name in entry.names where byName[name] == nil { byName[name] = entry.canonical }
            if !entry.logins.isEmpty { loginsByEmail[entry.canonical.email.lowercased()] = entry.logins }
        }
    }

    public static let none = Aliases(entries: [])

    /// The logins the file gives the person with this canonical e-mail.
    public func logins(ofCanonical email: String) -> [CodeHost: String] { loginsByEmail[email.lowercased()] ?? [:] }

    /// The canonical identity: by e-mail (any case) first, then by name; the identity itself otherwise.
    public func resolve(_ identity: Identity) -> Identity {
        if let found = byEmail[identity.email.lowercased()] { return found }
        if let found = byName[identity.name] { return found }
        return identity
    }
}
