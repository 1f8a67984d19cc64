/// Conversions between seconds since the epoch and UTC calendar dates, without Foundation's formatters
/// (which are slow and locale-sensitive). All outputs of the tool write times this way.
public enum UTCTime {
    /// `2024-03-01T12:00:00Z`.
    public static func iso8601(_ seconds: Int64) -> String {
        let (days, secondOfDay) = floorDivide(seconds, 86_400)
        let (y, m, d) = civil(fromDays: days)
        let h = secondOfDay / 3600, mi = (secondOfDay % 3600) / 60, s = secondOfDay % 60
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))T\(pad(h, 2)):\(pad(mi, 2)):\(pad(s, 2))Z"
    }

    /// `2024-03`, the month of a time in UTC.
    public static func month(_ seconds: Int64) -> String {
        let (y, m, _) = civil(fromDays: floorDivide(seconds, 86_400).0)
        return "\(pad(y, 4))-\(pad(m, 2))"
    }

    /// `YYYY-MM` of every month from the one holding `start` to the one holding `end`, inclusive.
    public static func months(from start: Int64, to end: Int64) -> [String] {
        let (y0, m0, _) = civil(fromDays: floorDivide(start, 86_400).0)
        let (y1, m1, _) = civil(fromDays: floorDivide(end, 86_400).0)
        let first = y0 * 12 + (m0 - 1), last = y1 * 12 + (m1 - 1)
        guard first <= last else { return [] }
        return (first...last).map { index in
            let (year, month) = floorDivide(index, 12)
            return "\(pad(year, 4))-\(pad(month + 1, 2))"
        }
    }

    /// The first moment of a `YYYY-MM` month (as `month` writes it); nil for anything else.
    public static func startOfMonth(_ month: String) -> Int64? {
        let parts = month.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2,
              let year = Int64(parts[0]), let number = Int64(parts[1]) else { return nil }
        return seconds(year: year, month: number, day: 1)
    }

    /// Seconds since the epoch of a UTC calendar time; nil for an impossible date.
    public static func seconds(year: Int64, month: Int64, day: Int64, hour: Int64 = 0, minute: Int64 = 0, second: Int64 = 0) -> Int64? {
        guard (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day),
              (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second) else { return nil }
        return days(fromCivil: year, month, day) * 86_400 + hour * 3600 + minute * 60 + second
    }

    static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: return (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// The quotient rounded towards minus infinity and the remainder that goes with it (never negative for
    /// a positive divisor): what calendars need for times before 1970 and for negative offsets.
    public static func floorDivide(_ a: Int64, _ b: Int64) -> (Int64, Int64) {
        var q = a / b, r = a % b
        if r < 0 { q -= 1; r += b }
        return (q, r)
    }

    // Howard Hinnant's civil_from_days and days_from_civil.
    static func civil(fromDays z0: Int64) -> (Int64, Int64, Int64) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    static func days(fromCivil y0: Int64, _ m: Int64, _ d: Int64) -> Int64 {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
