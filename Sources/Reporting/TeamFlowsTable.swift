import InnerSourceModel
import Scoring

/// `team_flows.csv` and the `team_flows` table: from contributing team to owning team, over every repository
/// of the run, the owner's own row included; person counts under the run's minimum group size left out.
public enum TeamFlowsTable {
    public static let definition = TableDefinition<TeamFlow>(
        name: "team_flows", key: ["from_team", "to_team"], indexes: [["to_team"]],
        columns: [
            .text("from_team") { $0.fromTeam.name },
            .text("to_team") { $0.toTeam.name },
            .integer("repositories") { $0.repositories },
            .integer("commits") { $0.commits },
            .integer("lines_added") { $0.linesAdded },
            .integer("lines_deleted") { $0.linesDeleted },
            .integer("contributors") { $0.contributors },
            .integer("change_requests_proposed") { $0.changeRequestsProposed },
            .integer("change_requests_landed") { $0.changeRequestsLanded },
            .integer("change_requests_declined") { $0.changeRequestsDeclined },
            .integer("median_wait_seconds") { $0.medianWaitSeconds.map { Int($0.rounded()) } },
            .integer("agent_assisted_commits") { $0.agentAssistedCommits },
        ],
        rows: { $0.teamFlows })
}
