import Attribution
import Foundation
import Glibc
import Git
import GRDB
import Ingest
import InnerSourceModel

/// The incremental cache of a batch: one SQLite file (through GRDB) holding, per repository, the tip whose
/// history was read and every commit of that history with its full facts, the commits of its request heads;
/// and, shared by every repository, change-request facts keyed by objects (`SharedCacheFacts`), hygiene
/// reports keyed by the tree they were assessed on, and binary classifications of the blobs at HEAD keyed by
/// those blobs; and each repository's last analysis, whole, with what it was made from (`AnalysisMemo`). Keyed by the repository's path and by a digest of the tool version and the ingestion options
/// that change what is read (merge statistics); rosters, aliases, bots and owners are applied afresh on every
/// run, so changing them needs no cold run.
public final class CommitCache: Sendable {
    /// Bumped when the tables or the facts' encoding change: an older file is started afresh.
    static let formatVersion = "4.\(CommitFactsCodec.version)"
    /// Entries of the change-request tables are computed again after this long (a head may live for years;
    /// what no run asks for any more goes).
    static let proposalFactsLifetime: Int64 = 180 * 86_400

    public let path: String
    private let database: DatabasePool
    /// An exclusive lock on `PATH.lock`, held while the cache is open: two runs never share one cache.
    private let lockDescriptor: Int32

    /// Another run holds the cache.
    public struct Busy: Error, CustomStringConvertible {
        public var path: String
        /// What this run does instead, for a batch.
        public var description: String { message(reading: "every repository") }

        /// The warning, naming what this run reads in full without the cache.
        public func message(reading what: String) -> String {
            "another innersource run is using the cache \(path); this run reads \(what) in full without it"
        }
    }

    /// Opens (or creates) the cache at `path`. A file that is not a SQLite database, or a damaged one, is
    /// moved aside (`.broken`) and a new one started: the run goes on cold, and says so through `warning`.
    /// Any other problem (a lock, permissions) throws: the caller runs without the cache.
    public init(path: String, warning: (String) -> Void) throws {
        self.path = path
        try FileManager.default.createDirectory(atPath: Self.folder(of: path), withIntermediateDirectories: true)
        let descriptor = Glibc.open(path + ".lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw CacheOpenError(path: path, reason: "cannot create \(path).lock: \(String(cString: strerror(errno)))")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw Busy(path: path)
        }
        lockDescriptor = descriptor
        do {
            database = try Self.openDatabase(path)
        } catch let error as DatabaseError where [.SQLITE_CORRUPT, .SQLITE_NOTADB].contains(error.resultCode) {
            let aside = path + ".broken"
            for suffix in ["", "-wal", "-shm"] {
                try? FileManager.default.removeItem(atPath: aside + suffix)
                try? FileManager.default.moveItem(atPath: path + suffix, toPath: aside + suffix)
            }
            warning("the cache \(path) could not be used (\(error.message ?? "\(error.resultCode)")); it was moved to \(aside) and this run reads every repository in full")
            do {
                database = try Self.openDatabase(path)
            } catch {
                flock(descriptor, LOCK_UN)
                close(descriptor)
                throw error
            }
        } catch {
            flock(descriptor, LOCK_UN)
            close(descriptor)
            throw error
        }
    }

    deinit {
        flock(lockDescriptor, LOCK_UN)
        close(lockDescriptor)
    }

