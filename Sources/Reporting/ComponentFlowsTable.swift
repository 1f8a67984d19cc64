import InnerSourceModel
import Scoring

/// `component_flows.csv` and the `component_flows` table: `team_flows.csv` with the component as a column,
/// from contributing team to the component's owning team, per repository and component (the unowned paths
/// have no owner, so no flows). Not written when no repository of the run has components.
public enum ComponentFlowsTable {
    public typealias Row = (repository: String, component: String, flow: TeamFlow)

    public static let definition = TableDefinition<Row>(
        name: "component_flows", key: ["repository", "component", "from_team", "to_team"], indexes: [["to_team"]],
        columns: [
            .text("repository") { $0.repository },
            .text("component") { $0.component },
            .text("from_team") { $0.flow.fromTeam.name },
            .text("to_team") { $0.flow.toTeam.name },
            .integer("commits") { $0.flow.commits },
            .integer("lines_added") { $0.flow.linesAdded },
            .integer("lines_deleted") { $0.flow.linesDeleted },
            .integer("contributors") { $0.flow.contributors },
        ],
        rows: { run in
            run.analyses.flatMap { analysis in
                (analysis.components ?? []).flatMap { component in component.flows.map { (analysis.name, component.component, $0) } }
            }
        },
        omittedWhenEmpty: true)
}
