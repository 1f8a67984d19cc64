import Foundation

/// A CSV file as docs/DEFINITIONS.md defines them: RFC 4180, a header row, UTF-8, CRLF line ends, and text
/// cells that a spreadsheet would run as a formula neutralised with a leading `'`. Fields are quoted by
/// CSV.swift's rule (the roster reader's library), byte for byte, but written into one buffer: its writer
/// writes a byte at a time to a stream, which took a sixth of a warm batch run over 100 repositories.
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
        var bytes: [UInt8] = []
        bytes.reserveCapacity(64 * (rows.count + 1))
        Self.append(header, to: &bytes)
        for row in rows {
            Self.append(row.map(CSVTable.neutralised), to: &bytes)
        }
        return Data(bytes)
    }

    /// One row and its CRLF.
    static func append(_ row: [String], to bytes: inout [UInt8]) {
        // A row of no field is no line at all, as CSV.swift writes it.
        guard !row.isEmpty else { return }
        for (index, field) in row.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            appendField(field, to: &bytes)
        }
        bytes.append(contentsOf: [0x0D, 0x0A])
    }

    /// A field, in double quotes (each inner one doubled) when it holds a double quote, the delimiter, a
    /// carriage return or a line feed: the test CSV.swift's writer makes, written the same way (Character
    /// comparisons, so a mark combining with a quote is what that writer makes of it too).
    static func appendField(_ value: String, to bytes: inout [UInt8]) {
        // Without one of the four bytes no Character can be one of them: most fields, tested at byte speed.
        let special = value.utf8.contains { (byte: UInt8) -> Bool in
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: ","), UInt8(ascii: "\r"), UInt8(ascii: "\n"): return true
            default: return false
            }
        }
        let delimiter = ","
        let quoted = special && (value.contains("\"") || value.contains(delimiter) || value.contains("\r") || value.contains("\n")
            || value.contains("\r\n"))
        guard quoted else {
            bytes.append(contentsOf: value.utf8)
            return
        }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: value.replacingOccurrences(of: "\"", with: "\"\"").utf8)
        bytes.append(UInt8(ascii: "\""))
    }
}
