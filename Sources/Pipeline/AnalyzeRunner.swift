import Foundation
import Ingest
import InnerSourceModel
import Postgres
import Reporting
import Scoring

/// What `innersource analyze` was asked: one repository, the run's settings, and how to show the result.
public struct AnalyzeInvocation: Sendable {
    /// How the result is printed.
    public enum Display: String, CaseIterable, Sendable {
        case table, json, markdown
    }

    /// A work tree (or any folder inside one) or a bare repository.
    public var path = "."
    /// `--name`: the name rows are keyed by; nil to name the repository by its remote, else its folder.
    public var name: String?
    public var settings = RunSettings()
    /// The revision analysed (`--ref`); nil for HEAD.
    public var revision: String?
    /// The owning team (`--owner`).
    public var owner: String?
    /// Worker threads (`--threads`); nil for one per core.
    public var threads: Int?
    public var display = Display.table
    /// Contributors listed in the table; nil for all.
    public var limit: Int? = 25
    /// `--out`: also write the output files here.
    public var outputFolder: String?
    /// `--write`: only these formats; nil for all.
    public var formats: FormatList?
    /// `--suggest-codeowners`: print a suggested CODEOWNERS instead of the results (never written to a file).
    public var suggestCodeOwners = false
    /// `--cache FILE`: the incremental cache (the batch's kind): what this run reads is kept there, and the
    /// next run reads only what is new. Nil: no cache.
    public var cachePath: String?

    public init() {}
}

/// Runs `innersource analyze`: resolves the run's settings, analyses the repository, writes the files of
/// `--out` and prints the result. Every failure is a `CommandFailure` with one line and exit status 2, before
/// anything is written to stdout.
public enum AnalyzeRunner {
    public static func run(_ invocation: AnalyzeInvocation) throws(CommandFailure) {
        if let owner = invocation.owner, let problem = Team.nameProblem(owner) {
            throw CommandFailure(status: 2, message: "--owner: \(problem)")
        }
        let options: RunOptions
        do {
            options = try RunOptions(resolving: invocation.settings,
                                     scope: .repository(revision: invocation.revision, owner: invocation.owner.map { Team($0) }))
        } catch {
            throw CommandFailure(status: 2, message: error.message)
        }
        if let url = invocation.settings.postgresURL {
            do {
                try PostgresSink.check(url: url)
            } catch {
                throw CommandFailure(status: 2, message: error.message + " (nothing was analysed or written)")
            }
        }
        let target = AnalysisTarget(path: invocation.path, name: invocation.name, revision: invocation.revision,
                                    owner: invocation.owner.map { Team($0) },
                                    shallow: .analyze, threads: invocation.threads)
        let cache = openCache(invocation, options: options)
        let outcome: AnalysisOutcome
        let progress = ProgressLine.forTerminal(label: invocation.path, path: invocation.path, revision: invocation.revision)
        do {
            var read = 0
            let warning: (String) -> Void = { Console.error("warning: \(invocation.path): \($0)") }
            outcome = try AnalysisMemo.analyse(target, cache: cache, runKey: cache == nil ? nil : AnalysisMemo.runKey(options),
                                               warning: warning) { warning in
                try CachedAnalysis.analyse(target, options: options, cache: cache, progress: progress.map { line in
                    { count in
                        read = count
                        line.update(count)
                    }
                }, retry: "delete the file, or run without --cache, if this repeats", warning: warning)
            }
            progress?.finish(commits: read)
            if let cache {
                if outcome.cacheUse == .memoised {
                    Console.error("\(invocation.path): unchanged since the last run with the cache \(cache.path): its analysis taken from it (\(Format.count(outcome.commitsFromCache, "commit")))")
                } else {
                    Console.error("\(invocation.path): \(Format.count(outcome.commitsFromCache, "commit")) from the cache \(cache.path), \(Format.count(outcome.commitsRead, "commit")) read")
                }
            }
        } catch let error as IngestError {
            throw CommandFailure(status: 2, message: error.description)
        } catch {
            throw CommandFailure(status: 2, message: "\(invocation.path): \(error)")
        }
        let analysis = outcome.analysis
        let privacy = options.privacy(knowing: outcome.identities)
        let run = OutputRun(analyses: [analysis], info: options.runInfo)
        if let folder = invocation.outputFolder {
            do {
                let notices = try OutputSet.write(run, formats: invocation.formats?.formats ?? Set(OutputFormat.allCases),
                                                  privacy: privacy, to: folder, historyKeep: invocation.settings.historyKeep)
                for notice in notices { Console.error("warning: " + notice) }
            } catch {
                throw CommandFailure(status: 2, message: "\(error)")
            }
        }
        if let url = invocation.settings.postgresURL {
            do {
                try PostgresSink.write(run, privacy: privacy, url: url, historyKeep: invocation.settings.historyKeep)
            } catch {
                throw CommandFailure(status: 2, message: error.message)
            }
        }
        let output: String
        if invocation.suggestCodeOwners {
            try Console.write(privacy.text(SuggestedCodeOwners.render(analysis, handles: teamHandles(options))))
            return
        }
        switch invocation.display {
        case .table:
            let colour = Console.outputIsTerminal && invocation.settings.environment["NO_COLOR"] == nil
            output = AnalysisText.render(analysis, run: run.info, style: .table, limit: invocation.limit, colour: colour)
        case .markdown:
            output = AnalysisText.render(analysis, run: run.info, style: .markdown, limit: invocation.limit)
        case .json:
            do {
                output = String(decoding: try SummaryDocument(run).encoded(), as: UTF8.self)
            } catch {
                throw CommandFailure(status: 2, message: "cannot encode the summary: \(error)")
            }
        }
        try Console.write(privacy.text(output))
    }

    /// The cache of `--cache`, or nil (with a warning when it was asked for and cannot be used: the run then
    /// reads the repository in full, as without it).
    static func openCache(_ invocation: AnalyzeInvocation, options: RunOptions) -> CommitCache? {
        guard let path = invocation.cachePath else { return nil }
        let cache: CommitCache
        do {
            cache = try CommitCache(path: path) { Console.error("warning: " + $0) }
        } catch let busy as CommitCache.Busy {
            Console.error("warning: " + busy.message(reading: "the repository"))
            return nil
        } catch {
            Console.error("warning: the cache \(path) cannot be opened (\(BatchRunner.describe(error))); the repository is read in full")
            return nil
        }
        if options.pseudonymizer != nil, let folder = invocation.outputFolder,
           PipelineConfiguration.isInside(path: CommitCache.folder(of: path), folder: folder) {
            Console.error("warning: the cache \(path) holds real names and e-mails while the outputs are pseudonymised, inside the outputs folder \(folder): keep the cache outside the folder you share")
        }
        return cache
    }

    /// Each roster team's CODEOWNERS handle: its first team handle (`@org/team`) in order, else its first.
    static func teamHandles(_ options: RunOptions) -> [Team: String] {
        var handles: [Team: String] = [:]
        for (handle, team) in (options.attribution.roster?.codeowners ?? [:]).sorted(by: { ($0.key.contains("/") ? 0 : 1, $0.key) < ($1.key.contains("/") ? 0 : 1, $1.key) })
            where handles[team] == nil {
            handles[team] = handle
        }
        return handles
    }
}
