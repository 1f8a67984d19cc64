import Foundation
import InnerSourceModel

/// Encodes a commit's facts for the incremental cache: compact, versioned, exact round trip.
///
/// Layout of version 3 (varints are unsigned LEB128; signed numbers are zig-zag varints; a string is a
/// varint byte count and its UTF-8 bytes):
/// ```
/// version        1 byte
/// flags          1 byte: 1 undecodable, 2 filesKnown, 4 inWindow, 8 committer identity = author's,
///                16 a GitLab merge request line follows the summary
/// id             object id (below)
/// parents        varint count, object ids
/// author         name, email, time (signed), offsetMinutes (signed)
/// committer      [name, email unless flag 8], time (signed), offsetMinutes (signed)
/// summary        string
/// mergeRequest   [string, with flag 16]
/// trailers       varint count, (key, value) strings
/// coAuthors      varint count, (name, email) strings
/// files          varint count, each: path as (varint bytes shared with the previous path, string of the
///                rest), 1 byte kind | lines << 2 (kind 0 added, 1 deleted, 2 modified, 3 renamed; lines 0
///                counted, 1 binary, 2 missing, 3 notCounted), then for counted: added, deleted (signed),
///                then for renamed: the old path (string)
/// ```
/// An object id is a tag byte then: 0, 20 raw bytes (40 lower-case hex digits); 1, 32 raw bytes (64
/// lower-case hex digits, SHA-256); 2, a string (anything else, kept exactly).
/// Decoding checks every length against the input and rejects trailing bytes, so damaged input throws
/// `DecodeError` rather than trapping.
public enum CommitFactsCodec {
    /// The format version written in the first byte; decoding rejects any other.
    public static let version: UInt8 = 3

    /// Why bytes could not be decoded, and where.
    public struct DecodeError: Error, Sendable, Hashable, CustomStringConvertible {
        public var reason: String
        /// Byte offset at which decoding stopped.
        public var offset: Int

        public init(reason: String, offset: Int) {
            self.reason = reason
            self.offset = offset
        }

        public var description: String { "cached commit facts cannot be decoded at byte \(offset): \(reason)" }
    }

    private enum Flag {
        static let undecodable: UInt8 = 1
        static let filesKnown: UInt8 = 2
        static let inWindow: UInt8 = 4
        static let committerIsAuthor: UInt8 = 8
        static let mergeRequest: UInt8 = 16
        static let all: UInt8 = 31
    }

    private enum IDTag {
        static let sha1: UInt8 = 0
        static let sha256: UInt8 = 1
        static let text: UInt8 = 2
    }

    // MARK: Encoding

    public static func encode(_ record: CommitRecord, undecodable: Bool) -> [UInt8] {
        var writer = Writer()
        writer.bytes.reserveCapacity(128 + record.summary.utf8.count + record.files.count * 24)
        writer.bytes.append(version)
        let committerIsAuthor = record.committer.identity == record.author.identity
        var flags: UInt8 = 0
        if undecodable { flags |= Flag.undecodable }
        if record.filesKnown { flags |= Flag.filesKnown }
        if record.inWindow { flags |= Flag.inWindow }
        if committerIsAuthor { flags |= Flag.committerIsAuthor }
        if record.mergeRequest != nil { flags |= Flag.mergeRequest }
        writer.bytes.append(flags)
        writer.objectID(record.id)
        writer.varint(UInt64(record.parents.count))
        for parent in record.parents { writer.objectID(parent) }
        writer.string(record.author.identity.name)
        writer.string(record.author.identity.email)
        writer.signed(record.author.time)
        writer.signed(Int64(record.author.offsetMinutes))
        if !committerIsAuthor {
            writer.string(record.committer.identity.name)
            writer.string(record.committer.identity.email)
        }
        writer.signed(record.committer.time)
        writer.signed(Int64(record.committer.offsetMinutes))
        writer.string(record.summary)
        if let mergeRequest = record.mergeRequest { writer.string(mergeRequest) }
        writer.varint(UInt64(record.trailers.count))
        for trailer in record.trailers {
            writer.string(trailer.key)
            writer.string(trailer.value)
        }
        writer.varint(UInt64(record.coAuthors.count))
        for coAuthor in record.coAuthors {
            writer.string(coAuthor.name)
            writer.string(coAuthor.email)
        }
        writer.varint(UInt64(record.files.count))
        var previousPath: [UInt8] = []
        for file in record.files {
            var path = file.path
            path.withUTF8 { current in
                var shared = 0
                let limit = min(current.count, previousPath.count)
                while shared < limit, current[shared] == previousPath[shared] { shared += 1 }
                writer.varint(UInt64(shared))
                writer.varint(UInt64(current.count - shared))
                writer.bytes.append(contentsOf: current[shared...])
                previousPath.removeAll(keepingCapacity: true)
                previousPath.append(contentsOf: current)
            }
            let kind: UInt8
            switch file.kind {
            case .added: kind = 0
            case .deleted: kind = 1
            case .modified: kind = 2
            case .renamed: kind = 3
            }
            switch file.lines {
            case .counted(let added, let deleted):
                writer.bytes.append(kind)
                writer.signed(Int64(added))
                writer.signed(Int64(deleted))
            case .binary: writer.bytes.append(kind | 1 << 2)
            case .missing: writer.bytes.append(kind | 2 << 2)
            case .notCounted: writer.bytes.append(kind | 3 << 2)
            }
            if file.kind == .renamed { writer.string(file.oldPath ?? "") }
        }
        return writer.bytes
    }

