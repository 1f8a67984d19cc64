import Attribution
import Foundation
import Ingest
import InnerSourceModel
import Postgres
import Reporting
import Scoring

/// How `innersource run` was asked to run a pipeline, besides the file itself.
public struct BatchOptions: Sendable {
    /// Only this slice of the repositories (`--shard K/N`).
    public var shard: Shard?
    /// false for `--no-cache`: every repository is read in full and the cache is left alone.
    public var useCache = true
    /// `--as-of`, overriding the pipeline's `window.as_of`.
    public var asOf: DateArgument?
    /// Repositories analysed at once; nil for one per core.
    public var jobs: Int?
    /// `--pseudonym-key-file`.
    public var pseudonymKeyFile: String?
    /// `--history-keep`, overriding the pipeline's `outputs: { history_keep }`.
    public var historyKeep: Int?
    /// `--postgres URL`, overriding the pipeline's `outputs: { postgres: { url } }`.
    public var postgresURL: String?
    public var environment: [String: String] = ProcessInfo.processInfo.environment

    public init() {}
}

/// What the runner tells its caller while it works (from worker threads: the receiver must be thread-safe).
public enum BatchEvent: Sendable {
    /// The repositories of this run are known.
    case planned(repositories: Int, jobs: Int)
    case started(repository: String)
    case finished(RepositoryReport)
    /// Something worth a line in the log that is not a repository's result (the cache moved aside...).
    case warning(String)
}

/// One repository's line in the log: how it went and what it cost.
public struct RepositoryReport: Sendable {
    public var repository: String
    public var status: RepositoryStatus
    public var failure: String?
    public var commitsRead: Int
    public var commitsFromCache: Int
    public var cacheUse: CacheUse
    public var seconds: Double
    /// How many repositories have finished, this one included.
    public var finishedCount: Int
    public var total: Int
}

/// What a run did.
public struct BatchOutcome: Sendable {
    public var analyses: [RepositoryAnalysis]
    public var run: RunInfo
    public var outputDirectory: String
    public var failed: Int { analyses.count { $0.failure != nil } }
    public var commitsRead: Int
    public var commitsFromCache: Int
    /// How the run's outputs were pseudonymised: what it prints about its repositories goes through it too.
    public var privacy = OutputPrivacy.none
    /// The organisation figures of the earlier runs the outputs folder's database kept, read before this run
    /// replaced it (as the report reads them): the trend `innersource run` prints.
    public var history: [OrganisationFigures] = []
}

/// A problem that stops a run before anything is written (exit status 2).
public struct BatchSetupError: Error, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

