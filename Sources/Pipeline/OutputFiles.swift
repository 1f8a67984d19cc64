import Foundation
import InnerSourceModel
import Reporting
import Scoring

/// The kinds of output a run can write (`--formats`, the pipeline's `outputs.formats`).
public enum OutputFormat: String, CaseIterable, Sendable, Codable {
    /// repositories.csv, contributors.csv, team_flows.csv, monthly.csv, barriers.csv.
    case csv
    /// summary.json.
    case json
    /// checklist.md and checklist.json.
    case checklist
    /// metrics.prom.
    case openmetrics
    /// report.html: one self-contained page for people.
    case html
    /// innersource.sqlite: the CSV tables with indexes, for Grafana's SQLite data source, Metabase, Datasette.
    case sqlite

    /// The files of this format.
    public var files: [String] {
        switch self {
        case .csv: return ["repositories.csv", "contributors.csv", "team_flows.csv", "monthly.csv", "barriers.csv"]
        case .json: return ["summary.json"]
        case .checklist: return ["checklist.md", "checklist.json"]
        case .openmetrics: return ["metrics.prom"]
        case .html: return ["report.html"]
        case .sqlite: return ["innersource.sqlite"]
        }
    }

    /// Reads `csv,json,...`; nil with the first unknown name.
    public static func parseList(_ text: String) -> (formats: Set<OutputFormat>, unknown: String?) {
        var formats: Set<OutputFormat> = []
        for name in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) where !name.isEmpty {
            guard let format = OutputFormat(rawValue: name) else { return (formats, name) }
            formats.insert(format)
        }
        return (formats, nil)
    }
}

/// Writes a run's files into an output folder, each atomically.
public enum OutputFiles {
    /// Encodes the files of `formats` first, then writes them as a set: a failure leaves the folder
    /// untouched.
    /// - Parameter scrub: applied to every file's text before it is written (pseudonymizing).
    /// - Parameter facts: a batch's facts file, written with the set whatever `formats` says.
    public static func write(_ analyses: [RepositoryAnalysis], run: RunInfo, to folder: String,
                             formats: Set<OutputFormat> = Set(OutputFormat.allCases),
                             scrub: ((String) -> String)? = nil, facts: RunFacts? = nil) throws {
        var files: [(String, Data)] = []
        if let facts { files.append((BatchRunner.factsFile, try facts.encoded())) }
        if formats.contains(.csv) {
            files += [
                ("repositories.csv", try RepositoriesCSV.table(analyses).encoded()),
                ("contributors.csv", try ContributorsCSV.table(analyses).encoded()),
                ("team_flows.csv", try TeamFlowsCSV.table(analyses, minimumGroupSize: run.minimumGroupSize).encoded()),
                ("monthly.csv", try MonthlyCSV.table(analyses).encoded()),
                ("barriers.csv", try BarriersCSV.table(analyses).encoded()),
            ]
        }
        if formats.contains(.checklist) {
            let overall = RunChecklist.overall(analyses)
            let lists = analyses.compactMap(\.checklist)
            let failed = ChecklistDocuments.notAnalysed(analyses)
            files += [
                ("checklist.md", Data(ChecklistDocuments.markdown(overall: overall, repositories: lists, run: run,
                                                                  notAnalysed: failed).utf8)),
                ("checklist.json", try ChecklistDocuments.json(overall: overall, repositories: lists, run: run,
                                                               notAnalysed: failed)),
            ]
        }
        if formats.contains(.json) {
            files.append(("summary.json", try SummaryDocument(run: run, analyses: analyses).encoded()))
        }
        if formats.contains(.openmetrics) {
            files.append(("metrics.prom", Data(PrometheusMetrics.text(analyses, run: run).utf8)))
        }
        if formats.contains(.html) {
            files.append(("report.html", Data(HTMLReport.html(analyses, run: run).utf8)))
        }
        if let scrub {
            files = files.map { name, data in
                let text = String(decoding: data, as: UTF8.self)
                // The report's style sheet holds at-rules (@media) that are not people's handles.
                return (name, Data((name == "report.html" ? scrubOutsideStyle(text, scrub) : scrub(text)).utf8))
            }
        }
        // The database is binary: it is built from the same tables, each text scrubbed before it goes in.
        if formats.contains(.sqlite) {
            files.append(("innersource.sqlite", try SQLiteOutput.data(analyses, run: run, minimumGroupSize: run.minimumGroupSize,
                                                                        scrub: scrub)))
        }
        try AtomicFile.writeAll(files.map { (folder + "/" + $0.0, $0.1) })
        if facts != nil {
            // A batch's folder holds one run: files of formats it no longer writes would be last night's.
            for format in OutputFormat.allCases where !formats.contains(format) {
                for name in format.files { try? FileManager.default.removeItem(atPath: folder + "/" + name) }
            }
        }
    }

    /// `scrub` applied to an HTML page except its `<style>` elements.
    static func scrubOutsideStyle(_ html: String, _ scrub: (String) -> String) -> String {
        var result = ""
        var rest = Substring(html)
        while let open = rest.range(of: "<style"), let close = rest[open.upperBound...].range(of: "</style>") {
            result += scrub(String(rest[..<open.lowerBound]))
            result += rest[open.lowerBound..<close.upperBound]
            rest = rest[close.upperBound...]
        }
        return result + scrub(String(rest))
    }
}
