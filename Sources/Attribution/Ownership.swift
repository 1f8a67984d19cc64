import InnerSourceModel

/// Decides the owning team: configuration, else CODEOWNERS' `*` rule through the roster, else inference.
public enum OwnershipResolver {
    /// CODEOWNERS locations in GitHub's order of precedence.
    public static let codeownersPaths = [".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS", ".gitlab/CODEOWNERS"]

    /// - Parameters:
    ///   - commitsByTeam: people's non-merge commits in the window by the author's team, unaffiliated left out.
    public static func resolve(configured: String?, documents: [HeadDocument], roster: Roster?,
                               asOf: Int64, commitsByTeam: [String: Int]) -> Ownership {
        if let configured, !configured.isEmpty {
            return Ownership(team: configured, source: .config, evidence: "configured owner \(configured)")
        }
        var unmapped: String?
        if let rule = defaultRule(in: documents) {
            for owner in rule.owners {
                if let team = team(ofOwner: owner, roster: roster, asOf: asOf) {
                    return Ownership(team: team, source: .codeowners,
                                     evidence: "\(rule.path):\(rule.line): \(rule.text) (\(owner) is \(team))")
                }
            }
            unmapped = roster == nil
                ? "\(rule.path):\(rule.line): \(rule.text) (without a roster no handle maps to a team)"
                : "\(rule.path):\(rule.line): \(rule.text) names no team the roster knows"
        }
        return infer(commitsByTeam, note: unmapped)
    }

    static func infer(_ commitsByTeam: [String: Int], note: String?) -> Ownership {
        let ranked = commitsByTeam.filter { $0.key != Teams.unaffiliated && $0.value > 0 }
            .sorted { ($1.value, $0.key) < ($0.value, $1.key) }
        let prefix = note.map { $0 + "; " } ?? ""
        guard let top = ranked.first else {
            return Ownership(team: nil, source: .inferred, evidence: prefix + "no team has commits in the window")
        }
        let second = ranked.dropFirst().first
        let close = second.map { $0.value * 10 >= top.value * 9 } ?? false
        var evidence = prefix + "most commits in the window: \(top.key) \(top.value)"
        if let second { evidence += ", then \(second.key) \(second.value)" }
        return Ownership(team: top.key, source: .inferred, close: close, runnerUp: second?.key, evidence: evidence)
    }

    /// An owner written in CODEOWNERS: a handle through the roster's `codeowners:`, or an e-mail through
    /// the roster's memberships on the as-of date.
    static func team(ofOwner owner: String, roster: Roster?, asOf: Int64) -> String? {
        guard let roster else { return nil }
        if owner.hasPrefix("@") { return roster.codeowners[owner.lowercased()] }
        if owner.contains("@") { return roster.team(of: owner, at: asOf) }
        return nil
    }

    struct Rule {
        var path: String
        var line: Int
        var text: String
        var owners: [String]
    }

    /// The last `*` rule of the first CODEOWNERS file found (the last matching rule wins, as on GitHub).
    static func defaultRule(in documents: [HeadDocument]) -> Rule? {
        for path in codeownersPaths {
            guard let document = documents.first(where: { $0.path == path }) else { continue }
            var found: Rule?
            for (index, raw) in document.text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
                let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }).map(String.init)
                guard let pattern = fields.first, pattern == "*" || pattern == "/*" || pattern == "/**" || pattern == "**" else { continue }
                found = Rule(path: path, line: index + 1, text: fields.joined(separator: " "), owners: Array(fields.dropFirst()))
            }
            return found
        }
        return nil
    }
}
