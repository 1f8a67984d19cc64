import InnerSourceModel

/// How much a barrier stops contributors from other teams.
public enum BarrierSeverity: String, Hashable, Sendable, Codable, CaseIterable {
    case high
    case medium
    case low

    /// 0 for high: findings sort most severe first.
    public var rank: Int {
        switch self {
        case .high: return 0
        case .medium: return 1
        case .low: return 2
        }
    }
}

/// A barrier found in one repository: what it is, how bad, the evidence a person can check, and what to do.
public struct BarrierFinding: Hashable, Sendable, Codable {
    /// The barrier's id, snake case: `no_contributing_guide`.
    public var id: String
    public var severity: BarrierSeverity
    /// A sentence a person can follow: files and lines, commit counts, figures, people, dates.
    public var evidence: String
    public var remedy: String

    public init(id: String, severity: BarrierSeverity, evidence: String, remedy: String) {
        self.id = id
        self.severity = severity
        self.evidence = evidence
        self.remedy = remedy
    }
}

/// Everything a barrier may look at for one repository.
public struct BarrierContext: Hashable, Sendable {
    public var hygiene: HygieneReport
    public var concentration: ConcentrationFigures
    public var crossTeam: CrossTeamFigures
    public var ownership: Ownership
    public var totals: HistoryTotals
    /// The time relative dates count back from, seconds since the epoch.
    public var asOf: Int64
    /// The window, half-open by author date; nil for an open end.
    public var since: Int64?
    public var until: Int64?
    /// The repository's components and their rules' verdicts; nil for a repository without ownership rules.
    public var components: [ComponentFigures]?
    /// The share of the changes that makes rules stale (`--owner-share`).
    public var declaredShare = RuleOwnership.defaultShare

    public init(hygiene: HygieneReport, concentration: ConcentrationFigures, crossTeam: CrossTeamFigures,
                ownership: Ownership, totals: HistoryTotals, asOf: Int64, since: Int64?, until: Int64?) {
        self.hygiene = hygiene
        self.concentration = concentration
        self.crossTeam = crossTeam
        self.ownership = ownership
        self.totals = totals
        self.asOf = asOf
        self.since = since
        self.until = until
    }

    /// A copy with `change` applied.
    public func with(_ change: (inout BarrierContext) -> Void) -> BarrierContext {
        var copy = self
        change(&copy)
        return copy
    }

    /// The window in words: `from 2023-06-01 to 2024-06-01`, `up to 2024-06-01`, `in the whole history`.
    public var windowDescription: String {
        switch (since, until) {
        case let (since?, until?): return "from \(BarrierText.date(since)) to \(BarrierText.date(until))"
        case let (since?, nil): return "since \(BarrierText.date(since))"
        case let (nil, until?): return "before \(BarrierText.date(until))"
        case (nil, nil): return "in the whole history"
        }
    }
}

/// A repository made up to show a barrier, or to show that it stays quiet.
public struct BarrierExample: Hashable, Sendable {
    /// What the example shows, for people and test names.
    public var note: String
    public var context: BarrierContext

    public init(_ note: String, context: BarrierContext) {
        self.note = note
        self.context = context
    }

    /// The healthy context (``BarrierContext/healthy``) with `change` applied to its figures.
    public init(_ note: String, _ change: (inout BarrierContext) -> Void) {
        self.init(note, context: BarrierContext.healthy.with(change))
    }

    /// The healthy repository with `change` applied to its files (path → text), hygiene assessed afresh.
    public init(_ note: String, files change: (inout [String: String]) -> Void) {
        self.init(note, context: BarrierContext.healthy(files: change))
    }
}

/// Something in a repository that stops a newcomer from another team. One struct per barrier, listed in
/// ``Barriers/all``; its examples are its tests: every triggering example must trigger it, every
/// non-triggering example must not.
public protocol Barrier: Sendable {
    /// Stable, snake case: the `barrier` column of `barriers.csv`.
    static var id: String { get }
    static var severity: BarrierSeverity { get }
    /// What the barrier looks for, in a sentence (thresholds included).
    static var looksFor: String { get }
    /// What the owning team can do about it.
    static var remedy: String { get }
    static var triggeringExamples: [BarrierExample] { get }
    static var nonTriggeringExamples: [BarrierExample] { get }
    /// A finding when the barrier is there, else nil. Pure.
    static func evaluate(_ context: BarrierContext) -> BarrierFinding?
}

extension Barrier {
    /// A finding of this barrier with `evidence`.
    static func finding(_ evidence: String) -> BarrierFinding {
        BarrierFinding(id: id, severity: severity, evidence: evidence, remedy: remedy)
    }
}

/// The registry of barriers, and their evaluation.
public enum Barriers {
    /// Every barrier, in the order of its id.
    public static let all: [any Barrier.Type] = [
        BusFactorOfOneBarrier.self,
        CodeOwnerUnknownHandleBarrier.self,
        LowAcceptanceBarrier.self,
        NoCIBarrier.self,
        NoCommunicationChannelBarrier.self,
        NoContributingGuideBarrier.self,
        NoLicenseBarrier.self,
        NoOwnerOrTrustedCommittersBarrier.self,
        NoReadmeBarrier.self,
        NoTestsBarrier.self,
        OutsidersNeverLandedBarrier.self,
        SingleGatekeeperBarrier.self,
        SlowAcceptanceBarrier.self,
        StaleCodeOwnersBarrier.self,
        StaleRepositoryBarrier.self,
        ThinContributingGuideBarrier.self,
        ThinReadmeBarrier.self,
        UndocumentedBuildBarrier.self,
        UnownedPathsBarrier.self,
    ]

    /// Every barrier's id, in registry order.
    public static var ids: [String] { all.map { $0.id } }

    /// The barrier with this id.
    public static func barrier(id: String) -> (any Barrier.Type)? {
        all.first { $0.id == id }
    }

    /// Every barrier found, most severe first, then by id.
    public static func evaluate(_ context: BarrierContext) -> [BarrierFinding] {
        all.compactMap { $0.evaluate(context) }.sorted { ($0.severity.rank, $0.id) < ($1.severity.rank, $1.id) }
    }
}

/// Wording shared by the barriers' evidence.
enum BarrierText {
    static let day: Int64 = 86_400

    /// `2024-06-01`.
    static func date(_ seconds: Int64) -> String {
        String(UTCTime.iso8601(seconds).prefix(10))
    }

    /// `3.5 days`, `5.0 hours`, `12 minutes`, with one decimal where it helps.
    static func duration(_ seconds: Double) -> String {
        if seconds >= Double(day) { return tenths(seconds / Double(day)) + " days" }
        if seconds >= 3600 { return tenths(seconds / 3600) + " hours" }
        return Format.count(Int((seconds / 60).rounded()), "minute")
    }

    /// One decimal, rounded half up, without Foundation's formatters.
    static func tenths(_ value: Double) -> String {
        let scaled = Int((value * 10).rounded())
        return "\(scaled / 10).\(scaled % 10)"
    }

    /// `80%`.
    static func percent(_ share: Double) -> String {
        "\(Int((share * 100).rounded()))%"
    }

}
