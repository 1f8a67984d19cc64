import InnerSourceModel

/// Attribution stage: turns a commit record into an attributed commit: identities through the aliases
/// file (after `.mailmap`, which ingestion applied), teams on the author date, bots and web-flow marked, AI
/// agents taken out of the people (a commit an agent authored with a human co-author counts for the human)
/// and their commits marked agent-assisted.
///
/// What does not depend on the date (the canonical identity, whether it is a bot, a domain team) is
/// worked out once per identity and kept: a history repeats the same few thousand people, and sharing
/// their strings keeps a whole history's attributed commits small.
public struct Attributor: Sendable {
    public let aliases: Aliases
    public let teams: TeamResolver
    public let bots: BotRules
    /// Which identities are AI agents: never a person, a contributor or a team.
    public let agents: AgentRules
    /// When set, people are written under keyed pseudonyms (teams and bots are decided first).
    public let pseudonymizer: Pseudonymizer?

    private struct Resolved: Sendable {
        /// The identity written out: the canonical one, or its pseudonym.
        var shown: Identity
        var key: String
        /// The real canonical e-mail, for dated roster look-ups.
        var email: String
        var isBot: Bool
        /// An AI agent: never a person; its team is always `unaffiliated`.
        var isAgent: Bool
        /// A person whose identity says an agent worked with them (`Name (aider)` on their own e-mail).
        var withAgent: Bool
        /// The team when it does not depend on the date (no roster).
        var fixedTeam: Team?
        /// The logins the aliases file gives the person, for a roster keyed by logins.
        var logins: [CodeHost: String] = [:]
        /// The identity as recorded is a platform's committer (GitHub's web-flow): a commit it committed was
        /// landed by the platform.
        var isPlatformCommitter = false
    }

    private var resolved: [Identity: Resolved] = [:]

    /// Every e-mail seen, as recorded and after aliases, when pseudonymising: what free text must not show.
    public private(set) var seen = KnownIdentities()

    public init(aliases: Aliases = .none, roster: Roster? = nil, bots: BotRules = .standard, pseudonymizer: Pseudonymizer? = nil,
                agents: AgentRules = .standard, platform: PlatformIdentities = .standard) {
        self.aliases = aliases
        self.teams = TeamResolver(roster: roster, platform: platform)
        self.bots = bots
        self.agents = agents
        self.pseudonymizer = pseudonymizer
    }

    private mutating func resolve(_ identity: Identity) -> Resolved {
        if let known = resolved[identity] { return known }
        var canonical = aliases.resolve(identity)
        // A web commit's noreply address is the roster member who gives its login: one person, under the
        // member's e-mail.
        if let roster = teams.roster, roster.hasLogins, let address = teams.platform.noreply(canonical.email),
           let email = roster.email(ofLogin: address.login, on: address.kind) {
            canonical = aliases.resolve(Identity(name: canonical.name, email: email))
        }
        let shown = pseudonymizer.map { $0.pseudonym(of: canonical.key) } ?? canonical
        if pseudonymizer != nil {
            seen.insert(email: identity.email)
            seen.insert(email: canonical.email)
        }
        // Agents first: an agent's GitHub App identity (`...[bot]`) matches the bots' patterns too.
        let agentMatch = [agents.match(canonical), agents.match(identity)]
        let isAgent = agentMatch.contains(.agent)
        let result = Resolved(
            shown: shown, key: shown.key, email: canonical.email,
            isBot: !isAgent && (bots.isBot(canonical) || bots.isBot(identity)),
            isAgent: isAgent, withAgent: !isAgent && agentMatch.contains(.personWithAgent),
            fixedTeam: isAgent ? .unaffiliated : teams.roster == nil ? teams.teamByDomain(of: canonical.email) : nil,
            logins: aliases.logins(ofCanonical: canonical.email),
            isPlatformCommitter: teams.platform.isPlatformCommitter(identity))
        resolved[identity] = result
        return result
    }

    public mutating func person(_ identity: Identity, at time: Int64) -> TeamedPerson {
        person(resolve(identity), at: time)
    }

    private func person(_ known: Resolved, at time: Int64) -> TeamedPerson {
        TeamedPerson(key: known.key, identity: known.shown,
                     team: known.fixedTeam ?? teams.team(of: known.email, logins: known.logins, at: time))
    }

    /// Whether an identity is an AI agent under these rules (after aliases).
    public mutating func isAgent(_ identity: Identity) -> Bool { resolve(identity).isAgent }

    public mutating func attribute(_ record: CommitRecord, inWindow: Bool = true) -> AttributedCommit {
        let time = record.author.time
        let authorKind = resolve(record.author.identity)
        var author = person(authorKind, at: time)
        var agentAssisted = authorKind.withAgent
        var seen: Set<String> = authorKind.isAgent ? [] : [author.key]
        var coAuthors: [TeamedPerson] = []
        for identity in record.coAuthors {
            let known = resolve(identity)
            if known.isAgent {
                agentAssisted = true
                continue
            }
            if known.withAgent { agentAssisted = true }
            let coAuthor = person(known, at: time)
            if seen.insert(coAuthor.key).inserted && !known.isBot { coAuthors.append(coAuthor) }
        }
        var isBot = authorKind.isBot
        if authorKind.isAgent {
            // An agent's commit counts for the first human who co-authored it (the Copilot coding agent's
            // pull requests name the person who asked); with none, it is automation, counted as bots' are.
            if coAuthors.isEmpty {
                isBot = true
                agentAssisted = false
            } else {
                author = coAuthors.removeFirst()
                agentAssisted = true
            }
        }
        let committerKind = resolve(record.committer.identity)
        let webFlow = committerKind.isPlatformCommitter
        var commit = AttributedCommit(
            id: record.id, author: author, coAuthors: coAuthors,
            committer: person(committerKind, at: record.committer.time),
            authorTime: time, authorOffsetMinutes: record.author.offsetMinutes, commitTime: record.committer.time, isMerge: record.isMerge,
            isBot: isBot, committerIsBot: committerKind.isBot || committerKind.isAgent,
            landedByPlatform: webFlow,
            inWindow: inWindow, linesAdded: record.linesAdded, linesDeleted: record.linesDeleted)
        commit.agentAssisted = agentAssisted
        for trailer in record.trailers {
            // Most trailers are none of these (git's own history: a Signed-off-by or two on every commit).
            guard let first = trailer.key.utf8.first, first | 0x20 == UInt8(ascii: "r") || first | 0x20 == UInt8(ascii: "a"),
                  trailer.isKind(.reviewedBy) || trailer.isKind(.ackedBy), let identity = Identity.parse(trailer.value)
            else { continue }
            let kind = resolve(identity)
            guard !kind.isBot, !kind.isAgent else { continue }
            let reviewer = person(kind, at: record.committer.time)
            if !commit.reviewers.contains(where: { $0.key == reviewer.key }) { commit.reviewers.append(reviewer) }
        }
        return commit
    }
}
