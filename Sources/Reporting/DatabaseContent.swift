import InnerSourceModel

/// A table as a database sink writes it: its declaration and this run's rows, pseudonymised.
public struct DatabaseTable: Sendable {
    public let name: String
    public let columns: [(name: String, type: ColumnType)]
    public let key: [String]
    public let indexes: [[String]]
    public let rows: [[Cell]]
}

/// What a database sink writes for a run, from the same declarations the SQLite file is written from: the
/// current-run tables (replaced by every run) and the history tables (this run's rows added, keyed by its
/// `as_of`). A new table or column declared once reaches every sink.
public enum DatabaseContent {
    /// The CSV tables, the database-only tables and the `run` table (key, value).
    public static func currentTables(_ run: OutputRun, privacy: OutputPrivacy) -> [DatabaseTable] {
        var tables = (OutputTable.all + OutputTable.databaseOnly).map { table in
            DatabaseTable(name: table.name, columns: table.columns, key: table.key, indexes: table.indexes,
                          rows: table.rows(run).map { $0.map(privacy.cell) })
        }
        tables.append(DatabaseTable(name: "run", columns: [("key", .text), ("value", .text)], key: ["key"], indexes: [],
                                    rows: SQLiteOutput.runRows(run.info).map { [.text($0.0), .text($0.1)] }))
        return tables
    }

    /// `runs` and the `history_` tables, with this run's rows.
    public static func historyTables(_ run: OutputRun, privacy: OutputPrivacy) -> [DatabaseTable] {
        let asOf = Cell.text(UTCTime.iso8601(run.info.asOf))
        var tables = [DatabaseTable(name: "runs", columns: RunHistory.runColumns, key: ["as_of"], indexes: [],
                                    rows: [RunHistory.runRow(run)])]
        for table in RunHistory.tables {
            tables.append(DatabaseTable(name: RunHistory.historyName(table), columns: [("as_of", .text)] + table.columns,
                                        key: ["as_of"] + table.key, indexes: [["as_of"]],
                                        rows: table.rows(run).map { [asOf] + $0.map(privacy.cell) }))
        }
        return tables
    }
}

extension Cell {
    /// The value as a database stores it, as text: nil for NULL (a cell that does not apply, or empty text),
    /// a share as the four-decimal value the CSV shows, a boolean as `true`/`false`.
    public var databaseText: String? {
        switch self {
        case .integer(let value): return value.map(String.init)
        case .ratio(let value): return value.map(Cells.ratio)
        case .text(let value): return value.flatMap { $0.isEmpty ? nil : $0 }
        case .boolean(let value): return value.map { $0 ? "true" : "false" }
        }
    }
}
