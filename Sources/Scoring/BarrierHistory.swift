import InnerSourceModel

/// One person made most of the work: newcomers depend on them for every answer and review.
public struct BusFactorOfOneBarrier: Barrier {
    public static let id = "bus_factor_of_one"
    public static let severity = BarrierSeverity.medium
    /// Fewer people's commits in the window than this and the bus factor says little.
    public static let minimumCommits = 10
    public static let looksFor = "a bus factor of 1 (one person made more than half of the commits in the window), with at "
        + "least \(minimumCommits) commits"
    public static let remedy = "Spread the knowledge: have a second person review and land changes, pair on the next "
        + "features, and name two or more trusted committers."

    public static var triggeringExamples: [BarrierExample] {
        [
            BarrierExample("one person made most of 240 commits") {
                $0.concentration.busFactor = 1
                $0.concentration.busFactorPeople = ["Olga Owner <olga@example.com>"]
            },
            BarrierExample("bus and truck factor both 1, at the threshold of commits") {
                $0.crossTeam.commits = minimumCommits
                $0.concentration.busFactor = 1
                $0.concentration.busFactorPeople = ["Olga Owner <olga@example.com>"]
                $0.concentration.truckFactor = 1
                $0.concentration.truckFactorPeople = ["Olga Owner <olga@example.com>"]
            },
        ]
    }

    public static var nonTriggeringExamples: [BarrierExample] {
        [
            BarrierExample("bus factor 3", context: .healthy),
            BarrierExample("bus factor 1 over too few commits") {
                $0.crossTeam.commits = minimumCommits - 1
                $0.concentration.busFactor = 1
            },
            BarrierExample("no commits, no bus factor") {
                $0.crossTeam.commits = 0
                $0.concentration.busFactor = nil
            },
        ]
    }

    public static func evaluate(_ context: BarrierContext) -> BarrierFinding? {
        let figures = context.concentration
        let commits = context.crossTeam.commits
        guard figures.busFactor == 1, commits >= minimumCommits else { return nil }
        let person = figures.busFactorPeople.first ?? "one person"
        var evidence = "bus factor 1: \(person) made more than half of the \(Format.count(commits, "commit")) "
            + context.windowDescription
        if figures.truckFactor == 1 {
            evidence += "; truck factor 1 too: " + (figures.truckFactorPeople.first ?? "one person")
                + " is the main author of most of the \(figures.truckFactorFiles) files at HEAD"
        }
        return finding(evidence)
    }
}

/// One committer lands nearly all of outsiders' work: a queue of one.
public struct SingleGatekeeperBarrier: Barrier {
    public static let id = "single_gatekeeper"
    public static let severity = BarrierSeverity.medium
    /// The busiest committer's share of outsiders' commits landed by people (platform-landed left out).
    public static let minimumShare = 0.8
    /// Outsiders' commits landed by someone other than their author, at the least.
    public static let minimumLandedByOthers = 5
    public static let looksFor = "one person landed at least \(BarrierText.percent(minimumShare)) of the cross-team change requests "
        + "(or, in a repository that shows none, commits) landed by people, with at least \(minimumLandedByOthers) of them landed "
        + "by someone other than their author"
    public static let remedy = "Name several trusted committers and share the reviewing: a CODEOWNERS team rather than one "
        + "person, and a rota for outsiders' pull requests."

    public static var triggeringExamples: [BarrierExample] {
        [
            BarrierExample("Olga lands 90% of 30") {
                $0.crossTeam.landing.ownerLanded = 28
                $0.crossTeam.landing.selfLanded = 2
                $0.crossTeam.landing.busiestCommitterShare = 0.9
            },
            BarrierExample("exactly at the thresholds") {
                $0.crossTeam.landing.ownerLanded = minimumLandedByOthers
                $0.crossTeam.landing.selfLanded = 0
                $0.crossTeam.landing.busiestCommitterShare = minimumShare
            },
        ]
    }