/// Runs a pipeline: plans the repositories, analyses them in parallel (each with its own libgit2 handles),
/// with the incremental cache, and writes every output as one atomic set. A repository that cannot be
/// analysed is named in the outputs with its reason; the others go on.
public enum BatchRunner {
    public static func run(_ configuration: PipelineConfiguration, options: BatchOptions,
                           events: @escaping @Sendable (BatchEvent) -> Void = { _ in }) throws -> BatchOutcome {
        let setup: RunOptions
        do {
            setup = try RunOptions(resolving: configuration.runSettings(options), scope: configuration.scope)
        } catch {
            throw BatchSetupError(error.message)
        }
        var planned: [PlannedRepository]
        do {
            planned = try BatchPlan.repositories(configuration) { events(.warning($0)) }
        } catch {
            throw BatchSetupError("\(configuration.file): \(error.message)")
        }
        if planned.isEmpty {
            throw BatchSetupError("\(configuration.file): no repository found under the roots and paths it names: check them and their include/exclude globs (nothing was written)")
        }
        if let shard = options.shard { planned = planned.filter { shard.contains(identity: $0.identity) } }
        let postgresURL = options.postgresURL ?? configuration.postgresURL
        if let postgresURL {
            do {
                try PostgresSink.check(url: postgresURL)
            } catch {
                throw BatchSetupError("\(error.message) (nothing was analysed or written)")
            }
        }
        try checkWritable(configuration.outputDirectory)

        let cores = ProcessInfo.processInfo.activeProcessorCount
        let jobs = max(1, min(options.jobs ?? cores, max(planned.count, 1)))
        // Each repository's reader gets its share of the cores; at least one worker.
        let threadsPerRepository = max(1, cores / jobs)
        events(.planned(repositories: planned.count, jobs: jobs))

        var cache: CommitCache?
        if configuration.cacheEnabled && options.useCache {
            do {
                cache = try CommitCache(path: configuration.cachePath) { events(.warning($0)) }
            } catch let busy as CommitCache.Busy {
                events(.warning(busy.description))
            } catch {
                events(.warning("the cache \(configuration.cachePath) cannot be opened (\(BatchRunner.describe(error))); every repository is read in full"))
            }
            if cache != nil, setup.pseudonymizer != nil, configuration.cacheIsInsideOutputs {
                events(.warning("the cache in \(configuration.cacheFolder) holds real names and e-mails while the outputs are pseudonymised, inside the outputs folder \(configuration.outputDirectory): set cache: { dir: ... } outside the folder you share"))
            }
        }

        // Repositories with nothing new since the last run take their analysis from the cache.
        let memoRun = cache == nil ? nil : AnalysisMemo.runKey(setup)
        let repositories = planned
        let nextIndex = Locked(0)
        let finishedCount = Locked(0)
        let results = Locked([Int: AnalysisOutcome]())
        let group = DispatchGroup()
        let frozenCache = cache
        for _ in 0..<jobs {
            group.enter()
            let thread = Thread {
                defer { group.leave() }
                while let index = nextIndex.update({ (next: inout Int) -> Int? in
                    defer { next += 1 }
                    return next < repositories.count ? next : nil
                }) {
                    let repository = repositories[index]
                    events(.started(repository: repository.name))
                    let start = Date()
                    let outcome = analyse(repository, setup: setup, shallow: configuration.shallow,
                                          threads: threadsPerRepository, cache: frozenCache, memoRun: memoRun, events: events)
                    results.update { $0[index] = outcome }
                    let done = finishedCount.update { count -> Int in
                        count += 1
                        return count
                    }
                    events(.finished(RepositoryReport(
                        repository: repository.name, status: outcome.analysis.status, failure: outcome.analysis.failure,
                        commitsRead: outcome.commitsRead, commitsFromCache: outcome.commitsFromCache, cacheUse: outcome.cacheUse,
                        seconds: Date().timeIntervalSince(start), finishedCount: done, total: repositories.count)))
                }
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        group.wait()

        let outcomes = results.value
        let analyses = planned.indices.compactMap { outcomes[$0]?.analysis }
        let encodedFacts = planned.indices.compactMap { outcomes[$0].map(\.encodedFacts) }
        let read = outcomes.values.reduce(0) { $0 + $1.commitsRead }
        let cached = outcomes.values.reduce(0) { $0 + $1.commitsFromCache }
        var run = setup.runInfo
        run.batch = BatchInfo(pipeline: configuration.file, repositories: analyses.count,
                              failed: analyses.count { $0.failure != nil }, commitsRead: read, commitsFromCache: cached,
                              shard: options.shard.map { ShardInfo(index: $0.index, count: $0.count) })
        let identities = outcomes.values.reduce(into: KnownIdentities()) { $0.formUnion($1.identities) }
        let privacy = setup.privacy(knowing: identities)
        let database = configuration.outputDirectory + "/" + SQLiteOutput.fileNames[0]
        let history = FileManager.default.fileExists(atPath: database)
            ? (try? RunHistory.organisationFigures(database: database, excluding: run.asOf)) ?? [] : []
        do {
            let notices = try RunFacts.writeOutputs(analyses, encoded: encodedFacts, run: run, formats: configuration.formats,
                                                    privacy: privacy, to: configuration.outputDirectory,
                                                    historyKeep: options.historyKeep ?? configuration.historyKeep)
            for notice in notices { events(.warning(notice)) }
            if let postgresURL {
                try PostgresSink.write(OutputRun(analyses: analyses, info: run), privacy: privacy,
                                       url: postgresURL, historyKeep: options.historyKeep ?? configuration.historyKeep)
            }
        } catch {
            throw BatchSetupError("\(error)")
        }
        return BatchOutcome(analyses: analyses, run: run, outputDirectory: configuration.outputDirectory,
                            commitsRead: read, commitsFromCache: cached, privacy: privacy, history: history)
    }

    /// One repository, never throwing: a failure becomes a repository with its reason. With a cache and a
    /// run key (`AnalysisMemo`), a repository whose last analysis was made from what it is now is taken from
    /// the cache; any other analysis made here replaces what the cache kept for it.
    static func analyse(_ repository: PlannedRepository, setup: RunOptions, shallow: ShallowPolicy, threads: Int,
                        cache: CommitCache?, memoRun: String? = nil, events: (BatchEvent) -> Void) -> AnalysisOutcome {
        if let failure = repository.failure { return .failed(name: repository.name, path: repository.path, reason: failure) }
        let target = AnalysisTarget(path: repository.path, name: repository.name, revision: repository.revision,
                                    owner: repository.owner, shallow: shallow, threads: threads)
        do {
            return try AnalysisMemo.analyse(target, cache: cache, runKey: memoRun, warning: { events(.warning("\(repository.name): \($0)")) }) { warning in
                try CachedAnalysis.analyse(target, options: setup, cache: cache,
                                           retry: "delete the file, or run with --no-cache, if this repeats", warning: warning)
            }
        } catch {
            return .failed(name: repository.name, path: repository.path, reason: describe(error))
        }
    }

    /// Creates the outputs folder and tries a file in it, so that a folder that cannot be written stops the
    /// run before hours of analysis (exit 2).
    static func checkWritable(_ folder: String) throws(BatchSetupError) {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let probe = folder + "/.innersource-write-test-\(getpid())"
            guard FileManager.default.createFile(atPath: probe, contents: Data()) else {
                throw BatchSetupError("\(folder): the outputs folder cannot be written (permission denied or a read-only file system)")
            }
            try? FileManager.default.removeItem(atPath: probe)
        } catch let error as BatchSetupError {
            throw error
        } catch {
            throw BatchSetupError("\(folder): the outputs folder cannot be created: \(describe(error))")
        }
    }

    static func describe(_ error: any Error) -> String {
        if let ingest = error as? IngestError { return ingest.description }
        if let cocoa = error as? CocoaError {
            let path = (cocoa.userInfo[NSFilePathErrorKey] as? String).map { "\($0): " } ?? ""
            return path + cocoa.localizedDescription
        }
        if let posix = error as? POSIXError { return posix.localizedDescription }
        return "\(error)"
    }
}

extension PipelineConfiguration {
    /// What the pipeline asks of the run, with the command line's overrides.
    func runSettings(_ options: BatchOptions) -> RunSettings {
        var settings = RunSettings()
        settings.asOf = options.asOf ?? asOf
        settings.since = since
        settings.until = until
        settings.roster = roster
        settings.aliases = aliases
        settings.botPatterns = botPatterns
        settings.defaultBots = defaultBots
        settings.agentPatterns = agentPatterns
        settings.defaultAgents = defaultAgents
        settings.platformCommitters = platformCommitters
        settings.rosterFormat = rosterFormat
        settings.noreplyHosts = noreplyHosts
        settings.pseudonymize = pseudonymize
        settings.pseudonymKeyFile = options.pseudonymKeyFile
        settings.minimumGroupSize = minimumGroupSize
        settings.merges = merges
        settings.renames = renames
        settings.staleAfterDays = staleAfterDays
        settings.thresholds = thresholds
        settings.componentsFile = componentsFile
        settings.components = components
        settings.componentDepth = componentDepth
        settings.declaredShare = declaredShare
        settings.environment = options.environment
        settings.windowSource = .pipeline(file)
        return settings
    }

