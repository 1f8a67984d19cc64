import Foundation
import GRDB
import InnerSourceModel
import Scoring

/// `innersource.sqlite`: the CSV files as one SQLite database, for dashboards (Grafana's SQLite data source)
/// and ad-hoc SQL. Each table is its CSV file under the same name without `.csv`, with the same columns in the
/// same order, filled from the same `table(...)` functions so that the two never diverge. Cells are typed per
/// column (INTEGER counts, REAL shares, TEXT text and ISO 8601 times, `owner_close` as 0/1) and an empty CSV
/// cell is NULL. The CSV's formula neutralisation (a leading `'`) is a spreadsheet concern and does not apply:
/// `CSVTable.rows` holds the raw values, neutralised only when encoded.
public enum SQLiteOutput {
    /// Column storage classes.
    enum ColumnType: Sendable {
        case integer, real, text
        /// `true`/`false` in the CSV, 1/0 here.
        case boolean

        var declaration: String {
            switch self {
            case .integer, .boolean: "INTEGER"
            case .real: "REAL"
            case .text: "TEXT"
            }
        }
    }

    /// A table: its CSV rows, each column's type, the key and further indexes.
    struct TableSpec {
        var name: String
        var csv: CSVTable
        var types: [String: ColumnType]
        var key: [String]
        var indexes: [[String]]
    }

    public struct SchemaError: Error, CustomStringConvertible {
        public var description: String
    }

    /// The database's bytes. The database is built in a temporary file, read back and the file removed.
    /// - Parameter scrub: applied to every text cell before it is stored (pseudonymizing).
    public static func data(_ analyses: [RepositoryAnalysis], run: RunInfo, minimumGroupSize: Int?,
                            scrub: ((String) -> String)? = nil) throws -> Data {
        let folder = FileManager.default.temporaryDirectory
        let url = folder.appendingPathComponent("innersource-\(UUID().uuidString).sqlite")
        defer {
            for suffix in ["", "-journal", "-wal", "-shm"] {
                try? FileManager.default.removeItem(atPath: url.path + suffix)
            }
        }
        try write(analyses, run: run, minimumGroupSize: minimumGroupSize, scrub: scrub, to: url.path)
        return try Data(contentsOf: url)
    }

    /// The tables, in the order they are created.
    static func tables(_ analyses: [RepositoryAnalysis], minimumGroupSize: Int?) -> [TableSpec] {
        let integer = ColumnType.integer, text = ColumnType.text
        return [
            TableSpec(
                name: "repositories", csv: RepositoriesCSV.table(analyses),
                types: [
                    "repository": text, "owner_team": text, "owner_source": text, "owner_close": .boolean, "head": text,
                    "commits": integer, "merge_commits": integer, "bot_commits": integer, "contributors": integer,
                    "teams": integer, "cross_team_commits": integer, "cross_team_share": .real,
                    "cross_team_contributors": integer, "contributing_teams": integer, "unaffiliated_commits": integer,
                    "bus_factor": integer, "elephant_factor": integer, "truck_factor": integer, "openness_score": integer,
                    "barriers": integer, "first_commit": text, "last_commit": text, "status": text, "error": text,
                ],
                key: ["repository"], indexes: [["owner_team"]]),
            TableSpec(
                name: "contributors", csv: ContributorsCSV.table(analyses),
                types: [
                    "repository": text, "contributor": text, "team": text, "commits": integer,
                    "coauthored_commits": integer, "lines_added": integer, "lines_deleted": integer,
                    "first_commit": text, "last_commit": text,
                ],
                key: ["repository", "contributor", "team"], indexes: [["team"], ["contributor"]]),
            TableSpec(
                name: "team_flows", csv: TeamFlowsCSV.table(analyses, minimumGroupSize: minimumGroupSize),
                types: [
                    "from_team": text, "to_team": text, "repositories": integer, "commits": integer,
                    "lines_added": integer, "lines_deleted": integer, "contributors": integer,
                ],
                key: ["from_team", "to_team"], indexes: [["to_team"]]),
            TableSpec(
                name: "monthly", csv: MonthlyCSV.table(analyses),
                types: [
                    "repository": text, "month": text, "commits": integer, "cross_team_commits": integer,
                    "contributors": integer, "teams": integer, "new_contributors": integer,
                ],
                key: ["repository", "month"], indexes: [["month"]]),
            TableSpec(
                name: "barriers", csv: BarriersCSV.table(analyses),
                types: ["repository": text, "barrier": text, "severity": text, "evidence": text, "remedy": text],
                key: ["repository", "barrier"], indexes: [["barrier"], ["severity"]]),
        ]
    }

