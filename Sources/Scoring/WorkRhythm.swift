import InnerSourceModel

/// When people work: how much happens outside working hours and at weekends (in the author's own time
/// zone), and whether work bunches up before releases. Signs of hard deadlines, not proof of them.
public struct WorkRhythm: Hashable, Sendable, Codable {
    public var commits = 0
    /// Commits authored before 08:00 or from 19:00, local time, Monday to Friday.
    public var outsideWorkingHours = 0
    /// Commits authored on a Saturday or Sunday, local time.
    public var weekend = 0
    public var outsideWorkingHoursShare: Double?
    public var weekendShare: Double?
    /// Tags within the span of the counted commits.
    public var tags = 0
    /// Commits per week in the 7 days before each tag, against the average week; nil with fewer than
    /// two tags or less than four weeks of history.
    public var releaseBurstRatio: Double?

    public init() {}
}

public enum WorkRhythmAnalysis {
    public static let workStartHour = 8
    public static let workEndHour = 19
    static let week: Int64 = 7 * 86_400

    /// - Parameters: workStartHour, workEndHour: working hours, local time, from the first to before the second.
    public static func compute(_ commits: [AttributedCommit], tags: [TagInfo], workStartHour: Int = workStartHour,
                               workEndHour: Int = workEndHour) -> WorkRhythm {
        var rhythm = WorkRhythm()
        let counted = CrossTeam.counted(commits)
        rhythm.commits = counted.count
        let total = Double(rhythm.commits)
        guard rhythm.commits > 0 else { return rhythm }
        for commit in counted {
            let local = commit.authorTime + Int64(commit.authorOffsetMinutes) * 60
            let (days, second) = UTCTime.floorDivide(local, 86_400)
            let weekday = UTCTime.floorDivide(days + 4, 7).1 // 0 Sunday ... 6 Saturday
            let hour = Int(second / 3600)
            if weekday == 0 || weekday == 6 {
                rhythm.weekend += 1
            } else if hour < workStartHour || hour >= workEndHour {
                rhythm.outsideWorkingHours += 1
            }
        }
        rhythm.outsideWorkingHoursShare = Double(rhythm.outsideWorkingHours) / total
        rhythm.weekendShare = Double(rhythm.weekend) / total

        let times = counted.map(\.authorTime).sorted()
        guard let first = times.first, let last = times.last else { return rhythm }
        let inSpan = tags.filter { $0.time > first && $0.time <= last }
        rhythm.tags = inSpan.count
        let weeks = Double(last - first) / Double(week)
        guard inSpan.count >= 2, weeks >= 4 else { return rhythm }
        let perWeek = total / weeks
        var before = 0
        for tag in inSpan {
            before += times.filter { $0 > tag.time - week && $0 <= tag.time }.count
        }
        rhythm.releaseBurstRatio = (Double(before) / Double(inSpan.count)) / perWeek
        return rhythm
    }
}