    /// What is particular to a batch in its configuration digest: the sources as written, the shallow
    /// policy and the formats.
    var scope: RunOptions.Scope {
        let canonical = sources.map { source -> RunOptions.CanonicalSource in
            switch source {
            case .root(let root):
                return .init(root: root.written, include: root.include, exclude: root.exclude, owner: root.owner?.name,
                             followSymlinks: root.followSymlinks ? nil : false)
            case .repository(let entry):
                return .init(path: entry.written, owner: entry.owner?.name, name: entry.name, ref: entry.revision)
            }
        }
        return .batch(sources: canonical, shallow: shallow, formats: formats)
    }
}

extension AnalysisOutcome {
    /// A repository that could not be analysed: nothing read, its reason in every output.
    static func failed(name: String, path: String, reason: String) -> AnalysisOutcome {
        AnalysisOutcome(analysis: .failed(name: name, path: path, reason: reason), commitsRead: 0, commitsFromCache: 0,
                        cacheUse: .none)
    }
}

/// A value shared between threads behind a lock.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value

    init(_ value: Value) {
        stored = value
    }

    var value: Value {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }

    @discardableResult
    func update<Result>(_ body: (inout Value) -> Result) -> Result {
        lock.lock()
        defer { lock.unlock() }
        return body(&stored)
    }
}
