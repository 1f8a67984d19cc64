import InnerSourceModel

/// Who landed outsiders' work, and what it cost them to get in: of cross-team commits, or (in
/// `ChangeRequestFigures`) of cross-team change requests.
public struct LandingFigures: Hashable, Sendable, Codable {
    /// Cross-team contributions whose lander is on the owning team (the trusted-committer path). A commit's
    /// lander is the author of the merge that brought it in, else its committer.
    public var ownerLanded = 0
    /// Cross-team contributions landed by their own author.
    public var selfLanded = 0
    /// Cross-team contributions landed through the platform (GitHub's web-flow committer, a bot's merge).
    public var platformLanded = 0
    public var other = 0
    /// The person who landed most cross-team contributions (platform-landed ones left out), and their share.
    public var busiestCommitter: String?
    public var busiestCommitterShare: Double?
    /// Median seconds from author date to landing (the commit date, or that of the merge that brought the
    /// commit in; for a change request, from its newest author date): outsiders' (cross-team) work, and the
    /// owners' own (authored on the owning team, not cross-team). What git cannot time is left out: a commit
    /// landed through the platform (the platform writes the commit when it lands, so its two dates say
    /// nothing of the wait), a squashed request without its head. nil when nothing is left to measure.
    public var outsiderMedianDelaySeconds: Double?
    public var ownerMedianDelaySeconds: Double?
    /// Outsiders' and owners' contributions left out of those medians: git does not time their wait.
    public var platformDelaysLeftOut = 0

    public init() {}
}

/// What the headline figures count: change requests where the repository shows them (a merge, a squash, a
/// rebase, a Gerrit change, or request heads), else commits.
public enum ContributionUnit: String, Hashable, Sendable, Codable {
    case changeRequests = "change_requests"
    case commits
}

/// The headline of the cross-team figures in their unit: what the openness score, the barriers and the
/// checklist read.
public struct Contributions: Hashable, Sendable, Codable {
    public var unit: ContributionUnit
    /// Landed contributions in the window by people (bots left out).
    public var total: Int
    public var crossTeam: Int
    public var crossTeamShare: Double?
    public var landing: LandingFigures

    /// `commits` or `change requests`, counted: `3 change requests`.
    public func counted(_ value: Int, crossTeam: Bool = false) -> String {
        let prefix = crossTeam ? "cross-team " : ""
        return unit == .commits ? Format.count(value, prefix + "commit") : Format.count(value, prefix + "change request")
    }

    /// The unit's plural noun.
    public var noun: String { unit == .commits ? "commits" : "change requests" }
}

/// The cross-team figures of one repository in the window (docs/DEFINITIONS.md, "Cross-team figures").
public struct CrossTeamFigures: Hashable, Sendable, Codable {
    public var commits = 0
    public var mergeCommits = 0
    public var botCommits = 0
    public var contributors = 0
    /// Distinct teams (not unaffiliated) with an author or co-author in the window, owner included.
    public var teams: [Team] = []
    public var crossTeamCommits = 0
    public var crossTeamShare: Double?
    public var crossTeamContributors = 0
    /// `teams` without the owning team.
    public var contributingTeams: [Team] = []
    public var unaffiliatedCommits = 0
    public var landing = LandingFigures()
    /// The same repository counted in change requests.
    public var changeRequests = ChangeRequestFigures()
    /// Of `commits`, those an AI agent took part in (`AttributedCommit.agentAssisted`).
    public var agentAssistedCommits = 0
    /// Of `crossTeamCommits`, those agent-assisted, and their share of `crossTeamCommits` (nil without any).
    public var agentAssistedCrossTeamCommits = 0
    public var agentAssistedCrossTeamShare: Double?

    public init() {}

    /// The headline figures: in change requests where the repository shows them, else in commits.
    public var contributions: Contributions {
        if changeRequests.showsChangeRequests {
            return Contributions(unit: .changeRequests, total: changeRequests.landed, crossTeam: changeRequests.crossTeamLanded,
                                 crossTeamShare: changeRequests.crossTeamShare, landing: changeRequests.landing)
        }
        return Contributions(unit: .commits, total: commits, crossTeam: crossTeamCommits, crossTeamShare: crossTeamShare,
                             landing: landing)
    }
}

/// A contributor on one team: a person who changed team has a row for each.
public struct TeamedContributor: Hashable, Sendable, Codable {
    public var key: String
    public var identity: Identity
    public var team: Team
    public var commits = 0
    public var coauthoredCommits = 0
    public var linesAdded = 0
    public var linesDeleted = 0
    public var firstCommit: Int64
    public var lastCommit: Int64

    public init(key: String, identity: Identity, team: Team, commits: Int = 0, coauthoredCommits: Int = 0,
                linesAdded: Int = 0, linesDeleted: Int = 0, firstCommit: Int64, lastCommit: Int64) {
        self.key = key
        self.identity = identity
        self.team = team
        self.commits = commits
        self.coauthoredCommits = coauthoredCommits
        self.linesAdded = linesAdded
        self.linesDeleted = linesDeleted
        self.firstCommit = firstCommit
        self.lastCommit = lastCommit
    }
}

