import InnerSourceModel
import Scoring

/// `team_flows_monthly.csv` and the `team_flows_monthly` table: `team_flows` month by month (a commit in the
/// month of its author date, a change request in that of its landing, or for one that did not land its last
/// activity), every pair of teams through the window's last month, quiet months as zeros. Summed over
/// months, the counts are `team_flows`'; people and repositories are distinct per month.
public enum TeamFlowsMonthlyTable {
    public typealias Row = (month: String, flow: TeamFlow)

    public static let definition = TableDefinition<Row>(
        name: "team_flows_monthly", key: ["month", "from_team", "to_team"], indexes: [["from_team"], ["to_team"]],
        columns: [.text("month") { $0.month }] + TeamFlowsTable.figures({ $0.flow }, repositories: true),
        rows: { $0.teamFlowsMonthly })
}