    /// Appends the pieces of the format to a byte array.
    private struct Writer {
        var bytes: [UInt8] = []

        mutating func varint(_ value: UInt64) {
            var rest = value
            while rest >= 0x80 {
                bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
                rest >>= 7
            }
            bytes.append(UInt8(rest))
        }

        mutating func signed(_ value: Int64) {
            varint(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
        }

        mutating func string(_ text: String) {
            var text = text
            text.withUTF8 { utf8 in
                varint(UInt64(utf8.count))
                bytes.append(contentsOf: utf8)
            }
        }

        mutating func objectID(_ id: ObjectID) {
            var sha1 = (UInt64(0), UInt64(0), UInt32(0))
            if withUnsafeMutableBytes(of: &sha1, { id.writeSHA1Bytes(into: $0) }) {
                bytes.append(IDTag.sha1)
                withUnsafeBytes(of: &sha1) { bytes.append(contentsOf: $0.prefix(20)) }
                return
            }
            // Any other id is text: a SHA-256 name goes in binary, anything else as it is.
            var hex = id.hex
            let binary: Bool = hex.withUTF8 { utf8 in
                guard utf8.count == 64, utf8.allSatisfy({ nibble($0) != nil }) else { return false }
                bytes.append(IDTag.sha256)
                var index = 0
                while index < utf8.count {
                    // Both are digits: checked above.
                    bytes.append((nibble(utf8[index]) ?? 0) << 4 | (nibble(utf8[index + 1]) ?? 0))
                    index += 2
                }
                return true
            }
            if !binary {
                bytes.append(IDTag.text)
                string(hex)
            }
        }

        /// The value of a lower-case hexadecimal digit.
        private func nibble(_ digit: UInt8) -> UInt8? {
            switch digit {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return digit &- UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): return digit &- UInt8(ascii: "a") &+ 10
            default: return nil
            }
        }
    }

    // MARK: Decoding

    /// Decodes bytes written by `encode`, as read from a file or a database, in place (no copy).
    /// - Throws: `DecodeError` (with a reason) on truncated or garbled input or an unknown version.
    public static func decode(_ data: Data) throws -> (record: CommitRecord, undecodable: Bool) {
        try data.withUnsafeBytes { try decode($0) }
    }

