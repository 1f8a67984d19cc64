import InnerSourceModel

/// How concentrated a repository's work is on few people and teams (docs/DEFINITIONS.md, "Concentration").
public struct ConcentrationFigures: Hashable, Sendable, Codable {
    /// CHAOSS contributor absence factor: the fewest people whose commits make up more than half of
    /// `commits`; nil when there are no commits.
    public var busFactor: Int?
    /// Those people, as `Name <email>`, biggest first.
    public var busFactorPeople: [String] = []
    /// The same over teams, unaffiliated left out of the count and of the total.
    public var elephantFactor: Int?
    public var elephantFactorTeams: [Team] = []
    /// Avelino et al.'s truck factor over the files at HEAD and their full history; nil when no file
    /// qualifies.
    public var truckFactor: Int?
    /// The people removed, in order, as `Name <email>`.
    public var truckFactorPeople: [String] = []
    /// Files at HEAD the truck factor considered (after the skip rules).
    public var truckFactorFiles: Int = 0
    /// Onion model: people making the first 80 % of commits (core), the next 15 % (regular), the rest (casual).
    public var core: [String] = []
    public var regular: Int = 0
    public var casual: Int = 0
    /// Core people with no commit in the last 180 days of the window.
    public var inactiveCore: [String] = []
    /// People who land others' work, as git shows it in the window: the landers of commits someone else
    /// authored (the author of the merge that brought the commit in, else its committer; not the platform,
    /// not bots); most landings first, as `Name <email>`.
    public var landers: [String] = []

    public init() {}
}

/// Computes the concentration figures of one repository.
public enum Concentration {
    /// Days without a commit after which a core contributor counts as inactive.
    public static let inactiveDays: Int64 = 180

    /// - Parameters:
    ///   - commits: the repository's attributed commits (only people's non-merge commits in the window count).
    ///   - windowEnd: the end of the window (`--until`, else the as-of time).
    ///   - truck: the truck factor computed over the full history (see `AuthorshipTally`).
    ///   - inactiveDays: days without a commit after which a core person is inactive (`inactive_core_days`).
    public static func figures(_ commits: [AttributedCommit], windowEnd: Int64,
                               truck: (factor: Int?, people: [String], files: Int),
                               inactiveDays: Int64 = Concentration.inactiveDays) -> ConcentrationFigures {
        var figures = ConcentrationFigures()
        let counted = CrossTeam.counted(commits)
        var byPerson: [String: Int] = [:], byTeam: [Team: Int] = [:]
        var names = NewestNames(), last: [String: Int64] = [:]
        for commit in counted {
            let author = commit.author
            byPerson[author.key, default: 0] += 1
            if !author.team.isUnaffiliated { byTeam[author.team, default: 0] += 1 }
            last[author.key] = max(last[author.key] ?? commit.authorTime, commit.authorTime)
            names.offer(author.key, display: author.identity.display, time: commit.authorTime)
        }
        let people = ranked(byPerson)
        if let (factor, members) = absenceFactor(people) {
            figures.busFactor = factor
            figures.busFactorPeople = members.map { names.display(of: $0) }
        }
        if let (factor, members) = absenceFactor(ranked(byTeam)) {
            figures.elephantFactor = factor
            figures.elephantFactorTeams = members
        }
        var landings: [String: Int] = [:], landerNames = NewestNames()
        // A commit someone else let in: the merge that brought it (its author), else its committer; not the
        // platform, not a bot.
        for commit in commits where commit.inWindow && !commit.isMerge && !commit.isBot && !commit.landedThroughPlatform {
            let lander = commit.lander
            let isBot = commit.landingTime == nil ? commit.committerIsBot : false
            guard !isBot, lander.key != commit.author.key else { continue }
            landings[lander.key, default: 0] += 1
            landerNames.offer(lander.key, display: lander.identity.display, time: commit.landedAt)
        }
        figures.landers = ranked(landings).map { landerNames.display(of: $0.0) }
        figures.truckFactor = truck.factor
        figures.truckFactorPeople = truck.people
        figures.truckFactorFiles = truck.files

        // Onion model: cumulative shares of commits, biggest contributors first.
        let total = people.reduce(0) { $0 + $1.1 }
        var running = 0
        var core: [String] = []
        for (key, count) in people {
            let before = running
            running += count
            if before * 100 < total * 80 {
                core.append(key)
            } else if before * 100 < total * 95 {
                figures.regular += 1
            } else {
                figures.casual += 1
            }
        }
        // People named only as co-authors made no commit of their own: casual.
        let coAuthorsOnly = Set(counted.flatMap { $0.coAuthors.map(\.key) }).subtracting(byPerson.keys)
        figures.casual += coAuthorsOnly.count
        figures.core = core.map { names.display(of: $0) }
        let cutoff = windowEnd - inactiveDays * 86_400
        figures.inactiveCore = core.filter { (last[$0] ?? 0) < cutoff }.map { names.display(of: $0) }
        return figures
    }

    /// Keys by count, biggest first, then by key.
    static func ranked<Key: Comparable>(_ counts: [Key: Int]) -> [(Key, Int)] {
        counts.map { ($0.key, $0.value) }.sorted { ($1.1, $0.0) < ($0.1, $1.0) }
    }

    /// The fewest entries whose counts make up more than half of the total (CHAOSS absence factor).
    static func absenceFactor<Key>(_ ranked: [(Key, Int)]) -> (Int, [Key])? {
        let total = ranked.reduce(0) { $0 + $1.1 }
        guard total > 0 else { return nil }
        var running = 0
        var members: [Key] = []
        for (key, count) in ranked {
            running += count
            members.append(key)
            if running * 2 > total { break }
        }
        return (members.count, members)
    }
}

/// Concentration over every repository of a run: people's and teams' commits summed across repositories.
public struct RunConcentration: Hashable, Sendable, Codable {
    public var repositories: Int
    public var commits: Int
    public var busFactor: Int?
    public var busFactorPeople: [String]
    public var elephantFactor: Int?
    public var elephantFactorTeams: [Team]

    /// - Parameter contributors: every repository's contributor rows (person, team, commits).
    public static func compute(repositories: Int, contributors: [TeamedContributor]) -> RunConcentration {
        var byPerson: [String: Int] = [:], byTeam: [Team: Int] = [:], names = NewestNames()
        for row in contributors where row.commits > 0 {
            byPerson[row.key, default: 0] += row.commits
            names.offer(row.key, display: row.identity.display, time: row.lastCommit)
            if !row.team.isUnaffiliated { byTeam[row.team, default: 0] += row.commits }
        }
        let bus = Concentration.absenceFactor(Concentration.ranked(byPerson))
        let elephant = Concentration.absenceFactor(Concentration.ranked(byTeam))
        return RunConcentration(
            repositories: repositories, commits: byPerson.values.reduce(0, +), busFactor: bus?.0,
            busFactorPeople: (bus?.1 ?? []).map { names.display(of: $0) }, elephantFactor: elephant?.0,
            elephantFactorTeams: elephant?.1 ?? [])
    }
}
