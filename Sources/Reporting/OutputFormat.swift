import Foundation
import InnerSourceModel
import Scoring

/// What every writer writes from: a run's analyses, sorted by name, its metadata, and the figures over all of
/// them that several formats show (computed once).
public struct OutputRun: Sendable {
    /// Sorted by name.
    public let analyses: [RepositoryAnalysis]
    public let info: RunInfo
    /// Every repository's team flows merged, person counts under the minimum group size left out.
    public let teamFlows: [TeamFlow]
    /// The same flows repository by repository (sorted by repository, then from_team, to_team): summed over
    /// repositories, every count but the people and repositories is `teamFlows`'.
    public let teamFlowsByRepository: [(repository: String, flow: TeamFlow)]
    /// The same flows month by month, quiet months as zeros (`TeamFlowTable.monthlyFlows`): summed over
    /// months, every count but the people and repositories is `teamFlows`'.
    public let teamFlowsMonthly: [(month: String, flow: TeamFlow)]
    /// The readiness checklist over every repository.
    public let checklist: Checklist

    /// Where the run history comes from and how much of it is kept (`RunHistory`); set by `OutputSet`.
    public var history = HistorySource()

    public init(analyses: [RepositoryAnalysis], info: RunInfo) {
        let sorted = analyses.sorted { $0.name < $1.name }
        self.analyses = sorted
        self.info = info
        var flows = TeamFlowTable()
        for analysis in sorted { flows.merge(analysis.teamFlows) }
        teamFlows = flows.flows(minimumGroupSize: info.minimumGroupSize)
        teamFlowsByRepository = sorted.flatMap { analysis in
            analysis.teamFlows.flows(minimumGroupSize: info.minimumGroupSize).map { (analysis.name, $0) }
        }
        teamFlowsMonthly = flows.monthlyFlows(minimumGroupSize: info.minimumGroupSize, since: info.since,
                                              through: TimeWindow(since: info.since, until: info.until).lastMoment(asOf: info.asOf))
        checklist = Readiness.checklist(overall: sorted.compactMap(\.readiness), repositoryLists: sorted.compactMap(\.checklist))
    }
}

/// How pseudonymisation reaches what a writer writes: every text a person could be named in goes through
/// it. Without a pseudonymizer it changes nothing.
public struct OutputPrivacy: Sendable {
    /// Replaces e-mails and personal handles in free text; nil when nothing is pseudonymised.
    public let scrub: (@Sendable (String) -> String)?

    public init(scrub: (@Sendable (String) -> String)?) {
        self.scrub = scrub
    }

    public static let none = OutputPrivacy(scrub: nil)

    /// A whole text file.
    public func text(_ text: String) -> Data { Data((scrub.map { $0(text) } ?? text).utf8) }

    /// A whole text file already in UTF-8 (an encoder's output): the same bytes `text` gives, without
    /// copying them when nothing is scrubbed (the batch's facts file is tens of megabytes).
    public func utf8(_ data: Data) -> Data {
        guard scrub != nil else { return data }
        return text(String(decoding: data, as: UTF8.self))
    }

    /// An HTML page: everything but its `<style>` elements, whose at-rules (`@media`) are not handles.
    public func html(_ html: String) -> Data {
        guard let scrub else { return Data(html.utf8) }
        var result = ""
        var rest = Substring(html)
        while let open = rest.range(of: "<style"), let close = rest[open.upperBound...].range(of: "</style>") {
            result += scrub(String(rest[..<open.lowerBound]))
            result += rest[open.lowerBound..<close.upperBound]
            rest = rest[close.upperBound...]
        }
        return Data((result + scrub(String(rest))).utf8)
    }

    /// One cell of a table (binary formats scrub cell by cell).
    public func cell(_ cell: Cell) -> Cell {
        guard let scrub else { return cell }
        return cell.mappingText(scrub)
    }
}

/// One file a writer produced: its name in the outputs folder and its bytes.
public struct OutputFile: Sendable {
    public var name: String
    public var data: Data

    public init(name: String, data: Data) {
        self.name = name
        self.data = data
    }
}

/// A writer of one output format: stateless, deterministic (the same run gives the same bytes), one file
/// each. Adding a format is a new writer file and its line in `OutputFormat.writers`.
public protocol OutputWriter: Sendable {
    /// The name users give in `--write` and a pipeline's `outputs.formats`.
    static var format: OutputFormat { get }
    /// The files it writes, by name.
    static var fileNames: [String] { get }
    /// The files of a run, pseudonymised through `privacy`.
    static func files(_ run: OutputRun, privacy: OutputPrivacy) throws -> [OutputFile]
}

