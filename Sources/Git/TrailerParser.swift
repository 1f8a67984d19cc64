import InnerSourceModel

/// A commit message's trailers exactly as `git log --format=%(trailers:unfold)` finds them (git 2.39's
/// trailer.c, with `no_divider` as `git log` sets it), whatever libgit2's version: libgit2 before 1.8 takes
/// any line starting with `---` for the start of a patch, and so drops every trailer after GitHub's squash
/// separator (`---------`). Pure: no libgit2.
///
/// The rules, from trailer.c:
/// - the message starts at its first line that is not blank (the subject);
/// - the end of the message ignores the text below a scissors line (`# ------------------------ >8 ---`), a
///   final run of comment lines (`#`) and empty lines, and a final `Conflicts:` block;
/// - the first paragraph is the title and holds no trailer;
/// - the trailer block is the last paragraph, when its lines are all trailers, or when it holds a
///   git-generated trailer (`Signed-off-by: `, `(cherry picked from commit `) and at least 25% trailers;
///   lines starting with white space continue the trailer before them;
/// - a trailer is a token of letters, digits and `-` (white space may follow it) and a `:`; its value is the
///   rest, trimmed, continuation lines folded into one space.
enum TrailerParser {
    /// The trailers of `message` (a commit's whole message), in order.
    static func trailers(in message: String) -> [Trailer] {
        var message = message
        return message.withUTF8 { trailers(in: Array($0)) }
    }

    static func trailers(in whole: [UInt8]) -> [Trailer] {
        // The subject starts after any blank lines (pretty.c's skip_blank_lines).
        var start = 0
        while start < whole.count {
            let end = lineEnd(whole, from: start)
            guard isBlank(whole, start, end) else { break }
            start = end
        }
        let buffer = Array(whole[start...])
        let end = buffer.count - ignoredBytes(buffer, buffer.count)
        let blockStart = trailerBlockStart(buffer, end)
        guard blockStart < end else { return [] }

        // Split the block into lines (each with its newline), joining continuation lines to the trailer
        // before them.
        var lines: [[UInt8]] = []
        var lastIsTrailer = false
        var position = blockStart
        while position < end {
            let next = min(lineEnd(buffer, from: position), end)
            let line = Array(buffer[position..<next])
            position = next
            if lastIsTrailer, let first = line.first, isSpace(first) {
                lines[lines.count - 1] += line
                continue
            }
            lines.append(line)
            lastIsTrailer = separator(in: line) >= 1
        }
        return lines.compactMap { line in
            let at = separator(in: line)
            guard at >= 1 else { return nil }
            let key = trimmed(line[..<at])
            let value = unfolded(trimmed(line[(at + 1)...]))
            return Trailer(key: String(decoding: key, as: UTF8.self), value: String(decoding: value, as: UTF8.self))
        }
    }

    // MARK: trailer.c, byte for byte

    static let newline = UInt8(ascii: "\n")
    static let comment = UInt8(ascii: "#")
    static let generatedPrefixes: [[UInt8]] = [Array("Signed-off-by: ".utf8), Array("(cherry picked from commit ".utf8)]
    static let scissors = Array("# ------------------------ >8 ------------------------\n".utf8)

