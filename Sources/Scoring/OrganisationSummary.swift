import InnerSourceModel

/// What the organisation's headline adds up for one repository: read from an analysis, or from one run's rows
/// of the history (`history_repositories` and `history_repository_change_requests`), so that this run and the
/// previous ones are added up by the one rule of `OrganisationFigures`.
public struct RepositoryHeadline: Hashable, Sendable {
    public var repository: String
    /// Could not be analysed: counted among the failed, in no other figure.
    public var failed: Bool
    /// People's commits in the window, and those cross-team (`CrossTeamFigures`).
    public var commits: Int
    public var crossTeamCommits: Int
    /// Landed change requests, those cross-team, and the cross-team ones declined (`ChangeRequestFigures`).
    public var changeRequestsLanded: Int
    public var crossTeamLanded: Int
    public var crossTeamDeclined: Int
    /// The repository's median wait of other teams' landed change requests; nil when none was timed.
    public var crossTeamWaitMedianSeconds: Double?

    public init(repository: String, failed: Bool = false, commits: Int = 0, crossTeamCommits: Int = 0,
                changeRequestsLanded: Int = 0, crossTeamLanded: Int = 0, crossTeamDeclined: Int = 0,
                crossTeamWaitMedianSeconds: Double? = nil) {
        self.repository = repository
        self.failed = failed
        self.commits = commits
        self.crossTeamCommits = crossTeamCommits
        self.changeRequestsLanded = changeRequestsLanded
        self.crossTeamLanded = crossTeamLanded
        self.crossTeamDeclined = crossTeamDeclined
        self.crossTeamWaitMedianSeconds = crossTeamWaitMedianSeconds
    }

    /// The headline figures of an analysis.
    public init(_ analysis: RepositoryAnalysis) {
        guard let measured = analysis.measured else {
            self.init(repository: analysis.name, failed: true)
            return
        }
        let figures = measured.crossTeam, requests = figures.changeRequests
        self.init(repository: analysis.name, commits: figures.commits, crossTeamCommits: figures.crossTeamCommits,
                  changeRequestsLanded: requests.landed, crossTeamLanded: requests.crossTeamLanded,
                  crossTeamDeclined: requests.crossTeamDeclined, crossTeamWaitMedianSeconds: requests.crossTeamWait.medianSeconds)
    }
}

/// The organisation's headline figures of one run (docs/DEFINITIONS.md, "Organisation figures"): sums over the
/// analysed repositories, so that a big repository weighs as much as its work.
public struct OrganisationFigures: Hashable, Sendable {
    /// The run's as-of time.
    public var asOf: Int64
    /// Repositories in the run, and those that could not be analysed.
    public var repositories = 0
    public var failed = 0
    public var commits = 0
    public var crossTeamCommits = 0
    /// Cross-team commits over people's commits; nil without a commit.
    public var crossTeamCommitShare: Double?
    public var changeRequestsLanded = 0
    public var crossTeamLanded = 0
    public var crossTeamDeclined = 0
    /// Cross-team landed change requests over all landed ones; nil without one.
    public var crossTeamChangeRequestShare: Double?
    /// Acceptance of other teams' proposals: cross-team landed / (landed + declined); nil when none was decided.
    public var acceptanceRatio: Double?
    /// The median, over the repositories whose other teams' wait was timed, of each repository's median wait
    /// (each repository counts once); nil when none was timed.
    public var medianWaitSeconds: Double?
    /// Repositories that contributed a wait to `medianWaitSeconds`.
    public var repositoriesWithWait = 0

    public var analysed: Int { repositories - failed }

    public init(asOf: Int64) {
        self.asOf = asOf
    }

    /// The figures of one run's repositories.
    public static func compute(_ repositories: [RepositoryHeadline], asOf: Int64) -> OrganisationFigures {
        var figures = OrganisationFigures(asOf: asOf)
        var waits: [Double] = []
        for repository in repositories {
            figures.repositories += 1
            guard !repository.failed else {
                figures.failed += 1
                continue
            }
            figures.commits += repository.commits
            figures.crossTeamCommits += repository.crossTeamCommits
            figures.changeRequestsLanded += repository.changeRequestsLanded
            figures.crossTeamLanded += repository.crossTeamLanded
            figures.crossTeamDeclined += repository.crossTeamDeclined
            if let wait = repository.crossTeamWaitMedianSeconds { waits.append(wait) }
        }
        figures.crossTeamCommitShare = ratio(figures.crossTeamCommits, figures.commits)
        figures.crossTeamChangeRequestShare = ratio(figures.crossTeamLanded, figures.changeRequestsLanded)
        figures.acceptanceRatio = ratio(figures.crossTeamLanded, figures.crossTeamLanded + figures.crossTeamDeclined)
        figures.repositoriesWithWait = waits.count
        figures.medianWaitSeconds = median(waits)
        return figures
    }