/// A kind of output a run can write (`--write`, the pipeline's `outputs.formats`): the name of a writer.
public struct OutputFormat: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let name: String

    /// A format's name, as a writer declares it.
    init(name: String) {
        self.name = name
    }

    /// Every writer, in the order formats are listed and written: one registration per format.
    static let writers: [any OutputWriter.Type] = [
        CSVOutput.self,
        SummaryOutput.self,
        ChecklistOutput.self,
        PrometheusOutput.self,
        HTMLOutput.self,
        SQLiteOutput.self,
    ]

    /// Every format, in the order they are listed.
    public static var allCases: [OutputFormat] { writers.map { $0.format } }

    /// Former names still read, and the format each now is.
    static let formerNames = ["openmetrics": "prometheus"]

    /// The format of this name (lower-cased), or of this former name, if a writer has it.
    public init?(rawValue: String) {
        let name = Self.formerNames[rawValue] ?? rawValue
        guard let found = Self.allCases.first(where: { $0.name == name }) else { return nil }
        self = found
    }

    public var rawValue: String { name }
    public var description: String { name }

    /// The writer of this format.
    public var writer: any OutputWriter.Type {
        // Every format comes from a writer's declaration, so one always matches.
        Self.writers.first { $0.format == self } ?? CSVOutput.self
    }

    /// The files of this format.
    public var files: [String] { writer.fileNames }

    /// In the order formats are listed.
    public static func < (lhs: OutputFormat, rhs: OutputFormat) -> Bool {
        let order = allCases
        return (order.firstIndex(of: lhs) ?? order.count) < (order.firstIndex(of: rhs) ?? order.count)
    }

    /// Reads `csv,json,...`; the formats and the first unknown name, if any.
    public static func parseList(_ text: String) -> (formats: Set<OutputFormat>, unknown: String?) {
        var formats: Set<OutputFormat> = []
        for name in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) where !name.isEmpty {
            guard let format = OutputFormat(rawValue: name) else { return (formats, name) }
            formats.insert(format)
        }
        return (formats, nil)
    }
}

/// The run history a database carries on: the database it replaces, and how many runs to keep.
public struct HistorySource: Sendable {
    /// The database of the previous run in the same folder, when there is a readable one.
    public var previousDatabase: String?
    /// The newest runs kept (`--history-keep`); nil keeps every run.
    public var keep: Int?

    public init(previousDatabase: String? = nil, keep: Int? = nil) {
        self.previousDatabase = previousDatabase
        self.keep = keep
    }
}

/// Writes a run's files into an output folder as one set: every file of the chosen formats is encoded
/// first, then all are written atomically (a failure leaves the folder as it was).
public enum OutputSet {
    /// - Parameter extra: files written with the set whatever `formats` says (a batch's facts file).
    /// - Parameter removingOthers: remove the files of formats not written (a batch's folder holds one run).
    /// - Parameter historyKeep: the newest runs the database's history keeps; nil keeps every one.
    /// - Parameter producing: makes more files to write with the set (a batch's facts file), on a core of
    ///   its own beside the writers.
    /// - Returns: notices for the user (a previous database whose history could not be read, kept aside).
    @discardableResult
    public static func write(_ run: OutputRun, formats: Set<OutputFormat>, privacy: OutputPrivacy, to folder: String,
                             extra: [OutputFile] = [], producing: (@Sendable () throws -> [OutputFile])? = nil,
                             removingOthers: Bool = false, historyKeep: Int? = nil) throws -> [String] {
        var files = extra
        var notices: [String] = []
        var run = run
        run.history.keep = historyKeep
        let database = folder + "/" + SQLiteOutput.fileNames[0]
        // The database's history is carried on (sqlite) and read for the report's trend (html).
        if formats.contains(.sqlite) || formats.contains(.html), FileManager.default.fileExists(atPath: database) {
            let problem = SQLiteOutput.historyProblem(database)
            if let problem, !formats.contains(.sqlite) {
                notices.append("\(database): its run history could not be read (\(problem)); the report shows no previous figures")
            } else if let problem {
                // Nothing is lost: the unreadable file is kept beside the new one, in the same atomic set.
                let stamp = UTCTime.iso8601(run.info.asOf).filter { $0.isNumber || $0 == "T" || $0 == "Z" }
                let asideName = SQLiteOutput.fileNames[0] + ".unreadable-" + stamp
                let aside = folder + "/" + asideName
                if let bytes = FileManager.default.contents(atPath: database) { files.append(OutputFile(name: asideName, data: bytes)) }
                notices.append("\(database): its run history could not be read (\(problem)); it is kept as \(aside) and a new history starts")
            } else {
                run.history.previousDatabase = database
            }
        }
        // Each format's files are made on the next free core (the writers are pure: the same files in any
        // order), then written as one atomic set in a fixed order.
        let chosen = OutputFormat.allCases.filter(formats.contains)
        let made = ConcurrentResults<[OutputFile]>(count: chosen.count + 1)
        let frozen = run
        DispatchQueue.concurrentPerform(iterations: chosen.count + 1) { index in
            guard index < chosen.count else {
                made.set(index, Result { try producing?() ?? [] })
                return
            }
            made.set(index, Result { try chosen[index].writer.files(frozen, privacy: privacy) })
        }
        let results = made.values
        files += try results[chosen.count].get()
        for result in results.dropLast() { files += try result.get() }
        try AtomicFile.writeAll(files.map { (folder + "/" + $0.name, $0.data) })
        // A table left out because it has no row (components) must not stay from an earlier run.
        let written = Set(files.map(\.name))
        for format in OutputFormat.allCases where formats.contains(format) {
            for name in format.files where !written.contains(name) { try? FileManager.default.removeItem(atPath: folder + "/" + name) }
        }
        guard removingOthers else { return notices }
        for format in OutputFormat.allCases where !formats.contains(format) {
            for name in format.files { try? FileManager.default.removeItem(atPath: folder + "/" + name) }
        }
        return notices
    }
}
