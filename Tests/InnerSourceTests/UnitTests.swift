import CSV
import Foundation
@testable import Git
import Ingest
@testable import InnerSourceModel
import Reporting
import Scoring
import Testing

@Suite("Dates and times")
struct DateTests {
    static let asOf: Int64 = 1_717_243_200 // 2024-06-01T12:00:00Z

    @Test("ISO 8601 in UTC", arguments: [
        (Int64(0), "1970-01-01T00:00:00Z"),
        (Int64(951_782_400), "2000-02-29T00:00:00Z"),
        (Int64(1_717_243_200), "2024-06-01T12:00:00Z"),
        (Int64(-1), "1969-12-31T23:59:59Z"),
        (Int64(4_102_444_799), "2099-12-31T23:59:59Z"),
    ])
    func iso8601(seconds: Int64, text: String) {
        #expect(UTCTime.iso8601(seconds) == text)
        #expect((try? DateSpec(parsing: text).resolve(asOf: 0)) == seconds)
    }

    @Test("months are taken in UTC")
    func month() {
        #expect(UTCTime.month(1_717_243_200) == "2024-06")
        #expect(UTCTime.month(1_719_791_999) == "2024-06")
        #expect(UTCTime.month(1_719_792_000) == "2024-07")
    }

    @Test("what users write", arguments: [
        ("2024-01-31", "2024-01-31T00:00:00Z"),
        ("2024-01-31T08:30:00Z", "2024-01-31T08:30:00Z"),
        ("2024-01-31T08:30", "2024-01-31T08:30:00Z"),
        ("2024-01-31 08:30:15", "2024-01-31T08:30:15Z"),
        ("2024-01-31T08:30:00+02:00", "2024-01-31T06:30:00Z"),
        ("2024-01-31T08:30:00-05:30", "2024-01-31T14:00:00Z"),
        ("now", "2024-06-01T12:00:00Z"),
        ("today", "2024-06-01T12:00:00Z"),
        ("30 days ago", "2024-05-02T12:00:00Z"),
        ("1 day ago", "2024-05-31T12:00:00Z"),
        ("2 weeks ago", "2024-05-18T12:00:00Z"),
        ("3 months ago", "2024-03-01T12:00:00Z"),
        ("1 year ago", "2023-06-01T12:00:00Z"),
        ("  365 Days Ago ", "2023-06-02T12:00:00Z"),
    ])
    func parse(text: String, expected: String) throws {
        #expect(UTCTime.iso8601(try DateSpec(parsing: text).resolve(asOf: Self.asOf)) == expected)
    }

    @Test("month arithmetic clamps to the month's last day")
    func clamp() throws {
        let march31 = try #require(UTCTime.seconds(year: 2024, month: 3, day: 31))
        #expect(UTCTime.iso8601(try DateSpec(parsing: "1 month ago").resolve(asOf: march31)) == "2024-02-29T00:00:00Z")
    }

    @Test("nonsense is refused with a hint", arguments: ["someday", "2024-13-01", "2024-02-30", "2024/01/01", "ten days ago",
                                                         "-3 days ago", "3 fortnights ago", "2024-01-01T25:00", ""])
    func refuse(text: String) {
        #expect(throws: DateSpec.ParseError.self) { try DateSpec(parsing: text) }
    }

    @Test("windows are half-open")
    func window() {
        let window = TimeWindow(since: 100, until: 200)
        #expect(!window.contains(99))
        #expect(window.contains(100))
        #expect(window.contains(199))
        #expect(!window.contains(200))
        #expect(TimeWindow.all.contains(Int64.min))
    }
}

@Suite("Identities")
struct IdentityTests {
    @Test("trailer values", arguments: [
        ("Dan Dev <dan@example.net>", Identity(name: "Dan Dev", email: "dan@example.net")),
        ("  Dan   <dan@example.net>  ", Identity(name: "Dan", email: "dan@example.net")),
        ("<solo@example.net>", Identity(name: "", email: "solo@example.net")),
        ("A <b> <real@example.net>", Identity(name: "A <b>", email: "real@example.net")),
    ])
    func parse(text: String, identity: Identity) {
        #expect(Identity.parse(text) == identity)
    }

    @Test("no e-mail, no identity", arguments: ["Dan Dev", "Dan <>", "Dan <", ""])
    func unparsable(text: String) {
        #expect(Identity.parse(text) == nil)
    }

    @Test("people are keyed by the lower-cased e-mail")
    func key() {
        #expect(Identity(name: "Bob", email: "BOB@Example.com").key == "bob@example.com")
        #expect(Identity(name: "Nobody", email: "").key == "name:Nobody")
    }
}

