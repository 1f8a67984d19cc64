/// A git object name (commit, tree or blob id) as lower-case hexadecimal.
public struct ObjectID: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let hex: String

    public init(hex: String) {
        self.hex = hex.lowercased()
    }

    /// An id already in lower-case hexadecimal (as produced from a binary id), taken as it is.
    public init(lowercaseHex: String) {
        self.hex = lowercaseHex
    }

    /// The first seven characters, as `git log --oneline` abbreviates.
    public var short: String { String(hex.prefix(7)) }

    public var description: String { hex }

    public static func < (lhs: ObjectID, rhs: ObjectID) -> Bool { lhs.hex < rhs.hex }

    public init(from decoder: any Decoder) throws {
        self.init(hex: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(hex)
    }
}
