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
