import InnerSourceModel
import Scoring

/// `team_flows.csv` and the `team_flows` table: from contributing team to owning team, over every repository
/// of the run, the owner's own row included; person counts under the run's minimum group size left out.
public enum TeamFlowsTable {
    public static let definition = TableDefinition<TeamFlow>(
        name: "team_flows", key: ["from_team", "to_team"], indexes: [["to_team"]],
        columns: figures({ $0 }, repositories: true),
        rows: { $0.teamFlows })

    /// The columns of a flow, from `from_team` on: one declaration for `team_flows` and the tables that split
    /// it by repository or month (`repositories` left out where it would always be 1).
    static func figures<Row>(_ flow: @escaping @Sendable (Row) -> TeamFlow, repositories: Bool = false) -> [Column<Row>] {
        [
            .text("from_team") { flow($0).fromTeam.name },
            .text("to_team") { flow($0).toTeam.name },
        ] + (repositories ? [.integer("repositories") { flow($0).repositories }] : []) + [
            .integer("commits") { flow($0).commits },
            .integer("lines_added") { flow($0).linesAdded },
            .integer("lines_deleted") { flow($0).linesDeleted },
            .integer("contributors") { flow($0).contributors },
            .integer("change_requests_proposed") { flow($0).changeRequestsProposed },
            .integer("change_requests_landed") { flow($0).changeRequestsLanded },
            .integer("change_requests_declined") { flow($0).changeRequestsDeclined },
            .integer("median_wait_seconds") { flow($0).medianWaitSeconds.map { Int($0.rounded()) } },
            .integer("agent_assisted_commits") { flow($0).agentAssistedCommits },
        ]
    }
}
