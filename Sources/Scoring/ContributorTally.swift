import InnerSourceModel

/// What one person contributed to one repository in the window.
public struct ContributorStats: Hashable, Sendable, Codable {
    /// The person's canonical key: the lower-cased e-mail after `.mailmap` (see `Identity.key`).
    public var key: String
    /// The name and e-mail of the person's most recent commit.
    public var identity: Identity
    /// Non-merge commits they authored.
    public var commits: Int
    /// Non-merge commits that name them in a `Co-authored-by` trailer.
    public var coauthoredCommits: Int
    public var linesAdded: Int
    public var linesDeleted: Int
    /// Author date of their first and last authored or co-authored commit, seconds since the epoch.
    public var firstCommit: Int64
    public var lastCommit: Int64
}

/// What a repository's history holds in the window, before attribution to teams.
public struct HistoryTotals: Hashable, Sendable, Codable {
    /// Non-merge commits.
    public var commits = 0
    public var mergeCommits = 0
    public var linesAdded = 0
    public var linesDeleted = 0
    /// Changed files counted as binary (no line counts).
    public var binaryFileChanges = 0
    /// Changed files whose line counts are unknown (blob missing).
    public var unknownFileChanges = 0
    /// Author date of the oldest and newest commit, merges included; nil when there is none.
    public var firstCommit: Int64?
    public var lastCommit: Int64?

    public init() {}
}

/// Folds a stream of commit records into per-person statistics and repository totals. Pure: feed it
/// records in any order and read the same result.
public struct ContributorTally: Sendable {
    private var people: [String: ContributorStats] = [:]
    /// The author date of the commit each person's display identity comes from, to keep the newest.
    private var identityTime: [String: Int64] = [:]
    public private(set) var totals = HistoryTotals()

    public init() {}

    public mutating func add(_ record: CommitRecord) {
        let time = record.author.time
        totals.firstCommit = min(totals.firstCommit ?? time, time)
        totals.lastCommit = max(totals.lastCommit ?? time, time)
        if record.isMerge {
            totals.mergeCommits += 1
            return
        }
        totals.commits += 1
        let added = record.linesAdded, deleted = record.linesDeleted
        totals.linesAdded += added
        totals.linesDeleted += deleted
        for file in record.files {
            switch file.lines {
            case .binary: totals.binaryFileChanges += 1
            case .missing: totals.unknownFileChanges += 1
            case .counted: break
            }
        }
        update(record.author.identity, time: time) { stats in
            stats.commits += 1
            stats.linesAdded += added
            stats.linesDeleted += deleted
        }
        for coAuthor in record.coAuthors {
            update(coAuthor, time: time) { $0.coauthoredCommits += 1 }
        }
    }

    private mutating func update(_ identity: Identity, time: Int64, _ change: (inout ContributorStats) -> Void) {
        let key = identity.key
        var stats = people[key] ?? ContributorStats(
            key: key, identity: identity, commits: 0, coauthoredCommits: 0, linesAdded: 0, linesDeleted: 0,
            firstCommit: time, lastCommit: time)
        stats.firstCommit = min(stats.firstCommit, time)
        stats.lastCommit = max(stats.lastCommit, time)
        // The newest commit names the person; on equal times the greater name wins, so order never matters.
        let newer: Bool
        if let previous = identityTime[key] {
            newer = time > previous
                || (time == previous && (identity.name, identity.email) > (stats.identity.name, stats.identity.email))
        } else {
            newer = true
        }
        if newer {
            stats.identity = identity
            identityTime[key] = time
        }
        change(&stats)
        people[key] = stats
    }

    /// Contributors, most commits first, then by key: a stable order for tables and files.
    public var contributors: [ContributorStats] {
        people.values.sorted { ($1.commits, $0.key) < ($0.commits, $1.key) }
    }
}