    static func ratio(_ part: Int, _ whole: Int) -> Double? { whole > 0 ? Double(part) / Double(whole) : nil }

    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted(), middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}

/// This run's organisation figures beside the previous run's and those at the end of each of the four calendar
/// quarters before this run's (the newest run of that quarter; nil when no run fell in it).
public struct OrganisationTrend: Hashable, Sendable {
    /// One earlier quarter: `2024-Q1` and its newest run's figures.
    public struct Quarter: Hashable, Sendable {
        public var label: String
        public var figures: OrganisationFigures?
    }

    public var current: OrganisationFigures
    /// The newest run before this one; nil on a first run.
    public var previous: OrganisationFigures?
    /// The four quarters before this run's, newest first.
    public var quarters: [Quarter]

    /// - Parameter history: earlier runs' figures, in any order; runs at or after `current.asOf` are ignored.
    public static func compute(current: OrganisationFigures, history: [OrganisationFigures]) -> OrganisationTrend {
        let earlier = history.filter { $0.asOf < current.asOf }.sorted { $0.asOf < $1.asOf }
        let (year, month) = yearMonth(current.asOf)
        var quarterIndex = year * 4 + (month - 1) / 3
        var quarters: [Quarter] = []
        for _ in 0..<4 {
            quarterIndex -= 1
            let qYear = quarterIndex / 4, q = quarterIndex % 4
            let start = UTCTime.seconds(year: qYear, month: q * 3 + 1, day: 1) ?? 0
            let end = UTCTime.seconds(year: (quarterIndex + 1) / 4, month: ((quarterIndex + 1) % 4) * 3 + 1, day: 1) ?? 0
            let newest = earlier.last { $0.asOf >= start && $0.asOf < end }
            quarters.append(Quarter(label: "\(qYear)-Q\(q + 1)", figures: newest))
        }
        return OrganisationTrend(current: current, previous: earlier.last, quarters: quarters)
    }

    static func yearMonth(_ seconds: Int64) -> (Int64, Int64) {
        let text = UTCTime.month(seconds)  // YYYY-MM
        let parts = text.split(separator: "-")
        return (Int64(parts.first ?? "") ?? 1970, Int64(parts.last ?? "") ?? 1)
    }
}

/// What one team gives to other teams' repositories and receives in its own (docs/DEFINITIONS.md, "Team
/// balance"): "who are we helping" and "who helps us".
public struct TeamBalance: Hashable, Sendable {
    /// One counterpart: the other team, or a repository, with the commits and change requests exchanged.
    public struct Exchange: Hashable, Sendable {
        public var name: String
        public var commits: Int
        public var changeRequests: Int
    }

    public var team: Team
    /// Commits and change requests (every state) this team made to repositories other teams own.
    public var givenCommits = 0
    public var givenChangeRequests = 0
    /// The owning teams and the repositories it gave to, most commits first.
    public var givenTo: [Exchange] = []
    public var givenRepositories: [Exchange] = []
    /// Commits and change requests other teams made to the repositories this team owns.
    public var receivedCommits = 0
    public var receivedChangeRequests = 0
    /// The contributing teams it received from, most commits first.
    public var receivedFrom: [Exchange] = []
    /// Repositories this team owns in the run.
    public var repositoriesOwned = 0
    /// Of other teams' change requests to its repositories: landed / (landed + declined); nil when none was decided.
    public var acceptanceRatio: Double?
    /// Median wait of other teams' landed change requests to its repositories; nil when none was timed.
    public var medianWaitSeconds: Double?

    /// Every team that gives, receives or owns a repository, most volume (given + received commits) first.
    public static func compute(_ analyses: [RepositoryAnalysis]) -> [TeamBalance] {
        var balances: [Team: TeamBalance] = [:]
        var givenTo: [Team: [String: Exchange]] = [:], givenRepositories: [Team: [String: Exchange]] = [:]
        var receivedFrom: [Team: [String: Exchange]] = [:]
        var merged = TeamFlowTable()
        for analysis in analyses {
            guard let measured = analysis.measured, let owner = measured.ownership.team else { continue }
            balances[owner, default: TeamBalance(team: owner)].repositoriesOwned += 1
            merged.merge(measured.teamFlows)
            for flow in measured.teamFlows.flows where flow.fromTeam != flow.toTeam {
                let from = flow.fromTeam, to = flow.toTeam
                balances[from, default: TeamBalance(team: from)].givenCommits += flow.commits
                balances[from, default: TeamBalance(team: from)].givenChangeRequests += flow.changeRequestsProposed
                balances[to, default: TeamBalance(team: to)].receivedCommits += flow.commits
                balances[to, default: TeamBalance(team: to)].receivedChangeRequests += flow.changeRequestsProposed
                add(&givenTo[from, default: [:]], to.name, flow)
                add(&givenRepositories[from, default: [:]], analysis.name, flow)
                add(&receivedFrom[to, default: [:]], from.name, flow)
            }
        }
        for team in balances.keys {
            balances[team]?.givenTo = ordered(givenTo[team])
            balances[team]?.givenRepositories = ordered(givenRepositories[team])
            balances[team]?.receivedFrom = ordered(receivedFrom[team])
            let received = merged.received(by: team)
            balances[team]?.acceptanceRatio = OrganisationFigures.ratio(received.landed, received.landed + received.declined)
            balances[team]?.medianWaitSeconds = CrossTeam.median(received.waits)
        }
        return balances.values.sorted {
            ($1.givenCommits + $1.receivedCommits, $0.team) < ($0.givenCommits + $0.receivedCommits, $1.team)
        }
    }