    private static func openDatabase(_ path: String) throws -> DatabasePool {
        var configuration = Configuration()
        configuration.busyMode = .timeout(60)
        let pool = try DatabasePool(path: path, configuration: configuration)
        try pool.write { db in
            try db.execute(sql: "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            let version = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'format'")
            if version != formatVersion {
                for table in ["commits", "repositories", "proposal_lines", "patch_ids", "hygiene_reports", "proposal_commits", "binary_paths", "analyses"] {
                    try db.execute(sql: "DROP TABLE IF EXISTS \(table)")
                }
                try db.execute(sql: "INSERT OR REPLACE INTO meta (key, value) VALUES ('format', ?)", arguments: [formatVersion])
            }
            try db.execute(sql: """
                CREATE TABLE IF NOT EXISTS repositories (
                    id INTEGER PRIMARY KEY,
                    key TEXT NOT NULL,
                    options_digest TEXT NOT NULL,
                    tip TEXT,
                    context TEXT,
                    commits INTEGER NOT NULL DEFAULT 0,
                    -- 1 when no stored commit lacks a blob or a tree: only then may another repository take them.
                    complete INTEGER NOT NULL DEFAULT 0,
                    updated_at INTEGER NOT NULL DEFAULT 0,
                    UNIQUE (key, options_digest)
                );
                CREATE TABLE IF NOT EXISTS commits (
                    repository_id INTEGER NOT NULL REFERENCES repositories(id) ON DELETE CASCADE,
                    id TEXT NOT NULL,
                    facts BLOB NOT NULL,
                    UNIQUE (repository_id, id)
                );
                CREATE TABLE IF NOT EXISTS proposal_lines (
                    options_digest TEXT NOT NULL,
                    context TEXT NOT NULL,
                    base TEXT NOT NULL,
                    tip TEXT NOT NULL,
                    added INTEGER NOT NULL,
                    deleted INTEGER NOT NULL,
                    stored_at INTEGER NOT NULL,
                    PRIMARY KEY (options_digest, context, base, tip)
                ) WITHOUT ROWID;
                CREATE TABLE IF NOT EXISTS patch_ids (
                    options_digest TEXT NOT NULL,
                    context TEXT NOT NULL,
                    commit_id TEXT NOT NULL,
                    patch_id TEXT NOT NULL,
                    stored_at INTEGER NOT NULL,
                    PRIMARY KEY (options_digest, context, commit_id)
                ) WITHOUT ROWID;
                CREATE TABLE IF NOT EXISTS proposal_commits (
                    repository_key TEXT NOT NULL,
                    options_digest TEXT NOT NULL,
                    context TEXT NOT NULL,
                    id TEXT NOT NULL,
                    facts BLOB NOT NULL,
                    PRIMARY KEY (repository_key, options_digest, context, id)
                ) WITHOUT ROWID;
                CREATE TABLE IF NOT EXISTS hygiene_reports (
                    key TEXT PRIMARY KEY,
                    report BLOB NOT NULL,
                    stored_at INTEGER NOT NULL
                );
                CREATE TABLE IF NOT EXISTS analyses (
                    repository_key TEXT PRIMARY KEY,
                    memo_key TEXT NOT NULL,
                    state TEXT NOT NULL,
                    attribute_paths TEXT NOT NULL,
                    facts BLOB NOT NULL,
                    -- Where the change requests' array lies in facts (bytes), when it is known.
                    requests_start INTEGER,
                    requests_end INTEGER,
                    identities BLOB NOT NULL,
                    commits INTEGER NOT NULL,
                    stored_at INTEGER NOT NULL
                ) WITHOUT ROWID;
                CREATE TABLE IF NOT EXISTS binary_paths (
                    key TEXT PRIMARY KEY,
                    paths BLOB NOT NULL,
                    stored_at INTEGER NOT NULL
                );
                """)
            let oldest = Int64(Date().timeIntervalSince1970) - proposalFactsLifetime
            try db.execute(sql: "DELETE FROM proposal_lines WHERE stored_at < ?", arguments: [oldest])
            try db.execute(sql: "DELETE FROM patch_ids WHERE stored_at < ?", arguments: [oldest])
            try db.execute(sql: "DELETE FROM hygiene_reports WHERE stored_at < ?", arguments: [oldest])
            try db.execute(sql: "DELETE FROM binary_paths WHERE stored_at < ?", arguments: [oldest])
            // A repository gone from the batch leaves its analysis behind: dropped after the same time.
            try db.execute(sql: "DELETE FROM analyses WHERE stored_at < ?", arguments: [oldest])
        }
        return pool
    }

    /// The digest that keys a repository's facts besides its path.
    public static func optionsDigest(merges: MergePolicy, renames: RenamePolicy) -> String {
        Digest.sha256Hex(Data("\(ToolInfo.version)|\(formatVersion)|rules=\(Ingestor.readingRulesVersion)|merge-statistics=\(merges == .measure)|renames=\(renames == .detect)".utf8))
    }

