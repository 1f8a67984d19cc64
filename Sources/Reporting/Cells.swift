import InnerSourceModel

/// How values are spelled in CSV cells and tables: times in UTC ISO 8601, empty for "not applicable".
enum Cells {
    static func time(_ seconds: Int64?) -> String {
        seconds.map(UTCTime.iso8601) ?? ""
    }

    static func date(_ seconds: Int64?) -> String {
        seconds.map { String(UTCTime.iso8601($0).prefix(10)) } ?? ""
    }
}
