import InnerSourceModel

/// The kinds of code host whose logins a roster may give (`github:`, `gitlab:`).
public enum CodeHost: String, Hashable, Sendable, CaseIterable, Codable, CodingKeyRepresentable {
    case github
    case gitlab
}

/// An address a code host writes in place of a person's e-mail, with the login it holds:
/// `ID+login@users.noreply.github.com` or `login@users.noreply.github.com` (github.com),
/// `ID+login@users.noreply.HOST` (GitHub Enterprise Server), `ID-login@users.noreply.HOST` (GitLab, and a
/// GitLab instance's configured commit e-mail host).
public struct NoreplyAddress: Hashable, Sendable {
    /// Which kind of host wrote it, when the address says (`ID+login`: GitHub; `ID-login`, gitlab.com or a
    /// configured GitLab host: GitLab); nil for a bare login on a host that could be either.
    public var kind: CodeHost?
    /// The e-mail's domain, lower-cased.
    public var host: String
    /// The login, lower-cased (logins compare ignoring case on every host).
    public var login: String
    /// The numeric user id before the login, when the address has one.
    public var userID: String?
}

/// The code hosts' own identities: the noreply addresses that stand for people (unaffiliated in domain mode,
/// matched to a roster's member by login), and the platform committers, which land commits made through the
/// host's web interface (github.com's web-flow `noreply@github.com`, GitLab's `noreply@gitlab.com`, an
/// Enterprise Server's configured web-flow identity).
public struct PlatformIdentities: Hashable, Sendable {
    /// github.com's and gitlab.com's web committers.
    public static let defaultCommitters = ["noreply@github.com", "noreply@gitlab.com"]

    /// The committer patterns in force, lower-cased (`*` matches any run of characters), matched on the e-mail.
    public let committers: [String]
    /// Hosts (lower-cased) whose every address is a noreply address, beyond `users.noreply.*`: a GitLab
    /// instance's configured commit e-mail host.
    public let noreplyHosts: [String]
    private let globs: [Glob]

    public init(committers: [String] = PlatformIdentities.defaultCommitters, noreplyHosts: [String] = []) {
        self.committers = committers.map { $0.lowercased() }
        self.noreplyHosts = noreplyHosts.map { $0.lowercased() }
        self.globs = self.committers.map { Glob(wildcard: $0) }
    }

    /// The identities a command asks for: the defaults unless `defaults` is false, then `extra`.
    public init(extraCommitters: [String], defaults: Bool = true, noreplyHosts: [String] = []) {
        self.init(committers: (defaults ? PlatformIdentities.defaultCommitters : []) + extraCommitters, noreplyHosts: noreplyHosts)
    }

    public static let standard = PlatformIdentities()

    /// Whether the committer is the platform landing a web commit (not a person, not a bot author).
    public func isPlatformCommitter(_ identity: Identity) -> Bool {
        let email = identity.email.lowercased()
        return !email.isEmpty && globs.contains { $0.matches(email) }
    }

    /// Whether a domain (lower-cased) is a host's noreply domain: `users.noreply.` and any host after it, or
    /// one of `noreplyHosts`.
    public func isNoreplyDomain(_ domain: String) -> Bool {
        PlatformIdentities.isUsersNoreply(domain) || noreplyHosts.contains(domain)
    }

    static func isUsersNoreply(_ domain: String) -> Bool {
        domain.hasPrefix("users.noreply.") && domain.count > "users.noreply.".count
    }

    /// The login in a noreply address; nil for any other e-mail.
    public func noreply(_ email: String) -> NoreplyAddress? {
        let lowered = email.lowercased()
        guard let at = lowered.lastIndex(of: "@") else { return nil }
        let local = String(lowered[..<at]), host = String(lowered[lowered.index(after: at)...])
        guard !local.isEmpty, isNoreplyDomain(host) else { return nil }
        // `ID+login` (GitHub, Enterprise Server), `ID-login` (GitLab; not on github.com, where an old-style
        // address is the bare login and a login may hold `-`), else the bare login.
        for separator in host == "users.noreply.github.com" ? ["+"] : ["+", "-"] {
            if let mark = local.range(of: separator), !local[..<mark.lowerBound].isEmpty,
               local[..<mark.lowerBound].allSatisfy(\.isASCIIDigit), !local[mark.upperBound...].isEmpty {
                let kind: CodeHost = host == "users.noreply.gitlab.com" || noreplyHosts.contains(host) || separator == "-" ? .gitlab : .github
                return NoreplyAddress(kind: kind, host: host, login: String(local[mark.upperBound...]), userID: String(local[..<mark.lowerBound]))
            }
        }
        let kind: CodeHost? = host == "users.noreply.github.com" ? .github
            : host == "users.noreply.gitlab.com" || noreplyHosts.contains(host) ? .gitlab : nil
        return NoreplyAddress(kind: kind, host: host, login: local, userID: nil)
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