    /// The key of a repository's facts: its path, and the revision when one is named (`ref:`).
    public static func key(path: String, revision: String?) -> String {
        // Absolute and without `.` or `..` (the batch's paths already are; `analyze .` in two folders must not
        // share one key).
        let path = RepositoryDiscovery.standardizedAbsolutePath(path)
        return revision.map { path + "@" + $0 } ?? path
    }

    /// The folder a cache file at `path` lies in (`.` for a bare file name).
    public static func folder(of path: String) -> String {
        let folder = (path as NSString).deletingLastPathComponent
        return folder.isEmpty ? "." : folder
    }

    /// Whether the file at `path` can be a cache: absent, empty, or a SQLite database (a damaged one is moved
    /// aside when opened). Anything else is a file that a mistyped path would rename.
    public static func mayBeCache(at path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return !FileManager.default.fileExists(atPath: path) }
        defer { try? handle.close() }
        let start = (try? handle.read(upToCount: 16)) ?? Data()
        return start.isEmpty || start == Data("SQLite format 3\u{0}".utf8)
    }

    /// The store of one repository, for one ingestion.
    public func store(repository key: String, merges: MergePolicy, renames: RenamePolicy) throws -> RepositoryFactStore {
        let digest = Self.optionsDigest(merges: merges, renames: renames)
        let entry = try database.write { db -> (Int64, String?, String?) in
            // Facts read under other options (or by another version) are never used again.
            try db.execute(sql: "DELETE FROM commits WHERE repository_id IN (SELECT id FROM repositories WHERE key = ? AND options_digest <> ?)",
                           arguments: [key, digest])
            try db.execute(sql: "DELETE FROM repositories WHERE key = ? AND options_digest <> ?", arguments: [key, digest])
            if let row = try Row.fetchOne(db, sql: "SELECT id, tip, context FROM repositories WHERE key = ? AND options_digest = ?",
                                          arguments: [key, digest]) {
                return (row["id"], row["tip"], row["context"])
            }
            try db.execute(sql: "INSERT INTO repositories (key, options_digest) VALUES (?, ?)", arguments: [key, digest])
            return (db.lastInsertedRowID, nil, nil)
        }
        return RepositoryFactStore(database: database, cachePath: self.path, repositoryID: entry.0, optionsDigest: digest,
                                   storedTip: entry.1.map { ObjectID(hex: $0) }, storedContext: entry.2)
    }

    /// What the cache keeps beside each repository's commits, under these options: change-request facts
    /// (heads' lines and patch ids, shared by every repository; each repository's heads' commits) and hygiene
    /// reports.
    public func sharedFacts(merges: MergePolicy, renames: RenamePolicy) -> SharedCacheFacts {
        SharedCacheFacts(database: database, optionsDigest: Self.optionsDigest(merges: merges, renames: renames))
    }

    /// Forgets what is stored for a repository (after its facts turned out unreadable).
    public func forget(repository key: String) throws {
        try database.write { db in
            try db.execute(sql: "DELETE FROM commits WHERE repository_id IN (SELECT id FROM repositories WHERE key = ?)", arguments: [key])
            try db.execute(sql: "DELETE FROM repositories WHERE key = ?", arguments: [key])
            try db.execute(sql: "DELETE FROM proposal_commits WHERE repository_key = ?", arguments: [key])
            try db.execute(sql: "DELETE FROM analyses WHERE repository_key = ?", arguments: [key])
        }
    }

    /// The analysis kept for a repository (`AnalysisMemo`), whatever its key; nil when none is or it cannot
    /// be read.
    func storedAnalysis(repository key: String) -> AnalysisMemo.Entry? {
        try? database.read { db -> AnalysisMemo.Entry? in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT memo_key, state, attribute_paths, facts, requests_start, requests_end, identities, commits
                FROM analyses WHERE repository_key = ?
                """, arguments: [key]) else { return nil }
            let paths: String = row["attribute_paths"]
            guard let attributePaths = try? JSONDecoder().decode([String].self, from: Data(paths.utf8)) else { return nil }
            let start: Int? = row["requests_start"], end: Int? = row["requests_end"]
            return AnalysisMemo.Entry(key: row["memo_key"], state: row["state"], attributePaths: attributePaths,
                                      facts: row["facts"], changeRequests: start.flatMap { start in end.flatMap { start <= $0 ? start..<$0 : nil } },
                                      identities: row["identities"], commits: row["commits"])
        }
    }

    /// Keeps a repository's analysis in place of the one before; nil to keep none (the one before goes).
    func keepAnalysis(_ entry: AnalysisMemo.Entry?, repository key: String) throws {
        try database.write { db in
            guard let entry else {
                try db.execute(sql: "DELETE FROM analyses WHERE repository_key = ?", arguments: [key])
                return
            }
            try db.execute(sql: """
                INSERT OR REPLACE INTO analyses (repository_key, memo_key, state, attribute_paths, facts, requests_start,
                                                 requests_end, identities, commits, stored_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [key, entry.key, entry.state, String(decoding: try JSONEncoder().encode(entry.attributePaths), as: UTF8.self),
                                 entry.facts, entry.changeRequests?.lowerBound, entry.changeRequests?.upperBound,
                                 entry.identities, entry.commits, Int64(Date().timeIntervalSince1970)])
        }
    }
}

