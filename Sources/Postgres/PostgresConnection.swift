import Foundation
internal import Clibpq

/// What went wrong talking to PostgreSQL, said in one line with the server named (its password left out).
public struct PostgresError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var description: String { message }

    public init(_ message: String) {
        self.message = message
    }
}

/// One connection to a PostgreSQL server through libpq, the server's own client library: the only type that
/// touches libpq's C API. Synchronous, one statement at a time, as a command-line run needs.
public final class PostgresConnection {
    private let connection: OpaquePointer
    /// The URL as it may be shown: its password replaced.
    public let shownURL: String

    /// Connects to `url` (`postgresql://user@host:port/database?host=/socket/folder`, or libpq's key=value
    /// form). Fails with the server's own reason: down, refused, an unknown database, a wrong password.
    public init(url: String) throws(PostgresError) {
        shownURL = Self.redacted(url)
        guard let connection = PQconnectdb(url) else { throw PostgresError("\(shownURL): out of memory connecting") }
        guard PQstatus(connection) == CONNECTION_OK else {
            let reason = Self.oneLine(PQerrorMessage(connection))
            PQfinish(connection)
            throw PostgresError("\(shownURL): cannot connect to PostgreSQL (\(reason))")
        }
        self.connection = connection
        _ = try? execute("SET client_min_messages TO warning")
    }

    deinit {
        PQfinish(connection)
    }

    /// Runs one or more statements without parameters.
    public func execute(_ sql: String) throws(PostgresError) {
        let result = PQexec(connection, sql)
        defer { PQclear(result) }
        try check(result, sql)
    }

    /// Runs one statement with text parameters (nil is NULL) and returns its rows as text (nil for NULL).
    @discardableResult
    public func query(_ sql: String, _ parameters: [String?] = []) throws(PostgresError) -> [[String?]] {
        let copies = parameters.map { $0.map { strdup($0) } ?? nil }
        defer { for copy in copies { free(copy) } }
        let result: OpaquePointer? = copies.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: UnsafePointer<CChar>?.self) { values in
                PQexecParams(connection, sql, Int32(parameters.count), nil, values.baseAddress, nil, nil, 0)
            }
        }
        defer { PQclear(result) }
        try check(result, sql)
        var rows: [[String?]] = []
        let count = PQntuples(result), fields = PQnfields(result)
        rows.reserveCapacity(Int(count))
        for row in 0..<count {
            rows.append((0..<fields).map { field in
                PQgetisnull(result, row, field) == 1 ? nil : String(cString: PQgetvalue(result, row, field))
            })
        }
        return rows
    }

    /// Loads rows into `table` through `COPY ... FROM STDIN` in CSV form: `rows` are CSV lines already
    /// encoded (`PostgresCopy.line`).
    public func copy(into table: String, columns: [String], lines: [String]) throws(PostgresError) {
        guard !lines.isEmpty else { return }
        let sql = "COPY \(table) (\(columns.joined(separator: ", "))) FROM STDIN WITH (FORMAT csv)"
        let start = PQexec(connection, sql)
        let started = PQresultStatus(start)
        let startError = Self.oneLine(PQresultErrorMessage(start))
        PQclear(start)
        guard started == PGRES_COPY_IN else { throw PostgresError("\(shownURL): \(startError.isEmpty ? lastError : startError) (COPY into \(table))") }
        var chunk = ""
        func flush() throws(PostgresError) {
            guard !chunk.isEmpty else { return }
            let sent = chunk.withCString { PQputCopyData(connection, $0, Int32(strlen($0))) }
            chunk = ""
            guard sent == 1 else { throw PostgresError("\(shownURL): \(lastError) (COPY into \(table))") }
        }
        for line in lines {
            chunk += line
            chunk += "\n"
            if chunk.utf8.count > 1 << 20 { try flush() }
        }
        try flush()
        guard PQputCopyEnd(connection, nil) == 1 else { throw PostgresError("\(shownURL): \(lastError) (COPY into \(table))") }
        var failure: String?
        while let result = PQgetResult(connection) {
            if PQresultStatus(result) != PGRES_COMMAND_OK { failure = failure ?? Self.oneLine(PQresultErrorMessage(result)) }
            PQclear(result)
        }
        if let failure { throw PostgresError("\(shownURL): \(failure) (COPY into \(table))") }
    }

    private var lastError: String { Self.oneLine(PQerrorMessage(connection)) }

    private func check(_ result: OpaquePointer?, _ sql: String) throws(PostgresError) {
        let status = result.map(PQresultStatus) ?? PGRES_FATAL_ERROR
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else {
            let reason = result.map { Self.oneLine(PQresultErrorMessage($0)) } ?? ""
            let statement = sql.split(separator: "\n").first.map { String($0.prefix(80)) } ?? ""
            throw PostgresError("\(shownURL): \(reason.isEmpty ? lastError : reason) (in \(statement))")
        }
    }

    private static func oneLine(_ text: UnsafePointer<CChar>?) -> String {
        guard let text else { return "" }
        return String(cString: text).split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.joined(separator: "; ")
    }

    /// The URL with any password replaced by `***`: `postgresql://user:secret@host` and `password=secret`.
    public static func redacted(_ url: String) -> String {
        var text = url
        if let scheme = text.range(of: "://"), let at = text[scheme.upperBound...].firstIndex(of: "@") {
            let user = text[scheme.upperBound..<at]
            if let colon = user.firstIndex(of: ":") { text.replaceSubrange(colon..<at, with: ":***") }
        }
        for key in ["password=", "PASSWORD="] {
            while let range = text.range(of: key), !text[range.upperBound...].hasPrefix("***") {
                let end = text[range.upperBound...].firstIndex { $0 == " " || $0 == "&" } ?? text.endIndex
                text.replaceSubrange(range.upperBound..<end, with: "***")
            }
        }
        return text
    }
}
