import CodeOwners
import InnerSourceModel

/// Decides the owning team: configuration, else CODEOWNERS' default rule through the roster, else inference.
public enum OwnershipResolver {
    /// - Parameters:
    ///   - commitsByTeam: people's non-merge commits in the window by the author's team, unaffiliated left out.
    public static func resolve(configured: Team?, documents: [HeadDocument], roster: Roster?,
                               asOf: Int64, commitsByTeam: [Team: Int]) -> Ownership {
        if let configured, !configured.name.isEmpty {
            return Ownership(team: configured, source: .config, evidence: "configured owner \(configured)")
        }
        var unmapped: String?
        if let file = CodeOwnersFile(in: documents), let rule = file.defaultRule {
            for owner in rule.owners {
                if let team = team(ofOwner: owner, roster: roster, asOf: asOf) {
                    return Ownership(team: team, source: .codeowners,
                                     evidence: "\(file.path):\(rule.line): \(rule.text) (\(owner) is \(team))")
                }
            }
            unmapped = roster == nil
                ? "\(file.path):\(rule.line): \(rule.text) (without a roster no handle maps to a team)"
                : "\(file.path):\(rule.line): \(rule.text) names no team the roster knows"
        }
        return infer(commitsByTeam, note: unmapped)
    }

    static func infer(_ commitsByTeam: [Team: Int], note: String?) -> Ownership {
        let ranked = commitsByTeam.filter { !$0.key.isUnaffiliated && $0.value > 0 }
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

    /// An owner written in CODEOWNERS: a handle through the roster's `codeowners:` or a personal `@user`
    /// through its members' logins, or an e-mail through the roster's memberships, on the as-of date.
    static func team(ofOwner owner: String, roster: Roster?, asOf: Int64) -> Team? {
        guard let roster else { return nil }
        if owner.hasPrefix("@") { return roster.team(ofHandle: owner, at: asOf) }
        if owner.contains("@") { return roster.team(of: owner, at: asOf) }
        return nil
    }
}
