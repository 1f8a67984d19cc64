import Foundation
import GRDB
import InnerSourceModel
import Scoring

/// The history across runs that the SQLite database keeps: a `runs` table, one row per run keyed by its
/// as-of time, and for each table of `tables` a `history_<name>` table holding that table's rows of every
/// run, with the run's `as_of` as the first column and part of the key. Every run copies the history of
/// the database it replaces, drops the run of its own as-of (a re-run replaces that run), adds its own rows
/// and keeps the newest `keep` runs. The current-run tables stay as they are, so trends need no other store.
public enum RunHistory {
    /// The tables kept per run: the repositories' figures, their change-request figures, team flows (over
    /// the run and by repository) and components. `team_flows_monthly` is not kept: it is already a series
    /// over time, and every run would repeat its months.
    public static let tables: [OutputTable] = [
        RepositoriesTable.definition.erased,
        RepositoryChangeRequestsTable.definition.erased,
        TeamFlowsTable.definition.erased,
        TeamFlowsByRepositoryTable.definition.erased,
        ComponentsTable.definition.erased,
    ]

    /// The `runs` table's columns: what each run was.
    public static let runColumns: [(name: String, type: ColumnType)] = [
        ("as_of", .text), ("tool_version", .text), ("schema_version", .integer), ("since", .text), ("until", .text),
        ("revision", .text), ("configuration_digest", .text), ("repositories", .integer), ("repositories_failed", .integer),
    ]

    public static func historyName(_ table: OutputTable) -> String { "history_" + table.name }

    /// The `runs` row of a run.
    public static func runRow(_ run: OutputRun) -> [Cell] {
        let info = run.info
        return [.text(UTCTime.iso8601(info.asOf)), .text(info.toolVersion), .integer(ToolInfo.schemaVersion),
                .text(info.since.map(UTCTime.iso8601)), .text(info.until.map(UTCTime.iso8601)), .text(info.revision),
                .text(info.configurationDigest.isEmpty ? nil : info.configurationDigest),
                .integer(run.analyses.count), .integer(run.analyses.count { $0.failure != nil })]
    }

    /// Creates the history tables in `db` (as `DatabaseContent.historyTables` declares them, with this run's
    /// rows), copies the previous database's history (every run but this one's as-of), adds this run's rows,
    /// and prunes to the newest `keep` runs.
    static func write(_ run: OutputRun, privacy: OutputPrivacy, previous: String?, keep: Int?, in db: Database) throws {
        let asOf = UTCTime.iso8601(run.info.asOf)
        let history = DatabaseContent.historyTables(run, privacy: privacy)
        for table in history {
            try SQLiteOutput.create(name: table.name, columns: table.columns, key: table.key, indexes: table.indexes,
                                    rows: [], in: db)
        }
        if let previous {
            try db.execute(sql: "ATTACH DATABASE ? AS previous", arguments: [previous])
            for table in history {
                try copy(table: table.name, columns: table.columns.map(\.name), order: table.key, except: asOf, in: db)
            }
            try db.execute(sql: "DETACH DATABASE previous")
        }
        for table in history {
            try SQLiteOutput.insert(into: table.name, header: table.columns.map(\.name), rows: table.rows, in: db)
        }
        if let keep {
            let kept = "SELECT as_of FROM runs ORDER BY as_of DESC LIMIT \(max(1, keep))"
            for table in history {
                try db.execute(sql: "DELETE FROM \(SQLiteOutput.quoted(table.name)) WHERE as_of NOT IN (\(kept))")
            }
        }
    }

    /// Copies the rows of `previous.table` into `table` in key order, over the columns both have (a
    /// history written by an older version lacks the newer columns, which stay NULL), leaving out the run
    /// of `except`.
    private static func copy(table: String, columns: [String], order: [String], except asOf: String, in db: Database) throws {
        let present = try Row.fetchAll(db, sql: "PRAGMA previous.table_info(\(SQLiteOutput.quoted(table)))")
            .map { $0["name"] as String }
        guard present.contains("as_of") else { return }
        let common = columns.filter(present.contains).map(SQLiteOutput.quoted).joined(separator: ", ")
        let ordering = order.filter(present.contains).map(SQLiteOutput.quoted).joined(separator: ", ")
        try db.execute(sql: "INSERT INTO \(SQLiteOutput.quoted(table)) (\(common)) SELECT \(common) FROM previous.\(SQLiteOutput.quoted(table)) WHERE as_of <> ? ORDER BY \(ordering)",
                       arguments: [asOf])
    }
}

extension RunHistory {
    /// The organisation figures of every run the database at `path` keeps but the one of `asOf`, oldest
    /// first: each run's `history_repositories` rows (with their `history_repository_change_requests` row,
    /// when the history has that table) added up by `OrganisationFigures.compute`, the rule the current run's
    /// figures follow. None for a database without a history.
    public static func organisationFigures(database path: String, excluding asOf: Int64) throws -> [OrganisationFigures] {
        var configuration = Configuration()
        configuration.readonly = true
        // The SQLite writer reads the same file at the same time (OutputSet makes formats in parallel).
        configuration.busyMode = .timeout(10)
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        defer { try? queue.close() }
        return try queue.read { db in
            let repositories = historyName(RepositoriesTable.definition.erased)
            let requests = historyName(RepositoryChangeRequestsTable.definition.erased)
            guard try db.tableExists("runs"), try db.tableExists(repositories) else { return [] }
            let withRequests = try db.tableExists(requests)
            let requestColumns = withRequests
                ? "c.landed, c.cross_team_landed, c.cross_team_declined, c.cross_team_wait_median_seconds"
                : "NULL, NULL, NULL, NULL"
            let join = withRequests
                ? "LEFT JOIN \(SQLiteOutput.quoted(requests)) c ON c.as_of = h.as_of AND c.repository = h.repository" : ""
            let sql = "SELECT r.as_of, h.repository, h.commits, h.cross_team_commits, h.error, \(requestColumns) "
                + "FROM runs r LEFT JOIN \(SQLiteOutput.quoted(repositories)) h ON h.as_of = r.as_of \(join) "
                + "ORDER BY r.as_of, h.repository"
            var runs: [(asOf: Int64, rows: [RepositoryHeadline])] = []
            for row in try Row.fetchAll(db, sql: sql) {
                guard let text: String = row[0], let runAsOf = parseTime(text), runAsOf != asOf else { continue }
                if runs.last?.asOf != runAsOf { runs.append((runAsOf, [])) }
                guard let name: String = row[1] else { continue }
                let error: String? = row[4]
                let wait: Int64? = row[8]
                runs[runs.count - 1].rows.append(RepositoryHeadline(
                    repository: name, failed: error != nil, commits: row[2] ?? 0, crossTeamCommits: row[3] ?? 0,
                    changeRequestsLanded: row[5] ?? 0, crossTeamLanded: row[6] ?? 0, crossTeamDeclined: row[7] ?? 0,
                    crossTeamWaitMedianSeconds: wait.map(Double.init)))
            }
            return runs.map { OrganisationFigures.compute($0.rows, asOf: $0.asOf) }
        }
    }

    /// `2024-06-01T00:00:00Z` as written by `UTCTime.iso8601`; nil for anything else.
    static func parseTime(_ text: String) -> Int64? {
        let parts = text.split(whereSeparator: { "-T:Z".contains($0) }).compactMap { Int64($0) }
        guard parts.count == 6 else { return nil }
        return UTCTime.seconds(year: parts[0], month: parts[1], day: parts[2], hour: parts[3], minute: parts[4], second: parts[5])
    }
}
