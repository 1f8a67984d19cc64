import ArgumentParser
import Attribution
import Foundation
import Pipeline

/// `innersource run PIPELINE.yml`: the scheduled batch over an organisation's repositories.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a pipeline: analyse every repository it names or finds, and write the outputs.",
        discussion: """
        Repositories are analysed in parallel; one that cannot be analysed is named in the outputs with its \
        reason and the run goes on (exit status 1). An incremental cache inside the outputs folder \
        (.cache/innersource-cache.sqlite) means a later run reads only the commits it has not seen. \
        --shard K/N analyses the K-th of N slices (K from 0); `innersource merge` combines the shards' folders. \
        Exit status: 0 done, 1 outputs written but some repository failed, 2 nothing written (bad pipeline, \
        roster or arguments).
        """
    )

    @Argument(help: "The pipeline file (YAML).")
    var pipeline: String

    @Option(help: "Analyse only slice K of N (K from 0 to N-1, e.g. $JOB_COMPLETION_INDEX/4).")
    var shard: String?

    @Flag(name: .customLong("no-cache"), help: "Read every repository in full and leave the cache alone.")
    var noCache = false

    @Option(name: .customLong("as-of"), help: "The time relative dates count back from (overrides window.as_of; default now).")
    var asOf: String?

    @Option(help: "Repositories analysed at once (default: one per core).")
    var jobs: Int?

    @Option(name: .customLong("pseudonym-key-file"), help: "A file whose first line is the pseudonym key (privacy.pseudonymize).")
    var pseudonymKeyFile: String?

    func validate() throws {
        if let jobs, jobs < 1 || jobs > 256 { throw ValidationError("--jobs must be from 1 to 256") }
        if let shard, case .failure(let error) = Shard.parse(shard) { throw ValidationError(error.message) }
    }

    func run() throws {
        let loaded = PipelineFile.read(path: pipeline)
        for warning in loaded.warnings { standardError(warning.description) }
        guard let configuration = loaded.value else {
            let errors = loaded.errors
            let shown = errors.prefix(20).map(\.description).joined(separator: "\n")
            let more = errors.count > 20 ? "\n(and \(errors.count - 20) more)" : ""
            throw CommandFailure(status: 2, message: shown + more + "\nrun `innersource validate \(pipeline)` to check the file")
        }
        var options = BatchOptions()
        options.shard = try shard.map { try Shard.parse($0).get() }
        options.useCache = !noCache
        options.asOf = asOf
        options.jobs = jobs
        options.pseudonymKeyFile = pseudonymKeyFile
        let log = BatchLog(terminal: isatty(STDERR_FILENO) == 1)
        let outcome: BatchOutcome
        do {
            outcome = try BatchRunner.run(configuration, options: options) { log.handle($0) }
        } catch let error as BatchSetupError {
            log.finish()
            throw CommandFailure(status: 2, message: error.message)
        }
        log.finish()
        let analysed = outcome.analyses.count - outcome.failed
        let shardText = options.shard.map { " (shard \($0))" } ?? ""
        var summary = "\(analysed) of \(outcome.analyses.count) repositories analysed\(shardText); "
            + "\(outcome.commitsRead) commits read, \(outcome.commitsFromCache) taken from the cache; "
            + "outputs in \(outcome.outputDirectory)"
        if outcome.failed > 0 {
            summary += "; \(outcome.failed) could not be analysed (see repositories.csv, status error)"
        }
        FileHandle.standardOutput.write(Data((summary + "\n").utf8))
        if outcome.failed > 0 { throw CommandFailure(status: 1, message: "\(outcome.failed) repositories could not be analysed") }
    }
}

/// `innersource merge DIR... --out DIR`: one run's outputs from its shards' folders.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Combine the output folders of a run's shards into what one run would have written.",
        discussion: """
        Every shard from 0 to N-1 must be given once, all run with the same pipeline, configuration and \
        as-of time; otherwise nothing is written and the exit status is 2. Organisation-level figures are \
        recomputed from the shards' facts (innersource-facts.json). Exit status 1 when some repository in \
        the shards could not be analysed.
        """
    )

    @Argument(help: "The shards' output folders.")
    var folders: [String]

    @Option(name: .customLong("out"), help: "The folder to write the merged outputs into.")
    var output: String

    func run() throws {
        let outcome: BatchOutcome
        do {
            outcome = try ShardMerge.merge(folders: folders, into: output)
        } catch {
            throw CommandFailure(status: 2, message: error.message)
        }
        let shards = outcome.run.batch?.mergedShards ?? folders.count
        FileHandle.standardOutput.write(Data("merged \(shards) shard(s): \(outcome.analyses.count) repositories into \(output)\n".utf8))
        if outcome.failed > 0 { throw CommandFailure(status: 1, message: "\(outcome.failed) repositories could not be analysed") }
    }
}

/// The run's log on stderr: a live bar on a terminal, one line per repository otherwise (for a
/// scheduler's log). Called from worker threads.
final class BatchLog: @unchecked Sendable {
    private let lock = NSLock()
    private let terminal: Bool
    private var total = 0
    private var finished = 0
    private var failed = 0
    private var running: [String] = []
    private var barShown = false

    init(terminal: Bool) {
        self.terminal = terminal
    }

    func handle(_ event: BatchEvent) {
        lock.lock()
        defer { lock.unlock() }
        switch event {
        case .planned(let repositories, let jobs):
            total = repositories
            line("\(repositories) repositories to analyse, \(jobs) at a time")
        case .started(let repository):
            running.append(repository)
        case .finished(let report):
            running.removeAll { $0 == report.repository }
            finished = report.finishedCount
            if report.failure != nil { failed += 1 }
            // On a terminal the bar shows progress and only failures get a line of their own.
            if !terminal || report.failure != nil { line(describe(report)) }
        case .warning(let text):
            line("warning: " + text)
        }
        drawBar()
    }

    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if barShown { write("\r\u{1B}[K") }
        barShown = false
    }

    private func describe(_ report: RepositoryReport) -> String {
        let width = String(report.total).count
        let counter = "[\(String(repeating: " ", count: max(0, width - String(report.finishedCount).count)))\(report.finishedCount)/\(report.total)]"
        if let failure = report.failure {
            return "\(counter) \(report.repository): error: \(failure)"
        }
        let seconds = String(format: "%.1f s", report.seconds)
        let cache: String
        switch report.cacheUse {
        case .none, .bypassed: cache = "\(report.commitsRead) commits read"
        case .unchanged: cache = "unchanged, \(report.commitsFromCache) commits from the cache"
        case .extended: cache = "\(report.commitsRead) new commits read, \(report.commitsFromCache) from the cache"
        case .cold: cache = "\(report.commitsRead) commits read (cache filled)"
        case .rewritten: cache = "history rewritten: \(report.commitsRead) commits read again"
        }
        return "\(counter) \(report.repository): \(report.status), \(cache), \(seconds)"
    }

    private func line(_ text: String) {
        if barShown { write("\r\u{1B}[K") }
        barShown = false
        write("innersource: " + text + "\n")
    }

    private func drawBar() {
        guard terminal, total > 0, finished < total else { return }
        let width = 24
        let filled = width * finished / total
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        let names = running.isEmpty ? "" : " · " + running.prefix(3).joined(separator: ", ") + (running.count > 3 ? ", ..." : "")
        let failures = failed > 0 ? " · \(failed) failed" : ""
        write("\r\u{1B}[K[\(bar)] \(finished)/\(total)\(failures)\(names)")
        barShown = true
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