@Suite("Remote URLs lose their credentials")
struct RemoteURLTests {
    @Test(arguments: [
        ("https://user:token@github.com/org/repo.git", "https://github.com/org/repo.git"),
        ("https://token@github.com/org/repo.git", "https://github.com/org/repo.git"),
        ("https://github.com/org/repo.git", "https://github.com/org/repo.git"),
        ("ssh://git@example.com/org/repo.git", "ssh://git@example.com/org/repo.git"),
        ("ssh://git:pw@example.com/org/repo.git", "ssh://example.com/org/repo.git"),
        ("git@github.com:org/repo.git", "git@github.com:org/repo.git"),
        ("/srv/git/repo.git", "/srv/git/repo.git"),
        ("https://host/path/with@at", "https://host/path/with@at"),
    ])
    func redact(url: String, expected: String) {
        #expect(RemoteURL.redacted(url) == expected)
    }
}

@Suite("Documents read at HEAD")
struct HeadDocumentTests {
    @Test(arguments: [
        ("README.md", true), ("readme", true), ("README.rst", true), ("CONTRIBUTING.md", true),
        (".github/CODEOWNERS", true), ("docs/CODEOWNERS", true), ("LICENSE", true), ("COPYING.LIB", true),
        ("TRUSTED-COMMITTERS.md", true), ("docs/contributing.md", true), (".mailmap", true),
        ("src/README.md", false), ("READMEFIRST.txt", false), ("main.swift", false), ("a/b/LICENSE", false),
    ])
    func choose(path: String, chosen: Bool) {
        #expect(DocumentLocations.isDocument(path) == chosen)
    }

    @Test("the answers from an ASCII path's bytes are the rules' own, on 30,000 generated paths")
    func bytesAgreeWithTheRules() {
        let parts = ["README.md", "readme", "OWNERS", "owners", "catalog-info.yaml", "catalog-info.yml", "catalog-info.yaml.bak",
                     "docs", "doc", ".github", ".gitlab", "DOCS", "src", "a", "", ".mailmap", "CODEOWNERS", "LICENSE",
                     "docs\u{301}", "OWNER\u{212A}", "caf\u{e9}", "x\r\ny", "\r\n", "COPYING.LIB", "ReadMe.RST"]
        var generator = SplitMix(seed: 41)
        var documents = 0, owners = 0
        for _ in 0..<30_000 {
            let path = (0..<Int.random(in: 1...4, using: &generator)).map { _ in parts.randomElement(using: &generator)! }
                .joined(separator: "/") + (Int.random(in: 0..<20, using: &generator) == 0 ? "/" : "")
            let document = DocumentLocations.isDocument(path), owner = DocumentLocations.isOwnershipFile(path)
            #expect(document == DocumentLocations.isDocumentInFull(path), "\(path.debugDescription)")
            #expect(owner == DocumentLocations.isOwnershipFileInFull(path), "\(path.debugDescription)")
            if document { documents += 1 }
            if owner { owners += 1 }
        }
        #expect(documents > 1_000 && owners > 1_000)
    }
}

@Suite("CSV cells")
struct CSVTests {
    @Test("formula-like text is neutralised, numbers are not", arguments: [
        ("=SUM(A1)", "'=SUM(A1)"), ("+1 555", "'+1 555"), ("-rf", "'-rf"), ("@handle", "'@handle"),
        ("\tx", "'\tx"), ("\rx", "'\rx"), ("-12", "-12"), ("+3.5", "+3.5"), ("Alice", "Alice"), ("", ""),
    ])
    func neutralise(cell: String, expected: String) {
        #expect(CSVTable.neutralised(cell) == expected)
    }

    @Test("RFC 4180 quoting, CRLF line ends, header first")
    func encode() throws {
        var table = CSVTable(header: ["a", "b"])
        table.append(["x,y", "say \"hi\""])
        table.append(["line\nbreak", "=cmd"])
        let text = String(decoding: try table.encoded(), as: UTF8.self)
        #expect(text == "a,b\r\n\"x,y\",\"say \"\"hi\"\"\"\r\n\"line\nbreak\",'=cmd\r\n")
    }

