import Attribution
import Foundation
import Git
import Glibc
import Ingest
import InnerSourceModel
import Scoring

/// A repository's whole analysis kept in the incremental cache (the batch's, and `analyze --cache`), taken
/// again by the next run when nothing it was
/// made from has changed: the same build of the tool, the same settings and as-of time (`RunOptions`), the
/// same repository entry, and the same repository state (`GitRepository.stateFingerprint`: every ref,
/// the configuration, shallow and graft files, the packs; and the reading context: `.mailmap` and
/// attributes). A run with nothing new then reads no commit, head or tree of that repository. A run whose
/// as-of time moves (the default as-of is the start of the run) makes every key new: the analysis is
/// made again, from the commit cache, because its window and the ages of its requests move with it.
///
/// Kept only from an analysis that is complete and clean: no failure, no warning about the cache, no object
/// it needed found absent, and no finding that depends on objects being absent or unreadable (a shallow
/// clone, missing blobs or trees, unreadable request heads or configuration). A partial clone that holds
/// everything its analysis reads is kept like any other repository: what arrives later arrives as a pack or
/// a loose object, which changes its state.
/// What is kept is the repository's entry of the facts file (`RunFacts.Repository`, the bytes that file
/// holds) and the identities its outputs must scrub.
enum AnalysisMemo {
    /// Bumped when what is kept, or how a key is made, changes.
    static let version = 1

    /// Analyses `target` by `analyse`, unless `cache` keeps an analysis made from what the repository is now
    /// under `runKey` (nil: no memo), which is then returned instead. A new analysis replaces what the cache
    /// kept for the repository (an analysis that may not be kept, or one that threw, leaves nothing).
    /// `warning` receives what went wrong with the memo, without the repository's name; `analyse` gets a
    /// warning function to pass on, so that an analysis that warned is not kept.
    static func analyse(_ target: AnalysisTarget, cache: CommitCache?, runKey: String?, warning: (String) -> Void,
                        analyse: (_ warning: (String) -> Void) throws -> AnalysisOutcome) throws -> AnalysisOutcome {
        // Both closures run only during this call.
        try withoutActuallyEscaping(warning) { warning in
            try withoutActuallyEscaping(analyse) { analyse in
                try memoised(target, cache: cache, runKey: runKey, warning: warning, analyse: analyse)
            }
        }
    }

    private static func memoised(_ target: AnalysisTarget, cache: CommitCache?, runKey: String?,
                                 warning: @escaping (String) -> Void,
                                 analyse: @escaping ((String) -> Void) throws -> AnalysisOutcome) throws -> AnalysisOutcome {
        guard let cache, let runKey else { return try analyse(warning) }
        let repositoryKey = CommitCache.key(path: target.path, revision: target.revision)
        let key = Self.key(run: runKey, target: target)
        // Read before the analysis: a ref that moves while it runs makes the next run's state differ.
        let refs = refsState(repositoryAt: target.path)
        if let refs, let entry = cache.storedAnalysis(repository: repositoryKey), entry.key == key,
           state(refs: refs, repositoryAt: target.path, attributePaths: entry.attributePaths) == entry.state {
            do {
                return try outcome(of: entry)
            } catch {
                warning("its analysis kept in the cache cannot be read (\(BatchRunner.describe(error))); it is analysed again")
            }
        }
        var warned = false
        var outcome: AnalysisOutcome
        do {
            outcome = try analyse { problem in
                warned = true
                warning(problem)
            }
        } catch {
            try? cache.keepAnalysis(nil, repository: repositoryKey)
            throw error
        }
        var entry: Entry?
        let paths = attributePaths(outcome.analysis.snapshot)
        if mayKeep(outcome, warned: warned), let refs,
           let state = state(refs: refs, repositoryAt: target.path, attributePaths: paths) {
            entry = try? Self.entry(of: outcome, key: key, state: state, attributePaths: paths)
            outcome.encodedFacts = entry?.facts
        }
        do {
            try cache.keepAnalysis(entry, repository: repositoryKey)
        } catch {
            warning("the cache could not keep its analysis (\(BatchRunner.describe(error))); the next run analyses it again")
        }
        return outcome
    }

    /// The part of every key that the repositories of one run share: the build, the settings and as-of
    /// time, the global git configuration. Nil when the run keeps no memo: a global configuration that
    /// includes other files (not followed), or a build whose executable cannot be identified.
    static func runKey(_ options: RunOptions) -> String? {
        guard let build = BuildIdentity.current, let global = GitRepository.globalConfigurationState() else { return nil }
        let fields = [
            "memo=\(version)", "tool=\(ToolInfo.version)", "build=\(build)", "cache=\(CommitCache.formatVersion)",
            "rules=\(Ingestor.readingRulesVersion)",
            "configuration=\(options.configurationDigest)", "as-of=\(options.asOf)",
            "roster=\(options.rosterPath ?? "-")", "aliases=\(options.aliasesPath ?? "-")",
            "pseudonyms=\(options.pseudonymizer?.keyCheck ?? "-")",
            "change-requests=\(options.reconstructsChangeRequests)",
            "global-git-configuration=\(Digest.sha256Hex(global))",
        ]
        return Digest.sha256Hex(ofFields: fields)
    }

