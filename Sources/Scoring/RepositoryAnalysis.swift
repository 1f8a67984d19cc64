import InnerSourceModel

/// Everything the pipeline knows about one analysed repository: its snapshot, the totals of its history
/// in the window, its contributors and the findings about its data.
public struct RepositoryAnalysis: Sendable, Hashable {
    /// The name rows are keyed by: the work tree's folder name, or the bare repository's without `.git`.
    public var name: String
    public var snapshot: RepositorySnapshot
    /// Commits reachable from the analysed revision, in or out of the window.
    public var commitsWalked: Int
    public var totals: HistoryTotals
    public var contributors: [ContributorStats]
    public var findings: [Finding]

    public init(name: String, snapshot: RepositorySnapshot, commitsWalked: Int, totals: HistoryTotals,
                contributors: [ContributorStats], findings: [Finding]) {
        self.name = name
        self.snapshot = snapshot
        self.commitsWalked = commitsWalked
        self.totals = totals
        self.contributors = contributors
        self.findings = findings
    }

    /// `empty` for a repository with no commit at the analysed revision, else `ok`.
    public var status: String { snapshot.tip == nil ? "empty" : "ok" }
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

    public init(toolVersion: String, asOf: Int64, revision: String?, since: Int64?, until: Int64?, mergeStatistics: Bool) {
        self.toolVersion = toolVersion
        self.asOf = asOf
        self.revision = revision
        self.since = since
        self.until = until
        self.mergeStatistics = mergeStatistics
    }
}
