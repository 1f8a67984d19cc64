import Foundation
import InnerSourceModel
import Scoring

/// `checklist.md` (for a manager) and `checklist.json` (for a dashboard): the run's answers first, then
/// each repository's.
public enum ChecklistDocuments {
    public struct Document: Codable, Sendable, Hashable {
        public var schemaVersion: Int
        public var asOf: String
        public var overall: Checklist
        public var repositories: [Checklist]
        /// Repositories a batch could not analyse, with the reason: they answer nothing. Left out when none.
        public var notAnalysed: [NotAnalysed]?
    }

    /// A repository that is not in the answers, and why.
    public struct NotAnalysed: Codable, Sendable, Hashable {
        public var repository: String
        public var reason: String

        public init(repository: String, reason: String) {
            self.repository = repository
            self.reason = reason
        }
    }

    /// The failed repositories of a run, sorted.
    static func notAnalysed(_ analyses: [RepositoryAnalysis]) -> [NotAnalysed] {
        analyses.compactMap { analysis in analysis.failure.map { NotAnalysed(repository: analysis.name, reason: $0) } }
            .sorted { $0.repository < $1.repository }
    }

    static func json(overall: Checklist, repositories: [Checklist], run: RunInfo,
                     notAnalysed: [NotAnalysed] = []) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        var data = try encoder.encode(Document(schemaVersion: ToolInfo.schemaVersion, asOf: UTCTime.iso8601(run.asOf),
                                               overall: overall, repositories: repositories.sorted { $0.scope < $1.scope },
                                               notAnalysed: notAnalysed.isEmpty ? nil : notAnalysed))
        data.append(0x0A)
        return data
    }

    static let marks: [Verdict: String] = [.yes: "yes", .partly: "partly", .no: "no", .unknown: "unknown"]

    static func markdown(overall: Checklist, repositories: [Checklist], run: RunInfo,
                         notAnalysed: [NotAnalysed] = []) -> String {
        var heading = "As of \(UTCTime.iso8601(run.asOf)), " + Format.count(repositories.count, "repository", plural: "repositories")
        if !notAnalysed.isEmpty {
            heading += "; \(notAnalysed.count) more could not be analysed and answer nothing (listed at the end)"
        }
        var out = ["# InnerSource readiness", "", heading + ".", ""]
        func section(_ list: Checklist, level: String) {
            out.append("| question | answer |")
            out.append("| --- | --- |")
            for item in list.items {
                out.append("| \(escape(item.question)) | **\(marks[item.verdict] ?? item.verdict.rawValue)** |")
            }
            out.append("")
            for item in list.items {
                out.append("\(level) \(item.question) — \(marks[item.verdict] ?? item.verdict.rawValue)")
                out.append("")
                for line in item.evidence { out.append("- \(escape(line))") }
                out.append("")
                out.append("Next step: \(escape(item.nextStep))")
                out.append("")
            }
        }
        out.append("## All repositories")
        out.append("")
        section(overall, level: "###")
        out.append("## What git cannot show")
        out.append("")
        for line in overall.cannotShow { out.append("- \(escape(line))") }
        out.append("")
        for list in repositories.sorted(by: { $0.scope < $1.scope }) {
            out.append("## Repository \(escape(list.scope))")
            out.append("")
            section(list, level: "###")
        }
        if !notAnalysed.isEmpty {
            out.append("## Not analysed")
            out.append("")
            for entry in notAnalysed { out.append("- \(escape(entry.repository)): \(escape(entry.reason))") }
            out.append("")
        }
        return out.joined(separator: "\n")
    }

    /// Text for one Markdown line (a table cell, a list item, a heading): one line, control characters
    /// replaced, and `|`, `<` and `>` escaped.
    static func escape(_ text: String) -> String {
        text.asOneLine.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}

extension OutputFormat {
    /// checklist.md and checklist.json.
    public static let checklist = OutputFormat(name: "checklist")
}

/// The `checklist` format: the readiness checklist for a manager (`checklist.md`) and a dashboard
/// (`checklist.json`).
public enum ChecklistOutput: OutputWriter {
    public static let format = OutputFormat.checklist
    public static let fileNames = ["checklist.md", "checklist.json"]

    public static func files(_ run: OutputRun, privacy: OutputPrivacy) throws -> [OutputFile] {
        let lists = run.analyses.compactMap(\.checklist)
        let failed = ChecklistDocuments.notAnalysed(run.analyses)
        let markdown = ChecklistDocuments.markdown(overall: run.checklist, repositories: lists, run: run.info, notAnalysed: failed)
        let json = try ChecklistDocuments.json(overall: run.checklist, repositories: lists, run: run.info, notAnalysed: failed)
        return [OutputFile(name: "checklist.md", data: privacy.text(markdown)),
                OutputFile(name: "checklist.json", data: privacy.utf8(json))]
    }
}
