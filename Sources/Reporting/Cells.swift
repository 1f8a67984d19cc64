import InnerSourceModel

/// How values are spelled in CSV cells and tables: times in UTC ISO 8601, empty for "not applicable".
enum Cells {
    static func time(_ seconds: Int64?) -> String {
        seconds.map(UTCTime.iso8601) ?? ""
    }

    /// A share with four decimals, the same on every machine.
    static func ratio(_ value: Double) -> String {
        let scaled = (value * 10_000).rounded()
        let whole = Int(scaled) / 10_000, fraction = Int(scaled) % 10_000
        let digits = String(fraction)
        return "\(whole)." + String(repeating: "0", count: 4 - digits.count) + digits
    }

    static func date(_ seconds: Int64?) -> String {
        seconds.map { String(UTCTime.iso8601($0).prefix(10)) } ?? ""
    }
}