    public static var nonTriggeringExamples: [BarrierExample] {
        [
            BarrierExample("the busiest committer lands 40%", context: .healthy),
            BarrierExample("the busiest committer lands just under 80%") {
                $0.crossTeam.landing.ownerLanded = 100
                $0.crossTeam.landing.selfLanded = 0
                $0.crossTeam.landing.busiestCommitterShare = 0.79
            },
            BarrierExample("only 4 landed by others") {
                $0.crossTeam.landing.ownerLanded = 4
                $0.crossTeam.landing.selfLanded = 0
                $0.crossTeam.landing.busiestCommitterShare = 1
            },
            BarrierExample("one outsider committing their own work") {
                $0.crossTeam.landing.ownerLanded = 5
                $0.crossTeam.landing.selfLanded = 40
                $0.crossTeam.landing.busiestCommitter = "Sam Search <sam@example.com>"
                $0.crossTeam.landing.busiestCommitterShare = 40.0 / 45.0
            },
            BarrierExample("everything lands through the platform") {
                $0.crossTeam.landing = LandingFigures()
                $0.crossTeam.landing.platformLanded = 48
            },
        ]
    }

    public static func evaluate(_ context: BarrierContext) -> BarrierFinding? {
        let contributions = context.crossTeam.contributions
        let landing = contributions.landing
        let byPeople = landing.ownerLanded + landing.selfLanded + landing.other
        let byOthers = landing.ownerLanded + landing.other
        guard let share = landing.busiestCommitterShare, share >= minimumShare, byPeople > 0,
              byOthers >= minimumLandedByOthers else { return nil }
        let busiest = Int((share * Double(byPeople)).rounded())
        // More than the others landed: the busiest committer is landing their own work, not gatekeeping.
        guard busiest <= byOthers else { return nil }
        var evidence = "\(landing.busiestCommitter ?? "one committer") landed \(busiest) of the "
            + "\(contributions.counted(byPeople, crossTeam: true)) landed by people (\(BarrierText.percent(share))) "
            + context.windowDescription + ": \(landing.ownerLanded) landed by the owning team, \(landing.selfLanded) by "
            + "their authors, \(landing.other) by others"
        if landing.platformLanded > 0 { evidence += "; \(landing.platformLanded) more through the platform" }
        return finding(evidence)
    }
}

/// The repository was worked on, but never by another team.
public struct OutsidersNeverLandedBarrier: Barrier {
    public static let id = "outsiders_never_landed"
    public static let severity = BarrierSeverity.high
    /// People's commits in the window, at the least, for the repository to count as active.
    public static let minimumCommits = 1
    public static let looksFor = "an owned repository with at least \(minimumCommits) change request (or commit) landed in the "
        + "window, none of them authored or co-authored by another team"
    public static let remedy = "Invite other teams in: label good first issues, announce the repository where its users are, "
        + "and answer their first pull requests quickly."

    public static var triggeringExamples: [BarrierExample] {
        [
            BarrierExample("240 commits, all from the owning team") {
                $0.crossTeam.crossTeamCommits = 0
                $0.crossTeam.crossTeamShare = 0
                $0.crossTeam.crossTeamContributors = 0
                $0.crossTeam.contributingTeams = []
                $0.crossTeam.teams = ["payments"]
                $0.crossTeam.landing = LandingFigures()
            },
            BarrierExample("one commit, by the owner inferred from it, and some unaffiliated work") {
                $0.crossTeam.commits = 1
                $0.crossTeam.contributors = 1
                $0.crossTeam.crossTeamCommits = 0
                $0.crossTeam.unaffiliatedCommits = 3
                $0.crossTeam.teams = ["payments"]
                $0.crossTeam.contributingTeams = []
                $0.ownership = Ownership(team: "payments", source: .inferred, evidence: "most commits in the window: payments 1")
            },
        ]
    }

