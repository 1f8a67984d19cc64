import InnerSourceModel

/// What the documentation at HEAD gives a newcomer, as the openness checks and the checklist read it.
/// Built from the hygiene assessment (see `DocumentationSignals.init(hygiene:)`).
public struct DocumentationSignals: Hashable, Sendable, Codable {
    public enum Level: String, Hashable, Sendable, Codable { case missing, thin, adequate }

    public var readme: Level = .missing
    public var contributing: Level = .missing
    public var codeownersDefaultRule = false
    public var trustedCommitters = false
    public var communication = false
    public var license = false
    /// An open-source licence (MIT, Apache, GPL, BSD, MPL, ...).
    public var openSourceLicense = false
    public var tests = false
    public var ciSystems: [String] = []
    public var buildSystems: [String] = []
    public var buildDocumented = false
    /// People named as maintainers (CODEOWNERS personal owners, the committers file): handles and e-mails.
    public var namedMaintainers: [String] = []

    public init() {}
}

/// The openness score of one repository, in the style of OpenSSF Scorecard: a set of checks
/// (``OpennessChecks/all``), each 0 to 10 with its evidence or inconclusive, and their aggregate.
///
/// The aggregate is the weighted mean of the conclusive checks (weights by importance: critical 10, high 7.5,
/// medium 5, low 2.5), 0 to 10 with one decimal; `score` is the same figure on the old 0 to 100 scale
/// (aggregate × 10, rounded once). With no conclusive check both are nil ("?"). Barriers are findings and
/// take nothing off: each gap is counted once, in its check.
public struct OpennessScore: Hashable, Sendable, Codable {
    /// 0 to 100: the weighted mean × 10, rounded; nil when no check is conclusive.
    public var score: Int?
    /// 0 to 10 with one decimal: `score` / 10; nil when no check is conclusive.
    public var aggregate: Double?
    /// Every check, in registry order.
    public var checks: [OpennessCheckResult]

    public init(checks: [OpennessCheckResult]) {
        self.checks = checks
        let conclusive = checks.filter(\.isConclusive)
        let weight = conclusive.reduce(0) { $0 + $1.weight }
        guard weight > 0 else {
            score = nil
            aggregate = nil
            return
        }
        let mean = conclusive.reduce(0) { $0 + $1.weight * Double($1.score) } / weight
        let hundred = Int((mean * 10).rounded())
        score = hundred
        aggregate = Double(hundred) / 10
    }

    /// Every check of `evidence`, and their aggregate.
    public static func compute(_ evidence: OpennessEvidence) -> OpennessScore {
        OpennessScore(checks: OpennessChecks.evaluate(evidence))
    }

    /// Every check inconclusive for `reason`: a repository with nothing to measure (no commit at the analysed
    /// revision) scores "?", not 0.
    public static func unmeasured(_ reason: String) -> OpennessScore {
        OpennessScore(checks: OpennessChecks.all.map {
            OpennessCheckResult(id: $0.id, score: OpennessCheckResult.inconclusive, importance: $0.importance, evidence: reason)
        })
    }

    /// The result of the check with this id.
    public func check(_ id: String) -> OpennessCheckResult? {
        checks.first { $0.id == id }
    }

    /// `6.4`, or `?` with no conclusive check.
    public var aggregateText: String {
        guard let score else { return "?" }
        return "\(score / 10).\(score % 10)"
    }
}

extension DocumentationSignals {
    /// Licence kinds that are not open source.
    static let closedKinds: Set<String> = ["proprietary", "CC"]

    /// What the hygiene assessment says, in the terms the score and the checklist use.
    public init(hygiene: HygieneReport) {
        func level(_ status: HygieneStatus) -> Level {
            switch status {
            case .adequate: return .adequate
            case .thin: return .thin
            case .missing: return .missing
            }
        }
        self.init()
        readme = level(hygiene.readme.check.status)
        contributing = level(hygiene.contributing.check.status)
        codeownersDefaultRule = hygiene.codeowners.defaultRule != nil && !hygiene.codeowners.owners.isEmpty
        trustedCommitters = hygiene.trustedCommitters.status != .missing
        communication = hygiene.communication.status != .missing
        license = hygiene.license.check.status != .missing
        openSourceLicense = hygiene.license.kind.map { !DocumentationSignals.closedKinds.contains($0) } ?? false
        tests = hygiene.tests.check.status != .missing
        ciSystems = hygiene.ci.tools.map(\.name).sorted()
        buildSystems = hygiene.buildSystems.tools.map(\.name).sorted()
        buildDocumented = hygiene.documentedBuild.status != .missing
        namedMaintainers = hygiene.namedMaintainers
    }
}
