import InnerSourceModel

/// How a change request reached the analysed branch, as git shows it (docs/DEFINITIONS.md, "Change requests").
public enum ChangeRequestKind: String, Hashable, Sendable, Codable, CaseIterable {
    /// A merge commit on the first-parent chain; its commits are those it brought in.
    case merge
    /// A commit whose message carries a request number: GitHub's squash `(#N)`, GitLab's `See merge request`.
    case squash
    /// A pull-request head whose commits are not on the branch but whose patches are.
    case rebase
    /// A commit with a Gerrit `Change-Id`.
    case gerrit
    /// Any other commit on the first-parent chain: a push without review, or `git am` by a maintainer.
    case direct
    /// A pull or merge request head that did not land.
    case pullRequest = "pull_request"
}

/// Whether a change request landed; for one that did not, what its age makes of it. git cannot tell a
/// request still open from one closed without merging: `stale_after` decides.
public enum ChangeRequestState: String, Hashable, Sendable, Codable, CaseIterable {
    case landed
    /// Not landed, its newest commit younger than `stale_after`: counted apart.
    case pending
    /// Not landed, its newest commit older than `stale_after`: counts against the acceptance ratio.
    case declined
}

/// Who let a change in, relative to the person who proposed it and the owning team.
public enum LanderRole: String, Hashable, Sendable, Codable, CaseIterable {
    /// Someone on the owning team (the trusted-committer path).
    case owner
    /// The proposer landed it themselves.
    case author = "self"
    /// The platform: GitHub's web-flow committer (squash and rebase merges), or a bot (a merge queue).
    case platform
    /// Anyone else.
    case other
}

/// One contribution as a person makes it: a merged, squashed, rebased or pushed change, or a proposal that
/// never landed. People carry their team on the date of the commit they come from.
public struct ChangeRequest: Hashable, Sendable, Codable {
    /// The commit that landed it (on the first-parent chain), or for one that did not land, its ref.
    public var id: String
    public var kind: ChangeRequestKind
    public var number: ChangeRequestNumber?
    public var state: ChangeRequestState
    /// The author of its earliest commit, on that commit's author date.
    public var proposer: TeamedPerson
    /// Everyone else who authored or co-authored one of its commits.
    public var coAuthors: [TeamedPerson]
    /// The proposer or a co-author is on a team that is neither the owner nor unaffiliated.
    public var crossTeam: Bool
    /// Proposed by a bot (dependabot, renovate...): listed, counted in no figure.
    public var proposerIsBot: Bool
    /// The person who let it in; nil when it did not land, or landed through GitHub's web-flow.
    public var lander: TeamedPerson?
    public var landedBy: LanderRole?
    /// `Reviewed-by` and `Acked-by` of its commits (and of a Gerrit change's commit).
    public var reviewers: [TeamedPerson]
    /// Its non-merge commits: those a merge brought in, a squashed request's original commits when its head
    /// is kept (else 1), a head's own commits.
    public var commits: Int
    /// The lines of its commits (for one that did not land, of its change against where it stands); nil
    /// when its objects could not be read.
    public var linesAdded: Int?
    public var linesDeleted: Int?
    /// Its earliest and newest author dates; nil when git cannot show when work began (a squash commit whose
    /// author date the platform wrote at landing, with no head kept).
    public var opened: Int64?
    public var newest: Int64?
    /// The landing commit's commit date.
    public var landed: Int64?
    /// For one that did not land: the time of its newest commit (committer date), from which its age counts.
    public var lastActivity: Int64?
    /// Work: from the earliest to the newest author date.
    public var workSeconds: Int64?
    /// Wait: from the newest author date to the landing; nil where git does not show it (a commit the
    /// platform wrote at landing, with the same author and commit date).
    public var waitSeconds: Int64?

