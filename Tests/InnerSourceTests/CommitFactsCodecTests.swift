import Foundation
import Ingest
import InnerSourceModel
import Pipeline
import Testing

/// The incremental cache's binary codec: every field comes back exactly, on hand-made edge cases, on
/// thousands of pseudo-random records and on real history; damaged bytes throw and never trap.
@Suite("Commit facts codec")
struct CommitFactsCodecTests {
    static let sha1 = "0123456789abcdef0123456789abcdef01234567"
    static let sha1b = "fedcba9876543210fedcba9876543210fedcba98"
    static let sha256 = "00ff" + String(repeating: "9a", count: 30)

    static func signature(_ name: String, _ email: String, _ time: Int64 = 1_700_000_000, _ offset: Int = 0) -> Signature {
        Signature(identity: Identity(name: name, email: email), time: time, offsetMinutes: offset)
    }

    static func record(
        id: String = sha1, parents: [String] = [sha1b], author: Signature = signature("Ann", "ann@example.com"),
        committer: Signature? = nil, summary: String = "Change", trailers: [Trailer] = [], coAuthors: [Identity] = [],
        files: [FileChange] = [], filesKnown: Bool = true, inWindow: Bool = true
    ) -> CommitRecord {
        CommitRecord(id: ObjectID(lowercaseHex: id), parents: parents.map(ObjectID.init(lowercaseHex:)), author: author,
                     committer: committer ?? author, summary: summary, trailers: trailers, coAuthors: coAuthors,
                     files: files, filesKnown: filesKnown, inWindow: inWindow)
    }

    /// A named hand-made record.
    struct Example: Sendable, CustomTestStringConvertible {
        var name: String
        var record: CommitRecord
        var testDescription: String { name }
    }

    static let examples: [Example] = [
        Example(name: "empty everything", record: CommitRecord(
            id: ObjectID(lowercaseHex: ""), parents: [], author: signature("", "", 0, 0), committer: signature("", "", 0, 0),
            summary: "", trailers: [], coAuthors: [], files: [])),
        Example(name: "emoji, combining marks, NUL and line ends", record: record(
            author: signature("Zoë 👩🏽‍💻 e\u{301}", "zoë@例え.jp"), committer: signature("Bot\u{0}", "\r\n"),
            summary: "Fix 🐛 in naïve café — \u{10FFFF}\t\u{0}end",
            trailers: [Trailer(key: "Co-authored-by", value: "Ünï <u@example.com>"), Trailer(key: "", value: "")],
            coAuthors: [Identity(name: "Ünï", email: "u@example.com"), Identity(name: "", email: "")])),
        Example(name: "a name repaired from invalid UTF-8", record: record(
            author: signature("Car\u{FFFD}l", "carol@example.com"), summary: "\u{FFFD}\u{FFFD} notes")),
        Example(name: "negative times and offsets", record: record(
            author: signature("Old", "old@example.com", -2_208_988_800, -720),
            committer: signature("Old", "old@example.com", -1, -1))),
        Example(name: "Int64 extremes for times, Int extremes for offsets", record: record(
            author: signature("Min", "min@example.com", .min, .min), committer: signature("Max", "max@example.com", .max, .max))),
        Example(name: "every kind and every line statistic, huge counts", record: record(files: [
            FileChange(path: "a", kind: .added, lines: .counted(added: 0, deleted: 0)),
            FileChange(path: "b", kind: .deleted, lines: .counted(added: .max, deleted: .max)),
            FileChange(path: "c", kind: .modified, lines: .counted(added: .min, deleted: -1)),
            FileChange(path: "d", kind: .modified, lines: .binary),
            FileChange(path: "e", kind: .added, lines: .missing),
            FileChange(path: "f", kind: .deleted, lines: .notCounted),
            FileChange(path: "g", kind: .modified, lines: .counted(added: 4_000_000_000, deleted: 12)),
            FileChange(path: "h/new.txt", kind: .renamed, lines: .counted(added: 2, deleted: 1), oldPath: "old/é.txt"),
            FileChange(path: "i", kind: .renamed, lines: .notCounted, oldPath: ""),
        ])),
        Example(name: "a merge with no files, files unknown, outside the window", record: record(
            parents: [sha1b, sha1, sha256], summary: "Merge branch 'x'", files: [], filesKnown: false, inWindow: false)),
        Example(name: "SHA-256 ids", record: record(id: sha256, parents: [sha256, sha1])),
        Example(name: "a GitLab merge request line", record: {
            var merged = record(parents: [sha1b, sha1], summary: "Merge branch 'x' into 'main'")
            merged.mergeRequest = "group/sub/project!12"
            return merged
        }()),
        Example(name: "an empty GitLab merge request line", record: {
            var merged = record()
            merged.mergeRequest = ""
            return merged
        }()),
        Example(name: "ids that are not 40 or 64 lower-case hex digits", record: record(
            id: "not-an-id", parents: [String(sha1.dropLast()), sha1 + "00", sha1.uppercased(), "é", "", sha256 + "0",
                                       "g" + sha1.dropFirst()])),
        Example(name: "paths sharing prefixes, inside a UTF-8 sequence too", record: record(files: [
            FileChange(path: "", kind: .added, lines: .binary),
            FileChange(path: "src/aé", kind: .added, lines: .counted(added: 1, deleted: 0)),
            FileChange(path: "src/aè", kind: .added, lines: .counted(added: 2, deleted: 0)),
            FileChange(path: "src/aè", kind: .modified, lines: .counted(added: 3, deleted: 1)),
            FileChange(path: "src/a", kind: .deleted, lines: .counted(added: 0, deleted: 9)),
            FileChange(path: "src/a/deeper/still/😀.txt", kind: .added, lines: .counted(added: 5, deleted: 0)),
            FileChange(path: "src/a/deeper/still/😁.txt", kind: .added, lines: .counted(added: 5, deleted: 0)),
            FileChange(path: "zzz", kind: .modified, lines: .missing),
        ])),
        Example(name: "committer differs from author only by e-mail case", record: record(
            author: signature("Ann", "ann@example.com", 10, 60), committer: signature("Ann", "ANN@example.com", 20, 120))),
        Example(name: "a long summary", record: record(summary: String(repeating: "long line ", count: 5_000))),
    ]

