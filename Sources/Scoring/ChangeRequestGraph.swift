import InnerSourceModel

/// The analysed history and the mirror's request heads, as change-request reconstruction reads them.
public struct ChangeRequestHistory: Sendable {
    /// Every commit reachable from the tip, attributed, with its links at the same index.
    public var commits: [AttributedCommit]
    public var links: [ChangeRequestLinks]
    public var tip: ObjectID?
    /// The pull and merge request heads found in the repository.
    public var heads: [ProposalHead]
    /// Commits reachable from a head and not from the tip, with their links at the same index.
    public var proposalCommits: [AttributedCommit]
    public var proposalLinks: [ChangeRequestLinks]
    /// Committer dates of the proposal commits, at the same index (a head's age counts from its newest).
    public var proposalCommitTimes: [Int64] { proposalCommits.map(\.commitTime) }

    public init(commits: [AttributedCommit], links: [ChangeRequestLinks], tip: ObjectID?, heads: [ProposalHead] = [],
                proposalCommits: [AttributedCommit] = [], proposalLinks: [ChangeRequestLinks] = []) {
        self.commits = commits
        self.links = links
        self.tip = tip
        self.heads = heads
        self.proposalCommits = proposalCommits
        self.proposalLinks = proposalLinks
    }
}

/// How the commit-level "landed by" of a commit brought in by a merge changes: its lander is the merge's.
public struct MergeLanding: Hashable, Sendable {
    /// The merge's lander (its author); nil when that is the platform's web-flow.
    public var lander: TeamedPerson?
    public var throughPlatform: Bool
    /// The merge's commit date: when the commit landed.
    public var time: Int64
}

/// What reconstruction found: the change requests, the heads it could not read, and the commit-level
/// landers of merged commits.
public struct ChangeRequestReconstruction: Sendable {
    /// In the window, sorted by landing (or, for one that did not land, last activity) time, then id.
    public var changeRequests: [ChangeRequest]
    /// Heads whose commits could not be read (absent from a partial clone, damaged).
    public var unreadableHeads: [ProposalHead]
    /// Heads in the repository, and how many of them landed by any rule.
    public var headsFound: Int
    public var headsLanded: Int
    /// For each commit a merge brought in (by id): that merge's lander and time.
    public var mergeLandings: [ObjectID: MergeLanding]
    /// For each landed change request in the window (by id): the positions, in the history's commits, of
    /// the commits it landed (the commit itself; a merge's own and brought-in commits; a rebased request's
    /// commits), so that its changed files can be placed (components).
    public var landedCommits: [String: [Int]] = [:]
}

/// Reconstructs change requests from git alone (docs/DEFINITIONS.md, "Change requests"): each commit on
/// the analysed ref's first-parent chain is one landed request (a merge with the commits it brought in, a
/// squash, a Gerrit change, a direct push); a request head whose commits are reachable, or whose number a
/// merge or squash carries, landed; one whose every commit has a patch-equal commit on the chain landed by
/// rebase; every other head did not land. Pure: the patch ids and line counts it needs are asked for and
/// handed in by the caller, which reads git.
public struct ChangeRequestGraph: Sendable {
    private let history: ChangeRequestHistory
    private let index: [ObjectID: Int]
    private let proposalIndex: [ObjectID: Int]
    /// The first-parent chain from the tip, newest first.
    private let chain: [Int]
    /// For every commit of the history, the chain commit that landed it.
    private let landingOf: [Int]
    /// For each chain commit (by index in the history), the commits a merge brought in.
    private let members: [Int: [Int]]
    /// What each head is, by position in `history.heads`.
    private let headStates: [HeadState]
    /// Each chain commit's place on the chain, 0 for the tip.
    private let chainIndex: [Int: Int]
    /// The own commits (proposal indices, newest first by walk) of every head whose tip is a proposal
    /// commit, by tip.
    private let ownByTip: [ObjectID: [Int]]

