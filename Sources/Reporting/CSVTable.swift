import CSV
import Foundation

/// A CSV file as docs/DEFINITIONS.md defines them: RFC 4180 (through CSV.swift), a header row, UTF-8, and
/// text cells that a spreadsheet would run as a formula neutralised with a leading `'`.
public struct CSVTable: Sendable {
    public let header: [String]
    public private(set) var rows: [[String]] = []

    public init(header: [String]) {
        self.header = header
    }

    public mutating func append(_ row: [String]) {
        rows.append(row)
    }

    /// Cells starting with `=`, `+`, `-`, `@`, tab or carriage return that are not numbers get a `'`.
    public static func neutralised(_ cell: String) -> String {
        guard let first = cell.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return cell }
        if Double(cell) != nil { return cell }
        return "'" + cell
    }

    public func encoded() throws -> Data {
        let stream = OutputStream.toMemory()
        let writer = try CSVWriter(stream: stream, newline: .crlf)
        try writer.write(row: header)
        for row in rows {
            try writer.write(row: row.map(CSVTable.neutralised))
        }
        writer.stream.close()
        var data = (stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data) ?? Data()
        data.append(contentsOf: Array("\r\n".utf8))
        return data
    }
}
