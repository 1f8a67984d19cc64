import Foundation
import InnerSourceModel
import Reporting
import Scoring

/// Writes a run's files into an output folder, each atomically.
public enum OutputFiles {
    /// The files written, in the order they are written.
    public static let names = ["repositories.csv", "contributors.csv", "team_flows.csv", "monthly.csv", "barriers.csv",
                               "checklist.md", "checklist.json", "summary.json", "metrics.prom"]

    /// Encodes every file first, then writes them as a set: a failure leaves the folder untouched.
    public static func write(_ analyses: [RepositoryAnalysis], run: RunInfo, to folder: String) throws {
        let overall = RunChecklist.overall(analyses)
        let lists = analyses.compactMap(\.checklist)
        let files: [(String, Data)] = [
            ("repositories.csv", try RepositoriesCSV.table(analyses).encoded()),
            ("contributors.csv", try ContributorsCSV.table(analyses).encoded()),
            ("team_flows.csv", try TeamFlowsCSV.table(analyses).encoded()),
            ("monthly.csv", try MonthlyCSV.table(analyses).encoded()),
            ("barriers.csv", try BarriersCSV.table(analyses).encoded()),
            ("checklist.md", Data(ChecklistDocuments.markdown(overall: overall, repositories: lists, run: run).utf8)),
            ("checklist.json", try ChecklistDocuments.json(overall: overall, repositories: lists, run: run)),
            ("summary.json", try SummaryDocument(run: run, analyses: analyses).encoded()),
            ("metrics.prom", Data(PrometheusMetrics.text(analyses, run: run).utf8)),
        ]
        try AtomicFile.writeAll(files.map { (folder + "/" + $0.0, $0.1) })
    }
}
