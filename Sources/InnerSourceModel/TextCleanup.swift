extension String {
    /// The text without a leading byte order mark (U+FEFF), which editors on some systems write at the start
    /// of UTF-8 files: every configuration file is read through this.
    public var droppingByteOrderMark: String {
        guard unicodeScalars.first == "\u{FEFF}" else { return self }
        var copy = self
        copy.unicodeScalars.removeFirst()
        return copy
    }
}

extension StringProtocol {
    /// The text without leading and trailing white space (any Unicode white space, line ends included).
    public func trimmingWhitespace() -> String {
        var slice = self[...]
        while let first = slice.first, first.isWhitespace { slice.removeFirst() }
        while let last = slice.last, last.isWhitespace { slice.removeLast() }
        return String(slice)
    }
}

extension Unicode.Scalar {
    /// A control character: C0 (U+0000 to U+001F), DEL (U+007F) or C1 (U+0080 to U+009F). Printed as they are,
    /// they move a terminal's cursor, change its colours, set its title or ring its bell.
    public var isControlCharacter: Bool {
        value < 0x20 || value == 0x7F || (0x80..<0xA0).contains(value)
    }
}

extension String {
    /// The text safe to print on a terminal or into Markdown: every control character but newline and tab
    /// becomes U+FFFD, so that a name from a repository cannot drive the terminal it is shown on.
    public var replacingControlCharacters: String { replacingControlCharacters(keeping: ["\n", "\t"]) }

    /// The text as one line, for a log line, a heading or a table cell: every control character, line breaks
    /// included, becomes U+FFFD (tabs stay), so that a name cannot start a line of its own.
    public var asOneLine: String { replacingControlCharacters(keeping: ["\t"]) }

    private func replacingControlCharacters(keeping kept: Set<Unicode.Scalar>) -> String {
        guard unicodeScalars.contains(where: { $0.isControlCharacter && !kept.contains($0) }) else { return self }
        var result = String.UnicodeScalarView()
        for scalar in unicodeScalars {
            result.append(scalar.isControlCharacter && !kept.contains(scalar) ? "\u{FFFD}" : scalar)
        }
        return String(result)
    }
}

extension String {
    /// The text quoted for a one-line message: `'value'`, or `'its first line…'` for a value of several
    /// lines (a YAML block scalar), control characters replaced.
    public var quotedExcerpt: String {
        let lines = split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        let rest = lines.dropFirst().contains { !$0.allSatisfy(\.isWhitespace) }
        return "'" + String(lines.first ?? "").asOneLine + (rest ? "…" : "") + "'"
    }
}