/// One month of a repository's history.
public struct MonthlyFigures: Hashable, Sendable, Codable {
    /// `YYYY-MM`, of the author date in UTC.
    public var month: String
    public var commits = 0
    public var crossTeamCommits = 0
    public var contributors = 0
    public var teams = 0
    /// People whose first commit ever (in the history read, window or not) falls in this month.
    public var newContributors = 0
    /// Of `commits`, those an AI agent took part in.
    public var agentAssistedCommits = 0

    /// An empty month.
    public init(month: String) {
        self.month = month
    }
}

/// Cross-team scoring over attributed commits. Pure: same commits, same figures, in any order.
public enum CrossTeam {
    /// People's non-merge commits in the window: what `commits` counts.
    /// Lazy: every measure walks it, and a history's worth of commits is not copied for each.
    public static func counted(_ commits: [AttributedCommit]) -> LazyFilterSequence<[AttributedCommit]> {
        commits.lazy.filter { $0.inWindow && !$0.isMerge && !$0.isBot }
    }

    /// Whether a commit's author or a co-author is on a team that is neither the owner nor unaffiliated.
    public static func isCrossTeam(_ commit: AttributedCommit, owner: Team?) -> Bool {
        guard let owner else { return false }
        return commit.people.contains { $0.team != owner && !$0.team.isUnaffiliated }
    }

    /// Commits by the author's team, for inferring the owner (unaffiliated left out).
    public static func commitsByTeam(_ commits: [AttributedCommit]) -> [Team: Int] {
        var result: [Team: Int] = [:]
        for commit in counted(commits) where !commit.author.team.isUnaffiliated {
            result[commit.author.team, default: 0] += 1
        }
        return result
    }

    public static func figures(_ commits: [AttributedCommit], owner: Team?,
                               changeRequests: ChangeRequestFigures = ChangeRequestFigures()) -> CrossTeamFigures {
        var figures = CrossTeamFigures()
        figures.changeRequests = changeRequests
        for commit in commits where commit.inWindow {
            if commit.isMerge { figures.mergeCommits += 1 } else if commit.isBot { figures.botCommits += 1 }
        }
        let people = counted(commits)
        figures.commits = people.count
        var contributors: Set<String> = [], outsiders: Set<String> = [], teams: Set<Team> = []
        var outsiderDelays: [Int64] = [], ownerDelays: [Int64] = []
        var committers: [String: Int] = [:]
        var committerNames = NewestNames()
        for commit in people {
            if commit.author.team.isUnaffiliated { figures.unaffiliatedCommits += 1 }
            if commit.agentAssisted { figures.agentAssistedCommits += 1 }
            for person in commit.people {
                contributors.insert(person.key)
                if !person.team.isUnaffiliated { teams.insert(person.team) }
                if let owner, person.team != owner && !person.team.isUnaffiliated { outsiders.insert(person.key) }
            }
            let delay = max(0, commit.landedAt - commit.authorTime)
            // A commit the platform wrote (web-flow) has no wait in its dates; one a merge brought in does, up to
            // the merge, whoever made the merge.
            let timed = commit.landingTime != nil || !commit.landedByPlatform
            guard isCrossTeam(commit, owner: owner) else {
                if let owner, commit.author.team == owner {
                    if timed { ownerDelays.append(delay) } else { figures.landing.platformDelaysLeftOut += 1 }
                }
                continue
            }
            figures.crossTeamCommits += 1
            if commit.agentAssisted { figures.agentAssistedCrossTeamCommits += 1 }
            if timed { outsiderDelays.append(delay) } else { figures.landing.platformDelaysLeftOut += 1 }
            if commit.landedThroughPlatform {
                figures.landing.platformLanded += 1
                continue
            }
            let lander = commit.lander
            committers[lander.key, default: 0] += 1
            committerNames.offer(lander.key, display: lander.identity.display, time: commit.landedAt)
            if lander.key == commit.author.key {
                figures.landing.selfLanded += 1
            } else if lander.team == owner {
                figures.landing.ownerLanded += 1
            } else {
                figures.landing.other += 1
            }
        }
        figures.contributors = contributors.count
        figures.crossTeamContributors = outsiders.count
        figures.teams = teams.sorted()
        figures.contributingTeams = teams.filter { $0 != owner }.sorted()
        figures.crossTeamShare = figures.commits > 0 ? Double(figures.crossTeamCommits) / Double(figures.commits) : nil
        figures.agentAssistedCrossTeamShare = figures.crossTeamCommits > 0
            ? Double(figures.agentAssistedCrossTeamCommits) / Double(figures.crossTeamCommits) : nil
        let landedByPeople = committers.values.reduce(0, +)
        if let busiest = committers.sorted(by: { ($1.value, $0.key) < ($0.value, $1.key) }).first, landedByPeople > 0 {
            figures.landing.busiestCommitter = committerNames.display(of: busiest.key)
            figures.landing.busiestCommitterShare = Double(busiest.value) / Double(landedByPeople)
        }
        figures.landing.outsiderMedianDelaySeconds = median(outsiderDelays)
        figures.landing.ownerMedianDelaySeconds = median(ownerDelays)
        return figures
    }

