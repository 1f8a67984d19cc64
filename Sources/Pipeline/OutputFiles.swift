import Foundation
import InnerSourceModel
import Reporting
import Scoring

/// Writes a run's files into an output folder, each atomically.
public enum OutputFiles {
    /// The files written, in the order they are written.
    public static let names = ["repositories.csv", "contributors.csv", "team_flows.csv", "monthly.csv", "summary.json"]

    /// Encodes every file first, then writes them: a failure to encode leaves the folder untouched.
    public static func write(_ analyses: [RepositoryAnalysis], run: RunInfo, to folder: String) throws {
        let files: [(String, Data)] = [
            ("repositories.csv", try RepositoriesCSV.table(analyses).encoded()),
            ("contributors.csv", try ContributorsCSV.table(analyses).encoded()),
            ("team_flows.csv", try TeamFlowsCSV.table(analyses).encoded()),
            ("monthly.csv", try MonthlyCSV.table(analyses).encoded()),
            ("summary.json", try SummaryDocument(run: run, analyses: analyses).encoded()),
        ]
        for (name, data) in files {
            try AtomicFile.write(data, to: folder + "/" + name)
        }
    }
}
