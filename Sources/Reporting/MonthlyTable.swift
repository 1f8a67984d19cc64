import InnerSourceModel
import Scoring

/// `monthly.csv` and the `monthly` table: each repository's months, quiet ones included.
public enum MonthlyTable {
    public typealias Row = (repository: String, month: MonthlyFigures)

    public static let definition = TableDefinition<Row>(
        name: "monthly", key: ["repository", "month"], indexes: [["month"]],
        columns: [
            .text("repository") { $0.repository },
            .text("month") { $0.month.month },
            .integer("commits") { $0.month.commits },
            .integer("cross_team_commits") { $0.month.crossTeamCommits },
            .integer("contributors") { $0.month.contributors },
            .integer("teams") { $0.month.teams },
            .integer("new_contributors") { $0.month.newContributors },
            .integer("agent_assisted_commits") { $0.month.agentAssistedCommits },
        ],
        rows: { run in run.analyses.flatMap { analysis in analysis.monthly.map { (analysis.name, $0) } } })
}
