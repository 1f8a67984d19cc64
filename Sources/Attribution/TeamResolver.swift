import InnerSourceModel

/// Maps a person to a team on a date: through the roster when there is one, else through the e-mail's
/// domain (zero configuration), with public mail providers and noreply addresses `unaffiliated`.
public struct TeamResolver: Hashable, Sendable {
    public let roster: Roster?
    /// The code hosts' noreply addresses (and a GitLab instance's configured commit e-mail host).
    public let platform: PlatformIdentities

    public init(roster: Roster?, platform: PlatformIdentities = .standard) {
        self.roster = roster
        self.platform = platform
    }

    public func team(of email: String, at time: Int64) -> Team {
        team(of: email, logins: [:], at: time)
    }

    /// The team with the logins an aliases file gives the person (a roster keyed by logins matches them).
    public func team(of email: String, logins: [CodeHost: String], at time: Int64) -> Team {
        if let roster {
            if let team = roster.team(of: email, logins: logins, at: time) { return team }
            // A web commit's noreply address: the member who gives that login.
            if roster.hasLogins, let address = platform.noreply(email),
               let team = roster.team(ofLogin: address.login, on: address.kind, at: time) {
                return team
            }
            return .unaffiliated
        }
        return teamByDomain(of: email)
    }

    /// The domain team (`domainTeam(of:)`), with the configured noreply hosts `unaffiliated` too.
    public func teamByDomain(of email: String) -> Team {
        if platform.noreply(email) != nil { return .unaffiliated }
        return TeamResolver.domainTeam(of: email)
    }

    /// The full e-mail domain, lower-cased; `unaffiliated` for public providers, noreply addresses and
    /// anything that is not an e-mail at a dotted domain.
    public static func domainTeam(of email: String) -> Team {
        let lowered = email.lowercased()
        guard let at = lowered.lastIndex(of: "@") else { return .unaffiliated }
        let domain = String(lowered[lowered.index(after: at)...])
        guard domain.contains("."), !domain.hasPrefix("."), !domain.hasSuffix(".") else { return .unaffiliated }
        if publicDomains.contains(domain) { return .unaffiliated }
        // Any code host's noreply domain: github.com's, an Enterprise Server's or a GitLab instance's.
        if PlatformIdentities.isUsersNoreply(domain) { return .unaffiliated }
        if publicSuffixes.contains(where: { domain.hasSuffix($0) }) { return .unaffiliated }
        let label = domain.split(separator: ".").first.map(String.init) ?? domain
        if publicFamilies.contains(label) { return .unaffiliated }
        return Team(domain)
    }

    /// Public mail providers: an address there says nothing about an employer. The maintained list the tool
    /// ships (`PublicMailDomainList`, data/public-mail-domains/), with `handListedPublicDomains` added and
    /// `employerDomains` taken out; built once, on first use.
    public static let publicDomains: Set<String> = maintainedPublicDomains
        .union(handListedPublicDomains).subtracting(employerDomains)

    /// The maintained list as shipped (data/public-mail-domains/domains.txt), and which release it is.
    public static var maintainedPublicDomains: Set<String> { PublicMailDomainList.domains }
    public static var maintainedListVersion: String { PublicMailDomainList.version }

    /// Domains of the maintained list that histories show as employers' (Meta's engineers committed as
    /// `@facebook.com` for years): kept as teams.
    static let employerDomains: Set<String> = ["facebook.com"]

    /// Public providers typed by hand before the maintained list, kept for what it lacks (hosts that stand
    /// for no one, Google Groups, providers the list misses).
    static let handListedPublicDomains: Set<String> = [
        "gmail.com", "googlemail.com", "hotmail.com", "outlook.com", "live.com", "msn.com", "icloud.com",
        "me.com", "mac.com", "aol.com", "protonmail.com", "protonmail.ch", "proton.me", "pm.me", "mail.com",
        "gmx.com", "gmx.net", "gmx.de", "web.de", "t-online.de", "posteo.de", "posteo.net", "mailbox.org",
        "fastmail.com", "fastmail.fm", "hey.com", "zoho.com", "tutanota.com", "tuta.io", "yandex.com", "yandex.ru",
        "ya.ru", "mail.ru", "inbox.ru", "bk.ru", "list.ru", "qq.com", "163.com", "126.com", "sina.com",
        "sohu.com", "foxmail.com", "naver.com", "daum.net", "hanmail.net", "free.fr", "orange.fr", "laposte.net",
        "libero.it", "seznam.cz", "wp.pl", "o2.pl", "interia.pl", "rediffmail.com", "riseup.net", "disroot.org",
        "duck.com", "btinternet.com", "comcast.net", "verizon.net", "att.net", "sbcglobal.net", "shaw.ca",
        "rogers.com", "bigpond.com", "optusnet.com.au", "googlegroups.com", "localhost.localdomain",
        "example.invalid",
    ]

    /// Address families spread over many country domains (yahoo.co.uk, hotmail.fr, ...).
    static let publicFamilies: Set<String> = ["yahoo", "ymail", "hotmail", "outlook", "live", "gmx", "yandex"]

    /// Platform noreply addresses (`123+name@users.noreply.github.com`; every `users.noreply.HOST` is one too).
    static let publicSuffixes: [String] = [
        "users.noreply.github.com", "noreply.github.com", "users.noreply.gitlab.com", "noreply.gitlab.com",
        "users.noreply.codeberg.org", ".local", ".localdomain", ".invalid", "(none)",
    ]
}
