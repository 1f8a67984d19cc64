import Attribution
import Foundation
import InnerSourceModel
import Reporting
import Scoring

/// What `innersource run PIPELINE.yml` was asked, besides the pipeline's own settings.
public struct RunInvocation: Sendable {
    /// The pipeline file.
    public var pipeline: String
    public var options = BatchOptions()

    public init(pipeline: String) {
        self.pipeline = pipeline
    }
}

/// Runs `innersource run`: reads the pipeline (errors stop it with exit 2 and one line, warnings of a
/// usable pipeline go to stderr), runs the batch with its log on stderr, and prints what it did. Exit
/// status 1 when some repository failed.
public enum RunRunner {
    public static func run(_ invocation: RunInvocation) throws(CommandFailure) {
        let loaded = PipelineFile.read(path: invocation.pipeline)
        guard let configuration = loaded.value else {
            throw CommandFailure(status: 2, message: ConfigError(problems: loaded.problems).summaryLine)
        }
        for warning in loaded.warnings { Console.error(warning.description) }
        let log = BatchLog(terminal: Console.errorIsTerminal)
        let outcome: BatchOutcome
        do {
            outcome = try BatchRunner.run(configuration, options: invocation.options) { log.handle($0) }
        } catch let error as BatchSetupError {
            log.finish()
            throw CommandFailure(status: 2, message: error.message)
        } catch {
            log.finish()
            throw CommandFailure(status: 2, message: "\(error)")
        }
        log.finish()
        let analysed = outcome.analyses.count - outcome.failed
        let shardText = invocation.options.shard.map { " (shard \($0))" } ?? ""
        var summary = "\(analysed) of \(Format.count(outcome.analyses.count, "repository", plural: "repositories")) analysed\(shardText); "
            + "\(Format.count(outcome.commitsRead, "commit")) read, \(outcome.commitsFromCache) taken from the cache; "
            + "outputs in \(outcome.outputDirectory)"
        if outcome.failed > 0 {
            summary += "; \(outcome.failed) could not be analysed (see repositories.csv, status error)"
        }
        let organisation = OrganisationSummary.compute(outcome.analyses, asOf: outcome.run.asOf, history: outcome.history)
        // Evidence can name people: it is pseudonymised as the outputs are.
        let lines = OrganisationText.lines(organisation).map { outcome.privacy.scrub?($0) ?? $0 }
        try Console.write(([summary] + lines).joined(separator: "\n") + "\n")
        if outcome.failed > 0 { throw CommandFailure.notAnalysed(outcome.failed) }
    }
}

/// Runs `innersource merge DIR... --out DIR`: one run's outputs from its shards' folders.
public enum MergeRunner {
    public static func run(folders: [String], output: String) throws(CommandFailure) {
        let outcome: BatchOutcome
        do {
            outcome = try ShardMerge.merge(folders: folders, into: output)
        } catch {
            throw CommandFailure(status: 2, message: error.message)
        }
        let shards = outcome.run.batch?.mergedShards ?? folders.count
        try Console.write("merged \(Format.count(shards, "shard")): \(Format.count(outcome.analyses.count, "repository", plural: "repositories")) into \(output)\n")
        if outcome.failed > 0 { throw CommandFailure.notAnalysed(outcome.failed) }
    }
}
