import InnerSourceModel

/// A person's membership of a team over a half-open span of time [from, to), UTC.
public struct TeamMembership: Hashable, Sendable, Codable {
    /// Lower-cased e-mail; empty for a member known only by logins (an org-data.json's).
    public var email: String
    /// The person's logins on the code hosts (lower-cased, without `@`), when the roster gives them.
    public var logins: [CodeHost: String] = [:]
    /// The person it belongs to when the file groups several e-mails under one (a SortingHat unique
    /// identity's uuid); nil otherwise.
    public var person: String?
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
    /// `github:alice` → the memberships of the person with that login.
    private var byLogin: [String: [TeamMembership]] = [:]

    public init(teams: [Team], memberships: [TeamMembership], domains: [String: Team] = [:], codeowners: [String: Team] = [:]) {
        self.teams = Array(Set(teams + memberships.map(\.team) + domains.values + codeowners.values)).sorted()
        self.memberships = memberships
        self.domains = Dictionary(domains.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        self.codeowners = Dictionary(codeowners.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        self.byEmail = Dictionary(grouping: memberships.filter { !$0.email.isEmpty }, by: \.email)
        for membership in memberships {
            for (host, login) in membership.logins { byLogin[Self.loginKey(host, login), default: []].append(membership) }
        }
    }

    static func loginKey(_ host: CodeHost, _ login: String) -> String { host.rawValue + ":" + login.lowercased() }

    /// Whether any member gives a login.
    public var hasLogins: Bool { !byLogin.isEmpty }

    /// The team of the person with `login` on `host` at `time` (on either kind of host, GitHub's first, when
    /// `host` is nil); nil when no member gives that login or the person is on no team then.
    public func team(ofLogin login: String, on host: CodeHost?, at time: Int64) -> Team? {
        for kind in host.map({ [$0] }) ?? CodeHost.allCases {
            if let listed = byLogin[Self.loginKey(kind, login)] {
                return listed.first(where: { $0.contains(time) })?.team
            }
        }
        return nil
    }

    /// The e-mail of the member who gives `login` on `host` (either kind of host, GitHub's first, when nil);
    /// nil for a member known only by logins.
    public func email(ofLogin login: String, on host: CodeHost?) -> String? {
        for kind in host.map({ [$0] }) ?? CodeHost.allCases {
            if let listed = byLogin[Self.loginKey(kind, login)] { return listed.first.flatMap { $0.email.isEmpty ? nil : $0.email } }
        }
        return nil
    }

    /// The team of a person by e-mail, else by the logins an aliases file gives them; nil as `team(of:at:)`.
    public func team(of email: String, logins: [CodeHost: String], at time: Int64) -> Team? {
        if let team = team(of: email, at: time) { return team }
        for host in CodeHost.allCases {
            if let login = logins[host], let team = team(ofLogin: login, on: host, at: time) { return team }
        }
        return nil
    }

    /// The team a CODEOWNERS owner handle means at `time`: a `codeowners:` handle (`@org/payments`), else a
    /// personal `@user` through the members' logins (GitHub's, then GitLab's). The one place handles resolve.
    public func team(ofHandle handle: String, at time: Int64) -> Team? {
        let lowered = handle.lowercased()
        if let team = codeowners[lowered] { return team }
        guard lowered.hasPrefix("@"), !lowered.contains("/") else { return nil }
        return team(ofLogin: String(lowered.dropFirst()), on: nil, at: time)
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
