import InnerSourceModel

/// Attribution stage: turns a commit record into an attributed commit: identities through the aliases
/// file (after `.mailmap`, which ingestion applied), teams on the author date, bots and web-flow marked.
public struct Attributor: Sendable {
    public var aliases: Aliases
    public var teams: TeamResolver
    public var bots: BotRules

    public init(aliases: Aliases = .none, roster: Roster? = nil, bots: BotRules = .standard) {
        self.aliases = aliases
        self.teams = TeamResolver(roster: roster)
        self.bots = bots
    }

    public func person(_ identity: Identity, at time: Int64) -> TeamedPerson {
        let canonical = aliases.resolve(identity)
        return TeamedPerson(key: canonical.key, identity: canonical, team: teams.team(of: canonical.email, at: time))
    }

    public func attribute(_ record: CommitRecord, inWindow: Bool = true) -> AttributedCommit {
        let time = record.author.time
        let author = person(record.author.identity, at: time)
        var seen: Set<String> = [author.key]
        var coAuthors: [TeamedPerson] = []
        for identity in record.coAuthors {
            let coAuthor = person(identity, at: time)
            if seen.insert(coAuthor.key).inserted && !bots.isBot(coAuthor.identity) { coAuthors.append(coAuthor) }
        }
        let webFlow = BotRules.isWebFlow(record.committer.identity)
        return AttributedCommit(
            id: record.id, author: author, coAuthors: coAuthors,
            committer: person(record.committer.identity, at: record.committer.time),
            authorTime: time, commitTime: record.committer.time, isMerge: record.isMerge,
            isBot: bots.isBot(author.identity) || bots.isBot(record.author.identity), landedByPlatform: webFlow,
            inWindow: inWindow, linesAdded: record.linesAdded, linesDeleted: record.linesDeleted)
    }
}
