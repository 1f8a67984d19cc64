import Foundation
import GRDB
import InnerSourceModel
import Scoring

extension OutputFormat {
    /// innersource.sqlite: the CSV tables with indexes, for Grafana's SQLite data source, Metabase, Datasette.
    public static let sqlite = OutputFormat(name: "sqlite")
}

/// The `sqlite` format, `innersource.sqlite`: the CSV files as one SQLite database, for dashboards (Grafana's
/// SQLite data source) and ad-hoc SQL. Each table is its CSV file under the same name without `.csv`, with the
/// same columns in the same order, read from the same `OutputTable` declarations so that the two never
/// diverge. Cells are typed per column (INTEGER counts, REAL shares, TEXT text and ISO 8601 times,
/// `owner_close` as 0/1) and a cell that does not apply is NULL. The CSV's formula neutralisation (a leading
/// `'`) is a spreadsheet concern and does not apply. Beside the current run's tables, the database keeps
/// the history of every run written into the same folder (`RunHistory`).
public enum SQLiteOutput: OutputWriter {
    public static let format = OutputFormat.sqlite
    public static let fileNames = ["innersource.sqlite"]

    public static func files(_ run: OutputRun, privacy: OutputPrivacy) throws -> [OutputFile] {
        [OutputFile(name: "innersource.sqlite", data: try data(run, privacy: privacy))]
    }

    /// The database's bytes. The database is built in a temporary file, read back and the file removed.
    static func data(_ run: OutputRun, privacy: OutputPrivacy) throws -> Data {
        let folder = FileManager.default.temporaryDirectory
        let url = folder.appendingPathComponent("innersource-\(UUID().uuidString).sqlite")
        defer {
            for suffix in ["", "-journal", "-wal", "-shm"] {
                try? FileManager.default.removeItem(atPath: url.path + suffix)
            }
        }
        try write(run, privacy: privacy, to: url.path)
        return try Data(contentsOf: url)
    }

    /// The `run` table's rows: what produced the database. No clock time: the same input gives the same rows.
    public static func runRows(_ run: RunInfo) -> [(String, String?)] {
        [
            ("tool", ToolInfo.name),
            ("tool_version", run.toolVersion),
            ("schema_version", String(ToolInfo.schemaVersion)),
            ("as_of", UTCTime.iso8601(run.asOf)),
            ("since", run.since.map(UTCTime.iso8601)),
            ("until", run.until.map(UTCTime.iso8601)),
            ("revision", run.revision),
            ("minimum_group_size", run.minimumGroupSize.map(String.init)),
            ("pseudonymized", run.pseudonymized ? "true" : "false"),
            ("configuration_digest", run.configurationDigest.isEmpty ? nil : run.configurationDigest),
        ]
    }

    static func write(_ run: OutputRun, privacy: OutputPrivacy, to path: String) throws {
        var configuration = Configuration()
        configuration.journalMode = .default
        // The previous database it attaches may be read by the HTML writer at the same moment.
        configuration.busyMode = .timeout(10)
        // A scratch file: its bytes are read back and written atomically, synced then. Syncing each of its
        // transactions (the history tables' statements run one by one: about 900 in a batch of 100
        // repositories, 3,700 fdatasync calls) would only wait for the disk. Neither setting changes a
        // byte of the file.
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = OFF")
            try db.execute(sql: "PRAGMA journal_mode = MEMORY")
        }
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        try queue.writeWithoutTransaction { db in
            // ATTACH (for the history of the database replaced) cannot run inside a transaction.
            try db.inTransaction {
                for table in OutputTable.all + OutputTable.databaseOnly {
                    let rows = table.rows(run)
                    if table.omittedWhenEmpty && rows.isEmpty { continue }
                    try create(table, rows: rows.map { $0.map(privacy.cell) }, in: db)
                }
                try db.execute(sql: "CREATE TABLE run (key TEXT NOT NULL PRIMARY KEY, value TEXT)")
                for (key, value) in runRows(run.info) {
                    try db.execute(sql: "INSERT INTO run (key, value) VALUES (?, ?)", arguments: [key, value])
                }
                return .commit
            }
            try RunHistory.write(run, privacy: privacy, previous: run.history.previousDatabase, keep: run.history.keep, in: db)
        }
        try queue.close()
    }

    /// Why the database at `path` cannot give its run history (not a database, damaged); nil when it can.
    static func historyProblem(_ path: String) -> String? {
        do {
            var configuration = Configuration()
            configuration.readonly = true
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            defer { try? queue.close() }
            let check = try queue.read { db in try String.fetchOne(db, sql: "PRAGMA quick_check") }
            return check == "ok" ? nil : (check ?? "no answer to quick_check")
        } catch let error as DatabaseError {
            return error.message ?? "\(error.resultCode)"
        } catch {
            return "\(error)"
        }
    }

    static func quoted(_ identifier: String) -> String {
        "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func declaration(_ type: ColumnType) -> String {
        switch type {
        case .integer, .boolean: "INTEGER"
        case .real: "REAL"
        case .text: "TEXT"
        }
    }

    static func create(_ table: OutputTable, rows: [[Cell]], in db: Database) throws {
        try create(name: table.name, columns: table.columns, key: table.key, indexes: table.indexes, rows: rows, in: db)
    }

    /// Creates a table with its key and indexes, and inserts `rows` (cells in `columns` order).
    static func create(name: String, columns: [(name: String, type: ColumnType)], key: [String], indexes: [[String]],
                       rows: [[Cell]], in db: Database) throws {
        let declared = columns.map { "\(quoted($0.name)) \(declaration($0.type))" }
        let primary = "PRIMARY KEY (" + key.map(quoted).joined(separator: ", ") + ")"
        try db.execute(sql: "CREATE TABLE \(quoted(name)) (" + (declared + [primary]).joined(separator: ", ") + ")")
        for index in indexes {
            let indexName = quoted("\(name)_" + index.joined(separator: "_"))
            try db.execute(sql: "CREATE INDEX \(indexName) ON \(quoted(name)) (" + index.map(quoted).joined(separator: ", ") + ")")
        }
        try insert(into: name, header: columns.map(\.name), rows: rows, in: db)
    }

    /// Inserts `rows` (cells in `header` order) into the table `name`.
    static func insert(into name: String, header: [String], rows: [[Cell]], in db: Database) throws {
        guard !rows.isEmpty else { return }
        let insert = "INSERT INTO \(quoted(name)) (" + header.map(quoted).joined(separator: ", ") + ") VALUES ("
            + Array(repeating: "?", count: header.count).joined(separator: ", ") + ")"
        let statement = try db.makeStatement(sql: insert)
        for row in rows {
            try statement.execute(arguments: StatementArguments(row.map(value)))
        }
    }

    /// A cell as its column's type stores it; a cell that does not apply (or empty text) is NULL. A share is
    /// stored as the four-decimal value the CSV shows.
    static func value(_ cell: Cell) -> (any DatabaseValueConvertible)? {
        switch cell {
        case .integer(let value): return value.map { Int64($0) }
        case .ratio(let value): return value.flatMap { Double(Cells.ratio($0)) }
        case .text(let value): return value.flatMap { $0.isEmpty ? nil : $0 }
        case .boolean(let value): return value.map { Int64($0 ? 1 : 0) }
        }
    }
}
