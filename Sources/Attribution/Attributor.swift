import InnerSourceModel

/// Attribution stage: turns a commit record into an attributed commit: identities through the aliases
/// file (after `.mailmap`, which ingestion applied), teams on the author date, bots and web-flow marked.
///
/// What does not depend on the date (the canonical identity, whether it is a bot, a domain team) is
/// worked out once per identity and kept: a history repeats the same few thousand people, and sharing
/// their strings keeps a whole history's attributed commits small.
public struct Attributor: Sendable {
    public let aliases: Aliases
    public let teams: TeamResolver
    public let bots: BotRules
    /// When set, people are written under keyed pseudonyms (teams and bots are decided first).
    public let pseudonymizer: Pseudonymizer?

    private struct Resolved: Sendable {
        /// The identity written out: the canonical one, or its pseudonym.
        var shown: Identity
        var key: String
        /// The real canonical e-mail, for dated roster look-ups.
        var email: String
        var isBot: Bool
        /// The team when it does not depend on the date (no roster).
        var fixedTeam: Team?
    }

    private var resolved: [Identity: Resolved] = [:]

    /// Every e-mail seen, as recorded and after aliases, when pseudonymising: what free text must not show.
    public private(set) var seen = KnownIdentities()

    public init(aliases: Aliases = .none, roster: Roster? = nil, bots: BotRules = .standard, pseudonymizer: Pseudonymizer? = nil) {
        self.aliases = aliases
        self.teams = TeamResolver(roster: roster)
        self.bots = bots
        self.pseudonymizer = pseudonymizer
    }

    private mutating func resolve(_ identity: Identity) -> Resolved {
        if let known = resolved[identity] { return known }
        let canonical = aliases.resolve(identity)
        let shown = pseudonymizer.map { $0.pseudonym(of: canonical.key) } ?? canonical
        if pseudonymizer != nil {
            seen.insert(email: identity.email)
            seen.insert(email: canonical.email)
        }
        let result = Resolved(
            shown: shown, key: shown.key, email: canonical.email, isBot: bots.isBot(canonical) || bots.isBot(identity),
            fixedTeam: teams.roster == nil ? TeamResolver.domainTeam(of: canonical.email) : nil)
        resolved[identity] = result
        return result
    }

    public mutating func person(_ identity: Identity, at time: Int64) -> TeamedPerson {
        let known = resolve(identity)
        return TeamedPerson(key: known.key, identity: known.shown,
                            team: known.fixedTeam ?? teams.team(of: known.email, at: time))
    }

    public mutating func attribute(_ record: CommitRecord, inWindow: Bool = true) -> AttributedCommit {
        let time = record.author.time
        let author = person(record.author.identity, at: time)
        var seen: Set<String> = [author.key]
        var coAuthors: [TeamedPerson] = []
        for identity in record.coAuthors {
            let coAuthor = person(identity, at: time)
            if seen.insert(coAuthor.key).inserted && !resolve(identity).isBot { coAuthors.append(coAuthor) }
        }
        let webFlow = BotRules.isWebFlow(record.committer.identity)
        return AttributedCommit(
            id: record.id, author: author, coAuthors: coAuthors,
            committer: person(record.committer.identity, at: record.committer.time),
            authorTime: time, authorOffsetMinutes: record.author.offsetMinutes, commitTime: record.committer.time, isMerge: record.isMerge,
            isBot: resolve(record.author.identity).isBot, committerIsBot: resolve(record.committer.identity).isBot,
            landedByPlatform: webFlow,
            inWindow: inWindow, linesAdded: record.linesAdded, linesDeleted: record.linesDeleted)
    }
}
