import InnerSourceModel

/// What the documentation at HEAD gives a newcomer, as the openness score and the checklist read it.
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

/// One part of the openness score, with its points and what they rest on.
public struct ScoreComponent: Hashable, Sendable, Codable {
    public var id: String
    public var points: Double
    public var maximum: Double
    public var evidence: String
}

/// The openness score: 0 to 100 from documented components, less a penalty per barrier.
///
/// | component | points |
/// | --- | --- |
/// | cross_team_participation | 30 × min(1, cross_team_share / 0.30), of change requests where the repository shows them, else of commits |
/// | contributing_teams | 15 × min(1, contributing_teams / 3) |
/// | trusted_committer_path | 2 per outsider's change request (or commit) landed by the owners or the platform, 1 per one its author landed, up to 20 |
/// | documentation | README 5 (thin 2), CONTRIBUTING 5 (thin 2), CODEOWNERS default rule 4, trusted committers 3, communication channel 3 |
/// | concentration | 10 × min(bus_factor − 1, 3) / 3, and 5 when the truck factor is 2 or more |
/// | barriers | − 5 per high, − 3 per medium, − 1 per low barrier |
///
/// The result is rounded to a whole number and kept within 0 and 100. More cross-team participation never
/// lowers it, a real contributing guide raises it, a barrier never raises it.
public struct OpennessScore: Hashable, Sendable, Codable {
    public var score: Int
    public var components: [ScoreComponent]
    public var barrierPenalty: Double

    /// Points taken off per barrier of each severity.
    public static func penalty(_ severity: BarrierSeverity) -> Double {
        switch severity {
        case .high: return 5
        case .medium: return 3
        case .low: return 1
        }
    }

    /// - Parameter barrierSeverities: the severities of the barriers found.
    public static func compute(crossTeam: CrossTeamFigures, concentration: ConcentrationFigures,
                               documentation: DocumentationSignals, barrierSeverities: [BarrierSeverity]) -> OpennessScore {
        var components: [ScoreComponent] = []
        let contributions = crossTeam.contributions
        let share = contributions.crossTeamShare ?? 0
        components.append(ScoreComponent(
            id: "cross_team_participation", points: 30 * min(1, share / 0.30), maximum: 30,
            evidence: "\(contributions.crossTeam) of \(contributions.total) \(contributions.noun) from other teams"))
        components.append(ScoreComponent(
            id: "contributing_teams", points: 15 * min(1, Double(crossTeam.contributingTeams.count) / 3), maximum: 15,
            evidence: crossTeam.contributingTeams.isEmpty ? "no other team took part"
                : "\(crossTeam.contributingTeams.count) other team(s): " + crossTeam.contributingTeams.prefix(5).map(\.name).joined(separator: ", ")))
        let landing = contributions.landing
        let reviewed = Double(landing.ownerLanded + landing.platformLanded) + Double(landing.selfLanded) / 2
        let unit = contributions.unit == .commits ? "commit" : "change request"
        components.append(ScoreComponent(
            id: "trusted_committer_path",
            points: min(20, 2 * reviewed), maximum: 20,
            evidence: contributions.crossTeam == 0 ? "no outsider's \(unit) to land"
                : "of \(contributions.crossTeam) outsiders' \(contributions.noun): \(landing.ownerLanded) landed by owners, \(landing.platformLanded) through the platform, \(landing.selfLanded) by their authors, \(landing.other) by others"))
        var documentationPoints = 0.0
        var present: [String] = []
        switch documentation.readme {
        case .adequate: documentationPoints += 5; present.append("README")
        case .thin: documentationPoints += 2; present.append("thin README")
        case .missing: break
        }
        switch documentation.contributing {
        case .adequate: documentationPoints += 5; present.append("contributing guide")
        case .thin: documentationPoints += 2; present.append("thin contributing guide")
        case .missing: break
        }
        if documentation.codeownersDefaultRule { documentationPoints += 4; present.append("CODEOWNERS default rule") }
        if documentation.trustedCommitters { documentationPoints += 3; present.append("trusted committers") }
        if documentation.communication { documentationPoints += 3; present.append("communication channel") }
        components.append(ScoreComponent(
            id: "documentation", points: documentationPoints, maximum: 20,
            evidence: present.isEmpty ? "none of README, contributing guide, CODEOWNERS, trusted committers, channel" : present.joined(separator: ", ")))
        let bus = Double(max(0, min((concentration.busFactor ?? 1) - 1, 3)))
        let truck = (concentration.truckFactor ?? 0) >= 2 ? 5.0 : 0
        components.append(ScoreComponent(
            id: "concentration", points: 10 * bus / 3 + truck, maximum: 15,
            evidence: "bus factor \(concentration.busFactor.map(String.init) ?? "-"), truck factor \(concentration.truckFactor.map(String.init) ?? "-")"))
        let penaltyPoints = barrierSeverities.reduce(0) { $0 + penalty($1) }
        let total = components.reduce(0) { $0 + $1.points } - penaltyPoints
        return OpennessScore(score: Int(max(0, min(100, total)).rounded()), components: components, barrierPenalty: penaltyPoints)
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