    /// C's isspace in the C locale.
    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (0x09...0x0D).contains(byte)
    }

    /// C's isalnum in the C locale.
    static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }

    /// The index after the line starting at `start` (after its newline, or the end).
    static func lineEnd(_ buffer: [UInt8], from start: Int) -> Int {
        var index = start
        while index < buffer.count, buffer[index] != newline { index += 1 }
        return index < buffer.count ? index + 1 : index
    }

    /// A line of white space only, or an empty one (trailer.c's is_blank_line, which reads to the newline).
    static func isBlank(_ buffer: [UInt8], _ start: Int, _ end: Int) -> Bool {
        var index = start
        while index < buffer.count, buffer[index] != newline, isSpace(buffer[index]) { index += 1 }
        return index >= buffer.count || buffer[index] == newline
    }

    /// The start of the last line before `length`; -1 when `length` is 0 (trailer.c's last_line).
    static func lastLine(_ buffer: [UInt8], _ length: Int) -> Int {
        if length == 0 { return -1 }
        if length == 1 { return 0 }
        var index = length - 2
        while index >= 0 {
            if buffer[index] == newline { return index + 1 }
            index -= 1
        }
        return 0
    }

    static func starts(_ buffer: [UInt8], at index: Int, with prefix: [UInt8]) -> Bool {
        guard index + prefix.count <= buffer.count else { return false }
        for offset in prefix.indices where buffer[index + offset] != prefix[offset] { return false }
        return true
    }

    /// The position of the separator (`:`) of a trailer line; 0 when the line starts with it, -1 when it is
    /// no trailer (trailer.c's find_separator).
    static func separator<Bytes: Collection>(in line: Bytes) -> Int where Bytes.Element == UInt8, Bytes.Index == Int {
        var whitespaceFound = false
        var index = line.startIndex
        while index < line.endIndex {
            let byte = line[index]
            if byte == 0 { break }
            if byte == UInt8(ascii: ":") { return index - line.startIndex }
            if !whitespaceFound && (isAlphanumeric(byte) || byte == UInt8(ascii: "-")) {
                index += 1
                continue
            }
            if index != line.startIndex && (byte == 0x20 || byte == 0x09) {
                whitespaceFound = true
                index += 1
                continue
            }
            break
        }
        return -1
    }

    /// How many bytes at the end of the message are not part of it: below the scissors line, and a final run
    /// of comment lines, empty lines and a `Conflicts:` block (commit.c's ignore_non_trailer).
    static func ignoredBytes(_ buffer: [UInt8], _ length: Int) -> Int {
        var cutoff = length
        if starts(buffer, at: 0, with: scissors) {
            cutoff = 0
        } else {
            var index = 0
            while index + scissors.count < length {
                if buffer[index] == newline && starts(buffer, at: index + 1, with: scissors) {
                    cutoff = min(cutoff, index + 1)
                    break
                }
                index += 1
            }
        }
        var runStart = 0, lineStart = 0
        var inConflicts = false
        let conflicts = Array("Conflicts:\n".utf8)
        while lineStart < cutoff {
            let next = lineEnd(buffer, from: lineStart)
            let first = buffer[lineStart]
            if first == comment || first == newline {
                if runStart == 0 { runStart = lineStart }
            } else if starts(buffer, at: lineStart, with: conflicts) {
                inConflicts = true
                if runStart == 0 { runStart = lineStart }
            } else if inConflicts && first == 0x09 {
                // a path in the conflicts block
            } else if runStart != 0 {
                runStart = 0
                inConflicts = false
            }
            lineStart = next
        }
        return runStart != 0 ? length - runStart : length - cutoff
    }

    /// Where the trailer block starts, or `length` when there is none (trailer.c's find_trailer_start).
    static func trailerBlockStart(_ buffer: [UInt8], _ length: Int) -> Int {
        // The first paragraph is the title and cannot be trailers.
        var position = 0
        while position < length {
            if buffer[position] != comment && isBlank(buffer, position, length) { break }
            position = lineEnd(buffer, from: position)
        }
        let endOfTitle = position
        var onlySpaces = true, recognizedPrefix = false
        var trailerLines = 0, nonTrailerLines = 0, possibleContinuationLines = 0
        var line = lastLine(buffer, length)
        while line >= endOfTitle && line >= 0 {
            defer { line = lastLine(buffer, line) }
            if buffer[line] == comment {
                nonTrailerLines += possibleContinuationLines
                possibleContinuationLines = 0
                continue
            }
            if isBlank(buffer, line, length) {
                if onlySpaces { continue }
                nonTrailerLines += possibleContinuationLines
                if recognizedPrefix && trailerLines * 3 >= nonTrailerLines { return lineEnd(buffer, from: line) }
                if trailerLines > 0 && nonTrailerLines == 0 { return lineEnd(buffer, from: line) }
                return length
            }
            onlySpaces = false
            if generatedPrefixes.contains(where: { starts(buffer, at: line, with: $0) }) {
                trailerLines += 1
                possibleContinuationLines = 0
                recognizedPrefix = true
                continue
            }
            let lineBytes = buffer[line..<lineEnd(buffer, from: line)]
            if separator(in: lineBytes) >= 1 && !isSpace(buffer[line]) {
                trailerLines += 1
                possibleContinuationLines = 0
            } else if isSpace(buffer[line]) {
                possibleContinuationLines += 1
            } else {
                nonTrailerLines += 1 + possibleContinuationLines
                possibleContinuationLines = 0
            }
        }
        return length
    }

    /// Without leading and trailing white space.
    static func trimmed<Bytes: Collection>(_ bytes: Bytes) -> [UInt8] where Bytes.Element == UInt8 {
        var slice = Array(bytes)[...]
        while let first = slice.first, isSpace(first) { slice.removeFirst() }
        while let last = slice.last, isSpace(last) { slice.removeLast() }
        return Array(slice)
    }

    /// Continuation lines folded: each newline and the white space after it become one space (trailer.c's
    /// unfold_value).
    static func unfolded(_ value: [UInt8]) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(value.count)
        var index = 0
        while index < value.count {
            let byte = value[index]
            index += 1
            if byte == newline {
                while index < value.count, isSpace(value[index]) { index += 1 }
                result.append(0x20)
            } else {
                result.append(byte)
            }
        }
        return trimmed(result)
    }
}
