import InnerSourceModel

/// The thresholds the readiness checklist answers by, each named (the raw value is its key in a pipeline's
/// `thresholds:` and in summary.json's `thresholds`), with its default and its range.
public enum ReadinessThreshold: String, Hashable, Sendable, CaseIterable {
    case crossTeamShare = "cross_team_share"
    case acceptanceRatio = "acceptance_ratio"
    case maintainers
    case busFactor = "bus_factor"
    case truckFactor = "truck_factor"
    case inactiveCoreDays = "inactive_core_days"
    case workingHoursStart = "working_hours_start"
    case workingHoursEnd = "working_hours_end"
    case outsideWorkingHoursShare = "outside_working_hours_share"
    case weekendShare = "weekend_share"
    case releaseBurstRatio = "release_burst_ratio"

    /// What it sets, as the data dictionary says it.
    public var meaning: String {
        switch self {
        case .crossTeamShare: return "open_culture: the least share of contributions from other teams"
        case .acceptanceRatio: return "open_culture: the least acceptance ratio of other teams' change requests"
        case .maintainers: return "resourcing, practice_core_team: the fewest maintainers git can show"
        case .busFactor: return "resourcing: the least bus factor"
        case .truckFactor: return "resourcing, practice_core_team: the least truck factor"
        case .inactiveCoreDays: return "practice_core_team: days without a commit after which a core person is inactive"
        case .workingHoursStart: return "resourcing: the hour working hours start (local time of the author)"
        case .workingHoursEnd: return "resourcing: the hour working hours end"
        case .outsideWorkingHoursShare: return "resourcing: the largest share of commits outside working hours on weekdays"
        case .weekendShare: return "resourcing: the largest share of commits at weekends"
        case .releaseBurstRatio: return "resourcing: commits in the week before a release against the usual week, from which it is a burst"
        }
    }

    /// Whole numbers (counts, days, hours) or shares and ratios.
    public var isWhole: Bool {
        switch self {
        case .maintainers, .busFactor, .truckFactor, .inactiveCoreDays, .workingHoursStart, .workingHoursEnd: return true
        case .crossTeamShare, .acceptanceRatio, .outsideWorkingHoursShare, .weekendShare, .releaseBurstRatio: return false
        }
    }

    /// The values it may take.
    public var range: ClosedRange<Double> {
        switch self {
        case .crossTeamShare, .acceptanceRatio, .outsideWorkingHoursShare, .weekendShare: return 0...1
        case .maintainers, .busFactor, .truckFactor: return 1...1_000
        case .inactiveCoreDays: return 1...36_500
        case .workingHoursStart: return 0...23
        case .workingHoursEnd: return 1...24
        case .releaseBurstRatio: return 1...100
        }
    }
}

/// The values the readiness checklist answers by (``ReadinessThreshold``); the defaults are the standard
/// ones. Configurable in a pipeline's `thresholds:`; the values used are in summary.json.
public struct ReadinessThresholds: Hashable, Sendable, Codable {
    public var crossTeamShare = 0.10
    public var acceptanceRatio = 0.5
    public var maintainers = 2
    public var busFactor = 2
    public var truckFactor = 2
    public var inactiveCoreDays = 180
    /// Working hours, local time of the author, Monday to Friday: from `workingHoursStart` to before
    /// `workingHoursEnd`.
    public var workingHoursStart = 8
    public var workingHoursEnd = 19
    public var outsideWorkingHoursShare = 0.20
    public var weekendShare = 0.10
    public var releaseBurstRatio = 2.0

    public init() {}

    /// The defaults.
    public static let standard = ReadinessThresholds()

    /// The value of one threshold.
    public subscript(threshold: ReadinessThreshold) -> Double {
        get {
            switch threshold {
            case .crossTeamShare: return crossTeamShare
            case .acceptanceRatio: return acceptanceRatio
            case .maintainers: return Double(maintainers)
            case .busFactor: return Double(busFactor)
            case .truckFactor: return Double(truckFactor)
            case .inactiveCoreDays: return Double(inactiveCoreDays)
            case .workingHoursStart: return Double(workingHoursStart)
            case .workingHoursEnd: return Double(workingHoursEnd)
            case .outsideWorkingHoursShare: return outsideWorkingHoursShare
            case .weekendShare: return weekendShare
            case .releaseBurstRatio: return releaseBurstRatio
            }
        }
        set {
            switch threshold {
            case .crossTeamShare: crossTeamShare = newValue
            case .acceptanceRatio: acceptanceRatio = newValue
            case .maintainers: maintainers = Int(newValue)
            case .busFactor: busFactor = Int(newValue)
            case .truckFactor: truckFactor = Int(newValue)
            case .inactiveCoreDays: inactiveCoreDays = Int(newValue)
            case .workingHoursStart: workingHoursStart = Int(newValue)
            case .workingHoursEnd: workingHoursEnd = Int(newValue)
            case .outsideWorkingHoursShare: outsideWorkingHoursShare = newValue
            case .weekendShare: weekendShare = newValue
            case .releaseBurstRatio: releaseBurstRatio = newValue
            }
        }
    }

    /// Why these values cannot be used together (working hours that end before they start); nil when they can.
    public var problem: String? {
        workingHoursEnd > workingHoursStart ? nil
            : "working_hours_end (\(workingHoursEnd)) must be after working_hours_start (\(workingHoursStart))"
    }

    /// The thresholds that differ from the defaults, key → value, for the configuration digest.
    public var changed: [String: Double] {
        Dictionary(uniqueKeysWithValues: ReadinessThreshold.allCases.filter { self[$0] != Self.standard[$0] }.map { ($0.rawValue, self[$0]) })
    }

    /// `08:00-19:00`.
    public var workingHoursText: String {
        func hour(_ value: Int) -> String { (value < 10 ? "0" : "") + "\(value):00" }
        return hour(workingHoursStart) + "-" + hour(workingHoursEnd)
    }
}
