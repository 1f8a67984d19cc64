/// Aligns rows of cells into columns for a terminal: numbers right-aligned, text left-aligned.
struct TextTable {
    var header: [String]
    var rows: [[String]] = []
    /// Columns whose cells are right-aligned.
    var numeric: Set<Int>

    func render(indent: String = "  ") -> String {
        var widths = header.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], cell.count)
            }
        }
        func line(_ cells: [String]) -> String {
            let padded = cells.enumerated().map { index, cell -> String in
                let fill = String(repeating: " ", count: max(0, widths[index] - cell.count))
                return numeric.contains(index) ? fill + cell : cell + fill
            }
            var text = indent + padded.joined(separator: "  ")
            while text.last == " " { text.removeLast() }
            return text
        }
        return ([line(header)] + rows.map(line)).joined(separator: "\n")
    }
}