    public static var nonTriggeringExamples: [BarrierExample] {
        [
            BarrierExample("48 cross-team commits", context: .healthy),
            BarrierExample("no commit in the window: nothing to land") {
                $0.crossTeam.commits = 0
                $0.crossTeam.crossTeamCommits = 0
            },
            BarrierExample("no owning team: cross-team work cannot be told apart") {
                $0.crossTeam.crossTeamCommits = 0
                $0.ownership = Ownership(team: nil, source: .inferred, evidence: "no team has commits in the window")
            },
        ]
    }

    public static func evaluate(_ context: BarrierContext) -> BarrierFinding? {
        let figures = context.crossTeam
        let contributions = figures.contributions
        guard let owner = context.ownership.team, contributions.total >= minimumCommits, contributions.crossTeam == 0 else { return nil }
        let source: String
        switch context.ownership.source {
        case .config: source = "owner configured"
        case .codeowners: source = "owner from CODEOWNERS"
        case .inferred: source = "owner inferred"
        }
        var evidence = "none of the \(contributions.counted(contributions.total)) landed " + context.windowDescription
            + ", by \(Format.count(figures.contributors, "contributor")), was authored or co-authored by a team "
            + "other than \(owner) (\(source): \(context.ownership.evidence))"
        let requests = figures.changeRequests
        if contributions.unit == .changeRequests, requests.crossTeamDeclined + requests.crossTeamPending > 0 {
            evidence += "; other teams proposed \(Format.count(requests.crossTeamDeclined + requests.crossTeamPending, "change request")) "
                + "that did not land (\(requests.crossTeamDeclined) declined, \(requests.crossTeamPending) pending)"
        }
        if figures.unaffiliatedCommits > 0 {
            evidence += "; \(Format.count(figures.unaffiliatedCommits, "commit")) by unaffiliated people, "
                + "who may be outsiders the roster does not know"
        }
        if figures.teams.count <= 1 && context.ownership.source != .codeowners {
            evidence += "; only one team appears in the window: when teams come from e-mail domains, colleagues who share "
                + "one domain count as one team, and a roster tells them apart"
        }
        return finding(evidence)
    }
}

/// Outsiders wait much longer than the owners for their work to land.
public struct SlowAcceptanceBarrier: Barrier {
    public static let id = "slow_acceptance"
    public static let severity = BarrierSeverity.medium
    /// Outsiders' median time to land, as a multiple of the owners' own, at the least...
    public static let minimumRatio = 3.0
    /// ...and longer by at least this many seconds (one day).
    public static let minimumExtraSeconds = 86_400.0
    /// Cross-team commits needed for a median that means something.
    public static let minimumCrossTeamCommits = 3
    public static let looksFor = "outsiders' median wait to land at least \(Int(minimumRatio)) times the owning team's own and at "
        + "least one day longer, over at least \(minimumCrossTeamCommits) cross-team change requests (from a request's newest "
        + "commit to its landing) or, in a repository that shows none, commits (from author date to landing)"
    public static let remedy = "Agree and publish a review time for outsiders' changes (for example two working days) and "
        + "have a trusted committer on duty to meet it."

    public static var triggeringExamples: [BarrierExample] {
        [
            BarrierExample("outsiders wait 6 days, owners half a day") {
                $0.crossTeam.landing.outsiderMedianDelaySeconds = 6 * 86_400
                $0.crossTeam.landing.ownerMedianDelaySeconds = 43_200
            },
            BarrierExample("owners land at once, outsiders wait a day") {
                $0.crossTeam.crossTeamCommits = minimumCrossTeamCommits
                $0.crossTeam.landing.outsiderMedianDelaySeconds = 86_400
                $0.crossTeam.landing.ownerMedianDelaySeconds = 0
            },
        ]
    }

