import InnerSourceModel

/// Declared against actual ownership for one rule (docs/DEFINITIONS.md, "Declared against actual"): who the
/// rule names, who made the changes under it in the window, and the verdict.
public struct RuleOwnership: Hashable, Sendable, Codable {
    /// How a rule's declared owners compare with who does the work.
    public enum Verdict: String, Hashable, Sendable, Codable, CaseIterable {
        /// The declared team made most changes, or at least the configured share.
        case agrees
        /// Another team made most changes and the declared team less than the share.
        case drifted
        /// No change under the rule in the window.
        case dormant
        /// The declared owners map to no team of the roster, or none of their teams made or landed a change
        /// in the repository in the last 180 days of the window.
        case orphaned
        /// Paths no rule covers.
        case unowned
    }

    /// Teams the declared owners map to, in the order the rule names them.
    public var declaredTeams: [Team] = []
    /// Declared owners that map to no team or person of the roster (only with a roster).
    public var unknownOwners: [String] = []
    /// A team's commits under the rule.
    public struct TeamCommits: Hashable, Sendable, Codable {
        public var team: Team
        public var commits: Int
    }

    /// Commits under the rule by the author's team (unaffiliated included), most first, then by name.
    public var commitsByTeam: [TeamCommits] = []
    /// Share of the commits authored on a declared team; nil without commits.
    public var declaredShare: Double?
    public var topTeam: Team?
    public var topTeamShare: Double?
    /// Newest author or landing date of a change under the rule by someone on a declared team.
    public var lastOwnerActivity: Int64?
    public var verdict: Verdict = .dormant

    public init() {}

    /// Days without any change made or landed by a declared team in the repository after which a rule is
    /// orphaned.
    public static let activeDays: Int64 = 180
    /// The default share of the changes the declared team must make for `agrees`.
    public static let defaultShare = 0.5

    /// Decides the verdict of one rule.
    /// - Parameters:
    ///   - commits: the commits under the rule (those that changed one of its files).
    ///   - declaredTeams: the teams its declared owners map to.
    ///   - unowned: the pseudo-rule of the paths no rule covers.
    ///   - lastTeamActivity: each team's newest authored, landed or reviewed commit in the whole repository.
    ///   - windowEnd: the window's last moment.
    public static func assess(_ commits: [AttributedCommit], declaredTeams: [Team], unknownOwners: [String], unowned: Bool,
                              lastTeamActivity: [Team: Int64], windowEnd: Int64, share: Double = defaultShare) -> RuleOwnership {
        var result = RuleOwnership()
        result.declaredTeams = declaredTeams
        result.unknownOwners = unknownOwners
        let declared = Set(declaredTeams)
        var total = 0, byDeclared = 0
        var byTeam: [Team: Int] = [:]
        for commit in CrossTeam.counted(commits) {
            total += 1
            byTeam[commit.author.team, default: 0] += 1
            if declared.contains(commit.author.team) { byDeclared += 1 }
            let people = commit.people.map(\.team) + (commit.landedThroughPlatform ? [] : [commit.lander.team])
                + commit.reviewers.map(\.team)
            if people.contains(where: declared.contains) {
                result.lastOwnerActivity = max(result.lastOwnerActivity ?? commit.authorTime, commit.authorTime)
            }
        }
        let ranked = byTeam.filter { !$0.key.isUnaffiliated }.sorted { ($1.value, $0.key) < ($0.value, $1.key) }
        result.commitsByTeam = byTeam.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { TeamCommits(team: $0.key, commits: $0.value) }
        if total > 0 {
            result.declaredShare = unowned ? nil : Double(byDeclared) / Double(total)
            if let top = ranked.first {
                result.topTeam = top.key
                result.topTeamShare = Double(top.value) / Double(total)
            }
        }
        let cutoff = windowEnd - activeDays * 86_400
        let active = declaredTeams.contains { (lastTeamActivity[$0] ?? .min) >= cutoff }
        if unowned {
            result.verdict = .unowned
        } else if declaredTeams.isEmpty || !active {
            result.verdict = .orphaned
        } else if total == 0 {
            result.verdict = .dormant
        } else if (result.declaredShare ?? 0) >= share || ranked.first.map({ declared.contains($0.key) }) ?? true {
            // The declared team made most changes or its share; or no team but the unaffiliated made any.
            result.verdict = .agrees
        } else {
            result.verdict = .drifted
        }
        return result
    }

    /// Each team's newest authored, co-authored or landed commit in the repository (people's non-merge
    /// commits in the window), for `assess`.
    public static func lastActivity(_ commits: [AttributedCommit]) -> [Team: Int64] {
        var last: [Team: Int64] = [:]
        for commit in CrossTeam.counted(commits) {
            var teams = commit.people.map(\.team)
            if !commit.landedThroughPlatform { teams.append(commit.lander.team) }
            teams += commit.reviewers.map(\.team)
            for team in teams where !team.isUnaffiliated {
                last[team] = max(last[team] ?? commit.authorTime, commit.authorTime)
            }
        }
        return last
    }
}
