import InnerSourceModel

/// How a column stores its values in a database, and how a dashboard should read them.
public enum ColumnType: String, Sendable, Hashable {
    /// Counts and factors: INTEGER.
    case integer
    /// Shares, written with four decimals: REAL.
    case real
    /// Text and UTC ISO 8601 times: TEXT.
    case text
    /// `true`/`false` in CSV, 1/0 in a database: INTEGER.
    case boolean
}

/// One value of a table, typed as its column declares it. Nil values are cells that do not apply: empty in
/// CSV, NULL in a database.
public enum Cell: Sendable, Hashable {
    case integer(Int?)
    case ratio(Double?)
    case text(String?)
    case boolean(Bool?)

    /// The cell as CSV writes it (before the spreadsheet neutralisation of `CSVTable`).
    public var csv: String {
        switch self {
        case .integer(let value): return value.map(String.init) ?? ""
        case .ratio(let value): return value.map(Cells.ratio) ?? ""
        case .text(let value): return value ?? ""
        case .boolean(let value): return value.map { $0 ? "true" : "false" } ?? ""
        }
    }

    /// The same cell with `transform` applied to its text (pseudonymising); other values as they are.
    func mappingText(_ transform: (String) -> String) -> Cell {
        if case .text(let value?) = self { return .text(transform(value)) }
        return self
    }
}

/// A column of a table: its name and type, and how a row's value is read. Each column is declared once, and
/// the CSV header, the CSV rows and the database schema are all read from the declaration.
public struct Column<Row>: Sendable {
    public let name: String
    public let type: ColumnType
    let cell: @Sendable (Row) -> Cell

    public static func integer(_ name: String, _ value: @escaping @Sendable (Row) -> Int?) -> Column {
        Column(name: name, type: .integer) { .integer(value($0)) }
    }

    /// A share, written with four decimals (and stored as that rounded value).
    public static func ratio(_ name: String, _ value: @escaping @Sendable (Row) -> Double?) -> Column {
        Column(name: name, type: .real) { .ratio(value($0)) }
    }

    public static func text(_ name: String, _ value: @escaping @Sendable (Row) -> String?) -> Column {
        Column(name: name, type: .text) { .text(value($0)) }
    }

    /// A time as UTC ISO 8601 text (`2024-03-01T12:00:00Z`).
    public static func time(_ name: String, _ value: @escaping @Sendable (Row) -> Int64?) -> Column {
        Column(name: name, type: .text) { .text(value($0).map(UTCTime.iso8601)) }
    }

    public static func boolean(_ name: String, _ value: @escaping @Sendable (Row) -> Bool?) -> Column {
        Column(name: name, type: .boolean) { .boolean(value($0)) }
    }
}

/// A table of the outputs: a CSV file and the database table of the same name. Its rows come from a run in a
/// stable order; its key names the columns that make a row unique, its indexes those dashboards filter on.
public struct TableDefinition<Row>: Sendable {
    public let name: String
    public let columns: [Column<Row>]
    public let key: [String]
    public let indexes: [[String]]
    let rows: @Sendable (OutputRun) -> [Row]
    /// A table only some runs fill (components): left out of the CSV files and the database when it has no
    /// row, so that a run without it writes exactly what it wrote before the table existed.
    public let omittedWhenEmpty: Bool

    public init(name: String, key: [String], indexes: [[String]] = [], columns: [Column<Row>],
                rows: @escaping @Sendable (OutputRun) -> [Row], omittedWhenEmpty: Bool = false) {
        self.name = name
        self.key = key
        self.indexes = indexes
        self.columns = columns
        self.rows = rows
        self.omittedWhenEmpty = omittedWhenEmpty
    }

    /// The table with its row type erased, for the registry.
    public var erased: OutputTable {
        let columns = self.columns, rows = self.rows
        var table = OutputTable(name: name, columns: columns.map { ($0.name, $0.type) }, key: key, indexes: indexes) { run in
            rows(run).map { row in columns.map { $0.cell(row) } }
        }
        table.omittedWhenEmpty = omittedWhenEmpty
        return table
    }
}

/// A table of the outputs with its cells computed, whatever its row type: what the CSV and database writers
/// read.
public struct OutputTable: Sendable {
    public let name: String
    public let columns: [(name: String, type: ColumnType)]
    public let key: [String]
    public let indexes: [[String]]
    let cells: @Sendable (OutputRun) -> [[Cell]]
    /// Left out of the CSV files and the database when it has no row (see `TableDefinition.omittedWhenEmpty`).
    public internal(set) var omittedWhenEmpty = false

    /// The column names, in order: the CSV header.
    public var header: [String] { columns.map(\.name) }

    /// The rows of a run, cell by cell.
    public func rows(_ run: OutputRun) -> [[Cell]] { cells(run) }

    /// The rows as a CSV file.
    public func csv(_ run: OutputRun) -> CSVTable {
        var table = CSVTable(header: header)
        for row in cells(run) { table.append(row.map(\.csv)) }
        return table
    }

    /// Every table of the outputs, in the order they are written: one registration per table.
    public static let all: [OutputTable] = [
        RepositoriesTable.definition.erased,
        ContributorsTable.definition.erased,
        TeamFlowsTable.definition.erased,
        TeamFlowsByRepositoryTable.definition.erased,
        TeamFlowsMonthlyTable.definition.erased,
        MonthlyTable.definition.erased,
        BarriersTable.definition.erased,
        ChangeRequestsTable.definition.erased,
        ComponentsTable.definition.erased,
        OwnershipTable.definition.erased,
        ComponentFlowsTable.definition.erased,
    ]

    /// Tables of the database only (their figures are in summary.json, not in a CSV file of their own).
    public static let databaseOnly: [OutputTable] = [
        RepositoryChangeRequestsTable.definition.erased,
    ]

    /// The table of this name.
    public static func named(_ name: String) -> OutputTable? { (all + databaseOnly).first { $0.name == name } }
}
