import InnerSourceModel

/// The median and 90th percentile of a set of waits, and how many were measured.
public struct WaitFigures: Hashable, Sendable, Codable {
    /// Change requests whose wait git shows.
    public var measured = 0
    public var medianSeconds: Double?
    /// Nearest rank: the smallest wait that at least 90% of the measured ones do not exceed.
    public var p90Seconds: Double?

    public init() {}

    public init(_ waits: [Int64]) {
        measured = waits.count
        medianSeconds = CrossTeam.median(waits)
        p90Seconds = Self.percentile(waits, 0.9)
    }

    /// Nearest-rank percentile: the value at rank ⌈p·n⌉ of the sorted values; nil for none.
    public static func percentile(_ values: [Int64], _ p: Double) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let rank = max(1, Int((p * Double(sorted.count)).rounded(.up)))
        return Double(sorted[min(rank, sorted.count) - 1])
    }
}

/// Reviews between teams: how many change requests someone on `reviewerTeam` reviewed (a `Reviewed-by` or
/// `Acked-by` trailer) for a proposer on `proposerTeam`.
public struct ReviewFlow: Hashable, Sendable, Codable {
    public var reviewerTeam: Team
    public var proposerTeam: Team
    public var changeRequests: Int
}

/// Landed change requests by kind.
public struct ChangeRequestKinds: Hashable, Sendable, Codable {
    public var merge = 0
    public var squash = 0
    public var rebase = 0
    public var gerrit = 0
    public var direct = 0

    public init() {}

    mutating func count(_ kind: ChangeRequestKind) {
        switch kind {
        case .merge: merge += 1
        case .squash: squash += 1
        case .rebase: rebase += 1
        case .gerrit: gerrit += 1
        case .direct: direct += 1
        case .pullRequest: break
        }
    }
}

/// One repository's change-request figures in the window (docs/DEFINITIONS.md, "Change requests").
/// Requests proposed by bots are counted apart and in no other figure.
public struct ChangeRequestFigures: Hashable, Sendable, Codable {
    /// People's change requests in the window: landed, pending and declined.
    public var changeRequests = 0
    public var landed = 0
    public var pending = 0
    public var declined = 0
    public var landedByKind = ChangeRequestKinds()
    public var botChangeRequests = 0
    /// Cross-team change requests, in every state, and by state.
    public var crossTeam = 0
    public var crossTeamLanded = 0
    public var crossTeamPending = 0
    public var crossTeamDeclined = 0
    /// Cross-team landed requests over all landed requests.
    public var crossTeamShare: Double?
    /// CHAOSS "Change Request Acceptance Ratio" of cross-team requests: landed / (landed + declined).
    public var acceptanceRatio: Double?
    /// The owners' own requests (proposed on the owning team, not cross-team), by state, and their ratio.
    public var ownerLanded = 0
    public var ownerPending = 0
    public var ownerDeclined = 0
    public var ownerAcceptanceRatio: Double?
    /// Waits (newest author date to landing) of landed cross-team requests, and of the owners' own.
    public var crossTeamWait = WaitFigures()
    public var ownerWait = WaitFigures()
    /// Who landed the cross-team requests.
    public var landing = LandingFigures()
    /// Reviewer team → proposer team, most reviews first.
    public var reviewFlows: [ReviewFlow] = []
    /// Pull and merge request heads in the repository (outside the window too), those that landed by any
    /// rule, and those whose commits could not be read.
    public var headsFound = 0
    public var headsLanded = 0
    public var unreadableHeads = 0

    public init() {}

    /// Whether these figures are the unit of the headline figures: the repository shows change requests
    /// beyond direct pushes (a merge, a squash, a rebase, a Gerrit change, or request heads).
    public var showsChangeRequests: Bool {
        headsFound > 0 || landedByKind.merge + landedByKind.squash + landedByKind.rebase + landedByKind.gerrit > 0
    }

