import Foundation
import InnerSourceModel

/// One address as the histories show it: the names written with it and how many commits it has.
public struct ObservedIdentity: Hashable, Sendable {
    /// Lower-cased.
    public var email: String
    /// Name → commits (authored and co-authored) under it.
    public var names: [String: Int]
    public var commits: Int

    public init(email: String, names: [String: Int], commits: Int) {
        self.email = email.lowercased()
        self.names = names
        self.commits = commits
    }

    /// The name most used (ties: the greatest, so that the choice never depends on reading order).
    public var name: String {
        names.max { ($0.value, $0.key) < ($1.value, $1.key) }?.key ?? ""
    }
}

/// Why two addresses are likely one person (docs/DEFINITIONS.md, "identities").
public enum DuplicateRule: String, Hashable, Sendable, Comparable {
    /// A noreply address's login is the local part of another address.
    case noreplyLogin = "noreply_login"
    /// One name on a company address and on a personal one (a public provider or a noreply address).
    case companyAndPersonal = "company_and_personal"
    /// The same normalised name under two personal addresses, or two addresses at one company.
    case sameName = "same_name"

    /// Strongest first: the order pairs are joined in.
    private var rank: Int {
        switch self {
        case .noreplyLogin: 0
        case .companyAndPersonal: 1
        case .sameName: 2
        }
    }

    public static func < (lhs: DuplicateRule, rhs: DuplicateRule) -> Bool { lhs.rank < rhs.rank }
}

/// Two addresses and why they look like one person.
public struct DuplicatePair: Hashable, Sendable {
    public var first: String
    public var second: String
    public var rule: DuplicateRule
    /// What the histories show, one sentence each.
    public var evidence: [String]
}

/// A pair the rules matched but that is not proposed, and why (a name shared at two companies).
public struct RefusedPair: Hashable, Sendable {
    public var first: String
    public var second: String
    public var reason: String
}

/// One person proposed from several addresses: the canonical one and the others, with the pairs that join them.
public struct DuplicateProposal: Hashable, Sendable {
    public var canonical: Identity
    /// Lower-cased, sorted.
    public var others: [String]
    public var pairs: [DuplicatePair]

    /// `.mailmap` lines: `Name <canonical> <other>`, as git reads them.
    public var mailmapLines: [String] {
        others.map { "\(canonical.name) <\(canonical.email)> <\($0)>" }
    }
}

/// Finds likely duplicate people among the addresses of histories. Pure and deterministic; it proposes and
/// never merges: the user reviews the `.mailmap` lines and the aliases file it gives.
///
/// Rules, each pinned by a test: `noreply_login` (a noreply address's login is another address's local part,
/// `1001+tvermeulen@users.noreply.github.com` and `tvermeulen@apple.com`), `company_and_personal` (one
/// normalised name on a company address and a personal one), `same_name` (one normalised name under two
/// personal addresses, or two addresses at the same company). The same name at two companies is refused (two
/// people may share a common name), and so is any join that would put two companies' addresses in one person.
public struct DuplicateFinder: Sendable {
    public let platform: PlatformIdentities

    public init(platform: PlatformIdentities = .standard) {
        self.platform = platform
    }

    /// Local parts too common to say who someone is.
    static let anonymousLocalParts: Set<String> = [
        "admin", "info", "dev", "git", "root", "me", "mail", "contact", "hello", "user", "noreply", "no-reply",
        "github", "gitlab", "test", "support", "team", "maintainers", "developer", "code", "email", "office",
    ]

    /// What an address is: a company's (its domain), a personal one (a public provider), or a noreply one.
    enum Kind: Hashable {
        case company(String)
        case personal
        case noreply(login: String)
    }

    func kind(of email: String) -> Kind {
        if let address = platform.noreply(email) { return .noreply(login: address.login) }
        let team = TeamResolver.domainTeam(of: email)
        return team.isUnaffiliated ? .personal : .company(team.name)
    }