    /// The `run` table's rows: what produced the database. No clock time: the same input gives the same rows.
    static func runRows(_ run: RunInfo, minimumGroupSize: Int?) -> [(String, String?)] {
        [
            ("tool", ToolInfo.name),
            ("tool_version", run.toolVersion),
            ("schema_version", String(ToolInfo.schemaVersion)),
            ("as_of", UTCTime.iso8601(run.asOf)),
            ("since", run.since.map(UTCTime.iso8601)),
            ("until", run.until.map(UTCTime.iso8601)),
            ("revision", run.revision),
            ("minimum_group_size", minimumGroupSize.map(String.init)),
            ("pseudonymized", run.pseudonymized ? "true" : "false"),
            ("configuration_digest", run.configurationDigest.isEmpty ? nil : run.configurationDigest),
        ]
    }

    static func write(_ analyses: [RepositoryAnalysis], run: RunInfo, minimumGroupSize: Int?,
                      scrub: ((String) -> String)? = nil, to path: String) throws {
        var configuration = Configuration()
        configuration.journalMode = .default
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        try queue.inTransaction { db in
            for var spec in tables(analyses, minimumGroupSize: minimumGroupSize) {
                if let scrub {
                    var cleaned = CSVTable(header: spec.csv.header)
                    for row in spec.csv.rows { cleaned.append(row.map(scrub)) }
                    spec.csv = cleaned
                }
                try create(spec, in: db)
            }
            try db.execute(sql: "CREATE TABLE run (key TEXT NOT NULL PRIMARY KEY, value TEXT)")
            for (key, value) in runRows(run, minimumGroupSize: minimumGroupSize) {
                try db.execute(sql: "INSERT INTO run (key, value) VALUES (?, ?)", arguments: [key, value])
            }
            return .commit
        }
        try queue.close()
    }

    static func quoted(_ identifier: String) -> String {
        "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func create(_ spec: TableSpec, in db: Database) throws {
        let header = spec.csv.header
        let types = try header.map { column -> ColumnType in
            guard let type = spec.types[column] else {
                throw SchemaError(description: "\(spec.name).\(column): no SQLite type declared")
            }
            return type
        }
        if let extra = Set(spec.types.keys).subtracting(header).sorted().first {
            throw SchemaError(description: "\(spec.name).\(extra): typed but not a CSV column")
        }
        let columns = zip(header, types).map { "\(quoted($0)) \($1.declaration)" }
        let key = "PRIMARY KEY (" + spec.key.map(quoted).joined(separator: ", ") + ")"
        try db.execute(sql: "CREATE TABLE \(quoted(spec.name)) (" + (columns + [key]).joined(separator: ", ") + ")")
        for index in spec.indexes {
            let name = quoted("\(spec.name)_" + index.joined(separator: "_"))
            try db.execute(sql: "CREATE INDEX \(name) ON \(quoted(spec.name)) (" + index.map(quoted).joined(separator: ", ") + ")")
        }
        let insert = "INSERT INTO \(quoted(spec.name)) (" + header.map(quoted).joined(separator: ", ") + ") VALUES ("
            + Array(repeating: "?", count: header.count).joined(separator: ", ") + ")"
        let statement = try db.makeStatement(sql: insert)
        for row in spec.csv.rows {
            guard row.count == header.count else {
                throw SchemaError(description: "\(spec.name): a row of \(row.count) cells for \(header.count) columns")
            }
            var values: [(any DatabaseValueConvertible)?] = []
            for (index, cell) in row.enumerated() {
                values.append(try value(cell, types[index], column: "\(spec.name).\(header[index])"))
            }
            try statement.execute(arguments: StatementArguments(values))
        }
    }

    /// A raw CSV cell (before neutralisation) as its column's type; empty is NULL.
    static func value(_ cell: String, _ type: ColumnType, column: String) throws -> (any DatabaseValueConvertible)? {
        if cell.isEmpty { return nil }
        switch type {
        case .text:
            return cell
        case .integer:
            guard let number = Int64(cell) else { throw SchemaError(description: "\(column): \(cell) is no integer") }
            return number
        case .real:
            guard let number = Double(cell) else { throw SchemaError(description: "\(column): \(cell) is no number") }
            return number
        case .boolean:
            switch cell {
            case "true": return Int64(1)
            case "false": return Int64(0)
            default: throw SchemaError(description: "\(column): \(cell) is no boolean")
            }
        }
    }
}
