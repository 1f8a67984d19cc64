import InnerSourceModel

/// How a repository came out of a run: analysed, empty, or not analysed at all.
public enum RepositoryStatus: String, Hashable, Sendable, Codable {
    /// Analysed.
    case ok
    /// No commit at the analysed revision.
    case empty
    /// A batch could not analyse it; the analysis says why (`failure`).
    case error
}

/// What was measured of one repository, before scoring draws its conclusions from it.
public struct RepositoryMeasurements: Sendable {
    /// The name rows are keyed by: the work tree's folder name, or the bare repository's without `.git`.
    public var name: String
    public var snapshot: RepositorySnapshot
    /// Commits reachable from the analysed revision, in or out of the window.
    public var commitsWalked: Int
    public var totals: HistoryTotals
    public var ownership: Ownership
    public var crossTeam: CrossTeamFigures
    public var concentration: ConcentrationFigures
    public var rhythm: WorkRhythm
    public var contributors: [TeamedContributor]
    public var monthly: [MonthlyFigures]
    public var teamFlows: TeamFlowTable
    public var findings: [Finding]
    /// Documentation and hygiene at HEAD.
    public var hygiene: HygieneReport
    /// A roster was given: people are known to be ours or not.
    public var rosterGiven: Bool
    /// People's commits in the window by someone on a roster team.
    public var commitsByRosterPeople: Int
    /// Commits in the window with a `Reviewed-by` trailer.
    public var reviewedCommits: Int
    /// The change requests in the window, in landing (or last activity) order.
    public var changeRequests: [ChangeRequest]
    /// The components and their rules' verdicts; nil for a repository without ownership rules.
    public var components: [ComponentFigures]?
    /// The share of the changes that makes rules stale (`--owner-share`).
    public var declaredShare = RuleOwnership.defaultShare

    public init(name: String, snapshot: RepositorySnapshot, commitsWalked: Int, totals: HistoryTotals,
                ownership: Ownership, crossTeam: CrossTeamFigures, concentration: ConcentrationFigures,
                rhythm: WorkRhythm, contributors: [TeamedContributor], monthly: [MonthlyFigures],
                teamFlows: TeamFlowTable, findings: [Finding], hygiene: HygieneReport, rosterGiven: Bool,
                commitsByRosterPeople: Int, reviewedCommits: Int, changeRequests: [ChangeRequest] = []) {
        self.name = name
        self.snapshot = snapshot
        self.commitsWalked = commitsWalked
        self.totals = totals
        self.ownership = ownership
        self.crossTeam = crossTeam
        self.concentration = concentration
        self.rhythm = rhythm
        self.contributors = contributors
        self.monthly = monthly
        self.teamFlows = teamFlows
        self.findings = findings
        self.hygiene = hygiene
        self.rosterGiven = rosterGiven
        self.commitsByRosterPeople = commitsByRosterPeople
        self.reviewedCommits = reviewedCommits
        self.changeRequests = changeRequests
    }

    /// `empty` for a repository with no commit at the analysed revision, else `ok`.
    public var status: RepositoryStatus { snapshot.tip == nil ? .empty : .ok }
}

/// Everything the pipeline knows about one analysed repository: its snapshot, the totals of its history
/// in the window, its contributors, the findings about its data, and what scoring concluded from them.
public struct RepositoryAnalysis: Sendable {
    /// The name rows are keyed by: the work tree's folder name, or the bare repository's without `.git`.
    public var name: String
    public var snapshot: RepositorySnapshot
    /// Commits reachable from the analysed revision, in or out of the window.
    public var commitsWalked: Int
    /// People's commits in the window (bots left out; merges counted, not measured).
    public var totals: HistoryTotals
    public var ownership: Ownership
    public var crossTeam: CrossTeamFigures
    public var concentration: ConcentrationFigures
    public var rhythm: WorkRhythm
    /// By person and team, most commits first.
    public var contributors: [TeamedContributor]
    public var monthly: [MonthlyFigures]
    public var teamFlows: TeamFlowTable
    public var findings: [Finding]
    /// Documentation and hygiene at HEAD.
    public var hygiene: HygieneReport
    /// The change requests in the window, in landing (or last activity) order.
    public var changeRequests: [ChangeRequest] = []
    /// The repository's components, in rule order with the unowned paths last; nil for a repository without
    /// ownership rules (it is one component, the repository itself).
    public var components: [ComponentFigures]?
    /// Barriers a newcomer from another team runs into, most severe first.
    public var barriers: [BarrierFinding]
    public var openness: OpennessScore?
    /// What this repository tells the readiness checklist, and its own answers.
    public var readiness: ReadinessInput?
    public var checklist: Checklist?
    /// Why the repository could not be analysed (a batch goes on without it); nil when it was.
    public var failure: String?

