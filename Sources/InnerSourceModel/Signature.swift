/// Who did something in git and when: an identity with a time and the time zone it was recorded in.
public struct Signature: Hashable, Sendable, Codable {
    public var identity: Identity
    /// Seconds since 1970-01-01 UTC.
    public var time: Int64
    /// The recorded zone's offset from UTC, in minutes.
    public var offsetMinutes: Int

    public init(identity: Identity, time: Int64, offsetMinutes: Int) {
        self.identity = identity
        self.time = time
        self.offsetMinutes = offsetMinutes
    }
}