    /// The writer CSVTable's quoting follows, byte for byte: CSV.swift's own.
    static func libraryEncoded(_ header: [String], _ rows: [[String]]) throws -> Data {
        let stream = OutputStream.toMemory()
        let writer = try CSVWriter(stream: stream, newline: .crlf)
        try writer.write(row: header)
        for row in rows { try writer.write(row: row.map(CSVTable.neutralised)) }
        writer.stream.close()
        var data = (stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data) ?? Data()
        data.append(contentsOf: Array("\r\n".utf8))
        return data
    }

    @Test("the same bytes as CSV.swift's writer, on every kind of field", arguments: [
        ["plain", "", " spaced ", "x,y", "a\"b", "\"", "\"\"", "cr\rhere", "lf\nhere", "crlf\r\nhere", "\r\n"],
        // A mark combining with a quote or a comma, a flag, a ZWJ sequence, non-Latin text.
        ["\"\u{301}", ",\u{301}", "e\u{301},", "🇫🇷", "👩‍💻, dev", "Ærøskøbing", "日本語\"引用\"", "\u{FEFF}bom"],
        ["=1+1", "-x", "@me", "+1 555", "-12", "\tx", "\r\n=cmd"],
    ])
    func sameBytesAsLibrary(fields: [String]) throws {
        var table = CSVTable(header: ["h1", "h,2"] + fields.indices.dropFirst(2).map { "c\($0)" })
        let row = Array(fields.prefix(table.header.count)) + Array(repeating: "", count: max(0, table.header.count - fields.count))
        table.append(row)
        table.append(row.reversed())
        #expect(try table.encoded() == Self.libraryEncoded(table.header, [row, row.reversed()]))
    }
}

@Suite("History tally")
struct HistoryTallyTests {
    static func record(_ id: Int, time: Int64, parents: Int = 1, added: Int = 0, deleted: Int = 0,
                       binary: Bool = false, missing: Bool = false) -> CommitRecord {
        let signature = Signature(identity: Identity(name: "A", email: "a@x.org"), time: time, offsetMinutes: 0)
        var files = [FileChange(path: "f\(id)", kind: .modified, lines: .counted(added: added, deleted: deleted))]
        if binary { files.append(FileChange(path: "b\(id)", kind: .added, lines: .binary)) }
        if missing { files.append(FileChange(path: "m\(id)", kind: .added, lines: .missing)) }
        return CommitRecord(
            id: ObjectID(hex: String(repeating: String(id % 10), count: 40)),
            parents: (0..<parents).map { ObjectID(hex: String(repeating: "\($0)", count: 40)) },
            author: signature, committer: signature, summary: "c\(id)", trailers: [], coAuthors: [],
            files: parents > 1 ? [] : files)
    }

    static let history: [CommitRecord] = [
        record(1, time: 100, added: 10),
        record(2, time: 200, added: 1, deleted: 2, binary: true),
        record(3, time: 300, added: 3, deleted: 1, missing: true),
        record(4, time: 400, parents: 2),
        record(5, time: 50, added: 2),
    ]

    @Test("totals, merges apart, in any order")
    func tally() {
        var forward = HistoryTally(), backward = HistoryTally(), shuffled = HistoryTally()
        Self.history.forEach { forward.add($0) }
        Self.history.reversed().forEach { backward.add($0) }
        var generator = SplitMix(seed: 7)
        Self.history.shuffled(using: &generator).forEach { shuffled.add($0) }
        let totals = forward.totals
        #expect(totals.commits == 4)
        #expect(totals.mergeCommits == 1)
        #expect(totals.linesAdded == 16)
        #expect(totals.linesDeleted == 3)
        #expect(totals.binaryFileChanges == 1)
        #expect(totals.unknownFileChanges == 1)
        #expect(totals.firstCommit == 50)
        #expect(totals.lastCommit == 400)
        #expect(backward.totals == totals)
        #expect(shuffled.totals == totals)
    }
}

/// A seeded generator (SplitMix64), so that generated and shuffled tests are the same on every run and
/// every machine. The one generator of the tests.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite("Team names")
struct TeamNameTests {
    @Test("C0, DEL, C1 and the line and paragraph separators are refused; every other character is fine")
    func controlCharacters() {
        for value in UInt32(0)..<0x3000 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let control = value < 0x20 || (0x7F...0x9F).contains(value) || value == 0x2028 || value == 0x2029
            #expect(Team.isForbiddenInName(scalar) == control, "U+\(String(value, radix: 16))")
            #expect((Team.nameProblem("a\(Character(scalar))b") != nil) == control, "U+\(String(value, radix: 16))")
        }
        #expect(Team.nameProblem("Unaffiliated")?.contains("reserved") == true)
        #expect(Team.nameProblem("payments") == nil)
    }
}