    /// Every part, as stored (a run's facts file gives them back).
    public init(name: String, snapshot: RepositorySnapshot, commitsWalked: Int, totals: HistoryTotals,
                ownership: Ownership, crossTeam: CrossTeamFigures, concentration: ConcentrationFigures,
                rhythm: WorkRhythm, contributors: [TeamedContributor], monthly: [MonthlyFigures],
                teamFlows: TeamFlowTable, findings: [Finding], hygiene: HygieneReport, barriers: [BarrierFinding],
                openness: OpennessScore?, readiness: ReadinessInput?, checklist: Checklist?, failure: String?) {
        self.name = name
        self.snapshot = snapshot
        self.commitsWalked = commitsWalked
        self.totals = totals
        self.ownership = ownership
        self.crossTeam = crossTeam
        self.concentration = concentration
        self.rhythm = rhythm
        self.contributors = contributors
        self.monthly = monthly
        self.teamFlows = teamFlows
        self.findings = findings
        self.hygiene = hygiene
        self.barriers = barriers
        self.openness = openness
        self.readiness = readiness
        self.checklist = checklist
        self.failure = failure
    }

    /// Scores what was measured: the barriers (none for an empty repository: its status says it all), the
    /// openness checks (all inconclusive for an empty repository) and the repository's own checklist. Pure.
    /// - Parameters: asOf, since, until: the run's anchor and window, which some barriers compare against;
    ///   thresholds: the values the checklist answers by.
    public init(scoring measured: RepositoryMeasurements, asOf: Int64, since: Int64?, until: Int64?,
                thresholds: ReadinessThresholds = .standard) {
        let context = BarrierContext(hygiene: measured.hygiene, concentration: measured.concentration,
                                     crossTeam: measured.crossTeam, ownership: measured.ownership, totals: measured.totals,
                                     asOf: asOf, since: since, until: until)
            .with {
                $0.components = measured.components
                $0.declaredShare = measured.declaredShare
            }
        let barriers = measured.status == .empty ? [] : Barriers.evaluate(context)
        let documentation = DocumentationSignals(hygiene: measured.hygiene)
        let openness = measured.status == .empty ? OpennessScore.unmeasured("no commit at the analysed revision: nothing to measure")
            : OpennessScore.compute(OpennessEvidence(crossTeam: measured.crossTeam, concentration: measured.concentration,
                                                     hygiene: measured.hygiene, owner: measured.ownership.team,
                                                     codeOwnersDrift: Self.codeOwnersDrift(measured.components)))
        let readiness = ReadinessInput(
            repository: measured.name, crossTeam: measured.crossTeam, concentration: measured.concentration,
            rhythm: measured.rhythm, documentation: documentation, remotes: measured.snapshot.remotes.map(\.url),
            rosterGiven: measured.rosterGiven, commitsByRosterPeople: measured.commitsByRosterPeople,
            reviewedCommits: measured.reviewedCommits)
        self.init(name: measured.name, snapshot: measured.snapshot, commitsWalked: measured.commitsWalked,
                  totals: measured.totals, ownership: measured.ownership, crossTeam: measured.crossTeam,
                  concentration: measured.concentration, rhythm: measured.rhythm, contributors: measured.contributors,
                  monthly: measured.monthly, teamFlows: measured.teamFlows, findings: measured.findings,
                  hygiene: measured.hygiene, barriers: barriers, openness: openness, readiness: readiness,
                  checklist: Readiness.checklist(for: readiness, thresholds: thresholds), failure: nil)
        changeRequests = measured.changeRequests
        components = measured.components
    }

    /// How many of the CODEOWNERS rules drifted (`RuleOwnership.Verdict.drifted`), for the ownership check;
    /// nil without CODEOWNERS rules.
    static func codeOwnersDrift(_ components: [ComponentFigures]?) -> CodeOwnersDrift? {
        let rules = (components ?? []).filter { $0.ruleSource == "codeowners" }.compactMap(\.declared)
        guard !rules.isEmpty else { return nil }
        return CodeOwnersDrift(rules: rules.count, drifted: rules.filter { $0.verdict == .drifted }.count)
    }

    /// Distinct people among the contributors (a person who changed team has several rows).
    public var people: Int { Set(contributors.map(\.key)).count }

    /// `error` for a repository that could not be analysed, `empty` for one with no commit at the
    /// analysed revision, else `ok`.
    public var status: RepositoryStatus {
        if failure != nil { return .error }
        return snapshot.tip == nil ? .empty : .ok
    }

    /// The analysis when the repository was analysed; nil for one that could not be (its figures do not apply).
    public var measured: RepositoryAnalysis? { failure == nil ? self : nil }

    /// A repository a batch could not analyse: named in the outputs with its reason, with no figures.
    public static func failed(name: String, path: String, reason: String) -> RepositoryAnalysis {
        let snapshot = RepositorySnapshot(path: path, gitDirectory: "", isBare: false, isShallow: false, hasPromisor: false,
                                          head: .unborn(branch: ""), revision: "", tip: nil, remotes: [], paths: [],
                                          documents: [])
        return RepositoryAnalysis(
            name: name, snapshot: snapshot, commitsWalked: 0, totals: HistoryTotals(),
            ownership: Ownership(team: nil, source: .inferred, close: false, runnerUp: nil, evidence: "not analysed: \(reason)"),
            crossTeam: CrossTeamFigures(), concentration: ConcentrationFigures(), rhythm: WorkRhythm(), contributors: [],
            monthly: [], teamFlows: TeamFlowTable(), findings: [], hygiene: Hygiene.assess(snapshot), barriers: [],
            openness: nil, readiness: nil, checklist: nil, failure: reason)
    }
}