    /// The key of one repository of the run: the run's part and the repository's entry.
    static func key(run: String, target: AnalysisTarget) -> String {
        let owner = target.owner.map { (try? JSONEncoder().encode($0)).map { String(decoding: $0, as: UTF8.self) } ?? "?" } ?? "-"
        return Digest.sha256Hex(ofFields: [
            run, "path=\(RepositoryDiscovery.standardizedAbsolutePath(target.path))", "name=\(target.name ?? "-")",
            "revision=\(target.revision ?? "-")", "owner=\(owner)", "shallow=\(target.shallow.rawValue)",
        ])
    }

    /// The repository's refs, configuration and packs (`GitRepository.stateFingerprint`); nil when they
    /// cannot be told (no memo for it).
    static func refsState(repositoryAt path: String) -> Data? {
        (try? GitRepository(path: path))?.stateFingerprint()
    }

    /// The digest of `refs` with the reading context of `attributePaths` (the paths of `.gitattributes`
    /// files at its HEAD); nil when the repository cannot be opened.
    static func state(refs: Data, repositoryAt path: String, attributePaths: [String]) -> String? {
        guard let repository = try? GitRepository(path: path) else { return nil }
        var whole = refs
        whole.append(contentsOf: Array("\u{0}context\u{0}".utf8))
        whole.append(contentsOf: Array(repository.readingContext(paths: attributePaths).utf8))
        return Digest.sha256Hex(whole)
    }

    /// The paths at HEAD that the reading context looks at.
    static func attributePaths(_ snapshot: RepositorySnapshot) -> [String] {
        snapshot.paths.filter { $0.hasSuffix("/.gitattributes") }.sorted()
    }

    /// Findings that say the analysis depends on objects being absent or unreadable.
    static let incompleteReads: Set<Finding.Kind> = [
        .shallowHistory, .missingBlobs, .missingTrees, .unreadableRequestHeads, .unreadableConfiguration,
    ]

    /// Whether an analysis may be kept (see the type's comment).
    static func mayKeep(_ outcome: AnalysisOutcome, warned: Bool) -> Bool {
        let analysis = outcome.analysis
        guard !warned, analysis.failure == nil, outcome.cacheUse != .none, outcome.cacheUse != .bypassed,
              analysis.snapshot.absentObjects == AbsentObjects() else { return false }
        return !analysis.findings.contains { incompleteReads.contains($0.kind) }
    }

    /// What is stored for a repository: its facts as the facts file writes them, its identities, and the
    /// commits a run from the commit cache would report.
    struct Entry: Sendable {
        var key: String
        var state: String
        var attributePaths: [String]
        var facts: Data
        /// Where the change requests' array lies in `facts`, when `ChangeRequestJSON` wrote it.
        var changeRequests: Range<Int>?
        var identities: Data
        var commits: Int
    }

    static func entry(of outcome: AnalysisOutcome, key: String, state: String, attributePaths: [String]) throws -> Entry {
        let facts = try RunFacts.encodeParts(RunFacts.Repository(outcome.analysis))
        let identities = try JSONEncoder().encode(outcome.identities)
        return Entry(key: key, state: state, attributePaths: attributePaths, facts: facts.data,
                     changeRequests: facts.changeRequests, identities: identities,
                     commits: outcome.commitsRead + outcome.commitsFromCache)
    }

    /// The outcome an entry stands for: nothing read, every commit from the cache.
    static func outcome(of entry: Entry) throws -> AnalysisOutcome {
        let repository = try RunFacts.decodeRepository(entry.facts, changeRequests: entry.changeRequests)
        var outcome = AnalysisOutcome(analysis: repository.analysis, commitsRead: 0, commitsFromCache: entry.commits,
                                      cacheUse: .memoised)
        outcome.identities = try JSONDecoder().decode(KnownIdentities.self, from: entry.identities)
        outcome.encodedFacts = entry.facts
        return outcome
    }
}

/// Which build of the tool is running: the device, inode, size and modification time of its executable
/// (`/proc/self/exe`), so that facts made by one build are never taken by another, even of the same version.
enum BuildIdentity {
    static let current: String? = {
        var status = stat()
        guard stat("/proc/self/exe", &status) == 0 else { return nil }
        return "\(status.st_dev):\(status.st_ino):\(status.st_size):\(status.st_mtim.tv_sec).\(status.st_mtim.tv_nsec)"
    }()
}
