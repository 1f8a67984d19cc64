import InnerSourceModel
import Scoring

/// `contributors.csv`: one row per person and team per repository (a person who changed team has two).
public enum ContributorsCSV {
    public static let header = [
        "repository", "contributor", "team", "commits", "coauthored_commits", "lines_added", "lines_deleted",
        "first_commit", "last_commit",
    ]

    public static func table(_ analyses: [RepositoryAnalysis]) -> CSVTable {
        var table = CSVTable(header: header)
        for analysis in analyses.sorted(by: { $0.name < $1.name }) {
            let rows = analysis.contributors.sorted {
                ($0.identity.display, $0.team, $0.key) < ($1.identity.display, $1.team, $1.key)
            }
            for person in rows {
                table.append([
                    analysis.name, person.identity.display, person.team, String(person.commits),
                    String(person.coauthoredCommits), String(person.linesAdded), String(person.linesDeleted),
                    Cells.time(person.firstCommit), Cells.time(person.lastCommit),
                ])
            }
        }
        return table
    }
}

/// `team_flows.csv`: from contributing team to owning team, over every repository of the run.
public enum TeamFlowsCSV {
    public static let header = ["from_team", "to_team", "repositories", "commits", "lines_added", "lines_deleted", "contributors"]

    /// Every repository's flows merged, with person counts under `minimumGroupSize` left out.
    public static func flows(_ analyses: [RepositoryAnalysis], minimumGroupSize: Int? = nil) -> [TeamFlow] {
        var table = TeamFlowTable()
        for analysis in analyses { table.merge(analysis.teamFlows) }
        return table.flows(minimumGroupSize: minimumGroupSize)
    }

    public static func table(_ analyses: [RepositoryAnalysis], minimumGroupSize: Int? = nil) -> CSVTable {
        var table = CSVTable(header: header)
        for flow in flows(analyses, minimumGroupSize: minimumGroupSize) {
            table.append([flow.fromTeam, flow.toTeam, String(flow.repositories), String(flow.commits),
                          String(flow.linesAdded), String(flow.linesDeleted), flow.contributors.map(String.init) ?? ""])
        }
        return table
    }
}

/// `monthly.csv`: each repository's months, quiet ones included.
public enum MonthlyCSV {
    public static let header = ["repository", "month", "commits", "cross_team_commits", "contributors", "teams", "new_contributors"]

    public static func table(_ analyses: [RepositoryAnalysis]) -> CSVTable {
        var table = CSVTable(header: header)
        for analysis in analyses.sorted(by: { $0.name < $1.name }) {
            for month in analysis.monthly {
                table.append([analysis.name, month.month, String(month.commits), String(month.crossTeamCommits),
                              String(month.contributors), String(month.teams), String(month.newContributors)])
            }
        }
        return table
    }
}

/// `repositories.csv`: one row per repository. An empty cell means "not applicable" (no commits, no
/// qualifying file), never zero.
public enum RepositoriesCSV {
    public static let header = [
        "repository", "owner_team", "owner_source", "owner_close", "head", "commits", "merge_commits", "bot_commits",
        "contributors", "teams", "cross_team_commits", "cross_team_share", "cross_team_contributors",
        "contributing_teams", "unaffiliated_commits", "bus_factor", "elephant_factor", "truck_factor",
        "openness_score", "barriers", "first_commit", "last_commit", "status", "error",
    ]

    public static func table(_ analyses: [RepositoryAnalysis]) -> CSVTable {
        var table = CSVTable(header: header)
        for analysis in analyses.sorted(by: { $0.name < $1.name }) {
            if let failure = analysis.failure {
                // Nothing was measured: every figure is "not applicable".
                var row = Array(repeating: "", count: header.count)
                row[0] = analysis.name
                row[header.count - 2] = analysis.status
                row[header.count - 1] = failure
                table.append(row)
                continue
            }
            let figures = analysis.crossTeam
            table.append([
                analysis.name, analysis.ownership.team ?? "", analysis.ownership.source.rawValue,
                analysis.ownership.team == nil ? "" : (analysis.ownership.close ? "true" : "false"),
                analysis.snapshot.tip?.hex ?? "",
                String(figures.commits), String(figures.mergeCommits), String(figures.botCommits),
                String(figures.contributors), String(figures.teams.count), String(figures.crossTeamCommits),
                figures.crossTeamShare.map(Cells.ratio) ?? "", String(figures.crossTeamContributors),
                String(figures.contributingTeams.count), String(figures.unaffiliatedCommits),
                analysis.concentration.busFactor.map(String.init) ?? "",
                analysis.concentration.elephantFactor.map(String.init) ?? "",
                analysis.concentration.truckFactor.map(String.init) ?? "",
                analysis.openness.map { String($0.score) } ?? "", String(analysis.barriers.count),
                Cells.time(analysis.totals.firstCommit), Cells.time(analysis.totals.lastCommit), analysis.status, "",
            ])
        }
        return table
    }
}

/// `barriers.csv`: each barrier found, with evidence a person can follow and the remedy.
public enum BarriersCSV {
    public static let header = ["repository", "barrier", "severity", "evidence", "remedy"]

    public static func table(_ analyses: [RepositoryAnalysis]) -> CSVTable {
        var table = CSVTable(header: header)
        for analysis in analyses.sorted(by: { $0.name < $1.name }) {
            for finding in analysis.barriers.sorted(by: { ($0.severity.rank, $0.id) < ($1.severity.rank, $1.id) }) {
                table.append([analysis.name, finding.id, finding.severity.rawValue, finding.evidence, finding.remedy])
            }
        }
        return table
    }
}

/// The run's checklist over every repository analysed.
public enum RunChecklist {
    public static func overall(_ analyses: [RepositoryAnalysis]) -> Checklist {
        let sorted = analyses.sorted { $0.name < $1.name }
        return Readiness.checklist(overall: sorted.compactMap(\.readiness), repositoryLists: sorted.compactMap(\.checklist))
    }
}
