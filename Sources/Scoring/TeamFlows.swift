import InnerSourceModel

/// One row of `team_flows.csv`: what a contributing team put into an owning team's repositories.
public struct TeamFlow: Hashable, Sendable, Codable {
    public var fromTeam: Team
    public var toTeam: Team
    public var repositories: Int
    public var commits: Int
    public var linesAdded: Int
    public var linesDeleted: Int
    /// Distinct people; nil when fewer than the run's minimum group size (`--min-group-size`), so that no
    /// count points at a handful of people.
    public var contributors: Int?
    /// Change requests from the contributing team in the window (bots' left out), every state; those that
    /// landed; those declined (not landed, older than `stale_after`).
    public var changeRequestsProposed = 0
    public var changeRequestsLanded = 0
    public var changeRequestsDeclined = 0
    /// Median wait (newest author date to landing) of the landed ones whose wait git shows.
    public var medianWaitSeconds: Double?
    /// Of `commits`, those an AI agent took part in.
    public var agentAssistedCommits = 0
}

/// Accumulates team-to-team flows over repositories: a commit (and a change request) counts once for every
/// team among its author (proposer) and co-authors (unaffiliated left out); lines go to the author's team only.
/// Kept by month (a commit's author date, a change request's `windowTime`: its landing, or for one that did
/// not land its last activity), so that the same table gives the flows over the run and month by month.
public struct TeamFlowTable: Sendable, Codable {
    private struct Cell: Sendable {
        var repositories: Set<String> = []
        var commits = 0
        var linesAdded = 0
        var linesDeleted = 0
        var contributors: Set<String> = []
        var proposed = 0
        var landed = 0
        var declined = 0
        var waits: [Int64] = []
        var agentAssisted = 0
    }

    private struct Key: Hashable, Sendable {
        var from: Team
        var to: Team
        /// `YYYY-MM` (UTC); nil only for a change request git gives no time (none is built so).
        var month: String?
    }

    private var cells: [Key: Cell] = [:]

    public init() {}

    public mutating func add(repository: String, commits: [AttributedCommit], owner: Team?) {
        guard let owner else { return }
        for commit in CrossTeam.counted(commits) {
            let month = UTCTime.month(commit.authorTime)
            var teams: [Team: Set<String>] = [:]
            for person in commit.people where !person.team.isUnaffiliated {
                teams[person.team, default: []].insert(person.key)
            }
            for (team, people) in teams {
                let id = Key(from: team, to: owner, month: month)
                let authored = team == commit.author.team
                // Mutated in place, so that the cell's sets are not copied for every commit.
                Self.count(&cells[id, default: Cell()], repository: repository, people: people,
                           added: authored ? commit.linesAdded : 0, deleted: authored ? commit.linesDeleted : 0)
                if commit.agentAssisted { cells[id, default: Cell()].agentAssisted += 1 }
            }
        }
    }

    /// Adds a repository's change requests to the flows into its owner.
    public mutating func add(repository: String, changeRequests: [ChangeRequest], owner: Team?) {
        guard let owner else { return }
        for request in changeRequests where !request.proposerIsBot {
            let teams = Set(([request.proposer] + request.coAuthors).map(\.team).filter { !$0.isUnaffiliated })
            let month = request.windowTime.map(UTCTime.month)
            for team in teams {
                let id = Key(from: team, to: owner, month: month)
                cells[id, default: Cell()].repositories.insert(repository)
                cells[id, default: Cell()].proposed += 1
                switch request.state {
                case .landed:
                    cells[id, default: Cell()].landed += 1
                    if let wait = request.waitSeconds { cells[id, default: Cell()].waits.append(wait) }
                case .declined: cells[id, default: Cell()].declined += 1
                case .pending: break
                }
            }
        }
    }

    private static func count(_ cell: inout Cell, repository: String, people: Set<String>, added: Int, deleted: Int) {
        cell.repositories.insert(repository)
        cell.commits += 1
        cell.linesAdded += added
        cell.linesDeleted += deleted
        cell.contributors.formUnion(people)
    }

    /// One cell as it is stored in a run's facts file: sets as sorted lists, so that the file is stable.
    private struct StoredCell: Codable {
        var from: Team
        var to: Team
        var month: String?
        var repositories: [String]
        var commits: Int
        var linesAdded: Int
        var linesDeleted: Int
        var contributors: [String]
        var changeRequestsProposed: Int
        var changeRequestsLanded: Int
        var changeRequestsDeclined: Int
        /// Sorted.
        var waitSeconds: [Int64]
        var agentAssistedCommits: Int
    }

