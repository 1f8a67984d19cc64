import Foundation
import InnerSourceModel
import Reporting
import Scoring

/// Writes a run's files into an output folder, each atomically.
public enum OutputFiles {
    /// The files written, in the order they are written.
    public static let names = ["contributors.csv", "summary.json"]

    public static func write(_ analyses: [RepositoryAnalysis], run: RunInfo, to folder: String) throws {
        let contributors = try ContributorsCSV.table(analyses).encoded()
        let summary = try SummaryDocument(run: run, analyses: analyses).encoded()
        try AtomicFile.write(contributors, to: folder + "/contributors.csv")
        try AtomicFile.write(summary, to: folder + "/summary.json")
    }
}