    /// A name folded for comparison: case, accents and punctuation dropped, words in order; nil for a name
    /// of fewer than two words (`karl`, `root`), which says too little to join anyone.
    public static func normalisedName(_ name: String) -> String? {
        let folded = name.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: Locale(identifier: "en_US_POSIX"))
        let words = folded.split { !($0.isLetter || $0.isNumber) }.map(String.init)
        return words.count >= 2 ? words.joined(separator: " ") : nil
    }

    static func localPart(_ email: String) -> String? {
        guard let at = email.lastIndex(of: "@") else { return nil }
        let local = String(email[..<at])
        return local.isEmpty ? nil : local
    }

    /// Every pair the rules match, and those refused, sorted.
    public func pairs(_ identities: [ObservedIdentity]) -> (pairs: [DuplicatePair], refused: [RefusedPair]) {
        var byName: [String: [Int]] = [:], byLocal: [String: [Int]] = [:], byLogin: [String: [Int]] = [:]
        let kinds = identities.map { kind(of: $0.email) }
        for (index, identity) in identities.enumerated() {
            for name in Set(identity.names.keys.compactMap(Self.normalisedName)) { byName[name, default: []].append(index) }
            if let local = Self.localPart(identity.email) { byLocal[local, default: []].append(index) }
            if case .noreply(let login) = kinds[index] { byLogin[login, default: []].append(index) }
        }
        var found: [Set<Int>: DuplicatePair] = [:]
        var refused: [Set<Int>: RefusedPair] = [:]
        func label(_ index: Int) -> String {
            switch kinds[index] {
            case .company(let domain): "a company address (\(domain))"
            case .personal: "a personal address (a public mail provider)"
            case .noreply: "a code host's noreply address"
            }
        }
        func add(_ a: Int, _ b: Int, _ rule: DuplicateRule, _ why: String) {
            let key: Set<Int> = [a, b]
            let (first, second) = identities[a].email < identities[b].email ? (a, b) : (b, a)
            var pair = found[key] ?? DuplicatePair(first: identities[first].email, second: identities[second].email, rule: rule, evidence: [])
            pair.rule = min(pair.rule, rule)
            if !pair.evidence.contains(why) { pair.evidence.append(why) }
            found[key] = pair
        }
        for (name, members) in byName where members.count > 1 {
            for (i, a) in members.enumerated() {
                for b in members[(i + 1)...] {
                    let shown = "the same name \"\(name)\" (\(identities[a].email) \(Format.count(identities[a].commits, "commit")), \(identities[b].email) \(Format.count(identities[b].commits, "commit")))"
                    switch (kinds[a], kinds[b]) {
                    case let (.company(x), .company(y)) where x != y:
                        let (first, second) = identities[a].email < identities[b].email ? (a, b) : (b, a)
                        refused[[a, b]] = RefusedPair(first: identities[first].email, second: identities[second].email,
                                                      reason: "the same name \"\(name)\" at two companies (\(x), \(y)): two people may share a name")
                    case (.company, .company):
                        add(a, b, .sameName, shown + " at one company")
                    case (.company, _), (_, .company):
                        add(a, b, .companyAndPersonal, shown + ": \(identities[a].email) is \(label(a)), \(identities[b].email) \(label(b))")
                    default:
                        add(a, b, .sameName, shown + ", both personal")
                    }
                }
            }
        }
        for (login, noreply) in byLogin where login.count >= 3 && !Self.anonymousLocalParts.contains(login) {
            for a in noreply {
                for b in (byLocal[login] ?? []) + (byLogin[login] ?? []) where b != a {
                    add(a, b, .noreplyLogin, "the noreply login \(login) of \(identities[a].email) is the local part of \(identities[b].email)")
                }
            }
        }
        // Agreeing local parts strengthen a pair already found; alone they join no one.
        for (key, pair) in found {
            let locals = key.compactMap { Self.localPart(identities[$0].email) }
            if locals.count == 2, locals[0] == locals[1], !Self.anonymousLocalParts.contains(locals[0]) {
                found[key]?.evidence.append("the same local part \(locals[0])")
            }
            _ = pair
        }
        for key in found.keys where refused[key] != nil { refused[key] = nil }
        let sortedPairs = found.values.sorted { ($0.rule, $0.first, $0.second) < ($1.rule, $1.first, $1.second) }
        let sortedRefused = refused.values.sorted { ($0.first, $0.second) < ($1.first, $1.second) }
        return (sortedPairs, sortedRefused)
    }

    /// The people proposed (pairs joined, strongest first, never putting two companies' addresses in one
    /// person), and the pairs refused; both sorted by e-mail.
    public func proposals(_ identities: [ObservedIdentity]) -> (proposals: [DuplicateProposal], refused: [RefusedPair]) {
        let (pairs, refusedByName) = self.pairs(identities)
        var refused = refusedByName
        let byEmail = Dictionary(identities.map { ($0.email, $0) }, uniquingKeysWith: { first, _ in first })
        var parent: [String: String] = [:]
        func root(_ email: String) -> String {
            var current = email
            while let next = parent[current], next != current { current = next }
            return current
        }
        var companies: [String: Set<String>] = [:]
        for identity in identities {
            if case .company(let domain) = kind(of: identity.email) { companies[identity.email] = [domain] }
        }
        var joined: [DuplicatePair] = []
        for pair in pairs {
            let a = root(pair.first), b = root(pair.second)
            guard a != b else {
                joined.append(pair)
                continue
            }
            let both = companies[a, default: []].union(companies[b, default: []])
            if both.count > 1 {
                refused.append(RefusedPair(first: pair.first, second: pair.second,
                                           reason: "would put addresses of two companies (\(both.sorted().joined(separator: ", "))) in one person"))
                continue
            }
            let (keep, drop) = a < b ? (a, b) : (b, a)
            parent[drop] = keep
            companies[keep] = both
            joined.append(pair)
        }
        var groups: [String: [String]] = [:]
        for email in Set(joined.flatMap { [$0.first, $0.second] }) { groups[root(email), default: []].append(email) }
        let proposals = groups.values.map { members -> DuplicateProposal in
            let observed = members.compactMap { byEmail[$0] }
            let canonical = observed.max { preference($0) < preference($1) }!
            let others = members.filter { $0 != canonical.email }.sorted()
            let memberSet = Set(members)
            // The name most written over all the addresses; on a tie one with capitals (`Ana Lúcia` over
            // `ana lucia`), then the greatest.
            var names: [String: Int] = [:]
            for identity in observed { for (name, count) in identity.names { names[name, default: 0] += count } }
            func rank(_ entry: (key: String, value: Int)) -> (Int, Int, String) {
                (entry.value, entry.key != entry.key.lowercased() ? 1 : 0, entry.key)
            }
            let name = names.max { rank($0) < rank($1) }?.key ?? canonical.name
            return DuplicateProposal(canonical: Identity(name: name, email: canonical.email), others: others,
                                     pairs: joined.filter { memberSet.contains($0.first) })
        }.sorted { $0.canonical.email < $1.canonical.email }
        return (proposals, refused.sorted { ($0.first, $0.second) < ($1.first, $1.second) })
    }

    /// Which address a person is kept under: a company's first (it gives the team), then a personal one over
    /// a noreply one, then the most commits, then the smaller e-mail.
    private func preference(_ identity: ObservedIdentity) -> (Int, Int, String) {
        let rank: Int
        switch kind(of: identity.email) {
        case .company: rank = 2
        case .personal: rank = 1
        case .noreply: rank = 0
        }
        // Inverted e-mail order so that max() picks the smaller e-mail on a tie.
        return (rank, identity.commits, String(identity.email.unicodeScalars.map { Character(Unicode.Scalar(0x10FFFF - $0.value)!) }))
    }

    /// The aliases file proposing these people (docs/DEFINITIONS.md, "Aliases"), to review before use.
    public static func aliasesFile(_ proposals: [DuplicateProposal]) -> String {
        func quoted(_ text: String) -> String {
            var result = "\""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": result += "\\\""
                case "\\": result += "\\\\"
                case _ where scalar.value < 0x20 || scalar.value == 0x7F: result += String(format: "\\x%02X", scalar.value)
                default: result.unicodeScalars.append(scalar)
                }
            }
            return result + "\""
        }
        var lines = ["# Proposed by innersource identities: review each person before using this file with --aliases.", "people:"]
        for proposal in proposals {
            lines.append("  - name: \(quoted(proposal.canonical.name))")
            lines.append("    email: \(quoted(proposal.canonical.email))")
            lines.append("    aliases: [\(proposal.others.map(quoted).joined(separator: ", "))]")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
