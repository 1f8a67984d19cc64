import InnerSourceModel
import Scoring

/// `team_flows_by_repository.csv` and the `team_flows_by_repository` table: `team_flows` repository by
/// repository, from contributing team to the repository's owning team. Summed over repositories, commits,
/// lines, change requests and agent-assisted commits are `team_flows`'; people are distinct per repository,
/// so they do not add up. Person counts under the run's minimum group size left out.
public enum TeamFlowsByRepositoryTable {
    public typealias Row = (repository: String, flow: TeamFlow)

    public static let definition = TableDefinition<Row>(
        name: "team_flows_by_repository", key: ["repository", "from_team", "to_team"], indexes: [["from_team"], ["to_team"]],
        columns: [.text("repository") { $0.repository }] + TeamFlowsTable.figures({ $0.flow }),
        rows: { $0.teamFlowsByRepository })
}
