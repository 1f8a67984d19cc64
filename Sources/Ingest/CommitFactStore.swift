import InnerSourceModel

/// Where an incremental run keeps what it read of one repository's history: every commit reachable from a
/// tip, with its full facts (lines counted whatever the window, so that a later window can use them).
/// The Pipeline module implements it with SQLite; `Ingestor` decides what to read and what to reuse.
public protocol CommitFactStore: AnyObject {
    /// The tip whose whole history the store holds; nil when it holds nothing.
    var storedTip: ObjectID? { get }
    /// The reading context (`.mailmap`, attributes) the stored facts were read under.
    var storedContext: String? { get }
    /// Calls `body` with every stored commit and whether its declared encoding could not be decoded.
    func forEachStored(_ body: (CommitRecord, Bool) throws -> Void) throws
    /// Keeps a commit just read, until `save` (or drops it if `save` is never called).
    func stage(_ record: CommitRecord)
    /// Makes the staged commits part of the store, which now holds the history of `tip`. `replacing`:
    /// the stored commits are dropped first (the history was rewritten). `undecodable` names staged commits
    /// whose declared encoding could not be decoded.
    func save(tip: ObjectID, context: String, replacing: Bool, undecodable: Set<ObjectID>) throws
    /// When the store holds nothing for this repository: takes as its own the facts another repository of the
    /// same store saved under the same reading context, whose tip `isInHistory` (a fork, a mirror or a copy
    /// of the same history: commit ids name their content, so its facts are this one's). Only complete facts
    /// (no blob or tree absent) are taken. Returns whether facts were taken; `storedTip` and
    /// `storedContext` are then those facts'.
    func adoptSharedHistory(context: String, isInHistory: (ObjectID) -> Bool) -> Bool
}

extension CommitFactStore {
    /// A store that keeps one repository apart from any other takes nothing.
    public func adoptSharedHistory(context: String, isInHistory: (ObjectID) -> Bool) -> Bool { false }
}

/// How an incremental ingestion used its store.
public enum CacheUse: String, Sendable, Hashable, Codable {
    /// No store was given.
    case none
    /// The store was empty: everything was read and stored.
    case cold
    /// The stored tip is still HEAD: nothing was read.
    case unchanged
    /// The stored tip is an ancestor of HEAD: only the commits after it were read.
    case extended
    /// The stored tip is no longer an ancestor (a force-push), or `.mailmap` or attributes changed:
    /// everything was read again.
    case rewritten
    /// A shallow clone: read without the store (its walk cannot hide what was read).
    case bypassed
    /// The store held nothing for this repository, and another repository's facts of the same history were
    /// taken (a fork, a mirror, a copy); only the commits after their tip were read.
    case shared
    /// Nothing the repository's last analysis was made from has changed (its refs, configuration, the run's
    /// settings and as-of time, the build): that analysis was taken whole from the cache.
    case memoised
}

/// Turns a commit read with full facts into the record a direct read under `options` would have given,
/// so that results from the store are exactly those of a cold run.
enum CommitNormalizer {
    /// nil when a direct read would not have delivered the commit.
    static func normalize(_ record: CommitRecord, for options: IngestOptions) -> CommitRecord? {
        let inWindow = options.window.contains(record.author.time)
        guard inWindow || options.includeOutsideWindow else { return nil }
        guard !inWindow else { return record }
        var record = record
        record.inWindow = false
        if record.isMerge {
            // Outside the window a merge's files are never read.
            record.files = []
            record.filesKnown = true
        } else {
            for index in record.files.indices { record.files[index].lines = .notCounted }
        }
        return record
    }
}
