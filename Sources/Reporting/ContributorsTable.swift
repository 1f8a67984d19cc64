import InnerSourceModel
import Scoring

/// `contributors.csv` and the `contributors` table: one row per person and team per repository (a person who
/// changed team has two), sorted by repository, contributor and team.
public enum ContributorsTable {
    public typealias Row = (repository: String, person: TeamedContributor)

    public static let definition = TableDefinition<Row>(
        name: "contributors", key: ["repository", "contributor", "team"], indexes: [["team"], ["contributor"]],
        columns: [
            .text("repository") { $0.repository },
            .text("contributor") { $0.person.identity.display },
            .text("team") { $0.person.team.name },
            .integer("commits") { $0.person.commits },
            .integer("coauthored_commits") { $0.person.coauthoredCommits },
            .integer("lines_added") { $0.person.linesAdded },
            .integer("lines_deleted") { $0.person.linesDeleted },
            .time("first_commit") { $0.person.firstCommit },
            .time("last_commit") { $0.person.lastCommit },
        ],
        rows: { run in
            run.analyses.flatMap { analysis in
                analysis.contributors
                    .sorted { ($0.identity.display, $0.team, $0.key) < ($1.identity.display, $1.team, $1.key) }
                    .map { (analysis.name, $0) }
            }
        })
}