    public static var nonTriggeringExamples: [BarrierExample] {
        [
            BarrierExample("0.8 days against 0.3", context: .healthy),
            BarrierExample("ten times as long, but only hours") {
                $0.crossTeam.landing.outsiderMedianDelaySeconds = 36_000
                $0.crossTeam.landing.ownerMedianDelaySeconds = 3_600
            },
            BarrierExample("days more, but just under three times as long") {
                $0.crossTeam.landing.outsiderMedianDelaySeconds = 2.9 * 86_400
                $0.crossTeam.landing.ownerMedianDelaySeconds = 86_400
            },
            BarrierExample("owners land at once, outsiders wait a second less than a day") {
                $0.crossTeam.landing.outsiderMedianDelaySeconds = 86_399
                $0.crossTeam.landing.ownerMedianDelaySeconds = 0
            },
            BarrierExample("too few cross-team commits") {
                $0.crossTeam.crossTeamCommits = minimumCrossTeamCommits - 1
                $0.crossTeam.landing.outsiderMedianDelaySeconds = 9 * 86_400
                $0.crossTeam.landing.ownerMedianDelaySeconds = 0
            },
            BarrierExample("no owners' commits to compare with") {
                $0.crossTeam.landing.outsiderMedianDelaySeconds = 9 * 86_400
                $0.crossTeam.landing.ownerMedianDelaySeconds = nil
            },
        ]
    }

    public static func evaluate(_ context: BarrierContext) -> BarrierFinding? {
        let contributions = context.crossTeam.contributions
        guard contributions.crossTeam >= minimumCrossTeamCommits,
              let outsiders = contributions.landing.outsiderMedianDelaySeconds,
              let owners = contributions.landing.ownerMedianDelaySeconds,
              outsiders >= minimumRatio * owners, outsiders - owners >= minimumExtraSeconds else { return nil }
        let span = contributions.unit == .commits ? "from author date to landing" : "from their newest commit to landing"
        var evidence = "outsiders' \(contributions.noun) waited a median of \(BarrierText.duration(outsiders)) \(span) "
            + "(\(contributions.counted(contributions.crossTeam, crossTeam: true)) \(context.windowDescription)); "
            + "the owning team's own waited \(BarrierText.duration(owners))"
        if owners > 0 { evidence += ": \(BarrierText.tenths(outsiders / owners)) times as long" }
        return finding(evidence)
    }
}

/// Nobody has worked on the repository for months: who would review a contribution?
public struct StaleRepositoryBarrier: Barrier {
    public static let id = "stale_repository"
    public static let severity = BarrierSeverity.medium
    /// Days without a commit, before as-of (or the window's end, when earlier), for a repository to be stale.
    public static let maximumQuietDays: Int64 = 180
    public static let looksFor = "the last commit more than \(maximumQuietDays) days before as-of (or before the window's end "
        + "when that is earlier); or no commit at all in a window that starts more than \(maximumQuietDays) days before it"
    public static let remedy = "Say in the README whether the project is maintained and who answers; archive it, or name "
        + "trusted committers who will review contributions."

    public static var triggeringExamples: [BarrierExample] {
        [
            BarrierExample("last commit 200 days before as-of") {
                $0.totals.lastCommit = $0.asOf - 200 * BarrierText.day
            },
            BarrierExample("no commit in a year-long window") {
                $0.totals.firstCommit = nil
                $0.totals.lastCommit = nil
                $0.totals.commits = 0
            },
            BarrierExample("the window ends early, and its last commit is older still") {
                $0.until = $0.asOf - 30 * BarrierText.day
                $0.totals.lastCommit = $0.asOf - 30 * BarrierText.day - 181 * BarrierText.day
            },
        ]
    }

    public static var nonTriggeringExamples: [BarrierExample] {
        [
            BarrierExample("last commit 3 days ago", context: .healthy),
            BarrierExample("exactly 180 days") {
                $0.totals.lastCommit = $0.asOf - maximumQuietDays * BarrierText.day
            },
            BarrierExample("an empty repository over the whole history: nothing to call stale") {
                $0.since = nil
                $0.totals.lastCommit = nil
            },
            BarrierExample("a quiet 90-day window says nothing about the months before") {
                $0.since = $0.asOf - 90 * BarrierText.day
                $0.totals.lastCommit = nil
            },
        ]
    }