/// The cache file cannot be opened for a reason other than damage.
public struct CacheOpenError: Error, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { reason }
}

/// Stored facts that cannot be trusted (undecodable, or fewer than the cache recorded): the repository's
/// facts are dropped and it is read again in full.
public struct CacheDamage: Error, CustomStringConvertible {
    public var cachePath: String
    public var reason: String

    public var description: String { "the cache \(cachePath) is damaged (\(reason))" }
}

/// One repository's facts in the cache, as `Ingestor` uses them.
public final class RepositoryFactStore: CommitFactStore {
    private let database: DatabasePool
    private let cachePath: String
    private let repositoryID: Int64
    private let optionsDigest: String
    public private(set) var storedTip: ObjectID?
    public private(set) var storedContext: String?
    private var staged: [(id: ObjectID, facts: [UInt8])] = []
    /// Whether a staged commit lacks a blob or a tree (its facts are then never taken by another repository).
    private var stagedIncomplete = false

    init(database: DatabasePool, cachePath: String, repositoryID: Int64, optionsDigest: String, storedTip: ObjectID?,
         storedContext: String?) {
        self.database = database
        self.cachePath = cachePath
        self.repositoryID = repositoryID
        self.optionsDigest = optionsDigest
        self.storedTip = storedTip
        self.storedContext = storedContext
    }

    public func adoptSharedHistory(context: String, isInHistory: (ObjectID) -> Bool) -> Bool {
        guard storedTip == nil else { return false }
        // The largest histories first: the more a donor holds, the less is read.
        let candidates = (try? database.read { db in
            try Row.fetchAll(db, sql: """
                SELECT id, tip, commits FROM repositories
                WHERE options_digest = ? AND context = ? AND complete = 1 AND tip IS NOT NULL AND id <> ?
                ORDER BY commits DESC, id LIMIT 64
                """, arguments: [optionsDigest, context, repositoryID])
        }) ?? []
        for candidate in candidates {
            let donor: Int64 = candidate["id"], tipHex: String = candidate["tip"], recorded: Int = candidate["commits"]
            let tip = ObjectID(hex: tipHex)
            guard isInHistory(tip) else { continue }
            let taken: Bool? = try? database.write { db in
                // The donor as it was chosen, checked again inside the transaction that copies it: another job
                // may have saved it anew since.
                guard try Bool.fetchOne(db, sql: """
                    SELECT EXISTS (SELECT 1 FROM repositories WHERE id = ? AND tip = ? AND context = ? AND options_digest = ?
                                   AND complete = 1 AND commits = ?)
                    """, arguments: [donor, tipHex, context, optionsDigest, recorded]) == true else { return false }
                try db.execute(sql: "UPDATE repositories SET tip = ?, context = ?, complete = 1, updated_at = ? WHERE id = ? AND tip IS NULL",
                               arguments: [tipHex, context, Int64(Date().timeIntervalSince1970), repositoryID])
                guard db.changesCount == 1 else { return false }
                try db.execute(sql: "DELETE FROM commits WHERE repository_id = ?", arguments: [repositoryID])
                try db.execute(sql: "INSERT INTO commits (repository_id, id, facts) SELECT ?, id, facts FROM commits WHERE repository_id = ?",
                               arguments: [repositoryID, donor])
                // A donor that holds less than it recorded is damaged: take nothing (the transaction rolls back).
                guard db.changesCount == recorded else { throw CacheDamage(cachePath: cachePath, reason: "a donor holds less than it recorded") }
                try db.execute(sql: "UPDATE repositories SET commits = ? WHERE id = ?", arguments: [recorded, repositoryID])
                return true
            }
            if taken == true {
                storedTip = tip
                storedContext = context
                return true
            }
        }
        return false
    }

