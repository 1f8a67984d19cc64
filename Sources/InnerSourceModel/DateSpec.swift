/// A point in time as a user writes it on the command line or in a pipeline: an ISO 8601 date or
/// date-time, `now`, `today`, or `N days|weeks|months|years ago` counted back from the as-of time.
public enum DateSpec: Hashable, Sendable, Codable {
    case absolute(Int64)
    case relative(amount: Int, unit: Unit)
    case now

    public enum Unit: String, Hashable, Sendable, Codable { case days, weeks, months, years }

    /// The largest N in `N units ago` (a million days is 2,700 years): larger ones are refused rather
    /// than overflow.
    public static let maximumAmount = 1_000_000

    /// Why a date could not be read.
    public struct ParseError: Error, Hashable, Sendable, CustomStringConvertible {
        public let text: String
        public var description: String {
            "cannot read the date '\(text)': write 2024-01-31, 2024-01-31T08:00:00Z, now, today, or 'N days ago' (also weeks, months, years)"
        }
    }

    public init(parsing raw: String) throws(ParseError) {
        let text = raw.trimmingWhitespace().lowercased()
        if text == "now" { self = .now; return }
        if text == "today" { self = .relative(amount: 0, unit: .days); return }
        let words = text.split(separator: " ", omittingEmptySubsequences: true)
        if words.count == 3, words[2] == "ago", let amount = Int(words[0]), amount >= 0, amount <= DateSpec.maximumAmount {
            let unitWord = words[1].hasSuffix("s") ? String(words[1]) : words[1] + "s"
            guard let unit = Unit(rawValue: unitWord) else { throw ParseError(text: raw) }
            self = .relative(amount: amount, unit: unit)
            return
        }
        guard let seconds = DateSpec.parseISO(text) else { throw ParseError(text: raw) }
        self = .absolute(seconds)
    }

    /// An ISO date or date-time: the same whatever the as-of time.
    public var isAbsolute: Bool {
        if case .absolute = self { return true }
        return false
    }

    /// The time this spec names, anchored at `asOf` (seconds since the epoch, UTC).
    /// `today` and `N days ago` keep the time of day of `asOf`, like git's approxidate.
    public func resolve(asOf: Int64) -> Int64 {
        switch self {
        case .absolute(let seconds): return seconds
        case .now: return asOf
        case .relative(let amount, let unit):
            switch unit {
            case .days: return asOf - Int64(amount) * 86_400
            case .weeks: return asOf - Int64(amount) * 7 * 86_400
            case .months, .years:
                let months = Int64(unit == .years ? amount * 12 : amount)
                let (days, secondOfDay) = UTCTime.floorDivide(asOf, 86_400)
                let (y, m, d) = UTCTime.civil(fromDays: days)
                let total = y * 12 + (m - 1) - months
                let (ny, nm0) = UTCTime.floorDivide(total, 12)
                let nm = nm0 + 1
                let nd = min(d, UTCTime.daysIn(month: nm, year: ny))
                return UTCTime.days(fromCivil: ny, nm, nd) * 86_400 + secondOfDay
            }
        }
    }

    /// `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM[:SS]` with an optional `Z` or `±HH:MM` (UTC when absent).
    static func parseISO(_ text: String) -> Int64? {
        let chars = Array(text.uppercased().utf8)
        func number(_ range: Range<Int>) -> Int64? {
            guard range.upperBound <= chars.count else { return nil }
            var value: Int64 = 0
            for c in chars[range] {
                guard c >= 48 && c <= 57 else { return nil }
                value = value * 10 + Int64(c - 48)
            }
            return value
        }
        guard chars.count >= 10, chars[4] == UInt8(ascii: "-"), chars[7] == UInt8(ascii: "-"),
              let y = number(0..<4), let m = number(5..<7), let d = number(8..<10) else { return nil }
        if chars.count == 10 { return UTCTime.seconds(year: y, month: m, day: d) }
        guard chars[10] == UInt8(ascii: "T") || chars[10] == UInt8(ascii: " "),
              chars.count >= 16, chars[13] == UInt8(ascii: ":"),
              let h = number(11..<13), let mi = number(14..<16) else { return nil }
        var index = 16
        var s: Int64 = 0
        if index < chars.count, chars[index] == UInt8(ascii: ":") {
            guard let sec = number(17..<19) else { return nil }
            s = sec
            index = 19
        }
        var offset: Int64 = 0
        if index < chars.count {
            let sign = chars[index]
            if sign == UInt8(ascii: "Z"), index + 1 == chars.count {
                offset = 0
            } else if sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
                guard chars.count == index + 6, chars[index + 3] == UInt8(ascii: ":"),
                      let oh = number(index + 1..<index + 3), let om = number(index + 4..<index + 6) else { return nil }
                offset = (oh * 60 + om) * 60 * (sign == UInt8(ascii: "-") ? -1 : 1)
            } else {
                return nil
            }
        }
        guard let base = UTCTime.seconds(year: y, month: m, day: d, hour: h, minute: mi, second: s) else { return nil }
        return base - offset
    }
}
