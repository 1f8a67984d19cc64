import InnerSourceModel

/// How much an openness check weighs in the aggregate, in OpenSSF Scorecard's four levels.
public enum CheckImportance: String, Hashable, Sendable, Codable, CaseIterable {
    case critical
    case high
    case medium
    case low

    /// Scorecard's weights: critical 10, high 7.5, medium 5, low 2.5.
    public var weight: Double {
        switch self {
        case .critical: return 10
        case .high: return 7.5
        case .medium: return 5
        case .low: return 2.5
        }
    }
}

/// One check of the openness score for one repository: 0 to 10 with its evidence, or inconclusive (−1)
/// when the data cannot tell.
public struct OpennessCheckResult: Hashable, Sendable, Codable {
    /// The check's id, snake case: `contributing_guide`.
    public var id: String
    /// 0 to 10, or ``OpennessCheckResult/inconclusive``.
    public var score: Int
    public var importance: CheckImportance
    /// The importance's weight in the aggregate.
    public var weight: Double
    /// A sentence a person can check: figures, files, people; for an inconclusive check, why.
    public var evidence: String

    /// The score of a check the data cannot decide (Scorecard's −1).
    public static let inconclusive = -1

    public init(id: String, score: Int, importance: CheckImportance, evidence: String) {
        self.id = id
        self.score = score
        self.importance = importance
        self.weight = importance.weight
        self.evidence = evidence
    }

    /// Whether the check counts in the aggregate.
    public var isConclusive: Bool { score != Self.inconclusive }

    /// The weight as people write it: `10`, `7.5`.
    public var weightText: String {
        let tenths = Int((weight * 10).rounded())
        return "\(tenths / 10)" + (tenths % 10 == 0 ? "" : ".\(tenths % 10)")
    }
}

/// What the components work will measure of CODEOWNERS: rules whose paths no longer match what the
/// repository holds. Nothing measures it yet; the `ownership_named` check already lowers its CODEOWNERS
/// half by the drifted share when it is given (see ``OwnershipNamedCheck``).
public struct CodeOwnersDrift: Hashable, Sendable, Codable {
    /// CODEOWNERS rules considered.
    public var rules: Int
    /// Those that drifted.
    public var drifted: Int

    public init(rules: Int, drifted: Int) {
        self.rules = rules
        self.drifted = drifted
    }
}

/// Everything an openness check may look at for one repository. Barriers and checks read the same
/// figures; a check reads only its own part of them (so that adding one check's evidence never lowers
/// another check).
public struct OpennessEvidence: Hashable, Sendable {
    public var crossTeam: CrossTeamFigures
    public var concentration: ConcentrationFigures
    public var documentation: DocumentationSignals
    /// How well the trusted committers and the communication channel are named (the hygiene checks'
    /// status: a file or section that names nobody, or no channel, is thin).
    public var trustedCommitters: HygieneStatus
    public var communication: HygieneStatus
    /// The owning team; nil when none could be told.
    public var owner: Team?
    /// How many CODEOWNERS rules drifted (components' declared-against-actual verdicts); nil without
    /// CODEOWNERS rules.
    public var codeOwnersDrift: CodeOwnersDrift?

    /// The statuses of trusted committers and communication are taken from `documentation`'s flags
    /// (adequate when set, else missing).
    public init(crossTeam: CrossTeamFigures, concentration: ConcentrationFigures, documentation: DocumentationSignals,
                owner: Team?, codeOwnersDrift: CodeOwnersDrift? = nil) {
        self.crossTeam = crossTeam
        self.concentration = concentration
        self.documentation = documentation
        self.trustedCommitters = documentation.trustedCommitters ? .adequate : .missing
        self.communication = documentation.communication ? .adequate : .missing
        self.owner = owner
        self.codeOwnersDrift = codeOwnersDrift
    }

    /// The figures of one repository, its documentation as the hygiene assessment found it.
    public init(crossTeam: CrossTeamFigures, concentration: ConcentrationFigures, hygiene: HygieneReport, owner: Team?,
                codeOwnersDrift: CodeOwnersDrift? = nil) {
        self.init(crossTeam: crossTeam, concentration: concentration, documentation: DocumentationSignals(hygiene: hygiene),
                  owner: owner, codeOwnersDrift: codeOwnersDrift)
        trustedCommitters = hygiene.trustedCommitters.status
        communication = hygiene.communication.status
    }