    /// Encodes and decodes, requiring the same record and flag back and the same bytes on re-encoding
    /// (which also pins every string's exact UTF-8, beyond Swift's canonically equivalent `==`).
    static func expectRoundTrip(_ record: CommitRecord, undecodable: Bool,
                                sourceLocation: SourceLocation = #_sourceLocation) throws {
        let bytes = CommitFactsCodec.encode(record, undecodable: undecodable)
        let decoded = try CommitFactsCodec.decode(Data(bytes))
        #expect(decoded.record == record, sourceLocation: sourceLocation)
        #expect(decoded.undecodable == undecodable, sourceLocation: sourceLocation)
        #expect(CommitFactsCodec.encode(decoded.record, undecodable: decoded.undecodable) == bytes,
                sourceLocation: sourceLocation)
    }

    @Test("hand-made edge records round-trip exactly", arguments: examples)
    func edgeRecords(_ example: Example) throws {
        try Self.expectRoundTrip(example.record, undecodable: false)
        try Self.expectRoundTrip(example.record, undecodable: true)
    }

    @Test("the first byte is the version, and a slice of data decodes the same")
    func versionAndInputs() throws {
        let record = try #require(Self.examples.first { $0.name.hasPrefix("paths sharing") }).record
        let bytes = CommitFactsCodec.encode(record, undecodable: true)
        #expect(bytes.first == CommitFactsCodec.version)
        #expect(try CommitFactsCodec.decode(Data(bytes)).record == record)
        let padded = Data([0xAA] + bytes + [0xBB])
        #expect(try CommitFactsCodec.decode(padded[1..<padded.count - 1]).record == record, "a slice that does not start at 0")
        #expect(try CommitFactsCodec.decode(Data(bytes).dropFirst(0)).undecodable)
    }

    // MARK: Pseudo-random records

    /// Makes varied records from a seeded generator: any Unicode, ids of every shape, extreme numbers.
    struct RecordMaker {
        var random: SplitMix

        mutating func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &random) < percent }

        mutating func scalar() -> Unicode.Scalar {
            let ranges: [ClosedRange<UInt32>] = [
                0x20...0x7E, 0x20...0x7E, 0x20...0x7E, 0x00...0x1F, 0x80...0x2FF, 0x300...0x36F, 0x4E00...0x9FFF,
                0xE000...0xFFFD, 0x1F300...0x1FAFF, 0x10000...0x10FFFF, 0xFFFD...0xFFFD,
            ]
            let range = ranges[Int.random(in: 0..<ranges.count, using: &random)]
            return Unicode.Scalar(UInt32.random(in: range, using: &random)) ?? "?"
        }

        mutating func text(maximum: Int = 24) -> String {
            var result = String.UnicodeScalarView()
            for _ in 0..<Int.random(in: 0...maximum, using: &random) { result.append(scalar()) }
            return String(result)
        }

        mutating func hex(_ count: Int) -> String {
            let digits = Array("0123456789abcdef")
            return String((0..<count).map { _ in digits[Int.random(in: 0..<16, using: &random)] })
        }

        mutating func objectID() -> ObjectID {
            switch Int.random(in: 0..<10, using: &random) {
            case 0..<6: return ObjectID(lowercaseHex: hex(40))
            case 6, 7: return ObjectID(lowercaseHex: hex(64))
            case 8: return ObjectID(lowercaseHex: hex(40).uppercased())
            default: return ObjectID(lowercaseHex: chance(50) ? hex(Int.random(in: 0...70, using: &random)) : text())
            }
        }

        mutating func int64() -> Int64 {
            switch Int.random(in: 0..<6, using: &random) {
            case 0: return [Int64.min, .max, 0, -1, 1][Int.random(in: 0..<5, using: &random)]
            case 1: return Int64.random(in: .min ... .max, using: &random)
            default: return Int64.random(in: -100_000_000...4_000_000_000, using: &random)
            }
        }

        mutating func int() -> Int {
            chance(80) ? Int.random(in: -1_000...100_000, using: &random) : Int(truncatingIfNeeded: int64())
        }

        mutating func identity() -> Identity { Identity(name: text(), email: text()) }

        mutating func signature() -> Signature { Signature(identity: identity(), time: int64(), offsetMinutes: int()) }

        mutating func path(after previous: String?) -> String {
            if let previous, chance(40) { return previous + (chance(50) ? "/" : "") + text(maximum: 6) }
            if let previous, chance(10) { return previous }
            return text(maximum: 40)
        }

        mutating func record() -> CommitRecord {
            let author = signature()
            let committer = chance(50) ? author : chance(50)
                ? Signature(identity: author.identity, time: int64(), offsetMinutes: int()) : signature()
            var files: [FileChange] = []
            for _ in 0..<(chance(15) ? 0 : Int.random(in: 0...12, using: &random)) {
                let kind = [FileChange.Kind.added, .deleted, .modified, .renamed][Int.random(in: 0..<4, using: &random)]
                let lines: LineStats
                switch Int.random(in: 0..<6, using: &random) {
                case 0: lines = .binary
                case 1: lines = .missing
                case 2: lines = .notCounted
                default: lines = .counted(added: int(), deleted: int())
                }
                files.append(FileChange(path: path(after: files.last?.path), kind: kind, lines: lines,
                                        oldPath: kind == .renamed ? path(after: nil) : nil))
            }
            var record = CommitRecord(
                id: objectID(), parents: (0..<Int.random(in: 0...3, using: &random)).map { _ in objectID() },
                author: author, committer: committer, summary: text(maximum: 80),
                trailers: (0..<Int.random(in: 0...3, using: &random)).map { _ in Trailer(key: text(), value: text()) },
                coAuthors: (0..<Int.random(in: 0...3, using: &random)).map { _ in identity() },
                files: files, filesKnown: chance(90), inWindow: chance(90)
            )
            if chance(20) { record.mergeRequest = text(maximum: 40) }
            return record
        }
    }

    @Test("2,000 pseudo-random records round-trip exactly")
    func randomRecords() throws {
        var maker = RecordMaker(random: SplitMix(seed: 0x1A2B_3C4D))
        for index in 0..<2_000 {
            let record = maker.record()
            let bytes = CommitFactsCodec.encode(record, undecodable: index % 7 == 0)
            let decoded = try CommitFactsCodec.decode(Data(bytes))
            guard decoded.record == record, decoded.undecodable == (index % 7 == 0),
                  CommitFactsCodec.encode(decoded.record, undecodable: decoded.undecodable) == bytes else {
                Issue.record("record \(index) (seed 0x1A2B3C4D) does not round-trip: \(record)")
                return
            }
        }
    }

    // MARK: Real history

    static func ingest(_ repository: URL, options: IngestOptions = IngestOptions(threads: 2)) throws -> [CommitRecord] {
        var records: [CommitRecord] = []
        _ = try Ingestor.ingest(repositoryAt: repository.path, options: options) { records.append($0) }
        return records
    }

    @Test("every commit of the edge and basic fixtures round-trips, in and outside the window")
    func fixtureHistory() throws {
        let edge = try Fixture.make("edge")
        let edgeRecords = try Self.ingest(edge)
        #expect(edgeRecords.count == 11)
        for record in edgeRecords { try Self.expectRoundTrip(record, undecodable: false) }

        // basic has a name that is not UTF-8, a declared ISO-8859-1 commit and a merge.
        let basic = try Fixture.make("basic")
        let basicRecords = try Self.ingest(basic)
        #expect(basicRecords.contains { $0.author.identity.name.contains("\u{FFFD}") })
        #expect(basicRecords.contains { $0.isMerge })
        for record in basicRecords { try Self.expectRoundTrip(record, undecodable: false) }

        // Part of the basic history outside the window: metadata-only records.
        let times = basicRecords.map(\.author.time).sorted()
        let windowed = try Self.ingest(basic, options: IngestOptions(window: TimeWindow(since: times[times.count / 2]),
                                                                     threads: 2, includeOutsideWindow: true))
        #expect(windowed.contains { !$0.inWindow } && windowed.contains { $0.inWindow })
        for record in windowed { try Self.expectRoundTrip(record, undecodable: true) }

        // Far smaller than the JSON the cache used before.
        let binary = edgeRecords.reduce(0) { $0 + CommitFactsCodec.encode($1, undecodable: false).count }
        let json = try edgeRecords.reduce(0) { $0 + (try JSONEncoder().encode($1)).count }
        #expect(binary * 2 < json, "binary \(binary) bytes, JSON \(json) bytes")
    }

    // MARK: Damaged input

    static func expectDecodeError(_ bytes: [UInt8], _ comment: Comment, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(throws: CommitFactsCodec.DecodeError.self, comment, sourceLocation: sourceLocation) {
            _ = try CommitFactsCodec.decode(Data(bytes))
        }
    }

    @Test("every truncation of a record throws")
    func truncations() throws {
        for example in Self.examples {
            let bytes = CommitFactsCodec.encode(example.record, undecodable: true)
            for length in 0..<bytes.count {
                Self.expectDecodeError(Array(bytes.prefix(length)), "\(example.name) cut to \(length) of \(bytes.count) bytes")
            }
        }
    }

    @Test("an unknown version, unknown flags, trailing bytes and overlong numbers throw")
    func malformed() throws {
        let record = try #require(Self.examples.first { $0.name.hasPrefix("every kind") }).record
        let bytes = CommitFactsCodec.encode(record, undecodable: false)
        for version: UInt8 in [0, CommitFactsCodec.version + 1, 0xFF] {
            var changed = bytes
            changed[0] = version
            do {
                _ = try CommitFactsCodec.decode(Data(changed))
                Issue.record("version \(version) must not decode")
            } catch let error as CommitFactsCodec.DecodeError {
                #expect(error.reason.contains("version"))
                #expect(error.offset == 0)
            }
        }
        var flags = bytes
        flags[1] |= 0x80
        Self.expectDecodeError(flags, "unknown flag")
        Self.expectDecodeError(bytes + [0], "a trailing byte")
        Self.expectDecodeError([], "no bytes")
        // The id as text whose length is an eleven-byte varint, then one that claims 2^63 - 1 bytes.
        Self.expectDecodeError([CommitFactsCodec.version, 6, 2] + [UInt8](repeating: 0xFF, count: 10) + [1], "overlong varint")
        Self.expectDecodeError([CommitFactsCodec.version, 6, 2] + [UInt8](repeating: 0xFF, count: 9) + [0], "a huge length")
        // An unknown id tag; a parent count far beyond the input.
        Self.expectDecodeError([CommitFactsCodec.version, 6, 9], "unknown id tag")
        Self.expectDecodeError([CommitFactsCodec.version, 6, 2, 0, 0xFF, 0xFF, 0xFF, 0x7F], "a huge parent count")
        // A string that is not UTF-8: an id given as text with a lone continuation byte.
        Self.expectDecodeError([CommitFactsCodec.version, 6, 2, 1, 0x80, 0], "invalid UTF-8")
    }

    @Test("random byte flips never trap: each decodes to a record that round-trips, or throws DecodeError")
    func byteFlips() throws {
        var random = SplitMix(seed: 0xF1_1B5)
        let sources = Self.examples.map { CommitFactsCodec.encode($0.record, undecodable: false) }
        var failures = 0
        for trial in 0..<5_000 {
            var bytes = sources[trial % sources.count]
            for _ in 0..<Int.random(in: 1...3, using: &random) {
                let index = Int.random(in: 0..<bytes.count, using: &random)
                bytes[index] ^= UInt8.random(in: 1...255, using: &random)
            }
            do {
                let decoded = try CommitFactsCodec.decode(Data(bytes))
                let again = try CommitFactsCodec.decode(Data(CommitFactsCodec.encode(decoded.record, undecodable: decoded.undecodable)))
                #expect(again.record == decoded.record)
            } catch is CommitFactsCodec.DecodeError {
                failures += 1
            }
        }
        #expect(failures > 1_000, "most damage is detected")
    }
}