    private enum HeadState: Sendable {
        /// Its tip is reachable: landed by the chain commit that brought it in.
        case reachable(chainCommit: Int)
        /// A merge or squash on the chain carries its number (or a Gerrit commit its change).
        case numbered(chainCommit: Int)
        /// Not landed by reachability or number: its own commits (proposal indices), checked for patches.
        case own([Int])
        /// Its tip is not among the commits read.
        case unreadable
    }

    public init(_ history: ChangeRequestHistory) {
        self.history = history
        var index: [ObjectID: Int] = [:]
        index.reserveCapacity(history.commits.count)
        for (position, commit) in history.commits.enumerated() { index[commit.id] = position }
        var proposalIndex: [ObjectID: Int] = [:]
        proposalIndex.reserveCapacity(history.proposalCommits.count)
        for (position, commit) in history.proposalCommits.enumerated() { proposalIndex[commit.id] = position }
        self.index = index
        self.proposalIndex = proposalIndex

        var chain: [Int] = []
        var current = history.tip.flatMap { index[$0] }
        var onChain = Set<Int>()
        while let position = current, onChain.insert(position).inserted {
            chain.append(position)
            current = history.links[position].parents.first.flatMap { index[$0] }
        }
        self.chain = chain

        // Oldest first: when a chain commit is reached, everything its first parent reaches is claimed, so
        // what its other parents reach and nothing claimed is what it brought in.
        var landingOf = [Int](repeating: -1, count: history.commits.count)
        var members: [Int: [Int]] = [:]
        for position in chain.reversed() {
            landingOf[position] = position
            let parents = history.links[position].parents
            guard parents.count > 1 else { continue }
            var brought: [Int] = []
            var stack = parents.dropFirst().compactMap { index[$0] }.filter { landingOf[$0] < 0 }
            for start in stack { landingOf[start] = position }
            while let next = stack.popLast() {
                brought.append(next)
                for parent in history.links[next].parents {
                    guard let known = index[parent], landingOf[known] < 0 else { continue }
                    landingOf[known] = position
                    stack.append(known)
                }
            }
            members[position] = brought
        }
        self.landingOf = landingOf
        self.members = members

        // Oldest first: a number can come back on the chain (a history imported from another repository).
        var byNumber: [ChangeRequestNumber: [Int]] = [:]
        var byChangeID: [String: [Int]] = [:]
        for position in chain.reversed() {
            let links = history.links[position]
            if let number = Self.number(of: position, history) { byNumber[number, default: []].append(position) }
            if links.parents.count <= 1, let changeID = links.changeID { byChangeID[changeID, default: []].append(position) }
        }
        /// Of the chain commits carrying a head's number, the oldest that landed at or after the head's newest
        /// commit (the one that can have landed it), else the newest.
        func carrier(_ candidates: [Int]?, after time: Int64?) -> Int? {
            guard let candidates, let last = candidates.last else { return nil }
            guard let time else { return last }
            return candidates.first { history.commits[$0].commitTime >= time } ?? last
        }
        /// A head that is not reachable: landed by number (or Gerrit change), else its own commits.
        func state(head: ProposalHead, tip: Int?, own: [Int]?) -> HeadState {
            let newest = own.flatMap { $0.map { history.proposalCommits[$0].commitTime }.max() }
            if let position = carrier(byNumber[head.number], after: newest) { return .numbered(chainCommit: position) }
            guard let tip, let own else { return .unreadable }
            if head.number.host == .gerrit, let changeID = history.proposalLinks[tip].changeID,
               let position = carrier(byChangeID[changeID], after: newest) {
                return .numbered(chainCommit: position)
            }
            return .own(own)
        }
        // Each proposal commit's parents among the proposal commits, looked up once for every head's walk.
        let proposalParents = history.proposalLinks.map { links in links.parents.compactMap { proposalIndex[$0] } }
        var walked = [Int](repeating: -1, count: history.proposalCommits.count)
        var ownByTip: [ObjectID: [Int]] = [:]
        var states: [HeadState] = []
        states.reserveCapacity(history.heads.count)
        for (walk, head) in history.heads.enumerated() {
            let tip = proposalIndex[head.tip]
            let own = tip.map { tip in
                if let known = ownByTip[head.tip] { return known }
                let own = Self.ownCommits(from: tip, parents: proposalParents, walked: &walked, walk: walk)
                ownByTip[head.tip] = own
                return own
            }
            if let position = index[head.tip], landingOf[position] >= 0 {
                states.append(.reachable(chainCommit: landingOf[position]))
            } else {
                states.append(state(head: head, tip: tip, own: own))
            }
        }
        headStates = states
        self.ownByTip = ownByTip
        var chainIndex: [Int: Int] = [:]
        for (order, position) in chain.enumerated() { chainIndex[position] = order }
        self.chainIndex = chainIndex
    }

