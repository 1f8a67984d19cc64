import InnerSourceModel

/// A person's membership of a team over a half-open span of time [from, to), UTC.
public struct TeamMembership: Hashable, Sendable, Codable {
    /// Lower-cased e-mail.
    public var email: String
    public var team: Team
    /// Seconds since the epoch; nil for "always" on that side.
    public var from: Int64?
    public var to: Int64?
    /// Where the membership is written, for error messages.
    public var file: String
    public var line: Int?

    public init(email: String, team: Team, from: Int64? = nil, to: Int64? = nil, file: String = "", line: Int? = nil) {
        self.email = email.lowercased()
        self.team = team
        self.from = from
        self.to = to
        self.file = file
        self.line = line
    }

    public func contains(_ time: Int64) -> Bool {
        if let from, time < from { return false }
        if let to, time >= to { return false }
        return true
    }
}

/// Who is on which team when: the organisation's roster, from YAML or an HR export in CSV.
public struct Roster: Hashable, Sendable {
    /// Every team named in the roster, sorted.
    public var teams: [Team]
    public var memberships: [TeamMembership]
    /// E-mail domain (lower-cased) → team, for people not listed by e-mail.
    public var domains: [String: Team]
    /// CODEOWNERS handle (lower-cased, with its `@`, e.g. `@org/payments`) → team.
    public var codeowners: [String: Team]

    private var byEmail: [String: [TeamMembership]]

    public init(teams: [Team], memberships: [TeamMembership], domains: [String: Team] = [:], codeowners: [String: Team] = [:]) {
        self.teams = Array(Set(teams + memberships.map(\.team) + domains.values + codeowners.values)).sorted()
        self.memberships = memberships
        self.domains = Dictionary(domains.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        self.codeowners = Dictionary(codeowners.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        self.byEmail = Dictionary(grouping: memberships, by: \.email)
    }

    /// The team `email` is on at `time`: a dated membership first, then the e-mail's domain; nil when the
    /// roster does not know the person then.
    public func team(of email: String, at time: Int64) -> Team? {
        let key = email.lowercased()
        if let listed = byEmail[key] {
            if let membership = listed.first(where: { $0.contains(time) }) { return membership.team }
            // Listed, but not a member on that date: the domain does not override the roster.
            return nil
        }
        guard let at = key.lastIndex(of: "@") else { return nil }
        return domains[String(key[key.index(after: at)...])]
    }
}
