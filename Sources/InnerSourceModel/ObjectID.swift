/// A git object name (commit, tree or blob id), written as lower-case hexadecimal.
///
/// A full SHA-1 name is held as its 20 bytes, inline (no string, no heap allocation, no reference count):
/// every commit, parent and head carries ids, and sets and dictionaries of them are what change-request
/// reconstruction and the caches are built on. Any other text (a SHA-256 name, an abbreviation) is held as
/// given. Equality and order are those of the hexadecimal text (hash values are consistent with that
/// equality, not the text's own).
public struct ObjectID: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    private enum Storage: Hashable, Sendable {
        /// The 20 bytes, big-endian in three words (so that comparing the words compares the text).
        case sha1(UInt64, UInt64, UInt32)
        /// Anything that is not 40 lower-case hexadecimal digits.
        case text(String)
    }

    private let storage: Storage

    public init(hex: String) {
        self.init(lowercaseHex: hex.lowercased())
    }

    /// An id already in lower-case hexadecimal (as produced from a binary id), taken as it is.
    public init(lowercaseHex: String) {
        storage = Self.sha1Words(lowercaseHex) ?? .text(lowercaseHex)
    }

    /// The id whose 20 bytes are `bytes` (a SHA-1 name in binary, at least 20 bytes: the first 20 are taken).
    public init(sha1Bytes bytes: UnsafeRawBufferPointer) {
        precondition(bytes.count >= 20, "a SHA-1 name has 20 bytes")
        storage = .sha1(UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self)),
                        UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self)),
                        UInt32(bigEndian: bytes.loadUnaligned(fromByteOffset: 16, as: UInt32.self)))
    }

    /// Writes the 20 bytes of a SHA-1 name into `bytes` (at least 20 bytes); false, writing nothing, for any
    /// other id.
    public func writeSHA1Bytes(into bytes: UnsafeMutableRawBufferPointer) -> Bool {
        guard case .sha1(let first, let second, let third) = storage, bytes.count >= 20 else { return false }
        bytes.storeBytes(of: first.bigEndian, toByteOffset: 0, as: UInt64.self)
        bytes.storeBytes(of: second.bigEndian, toByteOffset: 8, as: UInt64.self)
        bytes.storeBytes(of: third.bigEndian, toByteOffset: 16, as: UInt32.self)
        return true
    }

    /// The lower-case hexadecimal text.
    public var hex: String {
        switch storage {
        case .sha1(let first, let second, let third):
            return Self.text(first, second, third)
        case .text(let text):
            return text
        }
    }

    /// The first seven characters, as `git log --oneline` abbreviates.
    public var short: String { String(hex.prefix(7)) }

    public var description: String { hex }

    public static func < (lhs: ObjectID, rhs: ObjectID) -> Bool {
        if case .sha1(let a0, let a1, let a2) = lhs.storage, case .sha1(let b0, let b1, let b2) = rhs.storage {
            return (a0, a1, a2) < (b0, b1, b2)
        }
        return lhs.hex < rhs.hex
    }

    public init(from decoder: any Decoder) throws {
        self.init(hex: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(hex)
    }

    /// The words of 40 lower-case hexadecimal digits; nil for any other text.
    private static func sha1Words(_ text: String) -> Storage? {
        var text = text
        // A no-op for native strings; a bridged one is made native once.
        text.makeContiguousUTF8()
        return text.utf8.withContiguousStorageIfAvailable { digits -> Storage? in
            guard digits.count == 40 else { return nil }
            var words: (UInt64, UInt64, UInt32) = (0, 0, 0)
            for index in 0..<40 {
                let character = digits[index]
                let value: UInt8
                switch character {
                case 0x30...0x39: value = character &- 0x30
                case 0x61...0x66: value = character &- 0x57
                default: return nil
                }
                switch index {
                case 0..<16: words.0 = words.0 << 4 | UInt64(value)
                case 16..<32: words.1 = words.1 << 4 | UInt64(value)
                default: words.2 = words.2 << 4 | UInt32(value)
                }
            }
            return .sha1(words.0, words.1, words.2)
        } ?? nil
    }

    /// 40 hexadecimal digits of the three words.
    private static func text(_ first: UInt64, _ second: UInt64, _ third: UInt32) -> String {
        String(unsafeUninitializedCapacity: 40) { digits in
            for index in 0..<16 { digits[index] = Hex.digit(UInt8(truncatingIfNeeded: first >> UInt64(60 - 4 * index)) & 0x0F) }
            for index in 0..<16 { digits[16 + index] = Hex.digit(UInt8(truncatingIfNeeded: second >> UInt64(60 - 4 * index)) & 0x0F) }
            for index in 0..<8 { digits[32 + index] = Hex.digit(UInt8(truncatingIfNeeded: third >> UInt32(28 - 4 * index)) & 0x0F) }
            return 40
        }
    }
}
