import Attribution
import Foundation
import GRDB
import Ingest
import InnerSourceModel

/// The incremental cache of a batch: one SQLite file (through GRDB) holding, per repository, the tip whose
/// history was read and every commit of that history with its full facts. Keyed by the repository's path
/// and by a digest of the tool version and the ingestion options that change what is read (merge
/// statistics); rosters, aliases, bots and owners are applied afresh on every run, so changing them needs
/// no cold run.
public final class CommitCache: Sendable {
    /// Bumped when the tables or the facts' encoding change: an older file is started afresh.
    static let formatVersion = "1.\(CommitFactsCodec.version)"

    public let path: String
    private let database: DatabasePool

    /// Opens (or creates) the cache at `path`. A file that is not a cache of this format is moved aside
    /// (`.broken`) and a new one started: the run goes on cold, and says so through `warning`.
    public init(path: String, warning: (String) -> Void) throws {
        self.path = path
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        do {
            database = try Self.open(path)
        } catch {
            let aside = path + ".broken"
            try? FileManager.default.removeItem(atPath: aside)
            for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            try FileManager.default.moveItem(atPath: path, toPath: aside)
            warning("the cache \(path) could not be used (\(error)); it was moved to \(aside) and this run reads every repository in full")
            database = try Self.open(path)
        }
    }

    private static func open(_ path: String) throws -> DatabasePool {
        var configuration = Configuration()
        configuration.busyMode = .timeout(60)
        let pool = try DatabasePool(path: path, configuration: configuration)
        try pool.write { db in
            try db.execute(sql: "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            let version = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'format'")
            if version != formatVersion {
                try db.execute(sql: "DROP TABLE IF EXISTS commits")
                try db.execute(sql: "DROP TABLE IF EXISTS repositories")
                try db.execute(sql: "INSERT OR REPLACE INTO meta (key, value) VALUES ('format', ?)", arguments: [formatVersion])
            }
            try db.execute(sql: """
                CREATE TABLE IF NOT EXISTS repositories (
                    id INTEGER PRIMARY KEY,
                    path TEXT NOT NULL,
                    options_digest TEXT NOT NULL,
                    tip TEXT,
                    commits INTEGER NOT NULL DEFAULT 0,
                    updated_at INTEGER NOT NULL DEFAULT 0,
                    UNIQUE (path, options_digest)
                );
                CREATE TABLE IF NOT EXISTS commits (
                    repository_id INTEGER NOT NULL REFERENCES repositories(id) ON DELETE CASCADE,
                    id TEXT NOT NULL,
                    facts BLOB NOT NULL
                );
                CREATE INDEX IF NOT EXISTS commits_by_repository ON commits (repository_id);
                """)
        }
        return pool
    }

    /// The digest that keys a repository's facts besides its path.
    public static func optionsDigest(mergeStatistics: Bool, detectRenames: Bool) -> String {
        Digest.sha256Hex(Data("\(ToolInfo.version)|\(formatVersion)|merge-statistics=\(mergeStatistics)|renames=\(detectRenames)".utf8))
    }

    /// The store of one repository, for one ingestion.
    public func store(repository path: String, mergeStatistics: Bool, detectRenames: Bool) throws -> RepositoryFactStore {
        let digest = Self.optionsDigest(mergeStatistics: mergeStatistics, detectRenames: detectRenames)
        let entry = try database.write { db -> (Int64, String?) in
            // Facts read under other options (or by another version) are never used again.
            try db.execute(sql: "DELETE FROM commits WHERE repository_id IN (SELECT id FROM repositories WHERE path = ? AND options_digest <> ?)",
                           arguments: [path, digest])
            try db.execute(sql: "DELETE FROM repositories WHERE path = ? AND options_digest <> ?", arguments: [path, digest])
            if let row = try Row.fetchOne(db, sql: "SELECT id, tip FROM repositories WHERE path = ? AND options_digest = ?",
                                          arguments: [path, digest]) {
                return (row["id"], row["tip"])
            }
            try db.execute(sql: "INSERT INTO repositories (path, options_digest) VALUES (?, ?)", arguments: [path, digest])
            return (db.lastInsertedRowID, nil)
        }
        return RepositoryFactStore(database: database, cachePath: self.path, repositoryID: entry.0,
                                   storedTip: entry.1.map { ObjectID(hex: $0) })
    }

    /// Forgets what is stored for a repository (after its facts turned out unreadable).
    public func forget(repository path: String) throws {
        try database.write { db in
            try db.execute(sql: "DELETE FROM commits WHERE repository_id IN (SELECT id FROM repositories WHERE path = ?)", arguments: [path])
            try db.execute(sql: "DELETE FROM repositories WHERE path = ?", arguments: [path])
        }
    }
}

/// Stored facts that cannot be decoded: the repository is read again in full.
public struct CacheDamage: Error, CustomStringConvertible {
    public var cachePath: String
    public var reason: String

    public var description: String { "the cache \(cachePath) holds unreadable facts (\(reason))" }
}

/// One repository's facts in the cache, as `Ingestor` uses them.
public final class RepositoryFactStore: CommitFactStore {
    private let database: DatabasePool
    private let cachePath: String
    private let repositoryID: Int64
    public let storedTip: ObjectID?
    private var staged: [(id: ObjectID, facts: [UInt8])] = []

    init(database: DatabasePool, cachePath: String, repositoryID: Int64, storedTip: ObjectID?) {
        self.database = database
        self.cachePath = cachePath
        self.repositoryID = repositoryID
        self.storedTip = storedTip
    }

    public func forEachStored(_ body: (CommitRecord, Bool) throws -> Void) throws {
        try database.read { db in
            let rows = try Data.fetchCursor(db, sql: "SELECT facts FROM commits WHERE repository_id = ?", arguments: [repositoryID])
            while let facts = try rows.next() {
                let decoded: (record: CommitRecord, undecodable: Bool)
                do {
                    decoded = try CommitFactsCodec.decode(facts)
                } catch {
                    throw CacheDamage(cachePath: cachePath, reason: "\(error)")
                }
                try body(decoded.record, decoded.undecodable)
            }
        }
    }

    public func stage(_ record: CommitRecord) {
        staged.append((record.id, CommitFactsCodec.encode(record, undecodable: false)))
    }

    public func save(tip: ObjectID, replacing: Bool, undecodable: Set<ObjectID>) throws {
        let staged = self.staged
        self.staged = []
        try database.write { db in
            if replacing {
                try db.execute(sql: "DELETE FROM commits WHERE repository_id = ?", arguments: [repositoryID])
            }
            let insert = try db.makeStatement(sql: "INSERT INTO commits (repository_id, id, facts) VALUES (?, ?, ?)")
            for entry in staged {
                var facts = entry.facts
                if undecodable.contains(entry.id), let decoded = try? CommitFactsCodec.decode(Data(facts)) {
                    facts = CommitFactsCodec.encode(decoded.record, undecodable: true)
                }
                try insert.execute(arguments: [repositoryID, entry.id.hex, Data(facts)])
            }
            let count = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM commits WHERE repository_id = ?", arguments: [repositoryID]) ?? 0
            try db.execute(sql: "UPDATE repositories SET tip = ?, commits = ?, updated_at = ? WHERE id = ?",
                           arguments: [tip.hex, count, Int64(Date().timeIntervalSince1970), repositoryID])
        }
    }
}