    /// The figures a barrier context holds.
    public init(_ context: BarrierContext) {
        self.init(crossTeam: context.crossTeam, concentration: context.concentration, hygiene: context.hygiene,
                  owner: context.ownership.team)
    }

    /// The healthy repository of ``BarrierBaseline``.
    public static var healthy: OpennessEvidence { OpennessEvidence(.healthy) }

    /// A copy with `change` applied.
    public func with(_ change: (inout OpennessEvidence) -> Void) -> OpennessEvidence {
        var copy = self
        change(&copy)
        return copy
    }
}

/// A repository made up to show what a check gives: its evidence and the score expected of it.
public struct OpennessCheckExample: Hashable, Sendable {
    /// What the example shows, for people and test names.
    public var note: String
    public var evidence: OpennessEvidence
    /// The score the check must give, ``OpennessCheckResult/inconclusive`` included.
    public var expected: Int

    public init(_ note: String, expected: Int, evidence: OpennessEvidence) {
        self.note = note
        self.expected = expected
        self.evidence = evidence
    }

    /// The healthy evidence (``OpennessEvidence/healthy``) with `change` applied.
    public init(_ note: String, expected: Int, _ change: (inout OpennessEvidence) -> Void) {
        self.init(note, expected: expected, evidence: OpennessEvidence.healthy.with(change))
    }

    /// The healthy repository with `change` applied to its files (path → text), hygiene assessed afresh.
    public init(_ note: String, expected: Int, files change: (inout [String: String]) -> Void) {
        self.init(note, expected: expected, evidence: OpennessEvidence(BarrierContext.healthy(files: change)))
    }
}

/// One check of the openness score, in the style of OpenSSF Scorecard: one struct per check, listed in
/// ``OpennessChecks/all``; its examples are its tests (each must give its expected score).
public protocol OpennessCheck: Sendable {
    /// Stable, snake case: the check's id in every output.
    static var id: String { get }
    static var importance: CheckImportance { get }
    /// What the check looks for and how it scores, in a sentence (thresholds included).
    static var looksFor: String { get }
    /// The barriers whose gap this check counts (each barrier's gap is counted once, here, or in no check).
    static var barriers: [String] { get }
    static var examples: [OpennessCheckExample] { get }
    /// The check's result. Pure.
    static func evaluate(_ evidence: OpennessEvidence) -> OpennessCheckResult
}

extension OpennessCheck {
    /// A conclusive result, `score` kept within 0 and 10.
    static func result(_ score: Int, _ evidence: String) -> OpennessCheckResult {
        OpennessCheckResult(id: id, score: max(0, min(10, score)), importance: importance, evidence: evidence)
    }

    /// An inconclusive result: `reason` says why the data cannot tell.
    static func inconclusive(_ reason: String) -> OpennessCheckResult {
        OpennessCheckResult(id: id, score: OpennessCheckResult.inconclusive, importance: importance, evidence: reason)
    }

    /// `fraction` of 10, rounded half up; `fraction` is kept within 0 and 1. Snapped to a millionth first, so
    /// that the same ratio computed two ways (3/4 and 6/8) rounds the same.
    static func tenths(_ fraction: Double) -> Int {
        let value = 10 * max(0, min(1, fraction))
        return Int(((value * 1_000_000).rounded() / 1_000_000).rounded())
    }
}

/// The registry of openness checks.
public enum OpennessChecks {
    /// Every check, in the order outputs show them.
    public static let all: [any OpennessCheck.Type] = [
        CrossTeamParticipationCheck.self,
        ContributingTeamsCheck.self,
        TrustedCommitterPathCheck.self,
        OutsiderWaitCheck.self,
        ReadmeCheck.self,
        ContributingGuideCheck.self,
        OwnershipNamedCheck.self,
        CommunicationChannelCheck.self,
        ConcentrationCheck.self,
    ]

    /// Every check's id, in registry order.
    public static var ids: [String] { all.map { $0.id } }

    /// The check with this id.
    public static func check(id: String) -> (any OpennessCheck.Type)? {
        all.first { $0.id == id }
    }

    /// Every check's result, in registry order.
    public static func evaluate(_ evidence: OpennessEvidence) -> [OpennessCheckResult] {
        all.map { $0.evaluate(evidence) }
    }
}