    static func decode(_ buffer: UnsafeRawBufferPointer) throws -> (record: CommitRecord, undecodable: Bool) {
        var reader = Reader(buffer)
        let found = try reader.byte()
        guard found == version else {
            throw DecodeError(reason: "unknown version \(found) (this build reads version \(version))", offset: 0)
        }
        let flags = try reader.byte()
        guard flags & ~Flag.all == 0 else { throw reader.failure("unknown flags \(flags)") }
        let id = try reader.objectID()
        let parentCount = try reader.count()
        var parents: [ObjectID] = []
        parents.reserveCapacity(parentCount)
        for _ in 0..<parentCount { parents.append(try reader.objectID()) }
        let author = Signature(identity: Identity(name: try reader.string(), email: try reader.string()),
                               time: try reader.signed(), offsetMinutes: try reader.int())
        let committerIdentity = flags & Flag.committerIsAuthor != 0
            ? author.identity : Identity(name: try reader.string(), email: try reader.string())
        let committer = Signature(identity: committerIdentity, time: try reader.signed(), offsetMinutes: try reader.int())
        let summary = try reader.string()
        let mergeRequest = flags & Flag.mergeRequest != 0 ? try reader.string() : nil
        let trailerCount = try reader.count(bytesEach: 2)
        var trailers: [Trailer] = []
        trailers.reserveCapacity(trailerCount)
        for _ in 0..<trailerCount { trailers.append(Trailer(key: try reader.string(), value: try reader.string())) }
        let coAuthorCount = try reader.count(bytesEach: 2)
        var coAuthors: [Identity] = []
        coAuthors.reserveCapacity(coAuthorCount)
        for _ in 0..<coAuthorCount { coAuthors.append(Identity(name: try reader.string(), email: try reader.string())) }
        let fileCount = try reader.count(bytesEach: 3)
        var files: [FileChange] = []
        files.reserveCapacity(fileCount)
        var path: [UInt8] = []
        for _ in 0..<fileCount {
            let shared = try reader.count(bytesEach: 0)
            guard shared <= path.count else {
                throw reader.failure("a path shares \(shared) bytes with a previous path of \(path.count)")
            }
            let rest = try reader.bytes(count: try reader.count(bytesEach: 1))
            path.removeSubrange(shared...)
            path.append(contentsOf: rest)
            guard let text = String(validating: path, as: UTF8.self) else { throw reader.failure("a path is not UTF-8") }
            let code = try reader.byte()
            let kind: FileChange.Kind
            switch code & 3 {
            case 0: kind = .added
            case 1: kind = .deleted
            case 2: kind = .modified
            default: kind = .renamed
            }
            let lines: LineStats
            switch code >> 2 {
            case 0: lines = .counted(added: try reader.int(), deleted: try reader.int())
            case 1: lines = .binary
            case 2: lines = .missing
            case 3: lines = .notCounted
            default: throw reader.failure("unknown line statistics \(code >> 2)")
            }
            let oldPath = kind == .renamed ? try reader.string() : nil
            files.append(FileChange(path: text, kind: kind, lines: lines, oldPath: oldPath))
        }
        guard reader.isAtEnd else { throw reader.failure("\(reader.remaining) bytes follow the record") }
        var record = CommitRecord(
            id: id, parents: parents, author: author, committer: committer, summary: summary, trailers: trailers,
            coAuthors: coAuthors, files: files, filesKnown: flags & Flag.filesKnown != 0,
            inWindow: flags & Flag.inWindow != 0
        )
        record.mergeRequest = mergeRequest
        return (record, flags & Flag.undecodable != 0)
    }

    /// Reads the pieces of the format from a buffer, checking every length against what is left.
    private struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var offset = 0

        init(_ buffer: UnsafeRawBufferPointer) {
            bytes = buffer.assumingMemoryBound(to: UInt8.self)
        }

        var remaining: Int { bytes.count - offset }
        var isAtEnd: Bool { offset == bytes.count }

        func failure(_ reason: String) -> DecodeError { DecodeError(reason: reason, offset: offset) }

        mutating func byte() throws -> UInt8 {
            guard offset < bytes.count else { throw failure("the input ends early") }
            offset += 1
            return bytes[offset - 1]
        }

        mutating func varint() throws -> UInt64 {
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                let next = try byte()
                if shift == 63, next > 1 { throw failure("a number does not fit in 64 bits") }
                value |= UInt64(next & 0x7F) << shift
                if next < 0x80 { return value }
                shift += 7
            }
        }

        mutating func signed() throws -> Int64 {
            let zigzag = try varint()
            return Int64(bitPattern: (zigzag >> 1) ^ (0 &- (zigzag & 1)))
        }

        mutating func int() throws -> Int {
            let value = try signed()
            guard let exact = Int(exactly: value) else { throw failure("\(value) does not fit in Int") }
            return exact
        }

        /// A count of items each taking at least `bytesEach` bytes, so that damaged input cannot ask for
        /// more than it holds.
        mutating func count(bytesEach: Int = 1) throws -> Int {
            let value = try varint()
            guard value <= UInt64(bytes.count), bytesEach == 0 || Int(value) * bytesEach <= remaining else {
                throw failure("a count of \(value) is more than the input holds")
            }
            return Int(value)
        }

        mutating func bytes(count: Int) throws -> UnsafeBufferPointer<UInt8> {
            guard count <= remaining else { throw failure("the input ends early") }
            defer { offset += count }
            return UnsafeBufferPointer(rebasing: bytes[offset..<offset + count])
        }

        mutating func string() throws -> String {
            let utf8 = try bytes(count: try count())
            guard let text = String(validating: utf8, as: UTF8.self) else { throw failure("a string is not UTF-8") }
            return text
        }

        mutating func objectID() throws -> ObjectID {
            let tag = try byte()
            switch tag {
            case IDTag.sha1: return ObjectID(sha1Bytes: UnsafeRawBufferPointer(try bytes(count: 20)))
            case IDTag.sha256: return ObjectID(lowercaseHex: Hex.encode(try bytes(count: 32)))
            case IDTag.text: return ObjectID(lowercaseHex: try string())
            default: throw failure("unknown object id tag \(tag)")
            }
        }
    }
}