    public init(from decoder: any Decoder) throws {
        for stored in try decoder.singleValueContainer().decode([StoredCell].self) {
            cells[Key(from: stored.from, to: stored.to, month: stored.month)] = Cell(
                repositories: Set(stored.repositories), commits: stored.commits, linesAdded: stored.linesAdded,
                linesDeleted: stored.linesDeleted, contributors: Set(stored.contributors),
                proposed: stored.changeRequestsProposed, landed: stored.changeRequestsLanded,
                declined: stored.changeRequestsDeclined, waits: stored.waitSeconds, agentAssisted: stored.agentAssistedCommits)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        let stored = cells.map { key, cell in
            StoredCell(from: key.from, to: key.to, month: key.month, repositories: cell.repositories.sorted(), commits: cell.commits,
                       linesAdded: cell.linesAdded, linesDeleted: cell.linesDeleted, contributors: cell.contributors.sorted(),
                       changeRequestsProposed: cell.proposed, changeRequestsLanded: cell.landed,
                       changeRequestsDeclined: cell.declined, waitSeconds: cell.waits.sorted(),
                       agentAssistedCommits: cell.agentAssisted)
        }.sorted { ($0.from, $0.to, $0.month ?? "") < ($1.from, $1.to, $1.month ?? "") }
        var container = encoder.singleValueContainer()
        try container.encode(stored)
    }

    /// Adds another table's flows (another repository's, or another shard's).
    public mutating func merge(_ other: TeamFlowTable) {
        for (key, cell) in other.cells { Self.add(cell, to: &cells[key, default: Cell()]) }
    }

    /// Rows sorted by from_team, then to_team, with person counts below `minimumGroupSize` left out.
    public func flows(minimumGroupSize: Int?) -> [TeamFlow] {
        flows.map { $0.withoutSmallGroups(minimumGroupSize) }
    }

    /// Rows sorted by from_team, then to_team: every month together.
    public var flows: [TeamFlow] {
        var merged: [Key: Cell] = [:]
        for (key, cell) in cells { Self.add(cell, to: &merged[Key(from: key.from, to: key.to), default: Cell()]) }
        return merged.map { Self.flow($0.key, $0.value) }.sorted { ($0.fromTeam, $0.toTeam) < ($1.fromTeam, $1.toTeam) }
    }

    /// Month by month, sorted by month, then from_team, then to_team, person counts below `minimumGroupSize`
    /// left out. Every pair of teams with a flow has a row for every month from the window's start (`since`;
    /// without one, the pair's first month) through the month of `end` (the window's last moment), quiet
    /// months as zeros, so that a dashboard's series drops to zero rather than skipping a month; a month after
    /// `end` (a clock from the future) has the rows of its own flows only, as `CrossTeam.monthly` does.
    public func monthlyFlows(minimumGroupSize: Int?, since: Int64?, through end: Int64) -> [(month: String, flow: TeamFlow)] {
        var firstMonth: [Key: String] = [:]
        for key in cells.keys {
            guard let month = key.month else { continue }
            let pair = Key(from: key.from, to: key.to)
            firstMonth[pair] = min(firstMonth[pair] ?? month, month)
        }
        var rows: [Key: Cell] = [:]
        for (key, cell) in cells where key.month != nil { rows[key] = cell }
        for (pair, first) in firstMonth {
            guard let start = since ?? UTCTime.startOfMonth(first) else { continue }
            for month in UTCTime.months(from: start, to: end) {
                let key = Key(from: pair.from, to: pair.to, month: month)
                if rows[key] == nil { rows[key] = Cell() }
            }
        }
        // Sorted by (month, from, to) through each value's rank among the distinct ones: the same order as
        // comparing the strings (keys are distinct), without comparing them again in every step of the sort.
        var months: Set<String> = [], teams: Set<Team> = []
        for key in rows.keys {
            months.insert(key.month ?? "")
            teams.insert(key.from)
            teams.insert(key.to)
        }
        let monthRank = Dictionary(uniqueKeysWithValues: months.sorted().enumerated().map { ($1, $0) })
        let teamRank = Dictionary(uniqueKeysWithValues: teams.sorted().enumerated().map { ($1, $0) })
        return rows.map { key, cell in
            (rank: (monthRank[key.month ?? ""]!, teamRank[key.from]!, teamRank[key.to]!),
             row: (month: key.month ?? "", flow: Self.flow(key, cell).withoutSmallGroups(minimumGroupSize)))
        }
        .sorted { $0.rank < $1.rank }
        .map(\.row)
    }

    private static func flow(_ key: Key, _ cell: Cell) -> TeamFlow {
        TeamFlow(fromTeam: key.from, toTeam: key.to, repositories: cell.repositories.count,
                 commits: cell.commits, linesAdded: cell.linesAdded, linesDeleted: cell.linesDeleted,
                 contributors: cell.contributors.count, changeRequestsProposed: cell.proposed,
                 changeRequestsLanded: cell.landed, changeRequestsDeclined: cell.declined,
                 medianWaitSeconds: CrossTeam.median(cell.waits), agentAssistedCommits: cell.agentAssisted)
    }

    private static func add(_ cell: Cell, to total: inout Cell) {
        total.repositories.formUnion(cell.repositories)
        total.commits += cell.commits
        total.linesAdded += cell.linesAdded
        total.linesDeleted += cell.linesDeleted
        total.contributors.formUnion(cell.contributors)
        total.proposed += cell.proposed
        total.landed += cell.landed
        total.declined += cell.declined
        total.waits += cell.waits
        total.agentAssisted += cell.agentAssisted
    }
}

extension TeamFlow {
    /// The flow with its person count left out when under `minimumGroupSize` (a quiet month's zero people
    /// included: the rule is the same for every row).
    func withoutSmallGroups(_ minimumGroupSize: Int?) -> TeamFlow {
        var copy = self
        if let minimum = minimumGroupSize, let people = contributors, people < minimum { copy.contributors = nil }
        return copy
    }
}

extension TeamFlowTable {
    /// Other teams' change requests into the repositories `owner` owns (each proposing team's cell counts,
    /// the owner's own left out): how many landed, how many were declined, and the landed ones' waits.
    public func received(by owner: Team) -> (landed: Int, declined: Int, waits: [Int64]) {
        var landed = 0, declined = 0, waits: [Int64] = []
        for (key, cell) in cells where key.to == owner && key.from != owner {
            landed += cell.landed
            declined += cell.declined
            waits += cell.waits
        }
        return (landed, declined, waits.sorted())
    }
}