    public func forEachStored(_ body: (CommitRecord, Bool) throws -> Void) throws {
        // One read transaction: the tip checked and the facts read are of one state of the cache.
        var consumerError: (any Error)?
        do {
            try database.read { db in
                try checkComplete(db)
                // Each row's bytes decoded where SQLite holds them (no copy per commit).
                let rows = try Row.fetchCursor(db, sql: "SELECT facts FROM commits WHERE repository_id = ?", arguments: [repositoryID])
                while let row = try rows.next() {
                    let decoded: (record: CommitRecord, undecodable: Bool)
                    do {
                        decoded = try CommitFactsCodec.decode(row: row)
                    } catch {
                        throw CacheDamage(cachePath: cachePath, reason: "unreadable facts: \(error)")
                    }
                    do {
                        try body(decoded.record, decoded.undecodable)
                    } catch {
                        consumerError = error
                        throw error
                    }
                }
            }
        } catch {
            if let consumerError { throw consumerError }
            if error is CacheDamage { throw error }
            // Anything SQLite says here (a damaged page, an I/O error) is the cache's problem, not the repository's.
            throw CacheDamage(cachePath: cachePath, reason: "\(error)")
        }
    }

    /// Checks that the cache holds what it recorded when it saved this repository's facts (a valid SQLite
    /// file may have lost a table or rows): the tip this run planned with, as many commits as were saved,
    /// and the tip's own facts. Anything else is damage.
    private func checkComplete(_ db: Database) throws {
        guard let entry = try Row.fetchOne(db, sql: "SELECT tip, commits FROM repositories WHERE id = ?", arguments: [repositoryID]),
              entry["tip"] as String? == storedTip?.hex else {
            throw CacheDamage(cachePath: cachePath, reason: "its facts changed while this run read them")
        }
        let recorded: Int = entry["commits"]
        let held = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM commits WHERE repository_id = ?", arguments: [repositoryID]) ?? 0
        guard held == recorded else {
            throw CacheDamage(cachePath: cachePath, reason: "it holds \(held) of the \(recorded) commits it saved for this repository")
        }
        if let tip = storedTip?.hex,
           try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM commits WHERE repository_id = ? AND id = ?)",
                             arguments: [repositoryID, tip]) != true {
            throw CacheDamage(cachePath: cachePath, reason: "the facts of its tip \(tip.prefix(12)) are missing")
        }
    }

    public func stage(_ record: CommitRecord) {
        if !record.filesKnown || record.files.contains(where: { $0.lines == .missing }) { stagedIncomplete = true }
        staged.append((record.id, CommitFactsCodec.encode(record, undecodable: false)))
    }

    public func save(tip: ObjectID, context: String, replacing: Bool, undecodable: Set<ObjectID>) throws {
        let staged = self.staged, incomplete = stagedIncomplete
        self.staged = []
        stagedIncomplete = false
        try database.write { db in
            // Compare and set: facts staged against a tip another run has moved since are not saved. Complete
            // when nothing staged lacks an object and, when extending, nothing stored did.
            try db.execute(sql: """
                UPDATE repositories SET tip = ?, context = ?, updated_at = ?, complete = (? AND (? OR complete))
                WHERE id = ? AND tip IS ?
                """, arguments: [tip.hex, context, Int64(Date().timeIntervalSince1970), !incomplete, replacing, repositoryID, storedTip?.hex])
            guard db.changesCount == 1 else {
                throw CacheDamage(cachePath: cachePath, reason: "another run updated this repository's facts first")
            }
            if replacing {
                try db.execute(sql: "DELETE FROM commits WHERE repository_id = ?", arguments: [repositoryID])
            }
            let insert = try db.makeStatement(sql: "INSERT OR IGNORE INTO commits (repository_id, id, facts) VALUES (?, ?, ?)")
            for entry in staged {
                var facts = entry.facts
                if undecodable.contains(entry.id), let decoded = try? CommitFactsCodec.decode(Data(facts)) {
                    facts = CommitFactsCodec.encode(decoded.record, undecodable: true)
                }
                try insert.execute(arguments: [repositoryID, entry.id.hex, Data(facts)])
            }
            let count = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM commits WHERE repository_id = ?", arguments: [repositoryID]) ?? 0
            try db.execute(sql: "UPDATE repositories SET commits = ? WHERE id = ?", arguments: [count, repositoryID])
        }
    }
}