    /// The number a chain commit carries: a merge's or a squash's, or a Gerrit change's.
    private static func number(of position: Int, _ history: ChangeRequestHistory) -> ChangeRequestNumber? {
        let links = history.links[position]
        if let number = links.number { return number }
        if links.parents.count <= 1, links.changeID != nil, let change = links.gerritNumber { return ChangeRequestNumber(.gerrit, change) }
        return nil
    }

    /// The proposal commits reachable from `tip` (a proposal index), newest first by walk, through
    /// `parents` (each proposal commit's parents among them). `walked` marks what walk `walk` has seen: one
    /// array for every head's walk, each walk with its own number.
    private static func ownCommits(from tip: Int, parents: [[Int]], walked: inout [Int], walk: Int) -> [Int] {
        walked[tip] = walk
        var stack = [tip]
        var result: [Int] = []
        while let next = stack.popLast() {
            result.append(next)
            for parent in parents[next] where walked[parent] != walk {
                walked[parent] = walk
                stack.append(parent)
            }
        }
        return result
    }

    /// The kind of each chain commit as its own change request.
    private func kind(of position: Int) -> ChangeRequestKind {
        let links = history.links[position]
        if links.parents.count > 1 { return .merge }
        if links.number != nil { return .squash }
        if links.changeID != nil { return .gerrit }
        return .direct
    }

    /// The pairs whose patch ids decide whether a head landed by rebase: for each head not landed by
    /// reachability or number, each of its own non-merge commits and the direct pushes on the chain by the
    /// same author at the same author date (a rebase keeps both). A head with a commit that has no such
    /// push cannot have landed by rebase: none of its patch ids are asked for.
    public var patchCandidates: [(proposal: ObjectID, chain: ObjectID)] {
        var result: [(proposal: ObjectID, chain: ObjectID)] = []
        let byAuthorDate = directByAuthorDate
        var asked: Set<String> = []
        for state in headStates {
            guard case .own(let own) = state else { continue }
            let commits = own.filter { history.proposalLinks[$0].parents.count <= 1 }
            let pairs = commits.map { position -> [Int] in
                let commit = history.proposalCommits[position]
                return byAuthorDate[AuthorDate(key: commit.author.key, time: commit.authorTime)] ?? []
            }
            guard !commits.isEmpty, pairs.allSatisfy({ !$0.isEmpty }) else { continue }
            for (position, candidates) in zip(commits, pairs) {
                for candidate in candidates {
                    let pair = (history.proposalCommits[position].id, history.commits[candidate].id)
                    if asked.insert(pair.0.hex + pair.1.hex).inserted { result.append(pair) }
                }
            }
        }
        return result
    }

    private struct AuthorDate: Hashable {
        var key: String
        var time: Int64
    }

    /// Direct pushes on the chain by author and author date.
    private var directByAuthorDate: [AuthorDate: [Int]] {
        var result: [AuthorDate: [Int]] = [:]
        for position in chain where kind(of: position) == .direct {
            let commit = history.commits[position]
            result[AuthorDate(key: commit.author.key, time: commit.authorTime), default: []].append(position)
        }
        return result
    }

