import Foundation
import InnerSourceModel
import Scoring

/// `innersource-facts.json`: every repository's analysis as a batch run measured it, so that
/// `innersource merge` can recompute the run-level outputs (organisation figures, team flows, the
/// checklist) from the facts rather than average shard results. Written by every `run` (and `merge`) into
/// the outputs folder, whatever `formats` says; pseudonymized like every other file.
public struct RunFacts: Codable, Sendable {
    /// Bumped when the layout of this file changes; merge refuses files of another version.
    public static let currentVersion = 1

    public var factsVersion: Int
    public var schemaVersion: Int
    /// The formats the run wrote, which merge writes too.
    public var formats: [String]
    public var run: RunInfo
    public var repositories: [RepositoryAnalysis]

    public init(run: RunInfo, formats: Set<OutputFormat>, analyses: [RepositoryAnalysis]) {
        factsVersion = Self.currentVersion
        schemaVersion = ToolInfo.schemaVersion
        self.formats = formats.map(\.rawValue).sorted()
        self.run = run
        // The documents' text served the hygiene checks already made; no output needs it again.
        repositories = analyses.sorted { $0.name < $1.name }.map { analysis in
            var copy = analysis
            copy.snapshot.documents = analysis.snapshot.documents.map { HeadDocument(path: $0.path, text: "", truncated: $0.truncated) }
            return copy
        }
    }

    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try encoder.encode(self)
    }

    public static func decode(_ data: Data) throws -> RunFacts {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try decoder.decode(RunFacts.self, from: data)
    }
}