/// What the cache keeps beside each repository's commits: change-request facts (`ProposalFactStore`), keyed
/// by object ids, the options digest and a digest of the reading context, so that any repository holding the
/// same objects uses them (and each repository's heads' commits, by repository), hygiene reports
/// (`HygieneMemo`) keyed by the tree they were assessed on, and binary classifications at HEAD
/// (`BinaryClassificationMemo`) keyed by the blobs classified. Reads and writes that fail answer nothing and
/// keep nothing: the figures are computed again.
public final class SharedCacheFacts: ProposalFactStore, HygieneMemo, BinaryClassificationMemo {
    private let database: DatabasePool
    private let optionsDigest: String

    init(database: DatabasePool, optionsDigest: String) {
        self.database = database
        self.optionsDigest = optionsDigest
    }

    private func key(_ context: String) -> String { Digest.sha256Hex(Data(context.utf8)) }

    public func storedLines(of pairs: [ProposalPair], context: String) -> [ProposalPair: LineTotals] {
        guard !pairs.isEmpty else { return [:] }
        let contextKey = key(context)
        return (try? database.read { db in
            var found: [ProposalPair: LineTotals] = [:]
            let select = try db.makeStatement(sql: """
                SELECT added, deleted FROM proposal_lines WHERE options_digest = ? AND context = ? AND base = ? AND tip = ?
                """)
            for pair in pairs {
                if let row = try Row.fetchOne(select, arguments: [optionsDigest, contextKey, pair.base?.hex ?? "", pair.tip.hex]) {
                    found[pair] = LineTotals(added: row[0], deleted: row[1])
                }
            }
            return found
        }) ?? [:]
    }