    /// The heads that landed by rebase (by position in `history.heads`): each with the chain commits that carry
    /// its patches (for each of its commits, the patch-equal push nearest the tip), and apart, the heads whose
    /// patches are carried by pushes a lower-numbered head's request already holds (a request opened again):
    /// landed, with no change request of their own.
    private func rebased(patchIDs: [ObjectID: ObjectID]) -> (landed: [Int: [Int]], shared: Set<Int>) {
        let byAuthorDate = directByAuthorDate
        var claimed: Set<Int> = []
        var result: [Int: [Int]] = [:]
        var shared: Set<Int> = []
        let order = headStates.indices.sorted { history.heads[$0].number < history.heads[$1].number }
        for headPosition in order {
            guard case .own(let own) = headStates[headPosition] else { continue }
            let commits = own.filter { history.proposalLinks[$0].parents.count <= 1 }
            guard !commits.isEmpty else { continue }
            var matched: [Int] = []
            for position in commits {
                let commit = history.proposalCommits[position]
                guard let patch = patchIDs[commit.id] else { break }
                let candidates = byAuthorDate[AuthorDate(key: commit.author.key, time: commit.authorTime)] ?? []
                guard let match = candidates.filter({ patchIDs[history.commits[$0].id] == patch })
                    .min(by: { (chainIndex[$0] ?? Int.max) < (chainIndex[$1] ?? Int.max) }) else { break }
                matched.append(match)
            }
            guard matched.count == commits.count else { continue }
            let chosen = Set(matched)
            if !claimed.isDisjoint(with: chosen) {
                shared.insert(headPosition)
                continue
            }
            claimed.formUnion(chosen)
            result[headPosition] = chosen.sorted()
        }
        return (result, shared)
    }

    /// The heads that did not land by any rule, with the base their change is counted against: of the
    /// commits their own commits stand on, the newest (by committer date) on the analysed history; nil
    /// for a head with no such commit (its change is counted against the empty tree).
    /// Only heads whose last activity is in `window` are given: the others are in no figure.
    public func unlandedHeads(patchIDs: [ObjectID: ObjectID], window: TimeWindow = .all) -> [(head: ProposalHead, base: ObjectID?)] {
        let rebased = rebased(patchIDs: patchIDs)
        var result: [(head: ProposalHead, base: ObjectID?)] = []
        for (headPosition, state) in headStates.enumerated() {
            guard case .own(let own) = state, rebased.landed[headPosition] == nil, !rebased.shared.contains(headPosition),
                  let last = own.map({ history.proposalCommits[$0].commitTime }).max(), window.contains(last) else { continue }
            result.append((history.heads[headPosition], base(of: own)))
        }
        return result
    }

    /// Of the commits on the analysed history that a head's own commits stand on, the newest by commit
    /// date; on equal dates, one that is not an ancestor of another (a child committed in the same second as
    /// its parent), then the smallest id.
    private func base(of own: [Int]) -> ObjectID? {
        let mine = Set(own)
        var candidates: Set<Int> = []
        for position in own {
            for parent in history.proposalLinks[position].parents {
                if let known = proposalIndex[parent], mine.contains(known) { continue }
                if let onHistory = index[parent] { candidates.insert(onHistory) }
            }
        }
        guard let newest = candidates.map({ history.commits[$0].commitTime }).max() else { return nil }
        let tied = candidates.filter { history.commits[$0].commitTime == newest }
        let ancestors = Set(tied.flatMap { position in
            ancestorsAtTime(of: position, time: newest).filter { $0 != position && tied.contains($0) }
        })
        let best = tied.subtracting(ancestors).min { history.commits[$0].id < history.commits[$1].id }
            ?? tied.min { history.commits[$0].id < history.commits[$1].id }
        return best.map { history.commits[$0].id }
    }

    /// The ancestors of a commit committed at `time` or later (what a tie on commit dates can hide).
    private func ancestorsAtTime(of position: Int, time: Int64) -> Set<Int> {
        var seen: Set<Int> = [position]
        var stack = [position]
        while let next = stack.popLast() {
            for parent in history.links[next].parents {
                guard let known = index[parent], history.commits[known].commitTime >= time, seen.insert(known).inserted else { continue }
                stack.append(known)
            }
        }
        return seen
    }

