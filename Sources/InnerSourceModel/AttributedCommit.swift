/// A person (canonical key and display identity) on a team at the time of a commit.
public struct TeamedPerson: Hashable, Sendable, Codable {
    public var key: String
    public var identity: Identity
    public var team: Team

    public init(key: String, identity: Identity, team: Team) {
        self.key = key
        self.identity = identity
        self.team = team
    }
}

/// The facts of one commit that attribution and scoring need, with every person already mapped to a
/// team on the author date. Compact, so that a whole history's worth can be kept for scoring.
public struct AttributedCommit: Hashable, Sendable, Codable {
    public var id: ObjectID
    public var author: TeamedPerson
    public var coAuthors: [TeamedPerson]
    public var committer: TeamedPerson
    public var authorTime: Int64
    /// The author's recorded time zone, in minutes east of UTC: the local hour and weekday come from it.
    public var authorOffsetMinutes: Int
    public var commitTime: Int64
    public var isMerge: Bool
    public var isBot: Bool
    /// The committer is a bot (a merge queue, a release automation).
    public var committerIsBot: Bool
    /// The committer is a platform committer (GitHub's web-flow `noreply@github.com`, GitLab's
    /// `noreply@gitlab.com`, or one configured with `platform_committers:`): landed through the platform.
    public var landedByPlatform: Bool
    /// Inside the analysed window (commits outside it are kept only to know who contributed first when).
    public var inWindow: Bool
    public var linesAdded: Int
    public var linesDeleted: Int
    /// For a commit a merge brought in: the merge's lander (its author), who let it in, whatever its own
    /// committer (a merged branch's commits keep their author as committer); nil when the merge landed
    /// through the platform's web-flow, and for any other commit.
    public var mergedBy: TeamedPerson?
    /// The merge that brought it in landed through the platform (a bot's merge, a merge queue).
    public var mergedThroughPlatform = false
    /// For a commit a merge brought in: the merge's commit date, when it landed.
    public var landingTime: Int64?
    /// An AI agent took part: it co-authored the commit, or authored it with the human it now counts for, or
    /// its name marks the author's own commit (`Name (aider)`). Agents are never people of the commit.
    public var agentAssisted = false
    /// The people its `Reviewed-by` and `Acked-by` trailers name, on their teams at the commit date; empty
    /// for most commits.
    public var reviewers: [TeamedPerson] = []

    public init(id: ObjectID, author: TeamedPerson, coAuthors: [TeamedPerson], committer: TeamedPerson,
                authorTime: Int64, authorOffsetMinutes: Int = 0, commitTime: Int64, isMerge: Bool, isBot: Bool,
                committerIsBot: Bool = false, landedByPlatform: Bool, inWindow: Bool, linesAdded: Int, linesDeleted: Int) {
        self.id = id
        self.author = author
        self.coAuthors = coAuthors
        self.committer = committer
        self.authorTime = authorTime
        self.authorOffsetMinutes = authorOffsetMinutes
        self.commitTime = commitTime
        self.isMerge = isMerge
        self.isBot = isBot
        self.committerIsBot = committerIsBot
        self.landedByPlatform = landedByPlatform
        self.inWindow = inWindow
        self.linesAdded = linesAdded
        self.linesDeleted = linesDeleted
    }

    /// Who let the commit in: the lander of the merge that brought it, else its committer.
    public var lander: TeamedPerson { mergedBy ?? committer }

    /// Whether it landed through the platform: the merge that brought it did, or (not merged) its committer
    /// is GitHub's web-flow.
    public var landedThroughPlatform: Bool { landingTime != nil ? mergedThroughPlatform || mergedBy == nil : landedByPlatform }

    /// When it landed: the merge's commit date, else its own.
    public var landedAt: Int64 { landingTime ?? commitTime }

    /// Author first, then co-authors.
    public var people: [TeamedPerson] { [author] + coAuthors }
}
