import InnerSourceModel
import Scoring

/// The organisation view in words: the headline figures (one list, read by the HTML report's table and by
/// `innersource run`'s summary), how a change between runs is written, and the lines `innersource run` prints.
public enum OrganisationText {
    /// One headline figure: its id (`data-figure` in the report), label, short name, how it reads off a run's
    /// figures, and how its value and a change are written.
    struct HeadlineFigure: Sendable {
        var id: String
        var label: String
        var short: String
        var value: @Sendable (OrganisationFigures) -> Double?
        var text: @Sendable (Double) -> String
        var change: @Sendable (Double, Double) -> String
    }

    /// `+3.1 points`, `−0.5 points`, `±0.0 points`: the change of a share.
    static func points(_ now: Double, _ before: Double) -> String {
        let tenths = Int(((now - before) * 1000).rounded())
        let sign = tenths > 0 ? "+" : tenths < 0 ? "−" : "±"
        return "\(sign)\(abs(tenths) / 10).\(abs(tenths) % 10) points"
    }

    static func signedCount(_ now: Double, _ before: Double) -> String {
        let difference = Int(now - before)
        return difference > 0 ? "+\(difference)" : difference < 0 ? "−\(-difference)" : "±0"
    }

    static func signedDuration(_ now: Double, _ before: Double) -> String {
        let difference = now - before
        return difference == 0 ? "±0" : (difference > 0 ? "+" : "−") + duration(abs(difference))
    }

    static let figures: [HeadlineFigure] = [
        HeadlineFigure(id: "cross_team_change_request_share", label: "Cross-team share of landed change requests", short: "change requests",
                       value: { $0.crossTeamChangeRequestShare }, text: Format.percent, change: points),
        HeadlineFigure(id: "cross_team_commit_share", label: "Cross-team share of commits", short: "commits",
                       value: { $0.crossTeamCommitShare }, text: Format.percent, change: points),
        HeadlineFigure(id: "acceptance_ratio", label: "Acceptance of other teams' proposals", short: "acceptance",
                       value: { $0.acceptanceRatio }, text: Format.percent, change: points),
        HeadlineFigure(id: "median_wait", label: "Median wait of other teams' work (median of the repositories' medians)",
                       short: "median wait", value: { $0.medianWaitSeconds }, text: duration, change: signedDuration),
        HeadlineFigure(id: "repositories_analysed", label: "Repositories analysed", short: "analysed",
                       value: { Double($0.analysed) }, text: { "\(Int($0))" }, change: signedCount),
        HeadlineFigure(id: "repositories_failed", label: "Repositories that could not be analysed", short: "failed",
                       value: { Double($0.failed) }, text: { "\(Int($0))" }, change: signedCount),
    ]

    /// `12 change requests from other teams`, `31 cross-team commits`.
    static func demandText(_ entry: WhereToAct.Entry) -> String {
        entry.unit == .changeRequests ? Format.count(entry.demand, "change request") + " from other teams" : Format.count(entry.demand, "cross-team commit")
    }

    /// `2024-06-01`.
    static func date(_ seconds: Int64) -> String { String(UTCTime.iso8601(seconds).prefix(10)) }

    /// What `innersource run` prints after its count: the headline figures, their change since the previous run
    /// (or that this is the first), and the first `top` entries of where to act with their barriers and the
    /// first barrier's remedy.
    public static func lines(_ summary: OrganisationSummary, top: Int = 5) -> [String] {
        let now = summary.figures
        func value(_ index: Int) -> String { figures[index].value(now).map(figures[index].text) ?? "-" }
        var lines = ["organisation: cross-team \(value(0)) of landed change requests, \(value(1)) of commits; "
                     + "acceptance of other teams' proposals \(value(2)); median wait \(value(3)); "
                     + "\(now.analysed) of \(Format.count(now.repositories, "repository", plural: "repositories")) analysed, \(now.failed) failed"]
        if let previous = summary.trend.previous {
            let changes = figures.map { figure -> String in
                let change = figure.value(now).flatMap { current in figure.value(previous).map { figure.change(current, $0) } } ?? "-"
                return "\(figure.short) \(change)"
            }
            lines.append("since the previous run (\(date(previous.asOf))): " + changes.joined(separator: ", "))
        } else {
            lines.append("first run: no previous figures")
        }
        guard !summary.whereToAct.isEmpty else {
            lines.append("where to act: nothing (no repository has a barrier that other teams meet)")
            return lines
        }
        lines.append("where to act (\(min(top, summary.whereToAct.count)) of \(summary.whereToAct.count)):")
        for (position, entry) in summary.whereToAct.prefix(top).enumerated() {
            lines.append("  \(position + 1). \(entry.repository) (owner \(entry.owner?.name ?? "none"); \(demandText(entry)); "
                         + "acceptance \(entry.acceptanceRatio.map(Format.percent) ?? "-"); median wait \(entry.medianWaitSeconds.map(duration) ?? "-")): "
                         + entry.barriers.map(\.id).joined(separator: ", "))
            if let first = entry.barriers.first {
                lines.append("     \(first.evidence)")
                lines.append("     remedy: \(first.remedy)")
            }
        }
        return lines
    }
}