    public func keepLines(_ lines: [ProposalPair: LineTotals], context: String) {
        let contextKey = key(context), now = Int64(Date().timeIntervalSince1970)
        try? database.write { db in
            let insert = try db.makeStatement(sql: """
                INSERT OR REPLACE INTO proposal_lines (options_digest, context, base, tip, added, deleted, stored_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
            for (pair, totals) in lines {
                try insert.execute(arguments: [optionsDigest, contextKey, pair.base?.hex ?? "", pair.tip.hex,
                                               totals.added, totals.deleted, now])
            }
        }
    }

    public func storedPatchIDs(of commits: [ObjectID], context: String) -> [ObjectID: ObjectID] {
        guard !commits.isEmpty else { return [:] }
        let contextKey = key(context)
        return (try? database.read { db in
            var found: [ObjectID: ObjectID] = [:]
            let select = try db.makeStatement(sql: "SELECT patch_id FROM patch_ids WHERE options_digest = ? AND context = ? AND commit_id = ?")
            for commit in commits {
                if let patch = try String.fetchOne(select, arguments: [optionsDigest, contextKey, commit.hex]) {
                    found[commit] = ObjectID(hex: patch)
                }
            }
            return found
        }) ?? [:]
    }

    public func keepPatchIDs(_ ids: [ObjectID: ObjectID], context: String) {
        let contextKey = key(context), now = Int64(Date().timeIntervalSince1970)
        try? database.write { db in
            let insert = try db.makeStatement(sql: """
                INSERT OR REPLACE INTO patch_ids (options_digest, context, commit_id, patch_id, stored_at) VALUES (?, ?, ?, ?, ?)
                """)
            for (commit, patch) in ids {
                try insert.execute(arguments: [optionsDigest, contextKey, commit.hex, patch.hex, now])
            }
        }
    }

    public func storedHygiene(key: String) -> Data? {
        try? database.read { db in try Data.fetchOne(db, sql: "SELECT report FROM hygiene_reports WHERE key = ?", arguments: [key]) }
    }

    public func keepHygiene(_ report: Data, key: String) {
        try? database.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO hygiene_reports (key, report, stored_at) VALUES (?, ?, ?)",
                           arguments: [key, report, Int64(Date().timeIntervalSince1970)])
        }
    }

    /// The key of a classification: a digest of the tool version (a later rule for binary files gives other
    /// keys) and every blob's path and id, in order.
    static func classificationKey(_ blobs: [GitRepository.BlobAtPath]) -> String {
        Digest.sha256Hex(ofFields: ["\(ToolInfo.version)|binary-classification|\(blobs.count)"] + blobs.flatMap { [$0.path, $0.id.hex] })
    }

    public func storedBinaryPaths(of blobs: [GitRepository.BlobAtPath]) -> Set<String>? {
        let key = Self.classificationKey(blobs)
        guard let data = try? database.read({ db in
                  try Data.fetchOne(db, sql: "SELECT paths FROM binary_paths WHERE key = ?", arguments: [key])
              }),
              let paths = try? JSONDecoder().decode([String].self, from: data)
        else { return nil }
        // An entry naming a path that is not among the blobs is damaged: classified again.
        let binary = Set(paths)
        guard binary.isSubset(of: Set(blobs.map(\.path))) else { return nil }
        return binary
    }

    public func keepBinaryPaths(_ binary: Set<String>, of blobs: [GitRepository.BlobAtPath]) {
        guard let data = try? JSONEncoder().encode(binary.sorted()) else { return }
        try? database.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO binary_paths (key, paths, stored_at) VALUES (?, ?, ?)",
                           arguments: [Self.classificationKey(blobs), data, Int64(Date().timeIntervalSince1970)])
        }
    }

    public func storedProposalCommits(repository key: String, context: String) -> [ObjectID: CommitRecord] {
        let contextKey = self.key(context)
        return (try? database.read { db in
            // Gathered first, so that the dictionary is sized once (thousands of records, each hashed and
            // moved again at every growth otherwise).
            var records: [CommitRecord] = []
            let rows = try Row.fetchCursor(db, sql: """
                SELECT facts FROM proposal_commits WHERE repository_key = ? AND options_digest = ? AND context = ?
                """, arguments: [key, optionsDigest, contextKey])
            while let row = try rows.next() {
                // An entry that cannot be decoded is read again from git.
                guard let record = try? CommitFactsCodec.decode(row: row).record else { continue }
                records.append(record)
            }
            var found: [ObjectID: CommitRecord] = [:]
            found.reserveCapacity(records.count)
            for record in records { found[record.id] = record }
            return found
        }) ?? [:]
    }

    public func keepProposalCommits(_ records: [CommitRecord], repository key: String, context: String) {
        let contextKey = self.key(context)
        try? database.write { db in
            try db.execute(sql: "DELETE FROM proposal_commits WHERE repository_key = ?", arguments: [key])
            let insert = try db.makeStatement(sql: """
                INSERT OR REPLACE INTO proposal_commits (repository_key, options_digest, context, id, facts) VALUES (?, ?, ?, ?, ?)
                """)
            for record in records {
                try insert.execute(arguments: [key, optionsDigest, contextKey, record.id.hex,
                                               Data(CommitFactsCodec.encode(record, undecodable: false))])
            }
        }
    }
}

extension CommitFactsCodec {
    /// The record in the first column of a cache row, decoded where SQLite holds its bytes (no copy).
    static func decode(row: Row) throws -> (record: CommitRecord, undecodable: Bool) {
        try row.withUnsafeData(atIndex: 0) { data in
            guard let data else { throw DecodeError(reason: "no facts (NULL)", offset: 0) }
            return try data.withUnsafeBytes { try decode($0) }
        }
    }
}
