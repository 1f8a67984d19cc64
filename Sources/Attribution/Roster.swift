import InnerSourceModel

/// A person's membership of a team over a half-open span of time [from, to), UTC.
public struct TeamMembership: Hashable, Sendable, Codable {
    /// Lower-cased e-mail.
    public var email: String
    public var team: String
    /// Seconds since the epoch; nil for "always" on that side.
    public var from: Int64?
    public var to: Int64?
    /// Where the membership is written, for error messages.
    public var file: String
    public var line: Int?

    public init(email: String, team: String, from: Int64? = nil, to: Int64? = nil, file: String = "", line: Int? = nil) {
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
    public var teams: [String]
    public var memberships: [TeamMembership]
    /// E-mail domain (lower-cased) → team, for people not listed by e-mail.
    public var domains: [String: String]
    /// CODEOWNERS handle (lower-cased, with its `@`, e.g. `@org/payments`) → team.
    public var codeowners: [String: String]

    private var byEmail: [String: [TeamMembership]]

    public init(teams: [String], memberships: [TeamMembership], domains: [String: String] = [:], codeowners: [String: String] = [:]) {
        self.teams = Array(Set(teams + memberships.map(\.team) + domains.values + codeowners.values)).sorted()
        self.memberships = memberships
        self.domains = Dictionary(domains.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        self.codeowners = Dictionary(codeowners.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        self.byEmail = Dictionary(grouping: memberships, by: \.email)
    }

    /// The team `email` is on at `time`: a dated membership first, then the e-mail's domain; nil when the
    /// roster does not know the person then.
    public func team(of email: String, at time: Int64) -> String? {
        let key = email.lowercased()
        if let listed = byEmail[key] {
            if let membership = listed.first(where: { $0.contains(time) }) { return membership.team }
            // Listed, but not a member on that date: the domain does not override the roster.
            return nil
        }
        guard let at = key.lastIndex(of: "@") else { return nil }
        return domains[String(key[key.index(after: at)...])]
    }

    /// Overlapping memberships of one person (a person in two teams at once): each pair once.
    public var overlaps: [(TeamMembership, TeamMembership)] {
        var result: [(TeamMembership, TeamMembership)] = []
        for (_, list) in byEmail.sorted(by: { $0.key < $1.key }) where list.count > 1 {
            for i in list.indices {
                for j in list.indices where j > i {
                    let a = list[i], b = list[j]
                    let startsBeforeBEnds = a.from ?? Int64.min < b.to ?? Int64.max
                    let startsBeforeAEnds = b.from ?? Int64.min < a.to ?? Int64.max
                    if startsBeforeBEnds && startsBeforeAEnds { result.append((a, b)) }
                }
            }
        }
        return result
    }
}
