import InnerSourceModel
import Scoring

/// `contributors.csv`: one row per person (and, once teams exist, per person and team) per repository.
public enum ContributorsCSV {
    public static let header = [
        "repository", "contributor", "team", "commits", "coauthored_commits", "lines_added", "lines_deleted",
        "first_commit", "last_commit",
    ]

    public static func table(_ analyses: [RepositoryAnalysis]) -> CSVTable {
        var table = CSVTable(header: header)
        for analysis in analyses.sorted(by: { $0.name < $1.name }) {
            for person in analysis.contributors.sorted(by: { ($0.identity.display, $0.key) < ($1.identity.display, $1.key) }) {
                table.append([
                    analysis.name, person.identity.display, "", String(person.commits), String(person.coauthoredCommits),
                    String(person.linesAdded), String(person.linesDeleted),
                    Cells.time(person.firstCommit), Cells.time(person.lastCommit),
                ])
            }
        }
        return table
    }
}