    public init(id: String, kind: ChangeRequestKind, number: ChangeRequestNumber?, state: ChangeRequestState,
                proposer: TeamedPerson, coAuthors: [TeamedPerson], crossTeam: Bool, proposerIsBot: Bool,
                lander: TeamedPerson?, landedBy: LanderRole?, reviewers: [TeamedPerson], commits: Int,
                linesAdded: Int?, linesDeleted: Int?, opened: Int64?, newest: Int64?, landed: Int64?, lastActivity: Int64?,
                waitShown: Bool = true) {
        self.id = id
        self.kind = kind
        self.number = number
        self.state = state
        self.proposer = proposer
        self.coAuthors = coAuthors
        self.crossTeam = crossTeam
        self.proposerIsBot = proposerIsBot
        self.lander = lander
        self.landedBy = landedBy
        self.reviewers = reviewers
        self.commits = commits
        self.linesAdded = linesAdded
        self.linesDeleted = linesDeleted
        self.opened = opened
        self.newest = newest
        self.landed = landed
        self.lastActivity = lastActivity
        workSeconds = opened.flatMap { opened in newest.map { max(0, $0 - opened) } }
        waitSeconds = waitShown ? newest.flatMap { newest in landed.map { max(0, $0 - newest) } } : nil
    }

    /// Whole days from its last activity to `asOf`, for one that did not land.
    public func ageDays(asOf: Int64) -> Int? {
        guard state != .landed, let lastActivity else { return nil }
        return Int(max(0, asOf - lastActivity) / 86_400)
    }

    /// The time it is placed in the window by: its landing, or for one that did not land, its last activity.
    public var windowTime: Int64? { landed ?? lastActivity }
}

/// What reconstruction reads of each commit besides its attribution: its parents, and what its message
/// says about change requests.
public struct ChangeRequestLinks: Hashable, Sendable {
    public var parents: [ObjectID]
    /// For a merge, the number its message gives; for any other commit, its squash number.
    public var number: ChangeRequestNumber?
    /// Gerrit's `Change-Id` trailer.
    public var changeID: String?
    /// The change number of Gerrit's `Reviewed-on` trailer.
    public var gerritNumber: Int?
    /// `Reviewed-by` and `Acked-by`, people on the commit's committer date.
    public var reviewers: [TeamedPerson]

    public init(parents: [ObjectID], number: ChangeRequestNumber?, changeID: String?, gerritNumber: Int?,
                reviewers: [TeamedPerson]) {
        self.parents = parents
        self.number = number
        self.changeID = changeID
        self.gerritNumber = gerritNumber
        self.reviewers = reviewers
    }

    /// What `record`'s message says, with reviewers attributed by `person` (identity, time → person).
    public init(record: CommitRecord, person: (Identity, Int64) -> TeamedPerson) {
        parents = record.parents
        number = record.isMerge
            ? ChangeRequestConventions.mergeNumber(subject: record.summary, mergeRequest: record.mergeRequest)
            : ChangeRequestConventions.squashNumber(subject: record.summary, mergeRequest: record.mergeRequest)
        var changeID: String?, gerritNumber: Int?
        var reviewers: [TeamedPerson] = []
        var seen: Set<String> = []
        for trailer in record.trailers {
            // Most trailers are none of these (git's own history: a Signed-off-by or two on every commit).
            guard let first = trailer.key.utf8.first, first | 0x20 == UInt8(ascii: "c") || first | 0x20 == UInt8(ascii: "r")
                    || first | 0x20 == UInt8(ascii: "a") else { continue }
            let key = trailer.key.lowercased()
            if key == "change-id" { changeID = trailer.value.trimmingWhitespace() }
            if key == "reviewed-on", let number = ChangeRequestConventions.gerritNumber(reviewedOn: trailer.value) {
                gerritNumber = number
            }
            if key == Trailer.Known.reviewedBy.rawValue || key == Trailer.Known.ackedBy.rawValue, let identity = Identity.parse(trailer.value) {
                let reviewer = person(identity, record.committer.time)
                if seen.insert(reviewer.key).inserted { reviewers.append(reviewer) }
            }
        }
        self.changeID = changeID
        self.gerritNumber = gerritNumber
        self.reviewers = reviewers
    }
}