    /// The middle value; the mean of the two middle values for an even count; nil for none.
    public static func median(_ values: [Int64]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        if sorted.count % 2 == 1 { return Double(sorted[middle]) }
        return (Double(sorted[middle - 1]) + Double(sorted[middle])) / 2
    }

    /// Contributors by person and team: authored commits and lines under the author's team on the author
    /// date, co-authored commits under the co-author's. Sorted by commits (most first), then key and team.
    public static func contributors(_ commits: [AttributedCommit]) -> [TeamedContributor] {
        var rows: [String: TeamedContributor] = [:]
        var named: [String: Int64] = [:]
        /// The name shown is that of the newest authored commit; co-author trailers name a person only
        /// until they author one (a trailer is typed by someone else).
        var authoredName: Set<String> = []
        func update(_ person: TeamedPerson, _ time: Int64, authored: Bool, _ change: (inout TeamedContributor) -> Void) {
            let id = person.key + "\u{0}" + person.team.name
            var row = rows[id] ?? TeamedContributor(key: person.key, identity: person.identity, team: person.team,
                                                     firstCommit: time, lastCommit: time)
            row.firstCommit = min(row.firstCommit, time)
            row.lastCommit = max(row.lastCommit, time)
            var newest = named[id].map { time > $0 || (time == $0 && (person.identity.name, person.identity.email) > (row.identity.name, row.identity.email)) } ?? true
            if authored && authoredName.insert(id).inserted { newest = true }
            if !authored && authoredName.contains(id) { newest = false }
            if newest {
                row.identity = person.identity
                named[id] = time
            }
            change(&row)
            rows[id] = row
        }
        for commit in counted(commits) {
            update(commit.author, commit.authorTime, authored: true) {
                $0.commits += 1
                $0.linesAdded += commit.linesAdded
                $0.linesDeleted += commit.linesDeleted
            }
            for coAuthor in commit.coAuthors {
                update(coAuthor, commit.authorTime, authored: false) { $0.coauthoredCommits += 1 }
            }
        }
        return rows.values.sorted { ($1.commits, $0.key, $0.team) < ($0.commits, $1.key, $1.team) }
    }

    /// Every month of the window, quiet months included, so that a dashboard's current quarter shows zeros:
    /// from the window's start (or, without one, the first counted commit) through `end`, the window's last
    /// moment (the as-of time, or `--until` when earlier). A commit dated after `end` (a clock from the
    /// future) adds its own month, not the months between: the series is never longer than the window and
    /// the commits.
    /// - Parameters: since: the window's start; end: its last moment.
    public static func monthly(_ commits: [AttributedCommit], owner: Team?, since: Int64? = nil, through end: Int64) -> [MonthlyFigures] {
        var firstEver: [String: Int64] = [:]
        for commit in commits where !commit.isMerge && !commit.isBot {
            for person in commit.people { firstEver[person.key] = min(firstEver[person.key] ?? commit.authorTime, commit.authorTime) }
        }
        let people = counted(commits)
        guard let start = [since, people.lazy.map(\.authorTime).min()].compactMap({ $0 }).min() else { return [] }
        var byMonth: [String: (figures: MonthlyFigures, people: Set<String>, teams: Set<Team>)] = [:]
        for month in start <= end ? UTCTime.months(from: start, to: end) : [] {
            byMonth[month] = (MonthlyFigures(month: month), [], [])
        }
        for commit in people {
            let month = UTCTime.month(commit.authorTime)
            if byMonth[month] == nil { byMonth[month] = (MonthlyFigures(month: month), [], []) }
            // In place: copying an entry out and back would copy its sets for every commit.
            byMonth[month]?.figures.commits += 1
            if isCrossTeam(commit, owner: owner) { byMonth[month]?.figures.crossTeamCommits += 1 }
            if commit.agentAssisted { byMonth[month]?.figures.agentAssistedCommits += 1 }
            for person in commit.people {
                byMonth[month]?.people.insert(person.key)
                if !person.team.isUnaffiliated { byMonth[month]?.teams.insert(person.team) }
            }
        }
        for (_, first) in firstEver {
            let month = UTCTime.month(first)
            byMonth[month]?.figures.newContributors += 1
        }
        return byMonth.values.map { entry in
            var figures = entry.figures
            figures.contributors = entry.people.count
            figures.teams = entry.teams.count
            return figures
        }.sorted { $0.month < $1.month }
    }
}
