import InnerSourceModel
import Scoring

/// `repositories.csv` and the `repositories` table: one row per repository. An empty cell means "not
/// applicable" (no commits, no qualifying file, or a repository that could not be analysed), never zero.
public enum RepositoriesTable {
    public static let definition = TableDefinition<RepositoryAnalysis>(
        name: "repositories", key: ["repository"], indexes: [["owner_team"]],
        columns: [
            .text("repository") { $0.name },
            .text("owner_team") { $0.measured?.ownership.team?.name },
            .text("owner_source") { $0.measured?.ownership.source.rawValue },
            .boolean("owner_close") { analysis in
                analysis.measured.flatMap { $0.ownership.team == nil ? nil : $0.ownership.close }
            },
            .text("head") { $0.measured?.snapshot.tip?.hex },
            .integer("commits") { $0.measured?.crossTeam.commits },
            .integer("merge_commits") { $0.measured?.crossTeam.mergeCommits },
            .integer("bot_commits") { $0.measured?.crossTeam.botCommits },
            .integer("contributors") { $0.measured?.crossTeam.contributors },
            .integer("teams") { $0.measured?.crossTeam.teams.count },
            .integer("cross_team_commits") { $0.measured?.crossTeam.crossTeamCommits },
            .ratio("cross_team_share") { $0.measured?.crossTeam.crossTeamShare },
            .integer("cross_team_contributors") { $0.measured?.crossTeam.crossTeamContributors },
            .integer("contributing_teams") { $0.measured?.crossTeam.contributingTeams.count },
            .integer("unaffiliated_commits") { $0.measured?.crossTeam.unaffiliatedCommits },
            .integer("bus_factor") { $0.measured?.concentration.busFactor },
            .integer("elephant_factor") { $0.measured?.concentration.elephantFactor },
            .integer("truck_factor") { $0.measured?.concentration.truckFactor },
            .integer("openness_score") { $0.measured?.openness?.score },
        ] + OpennessChecks.ids.map { id in
            Column<RepositoryAnalysis>.integer("openness_\(id)") { analysis in
                analysis.measured?.openness?.check(id).flatMap { $0.isConclusive ? $0.score : nil }
            }
        } + [
            .integer("barriers") { $0.measured?.barriers.count },
            .time("first_commit") { $0.measured?.totals.firstCommit },
            .time("last_commit") { $0.measured?.totals.lastCommit },
            .text("status") { $0.status.rawValue },
            .text("error") { $0.failure },
            .integer("agent_assisted_commits") { $0.measured?.crossTeam.agentAssistedCommits },
            .integer("agent_assisted_cross_team_commits") { $0.measured?.crossTeam.agentAssistedCrossTeamCommits },
            .ratio("agent_assisted_cross_team_share") { $0.measured?.crossTeam.agentAssistedCrossTeamShare },
        ],
        rows: { $0.analyses })
}