    /// Non-merge commits that belong to a change request in `window` but were read outside it, without
    /// line counts: the caller reads their lines so that every request in the window is measured whole.
    public func commitsNeedingLines(window: TimeWindow) -> [ObjectID] {
        var result: [ObjectID] = []
        for position in chain {
            let commit = history.commits[position]
            guard window.contains(commit.commitTime) else { continue }
            for member in [position] + (members[position] ?? []) {
                let candidate = history.commits[member]
                if !candidate.inWindow && !candidate.isMerge { result.append(candidate.id) }
            }
        }
        return result
    }

    /// The change requests in `window`.
    /// - Parameters:
    ///   - patchIDs: the patch ids of `patchCandidates`' commits (a commit missing has no patch to match).
    ///   - lineChanges: the lines of each unlanded head's change, by ref; nil for a head whose objects
    ///     could not be read.
    ///   - extraLines: lines of `commitsNeedingLines`, by id.
    ///   - staleAfterDays: a head not landed whose newest commit is older than this is declined, else pending.
    public func reconstruct(
        patchIDs: [ObjectID: ObjectID] = [:], lineChanges: [String: (added: Int, deleted: Int)?] = [:],
        extraLines: [ObjectID: (added: Int, deleted: Int)] = [:], owner: Team?, staleAfterDays: Int, asOf: Int64,
        window: TimeWindow
    ) -> ChangeRequestReconstruction {
        let rebasing = rebased(patchIDs: patchIDs)
        let rebased = rebasing.landed
        var rebasedChain: [Int: Int] = [:]
        for (headPosition, commits) in rebased { for position in commits { rebasedChain[position] = headPosition } }
        var headsOf: [Int: [Int]] = [:]
        var landedHeads = 0
        var unreadable: [ProposalHead] = []
        for (headPosition, state) in headStates.enumerated() {
            switch state {
            case .reachable(let position), .numbered(let position):
                headsOf[position, default: []].append(headPosition)
                landedHeads += 1
            case .own:
                if rebased[headPosition] != nil || rebasing.shared.contains(headPosition) { landedHeads += 1 }
            case .unreadable:
                unreadable.append(history.heads[headPosition])
            }
        }

        var requests: [ChangeRequest] = []
        var mergeLandings: [ObjectID: MergeLanding] = [:]
        var landedCommits: [String: [Int]] = [:]
        func lines(_ position: Int) -> (Int, Int) {
            let commit = history.commits[position]
            if let extra = extraLines[commit.id] { return extra }
            return (commit.linesAdded, commit.linesDeleted)
        }

        for position in chain where rebasedChain[position] == nil {
            let commit = history.commits[position]
            let kind = kind(of: position)
            let heads = (headsOf[position] ?? []).map { history.heads[$0] }
            var number = Self.number(of: position, history)
            if number == nil, kind == .merge || kind == .direct { number = heads.map(\.number).min() }
            var parts: [Person] = []
            var reviewers = history.links[position].reviewers
            var commitsCount = 0
            var added = 0, deleted = 0
            var opened: Int64?, newest: Int64?
            var waitShown = true
            switch kind {
            case .merge:
                let brought = (members[position] ?? []).filter { !history.commits[$0].isMerge }
                for member in brought {
                    parts.append(Person(history.commits[member]))
                    reviewers += history.links[member].reviewers
                    let counted = lines(member)
                    added += counted.0
                    deleted += counted.1
                }
                commitsCount = brought.count
                if parts.isEmpty { parts.append(Person(commit)) } else {
                    opened = parts.map(\.time).min()
                    newest = parts.map(\.time).max()
                }
            case .squash:
                let counted = lines(position)
                added = counted.0
                deleted = counted.1
                // The original commits of a squashed request whose head is kept.
                let originals = heads.lazy.compactMap { head -> [Int]? in
                    self.ownByTip[head.tip]?.filter { self.history.proposalLinks[$0].parents.count <= 1 }
                }.first { !$0.isEmpty }
                if let originals {
                    for original in originals {
                        parts.append(Person(history.proposalCommits[original]))
                        reviewers += history.proposalLinks[original].reviewers
                    }
                    parts.append(Person(commit, coAuthorsOnly: true))
                    commitsCount = originals.count
                    opened = originals.map { history.proposalCommits[$0].authorTime }.min()
                    newest = originals.map { history.proposalCommits[$0].authorTime }.max()
                } else {
                    parts.append(Person(commit))
                    commitsCount = 1
                    // The platform wrote both dates when it squashed: when work began is not shown.
                    if commit.authorTime != commit.commitTime {
                        opened = commit.authorTime
                        newest = commit.authorTime
                    }
                }
            case .gerrit, .direct, .rebase, .pullRequest:
                parts.append(Person(commit))
                // The platform wrote the commit when it landed (a web edit): its dates show no wait.
                if commit.landedByPlatform && commit.authorTime == commit.commitTime { waitShown = false }
                let counted = lines(position)
                added = counted.0
                deleted = counted.1
                commitsCount = 1
                opened = commit.authorTime
                newest = commit.authorTime
            }
            let landing = Self.lander(of: commit, isMerge: kind == .merge)
            if kind == .merge {
                for member in members[position] ?? [] {
                    mergeLandings[history.commits[member].id] = MergeLanding(lander: landing.person, throughPlatform: landing.platform,
                                                                             time: commit.commitTime)
                }
            }
            guard window.contains(commit.commitTime) else { continue }
            landedCommits[commit.id.hex] = [position] + (kind == .merge ? members[position] ?? [] : [])
            requests.append(Self.request(
                id: commit.id.hex, kind: kind, number: number, state: .landed, parts: parts, reviewers: reviewers,
                landing: landing, commits: commitsCount, lines: (added, deleted), opened: opened, newest: newest,
                landed: commit.commitTime, lastActivity: nil, owner: owner, waitShown: waitShown))
        }

        for (headPosition, commits) in rebased.sorted(by: { $0.key < $1.key }) {
            let head = history.heads[headPosition]
            // The last of them to be applied: nearest the tip on the chain.
            let landingCommit = commits.min { (chainIndex[$0] ?? Int.max) < (chainIndex[$1] ?? Int.max) }!
            let last = history.commits[landingCommit]
            guard window.contains(last.commitTime) else { continue }
            var added = 0, deleted = 0
            var reviewers: [TeamedPerson] = []
            for position in commits {
                let counted = lines(position)
                added += counted.0
                deleted += counted.1
                reviewers += history.links[position].reviewers
            }
            let parts = commits.map { Person(history.commits[$0]) }
            landedCommits[last.id.hex, default: []] += commits
            requests.append(Self.request(
                id: last.id.hex, kind: .rebase, number: head.number, state: .landed, parts: parts, reviewers: reviewers,
                landing: Self.lander(of: last, isMerge: false), commits: commits.count, lines: (added, deleted),
                opened: parts.map(\.time).min(), newest: parts.map(\.time).max(), landed: last.commitTime, lastActivity: nil,
                owner: owner))
        }

        for (headPosition, state) in headStates.enumerated() {
            guard case .own(let own) = state, rebased[headPosition] == nil, !rebasing.shared.contains(headPosition) else { continue }
            let head = history.heads[headPosition]
            let commits = own.filter { history.proposalLinks[$0].parents.count <= 1 }
            let lastActivity = own.map { history.proposalCommits[$0].commitTime }.max()
            guard let lastActivity, window.contains(lastActivity) else { continue }
            var parts = commits.map { Person(history.proposalCommits[$0]) }
            if parts.isEmpty, let tip = proposalIndex[head.tip] { parts.append(Person(history.proposalCommits[tip])) }
            let reviewers = own.flatMap { history.proposalLinks[$0].reviewers }
            let stale = asOf - lastActivity > Int64(staleAfterDays) * 86_400
            let counted = lineChanges[head.ref] ?? nil
            requests.append(Self.request(
                id: head.ref, kind: .pullRequest, number: head.number, state: stale ? .declined : .pending,
                parts: parts, reviewers: reviewers, landing: nil, commits: commits.count,
                lines: counted.map { ($0.added, $0.deleted) }, opened: commits.isEmpty ? nil : parts.map(\.time).min(),
                newest: commits.isEmpty ? nil : parts.map(\.time).max(), landed: nil, lastActivity: lastActivity, owner: owner))
        }

        requests.sort { ($0.windowTime ?? 0, $0.id) < ($1.windowTime ?? 0, $1.id) }
        var reconstruction = ChangeRequestReconstruction(changeRequests: requests, unreadableHeads: unreadable,
                                                         headsFound: history.heads.count, headsLanded: landedHeads,
                                                         mergeLandings: mergeLandings)
        reconstruction.landedCommits = landedCommits
        return reconstruction
    }