    public static func compute(_ requests: [ChangeRequest], owner: Team?, headsFound: Int, headsLanded: Int,
                               unreadableHeads: Int) -> ChangeRequestFigures {
        var figures = ChangeRequestFigures()
        figures.headsFound = headsFound
        figures.headsLanded = headsLanded
        figures.unreadableHeads = unreadableHeads
        var crossTeamWaits: [Int64] = [], ownerWaits: [Int64] = []
        var landers: [String: Int] = [:]
        var landerNames = NewestNames()
        var flows: [ReviewFlowKey: Int] = [:]
        for request in requests {
            guard !request.proposerIsBot else {
                figures.botChangeRequests += 1
                continue
            }
            figures.changeRequests += 1
            switch request.state {
            case .landed:
                figures.landed += 1
                figures.landedByKind.count(request.kind)
            case .pending: figures.pending += 1
            case .declined: figures.declined += 1
            }
            for reviewer in request.reviewers where !reviewer.team.isUnaffiliated && !request.proposer.team.isUnaffiliated {
                flows[ReviewFlowKey(reviewer: reviewer.team, proposer: request.proposer.team), default: 0] += 1
            }
            if request.crossTeam {
                figures.crossTeam += 1
                switch request.state {
                case .landed: figures.crossTeamLanded += 1
                case .pending: figures.crossTeamPending += 1
                case .declined: figures.crossTeamDeclined += 1
                }
            } else if let owner, request.proposer.team == owner {
                switch request.state {
                case .landed: figures.ownerLanded += 1
                case .pending: figures.ownerPending += 1
                case .declined: figures.ownerDeclined += 1
                }
            }
            guard request.state == .landed else { continue }
            let wait = request.waitSeconds
            if request.crossTeam {
                if let wait { crossTeamWaits.append(wait) } else { figures.landing.platformDelaysLeftOut += 1 }
                switch request.landedBy {
                case .owner: figures.landing.ownerLanded += 1
                case .author: figures.landing.selfLanded += 1
                case .platform: figures.landing.platformLanded += 1
                case .other, nil: figures.landing.other += 1
                }
                if request.landedBy != .platform, let lander = request.lander {
                    landers[lander.key, default: 0] += 1
                    landerNames.offer(lander.key, display: lander.identity.display, time: request.landed ?? 0)
                }
            } else if let owner, request.proposer.team == owner {
                if let wait { ownerWaits.append(wait) } else { figures.landing.platformDelaysLeftOut += 1 }
            }
        }
        figures.crossTeamShare = figures.landed > 0 ? Double(figures.crossTeamLanded) / Double(figures.landed) : nil
        let decided = figures.crossTeamLanded + figures.crossTeamDeclined
        figures.acceptanceRatio = decided > 0 ? Double(figures.crossTeamLanded) / Double(decided) : nil
        let ownDecided = figures.ownerLanded + figures.ownerDeclined
        figures.ownerAcceptanceRatio = ownDecided > 0 ? Double(figures.ownerLanded) / Double(ownDecided) : nil
        figures.crossTeamWait = WaitFigures(crossTeamWaits)
        figures.ownerWait = WaitFigures(ownerWaits)
        figures.landing.outsiderMedianDelaySeconds = figures.crossTeamWait.medianSeconds
        figures.landing.ownerMedianDelaySeconds = figures.ownerWait.medianSeconds
        let byPeople = landers.values.reduce(0, +)
        if let busiest = landers.sorted(by: { ($1.value, $0.key) < ($0.value, $1.key) }).first, byPeople > 0 {
            figures.landing.busiestCommitter = landerNames.display(of: busiest.key)
            figures.landing.busiestCommitterShare = Double(busiest.value) / Double(byPeople)
        }
        figures.reviewFlows = flows.map { ReviewFlow(reviewerTeam: $0.key.reviewer, proposerTeam: $0.key.proposer, changeRequests: $0.value) }
            .sorted { ($1.changeRequests, $0.reviewerTeam, $0.proposerTeam) < ($0.changeRequests, $1.reviewerTeam, $1.proposerTeam) }
        return figures
    }

    private struct ReviewFlowKey: Hashable {
        var reviewer: Team
        var proposer: Team
    }
}