    public static func evaluate(_ context: BarrierContext) -> BarrierFinding? {
        let limit = maximumQuietDays * BarrierText.day
        let end = min(context.asOf, context.until ?? context.asOf)
        let reference = end < context.asOf ? "the window's end \(BarrierText.date(end))" : "as-of \(BarrierText.date(end))"
        if let last = context.totals.lastCommit {
            guard end - last > limit else { return nil }
            return finding("last commit \(BarrierText.date(last)) (author date), \((end - last) / BarrierText.day) days before \(reference)")
        }
        guard let since = context.since, end - since > limit else { return nil }
        return finding("no commit \(context.windowDescription): \((end - since) / BarrierText.day) days up to \(reference)")
    }
}

/// Other teams propose, but most of what they propose is turned away.
public struct LowAcceptanceBarrier: Barrier {
    public static let id = "low_acceptance"
    public static let severity = BarrierSeverity.medium
    /// Acceptance of other teams' change requests (landed / (landed + declined)) below this...
    public static let maximumRatio = 0.5
    /// ...over at least this many decided (landed or declined) cross-team change requests.
    public static let minimumDecided = 4
    public static let looksFor = "fewer than \(BarrierText.percent(maximumRatio)) of other teams' decided change requests landed "
        + "(landed / (landed + declined), declined meaning not landed and older than stale_after), over at least "
        + "\(minimumDecided) decided"
    public static let remedy = "Tell proposers early what would make their change land: publish the expectations (scope, tests, "
        + "a design discussion first for big changes) in CONTRIBUTING, answer each declined proposal with its reason, and "
        + "review other teams' requests against the same rules as the owners' own."

    public static var triggeringExamples: [BarrierExample] {
        [
            BarrierExample("3 of 10 landed") {
                $0.crossTeam.changeRequests.crossTeamLanded = 3
                $0.crossTeam.changeRequests.crossTeamDeclined = 7
                $0.crossTeam.changeRequests.acceptanceRatio = 0.3
            },
            BarrierExample("none of 4 landed") {
                $0.crossTeam.changeRequests.crossTeamLanded = 0
                $0.crossTeam.changeRequests.crossTeamDeclined = minimumDecided
                $0.crossTeam.changeRequests.acceptanceRatio = 0
            },
        ]
    }

    public static var nonTriggeringExamples: [BarrierExample] {
        [
            BarrierExample("no change request declined", context: .healthy),
            BarrierExample("exactly half landed") {
                $0.crossTeam.changeRequests.crossTeamLanded = 5
                $0.crossTeam.changeRequests.crossTeamDeclined = 5
                $0.crossTeam.changeRequests.acceptanceRatio = 0.5
            },
            BarrierExample("too few decided") {
                $0.crossTeam.changeRequests.crossTeamLanded = 0
                $0.crossTeam.changeRequests.crossTeamDeclined = minimumDecided - 1
                $0.crossTeam.changeRequests.acceptanceRatio = 0
            },
        ]
    }

    public static func evaluate(_ context: BarrierContext) -> BarrierFinding? {
        let requests = context.crossTeam.changeRequests
        let decided = requests.crossTeamLanded + requests.crossTeamDeclined
        guard decided >= minimumDecided, let ratio = requests.acceptanceRatio, ratio < maximumRatio else { return nil }
        var evidence = "\(requests.crossTeamLanded) of the \(Format.count(decided, "cross-team change request")) decided "
            + "\(context.windowDescription) landed (\(BarrierText.percent(ratio))), \(requests.crossTeamDeclined) declined"
        if requests.crossTeamPending > 0 { evidence += "; \(requests.crossTeamPending) more pending" }
        if let owners = requests.ownerAcceptanceRatio { evidence += "; the owning team's own: \(BarrierText.percent(owners)) landed" }
        return finding(evidence)
    }
}
