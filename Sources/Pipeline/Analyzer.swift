import Foundation
import Ingest
import InnerSourceModel
import Scoring

/// What `innersource analyze` asks for: one repository, the ingestion options and the as-of time.
public struct AnalyzeRequest: Sendable {
    public var path: String
    public var ingest: IngestOptions
    /// Seconds since the epoch that relative dates were anchored at.
    public var asOf: Int64

    public init(path: String, ingest: IngestOptions, asOf: Int64) {
        self.path = path
        self.ingest = ingest
        self.asOf = asOf
    }

    public var runInfo: RunInfo {
        RunInfo(toolVersion: ToolInfo.version, asOf: asOf, revision: ingest.revision, since: ingest.window.since,
                until: ingest.window.until, mergeStatistics: ingest.mergeStatistics)
    }
}

/// Runs the stages for one repository: ingest the history as a stream, fold it into statistics.
public enum Analyzer {
    /// - Throws: `IngestError` when the repository cannot be opened or its history cannot be read.
    public static func analyze(_ request: AnalyzeRequest) throws -> RepositoryAnalysis {
        var tally = ContributorTally()
        let result = try Ingestor.ingest(repositoryAt: request.path, options: request.ingest) { record in
            tally.add(record)
        }
        return RepositoryAnalysis(
            name: repositoryName(result.snapshot), snapshot: result.snapshot, commitsWalked: result.commitsWalked,
            totals: tally.totals, contributors: tally.contributors, findings: result.findings)
    }

    /// The folder name of the work tree, or of a bare repository without its `.git` suffix.
    static func repositoryName(_ snapshot: RepositorySnapshot) -> String {
        var components = snapshot.gitDirectory.split(separator: "/").map(String.init)
        if !snapshot.isBare, components.last == ".git" { components.removeLast() }
        guard var name = components.last else { return snapshot.path }
        if snapshot.isBare, name.hasSuffix(".git"), name.count > 4 { name.removeLast(4) }
        return name
    }
}
