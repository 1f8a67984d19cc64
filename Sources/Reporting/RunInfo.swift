import InnerSourceModel
import Scoring

/// Which slice of a sharded batch a run is (`--shard K/N`).
public struct ShardInfo: Sendable, Hashable, Codable {
    /// K, from 0.
    public var index: Int
    /// N.
    public var count: Int

    public init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }
}

/// What a batch run (`innersource run`) did, besides its results: run metadata.
public struct BatchInfo: Sendable, Hashable, Codable {
    /// The pipeline file, as given.
    public var pipeline: String
    /// Repositories analysed, and those that could not be.
    public var repositories: Int
    public var failed: Int
    /// Commits read from repositories in this run, and commits taken from the incremental cache.
    public var commitsRead: Int
    public var commitsFromCache: Int
    /// The shard this run is, or nil for the whole batch.
    public var shard: ShardInfo?
    /// For `innersource merge`: the number of shards combined.
    public var mergedShards: Int?

    public init(pipeline: String, repositories: Int, failed: Int, commitsRead: Int, commitsFromCache: Int,
                shard: ShardInfo?, mergedShards: Int? = nil) {
        self.pipeline = pipeline
        self.repositories = repositories
        self.failed = failed
        self.commitsRead = commitsRead
        self.commitsFromCache = commitsFromCache
        self.shard = shard
        self.mergedShards = mergedShards
    }
}

/// The facts about a run that every output records: what produced it, anchored when, with which options.
public struct RunInfo: Sendable, Hashable, Codable {
    public var toolVersion: String
    /// The time relative dates were anchored at, seconds since the epoch.
    public var asOf: Int64
    public var revision: String?
    public var since: Int64?
    public var until: Int64?
    public var mergeStatistics: Bool
    /// A pseudonym of a fixed text under the run's key: shards pseudonymised with different keys differ
    /// here, and merge refuses them. Reveals no more than any pseudonym.
    public var pseudonymKeyCheck: String?
    /// Renames paired as `git log -M` pairs them (off: `--no-renames`).
    public var detectRenames = false
    /// The roster and aliases files used, as given; nil without.
    public var roster: String?
    public var aliases: String?
    /// `--owner`, when given.
    public var owner: Team?
    /// Bot patterns in force.
    public var botPatterns: [String]
    /// AI agent patterns in force.
    public var agentPatterns: [String] = []
    /// Platform committers in force (lower-cased e-mail patterns), and the configured noreply hosts.
    public var platformCommitters: [String] = []
    public var noreplyHosts: [String] = []
    /// People are written under keyed pseudonyms.
    public var pseudonymized = false
    /// Team-level person counts below this are left out (`--min-group-size`).
    public var minimumGroupSize: Int?
    /// Days after its newest commit a request head that did not land counts as declined.
    public var staleAfterDays: Int = 30
    /// The readiness checklist's thresholds (summary.json's `thresholds`).
    public var thresholds = ReadinessThresholds.standard
    /// SHA-256 of everything that shapes the results apart from the repositories and the as-of time
    /// (options, and the contents of the roster and aliases files); never the pseudonym key.
    public var configurationDigest = ""
    /// Set for `innersource run` and `merge`; nil for `analyze`.
    public var batch: BatchInfo?

    public init(toolVersion: String, asOf: Int64, revision: String?, since: Int64?, until: Int64?, mergeStatistics: Bool,
                roster: String? = nil, aliases: String? = nil, owner: Team? = nil, botPatterns: [String] = []) {
        self.toolVersion = toolVersion
        self.asOf = asOf
        self.revision = revision
        self.since = since
        self.until = until
        self.mergeStatistics = mergeStatistics
        self.roster = roster
        self.aliases = aliases
        self.owner = owner
        self.botPatterns = botPatterns
    }
}