    private static func add(_ exchanges: inout [String: Exchange], _ name: String, _ flow: TeamFlow) {
        exchanges[name, default: Exchange(name: name, commits: 0, changeRequests: 0)].commits += flow.commits
        exchanges[name, default: Exchange(name: name, commits: 0, changeRequests: 0)].changeRequests += flow.changeRequestsProposed
    }

    private static func ordered(_ exchanges: [String: Exchange]?) -> [Exchange] {
        (exchanges ?? [:]).values.sorted {
            ($1.commits, $1.changeRequests, $0.name) < ($0.commits, $0.changeRequests, $1.name)
        }
    }
}

/// The ranking of "where to act" (docs/DEFINITIONS.md, "Where to act"): the repositories where other teams'
/// work meets one of the barriers of `barrierIDs` (proposals that do not land, long waits, a single gatekeeper,
/// ownership that drifted), most demand first. Each entry carries those barriers' own evidence and remedy.
public enum WhereToAct {
    /// The barriers that stand between other teams and a repository, from the one registry (`Barriers`).
    public static let barrierIDs: [String] = [
        LowAcceptanceBarrier.id, OutsidersNeverLandedBarrier.id, SingleGatekeeperBarrier.id, SlowAcceptanceBarrier.id,
        StaleCodeOwnersBarrier.id,
    ]

    /// One repository to act on.
    public struct Entry: Hashable, Sendable {
        public var repository: String
        public var owner: Team?
        /// Other teams' change requests in the window, every state (for a repository of direct pushes, their commits).
        public var demand: Int
        /// What `demand` counts: change requests, or commits.
        public var unit: ContributionUnit
        public var acceptanceRatio: Double?
        public var medianWaitSeconds: Double?
        /// The repository's barriers among `barrierIDs`, most severe first.
        public var barriers: [BarrierFinding]
    }

    /// Every measured repository with at least one of `barrierIDs`, by demand (most first), then by the
    /// severity of its worst such barrier, then by how many it has, then by name.
    public static func rank(_ analyses: [RepositoryAnalysis]) -> [Entry] {
        let entries = analyses.compactMap { analysis -> Entry? in
            guard let measured = analysis.measured else { return nil }
            let barriers = measured.barriers.filter { barrierIDs.contains($0.id) }
                .sorted { ($0.severity.rank, $0.id) < ($1.severity.rank, $1.id) }
            guard !barriers.isEmpty else { return nil }
            let requests = measured.crossTeam.changeRequests
            let demand = measured.crossTeam.contributions.unit == .changeRequests ? requests.crossTeam : measured.crossTeam.crossTeamCommits
            return Entry(repository: analysis.name, owner: measured.ownership.team, demand: demand,
                         unit: measured.crossTeam.contributions.unit,
                         acceptanceRatio: requests.acceptanceRatio,
                         medianWaitSeconds: measured.crossTeam.contributions.landing.outsiderMedianDelaySeconds, barriers: barriers)
        }
        return entries.sorted {
            (-$0.demand, $0.barriers[0].severity.rank, -$0.barriers.count, $0.repository)
                < (-$1.demand, $1.barriers[0].severity.rank, -$1.barriers.count, $1.repository)
        }
    }
}

/// The organisation view of a run: the headline figures and their trend, each team's balance, and where to
/// act. Computed once, read by the HTML report and by `innersource run`'s summary.
public struct OrganisationSummary: Hashable, Sendable {
    public var trend: OrganisationTrend
    public var teams: [TeamBalance]
    public var whereToAct: [WhereToAct.Entry]

    public var figures: OrganisationFigures { trend.current }

    /// - Parameter history: the earlier runs' figures (`OrganisationFigures.compute` over each run's history rows).
    public static func compute(_ analyses: [RepositoryAnalysis], asOf: Int64, history: [OrganisationFigures]) -> OrganisationSummary {
        let current = OrganisationFigures.compute(analyses.map(RepositoryHeadline.init), asOf: asOf)
        return OrganisationSummary(trend: .compute(current: current, history: history), teams: TeamBalance.compute(analyses),
                                   whereToAct: WhereToAct.rank(analyses))
    }
}
