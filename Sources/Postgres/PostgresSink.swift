import Foundation
import InnerSourceModel
import Reporting

/// The PostgreSQL sink (`--postgres URL`, a pipeline's `outputs: { postgres: { url: ... } }`): the tables of
/// innersource.sqlite and its run history in a PostgreSQL database several teams' dashboards can share.
///
/// A run is written in one transaction: the schema brought up to date, the current-run tables replaced,
/// this run's history rows added (a run of the same as-of replaced) and the oldest pruned. Any failure (a
/// lost connection included) rolls it all back, so the database keeps the previous run whole. Runs are
/// serialised by a transaction-level advisory lock.
public enum PostgresSink {
    /// The schema this version writes, recorded in `innersource_schema_migrations` (see `migrate`).
    public static let schemaVersion = ToolInfo.schemaVersion
    /// The advisory lock key that serialises writers ("innersrc" in ASCII).
    static let lockKey: Int64 = 0x696E_6E65_7273_7263

    /// Connects and checks that the schema can be written, before any analysis: a server that is down, a
    /// login refused, or a database written by a newer version fails here.
    public static func check(url: String) throws(PostgresError) {
        let connection = try PostgresConnection(url: url)
        try refuseNewerSchema(connection)
    }

    /// Writes the run.
    public static func write(_ run: OutputRun, privacy: OutputPrivacy, url: String, historyKeep: Int?) throws(PostgresError) {
        let connection = try PostgresConnection(url: url)
        let current = DatabaseContent.currentTables(run, privacy: privacy)
        let history = DatabaseContent.historyTables(run, privacy: privacy)
        let asOf = UTCTime.iso8601(run.info.asOf)
        try connection.execute("BEGIN")
        do {
            try connection.query("SELECT pg_advisory_xact_lock($1)", [String(lockKey)])
            try migrate(connection, tables: current + history)
            for table in current {
                try connection.execute("DELETE FROM \(quoted(table.name))")
                try load(table, into: connection)
            }
            for table in history {
                try connection.query("DELETE FROM \(quoted(table.name)) WHERE as_of = $1", [asOf])
                try load(table, into: connection)
            }
            if let historyKeep {
                let kept = "SELECT as_of FROM runs ORDER BY as_of DESC LIMIT \(max(1, historyKeep))"
                for table in history {
                    try connection.execute("DELETE FROM \(quoted(table.name)) WHERE as_of NOT IN (\(kept))")
                }
            }
            try connection.execute("COMMIT")
        } catch {
            try? connection.execute("ROLLBACK")
            throw PostgresError("\(error.message); nothing of this run was written, the database keeps the previous run")
        }
    }

    /// Brings the schema up to date, inside the run's transaction: each table created when absent, each
    /// declared column added when absent (a column no longer declared is left, NULL in new rows), indexes
    /// and the latest-run views created, and the schema version recorded. Migrations only add, so an older
    /// tool's dashboards keep working; a database recorded at a newer version than this tool's is refused.
    static func migrate(_ connection: PostgresConnection, tables: [DatabaseTable]) throws(PostgresError) {
        try connection.execute("""
            CREATE TABLE IF NOT EXISTS innersource_schema_migrations (version INTEGER PRIMARY KEY, tool_version TEXT NOT NULL)
            """)
        try refuseNewerSchema(connection)
        // The columns already there, in one query: only missing ones are added (most runs add none).
        var present: Set<String> = []
        for row in try connection.query("SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema()") {
            present.insert((row[0] ?? "") + "." + (row[1] ?? ""))
        }
        for table in tables {
            let columns = table.columns.map { "\(quoted($0.name)) \(declaration($0.type))" }
            let key = "PRIMARY KEY (" + table.key.map(quoted).joined(separator: ", ") + ")"
            try connection.execute("CREATE TABLE IF NOT EXISTS \(quoted(table.name)) (" + (columns + [key]).joined(separator: ", ") + ")")
            for column in table.columns where !present.contains(table.name + "." + column.name) {
                try connection.execute("ALTER TABLE \(quoted(table.name)) ADD COLUMN IF NOT EXISTS \(quoted(column.name)) \(declaration(column.type))")
            }
            for index in table.indexes {
                let name = quoted("\(table.name)_" + index.joined(separator: "_"))
                try connection.execute("CREATE INDEX IF NOT EXISTS \(name) ON \(quoted(table.name)) (" + index.map(quoted).joined(separator: ", ") + ")")
            }
        }
        for table in RunHistory.tables {
            let history = quoted("history_" + table.name)
            try connection.execute("""
                CREATE OR REPLACE VIEW \(quoted("latest_" + table.name)) AS
                SELECT * FROM \(history) WHERE as_of = (SELECT max(as_of) FROM runs)
                """)
        }
        try connection.execute("CREATE OR REPLACE VIEW latest_run AS SELECT * FROM runs WHERE as_of = (SELECT max(as_of) FROM runs)")
        try connection.query("INSERT INTO innersource_schema_migrations (version, tool_version) VALUES ($1, $2) ON CONFLICT (version) DO NOTHING",
                             [String(schemaVersion), ToolInfo.version])
    }

    private static func refuseNewerSchema(_ connection: PostgresConnection) throws(PostgresError) {
        let exists = try connection.query("SELECT to_regclass('innersource_schema_migrations') IS NOT NULL")
        guard exists.first?.first == "t" else { return }
        let newest = try connection.query("SELECT max(version) FROM innersource_schema_migrations").first?.first ?? nil
        if let newest, let version = Int(newest), version > schemaVersion {
            throw PostgresError("\(connection.shownURL): written by a newer innersource (schema version \(version), this one writes \(schemaVersion)): upgrade innersource, or use another database")
        }
    }

    private static func load(_ table: DatabaseTable, into connection: PostgresConnection) throws(PostgresError) {
        let lines = table.rows.map { row in row.map(csvField).joined(separator: ",") }
        try connection.copy(into: quoted(table.name), columns: table.columns.map { quoted($0.name) }, lines: lines)
    }

    /// A cell as COPY's CSV form reads it: NULL unquoted and empty, every value quoted.
    static func csvField(_ cell: Cell) -> String {
        guard let text = cell.databaseText else { return "" }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func declaration(_ type: ColumnType) -> String {
        switch type {
        case .integer: "BIGINT"
        case .real: "DOUBLE PRECISION"
        case .text: "TEXT"
        case .boolean: "BOOLEAN"
        }
    }

    static func quoted(_ identifier: String) -> String {
        "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