    /// A commit's people as a change request counts them.
    private struct Person {
        var author: TeamedPerson?
        var coAuthors: [TeamedPerson]
        var time: Int64
        var isBot: Bool
        var id: ObjectID

        init(_ commit: AttributedCommit, coAuthorsOnly: Bool = false) {
            author = coAuthorsOnly ? nil : commit.author
            coAuthors = commit.coAuthors
            time = commit.authorTime
            isBot = commit.isBot
            id = commit.id
        }
    }

    /// Who landed a chain commit: a merge's author (the committer is often the platform), else the
    /// committer; the platform when that is GitHub's web-flow or a bot.
    private static func lander(of commit: AttributedCommit, isMerge: Bool) -> (person: TeamedPerson?, platform: Bool) {
        if isMerge { return (commit.author, commit.isBot) }
        if commit.landedByPlatform { return (nil, true) }
        return (commit.committer, commit.committerIsBot)
    }

    private static func request(
        id: String, kind: ChangeRequestKind, number: ChangeRequestNumber?, state: ChangeRequestState, parts: [Person],
        reviewers: [TeamedPerson], landing: (person: TeamedPerson?, platform: Bool)?, commits: Int, lines: (Int, Int)?,
        opened: Int64?, newest: Int64?, landed: Int64?, lastActivity: Int64?, owner: Team?, waitShown: Bool = true
    ) -> ChangeRequest {
        // The proposer: the author of the earliest commit (ties by id); everyone else a co-author.
        let ordered = parts.sorted { ($0.time, $0.id) < ($1.time, $1.id) }
        let first = ordered.first { $0.author != nil }
        let proposer = first?.author ?? ordered.first?.coAuthors.first
            ?? TeamedPerson(key: "", identity: Identity(name: "", email: ""), team: Team.unaffiliated)
        var seen: Set<String> = [proposer.key]
        var coAuthors: [TeamedPerson] = []
        for part in ordered {
            for person in (part.author.map { [$0] } ?? []) + part.coAuthors where seen.insert(person.key).inserted {
                coAuthors.append(person)
            }
        }
        var reviewerSeen: Set<String> = []
        let distinctReviewers = reviewers.filter { reviewerSeen.insert($0.key).inserted }
        let crossTeam = owner.map { owner in
            ([proposer] + coAuthors).contains { $0.team != owner && !$0.team.isUnaffiliated }
        } ?? false
        var role: LanderRole?
        if let landing {
            if landing.platform {
                role = .platform
            } else if let person = landing.person {
                role = person.key == proposer.key ? .author : person.team == owner ? .owner : .other
            }
        }
        return ChangeRequest(
            id: id, kind: kind, number: number, state: state, proposer: proposer, coAuthors: coAuthors, crossTeam: crossTeam,
            proposerIsBot: first?.isBot ?? false, lander: landing?.person, landedBy: role, reviewers: distinctReviewers,
            commits: commits, linesAdded: lines?.0, linesDeleted: lines?.1, opened: opened, newest: newest, landed: landed,
            lastActivity: lastActivity, waitShown: waitShown)
    }
}
