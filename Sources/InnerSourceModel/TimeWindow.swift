/// The half-open span of author dates analysed: `since` ≤ author date < `until`. Nil ends are open.
public struct TimeWindow: Hashable, Sendable, Codable {
    /// Seconds since 1970-01-01 UTC, inclusive.
    public var since: Int64?
    /// Seconds since 1970-01-01 UTC, exclusive.
    public var until: Int64?

    public init(since: Int64? = nil, until: Int64? = nil) {
        self.since = since
        self.until = until
    }

    public static let all = TimeWindow()

    /// The window's last moment for a run as of `asOf`: the moment before `until` when that comes first,
    /// else the as-of time. Monthly series run through its month.
    public func lastMoment(asOf: Int64) -> Int64 {
        until.map { min($0 - 1, asOf) } ?? asOf
    }

    public func contains(_ time: Int64) -> Bool {
        if let since, time < since { return false }
        if let until, time >= until { return false }
        return true
    }
}
