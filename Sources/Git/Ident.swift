/// An author or committer line of a commit, split as git splits it (ident.c's split_ident_line), not as
/// libgit2 does: git takes the name up to the first `<` and the e-mail up to the next `>`, where libgit2
/// takes the last ones, so `<b>Bo</b> <bo@x.test>` is (name "", e-mail "b") for git and `git log`. Pure.
struct Ident: Equatable {
    /// The raw bytes, before `.mailmap` and any re-encoding.
    var name: [UInt8]
    var email: [UInt8]
    /// Seconds since the epoch as the line writes them; `Ident.noDate` when the line has none git can read
    /// (no digits after the e-mail, a sign before them, or no zone after them), `Int64.max` when they do not
    /// fit.
    var time: Int64
    /// The zone as minutes east of UTC (`+0130` is 90); 0 when the line has none or it is beyond ±9999.
    var offsetMinutes: Int

    /// The time of an ident without a date git can read.
    static let noDate = Int64.min

    /// The first `author ` and `committer ` lines of a commit's raw header.
    static func authorAndCommitter(inHeader header: UnsafePointer<CChar>) -> (author: Ident?, committer: Ident?) {
        var author: Ident?, committer: Ident?
        header.withMemoryRebound(to: UInt8.self, capacity: 1) { bytes in
            var start = 0
            while bytes[start] != 0 {
                var end = start
                while bytes[end] != 0 && bytes[end] != UInt8(ascii: "\n") { end += 1 }
                let line = UnsafeBufferPointer(start: bytes + start, count: end - start)
                if author == nil, let rest = after(prefix: authorPrefix, in: line) {
                    author = parse(rest)
                } else if committer == nil, let rest = after(prefix: committerPrefix, in: line) {
                    committer = parse(rest)
                }
                if author != nil && committer != nil { break }
                start = bytes[end] == 0 ? end : end + 1
            }
        }
        return (author, committer)
    }

    private static let authorPrefix = Array("author ".utf8)
    private static let committerPrefix = Array("committer ".utf8)

    private static func after(prefix: [UInt8], in line: UnsafeBufferPointer<UInt8>) -> ArraySlice<UInt8>? {
        guard line.count >= prefix.count, line.prefix(prefix.count).elementsEqual(prefix) else { return nil }
        return Array(line)[prefix.count...]
    }

    /// C's isspace in the C locale.
    private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }

    private static func isDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }

    /// Splits `NAME <EMAIL> TIME ZONE` as git does; nil when there is no `<` or no `>` after it.
    static func parse(_ line: ArraySlice<UInt8>) -> Ident? {
        let start = line.startIndex, end = line.endIndex
        guard let open = line.firstIndex(of: UInt8(ascii: "<")) else { return nil }
        let mailBegin = open + 1
        var nameEnd = start
        var index = mailBegin - 2
        while index >= start {
            if !isSpace(line[index]) {
                nameEnd = index + 1
                break
            }
            index -= 1
        }
        guard let mailEnd = line[mailBegin...].firstIndex(of: UInt8(ascii: ">")) else { return nil }
        let name = Array(line[start..<nameEnd]), email = Array(line[mailBegin..<mailEnd])
        // The date follows the last `>` of the line.
        var cursor = (line.lastIndex(of: UInt8(ascii: ">")) ?? mailEnd) + 1
        while cursor < end, isSpace(line[cursor]) { cursor += 1 }
        let dateBegin = cursor
        while cursor < end, isDigit(line[cursor]) { cursor += 1 }
        guard cursor > dateBegin else { return Ident(name: name, email: email, time: noDate, offsetMinutes: 0) }
        var time: Int64 = 0
        for digit in line[dateBegin..<cursor] {
            let (scaled, overflow) = time.multipliedReportingOverflow(by: 10)
            let (sum, overflowAdding) = scaled.addingReportingOverflow(Int64(digit - 0x30))
            if overflow || overflowAdding {
                time = .max
                break
            }
            time = sum
        }
        // Without a zone (a sign and digits), git reads no date at all.
        let undated = Ident(name: name, email: email, time: noDate, offsetMinutes: 0)
        while cursor < end, isSpace(line[cursor]) { cursor += 1 }
        guard cursor < end, line[cursor] == UInt8(ascii: "+") || line[cursor] == UInt8(ascii: "-") else { return undated }
        let negative = line[cursor] == UInt8(ascii: "-")
        let zoneBegin = cursor + 1
        cursor = zoneBegin
        while cursor < end, isDigit(line[cursor]) { cursor += 1 }
        guard cursor > zoneBegin else { return undated }
        var zone = 0
        if cursor > zoneBegin, cursor - zoneBegin <= 4 {
            for digit in line[zoneBegin..<cursor] { zone = zone * 10 + Int(digit - 0x30) }
        }
        let minutes = zone / 100 * 60 + zone % 100
        return Ident(name: name, email: email, time: time, offsetMinutes: negative ? -minutes : minutes)
    }
}
