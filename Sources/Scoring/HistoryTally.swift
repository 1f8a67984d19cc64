import InnerSourceModel

/// What a repository's history holds in the window, before attribution to teams. Lines include merges'
/// against their first parent only with `--merge-stats`.
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

/// Folds a stream of commit records into the totals of a history. Pure: feed it records in any order
/// and read the same result.
public struct HistoryTally: Sendable {
    public private(set) var totals = HistoryTotals()

    public init() {}

    public mutating func add(_ record: CommitRecord) {
        let time = record.author.time
        totals.firstCommit = min(totals.firstCommit ?? time, time)
        totals.lastCommit = max(totals.lastCommit ?? time, time)
        if record.isMerge {
            totals.mergeCommits += 1
        } else {
            totals.commits += 1
        }
        // A merge has files only when merge statistics were asked for: then its lines count here too.
        totals.linesAdded += record.linesAdded
        totals.linesDeleted += record.linesDeleted
        for file in record.files {
            switch file.lines {
            case .binary: totals.binaryFileChanges += 1
            case .missing: totals.unknownFileChanges += 1
            case .counted, .notCounted: break
            }
        }
    }
}
