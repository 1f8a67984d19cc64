import InnerSourceModel

/// Why the participation checks cannot tell: nothing landed, no owner, or no contributor on a known team.
/// nil when they can.
enum ParticipationGuard {
    static func reason(_ evidence: OpennessEvidence) -> String? {
        let contributions = evidence.crossTeam.contributions
        if contributions.total == 0 { return "no \(contributions.unit == .commits ? "commit" : "change request") landed in the window" }
        if evidence.owner == nil { return "no owning team: other teams' work cannot be told from the owners'" }
        if evidence.crossTeam.teams.isEmpty {
            return "no contributor is on a known team: give a roster (--roster) so that teams can be told apart"
        }
        return nil
    }
}

/// How much of the landed work comes from other teams: the outcome InnerSource is after.
public struct CrossTeamParticipationCheck: OpennessCheck {
    public static let id = "cross_team_participation"
    public static let importance = CheckImportance.critical
    /// The cross-team share that scores 10.
    public static let fullShare = 0.30
    public static let looksFor = "the share of landed change requests (where the repository shows them, else commits) from "
        + "other teams: 10 × share / \(BarrierText.percent(fullShare)), 10 from \(BarrierText.percent(fullShare)); "
        + "inconclusive with nothing landed, no owning team, or no contributor on a known team"
    public static let barriers = ["outsiders_never_landed"]

    public static var examples: [OpennessCheckExample] {
        [
            OpennessCheckExample("20% of 240 commits from other teams", expected: 7, evidence: .healthy),
            OpennessCheckExample("a third from other teams", expected: 10) {
                $0.crossTeam.crossTeamCommits = 80
                $0.crossTeam.crossTeamShare = 80.0 / 240
            },
            OpennessCheckExample("only the owning team", expected: 0) {
                $0.crossTeam.crossTeamCommits = 0
                $0.crossTeam.crossTeamShare = 0
                $0.crossTeam.contributingTeams = []
                $0.crossTeam.teams = ["payments"]
            },
            OpennessCheckExample("no commit in the window", expected: OpennessCheckResult.inconclusive) {
                $0.crossTeam = CrossTeamFigures()
            },
            OpennessCheckExample("nobody on a known team (no roster, no team domains)", expected: OpennessCheckResult.inconclusive) {
                $0.crossTeam.teams = []
                $0.crossTeam.crossTeamCommits = 0
                $0.crossTeam.crossTeamShare = 0
                $0.owner = nil
            },
        ]
    }

    public static func evaluate(_ evidence: OpennessEvidence) -> OpennessCheckResult {
        if let reason = ParticipationGuard.reason(evidence) { return inconclusive(reason) }
        let contributions = evidence.crossTeam.contributions
        let share = Double(contributions.crossTeam) / Double(contributions.total)
        return result(tenths(share / fullShare),
                      "\(contributions.crossTeam) of \(contributions.counted(contributions.total)) from other teams "
                      + "(\(BarrierText.percent(share)); 10 at \(BarrierText.percent(fullShare)) or more)")
    }
}

/// How many other teams take part: one guest team is a partnership, several are a community.
public struct ContributingTeamsCheck: OpennessCheck {
    public static let id = "contributing_teams"
    public static let importance = CheckImportance.medium
    /// The number of other teams that scores 10.
    public static let fullTeams = 3
    public static let looksFor = "teams other than the owner with an author or co-author in the window: 10 × teams / "
        + "\(fullTeams), 10 from \(fullTeams); inconclusive as cross_team_participation is"
    public static let barriers: [String] = []

    public static var examples: [OpennessCheckExample] {
        [
            OpennessCheckExample("two other teams", expected: 7, evidence: .healthy),
            OpennessCheckExample("four other teams", expected: 10) { $0.crossTeam.contributingTeams = ["ads", "search", "web", "mobile"] },
            OpennessCheckExample("one other team", expected: 3) { $0.crossTeam.contributingTeams = ["web"] },
            OpennessCheckExample("none", expected: 0) { $0.crossTeam.contributingTeams = [] },
            OpennessCheckExample("no owning team", expected: OpennessCheckResult.inconclusive) { $0.owner = nil },
        ]
    }

    public static func evaluate(_ evidence: OpennessEvidence) -> OpennessCheckResult {
        if let reason = ParticipationGuard.reason(evidence) { return inconclusive(reason) }
        let teams = evidence.crossTeam.contributingTeams
        let names = teams.prefix(5).map(\.name).joined(separator: ", ") + (teams.count > 5 ? ", …" : "")
        return result(tenths(Double(teams.count) / Double(fullTeams)),
                      teams.isEmpty ? "no other team took part (10 from \(fullTeams))"
                      : "\(Format.count(teams.count, "other team")): \(names) (10 from \(fullTeams))")
    }
}

/// Whether outsiders' work goes in through the owners (the trusted-committer path) and is accepted.
public struct TrustedCommitterPathCheck: OpennessCheck {
    public static let id = "trusted_committer_path"
    public static let importance = CheckImportance.high
    public static let looksFor = "of outsiders' landed change requests (or commits), the share landed by the owning team or "
        + "through the platform, one landed by its own author counting half; where other teams' change requests were "
        + "decided, the mean of that share and their acceptance ratio (landed / (landed + declined)); times "
        + "1 − (gatekeeper share − 0.5) when one person lands more than half of those landed by people (and no more than "
        + "the others landed: not their own work); 10 × the result; inconclusive when no outsider's change was landed "
        + "or declined"
    public static let barriers = ["single_gatekeeper"]
    /// The busiest lander's share above which the path narrows to one person.
    public static let gatekeeperShare = 0.5

    public static var examples: [OpennessCheckExample] {
        [
            OpennessCheckExample("20 of 48 by owners, 18 through the platform, 10 by their authors", expected: 9, evidence: .healthy),
            OpennessCheckExample("all by the owners", expected: 10) {
                $0.crossTeam.landing.ownerLanded = 48
                $0.crossTeam.landing.selfLanded = 0
                $0.crossTeam.landing.platformLanded = 0
            },
            OpennessCheckExample("every outsider lands their own work", expected: 5) {
                $0.crossTeam.landing = LandingFigures()
                $0.crossTeam.landing.selfLanded = 48
            },
            OpennessCheckExample("landed by people of neither team", expected: 0) {
                $0.crossTeam.landing = LandingFigures()
                $0.crossTeam.landing.other = 48
            },
            OpennessCheckExample("Olga lands 90% of those landed by people", expected: 6) {
                $0.crossTeam.landing.ownerLanded = 28
                $0.crossTeam.landing.selfLanded = 2
                $0.crossTeam.landing.busiestCommitterShare = 0.9
            },
            OpennessCheckExample("the busiest lands 90%, but it is their own work", expected: 6) {
                $0.crossTeam.landing.ownerLanded = 5
                $0.crossTeam.landing.platformLanded = 0
                $0.crossTeam.landing.selfLanded = 43
                $0.crossTeam.landing.busiestCommitterShare = 43.0 / 48
            },
            OpennessCheckExample("change requests: all landed by owners, but half of those decided declined", expected: 8) {
                $0.crossTeam.changeRequests = Self.requests(landed: 4, declined: 4, ownerLanded: 4)
            },
            OpennessCheckExample("change requests: every one declined", expected: 0) {
                $0.crossTeam.changeRequests = Self.requests(landed: 0, declined: 3, ownerLanded: 0)
            },
            OpennessCheckExample("no outsider's change to land", expected: OpennessCheckResult.inconclusive) {
                $0.crossTeam.crossTeamCommits = 0
                $0.crossTeam.crossTeamShare = 0
                $0.crossTeam.landing = LandingFigures()
            },
            OpennessCheckExample("change requests: only pending ones from outsiders", expected: OpennessCheckResult.inconclusive) {
                var requests = Self.requests(landed: 0, declined: 0, ownerLanded: 0)
                requests.crossTeamPending = 2
                requests.crossTeam = 2
                $0.crossTeam.changeRequests = requests
            },
        ]
    }

    /// Change-request figures with request heads (so that they are the headline unit) and 10 of the owners' own.
    static func requests(landed: Int, declined: Int, ownerLanded: Int) -> ChangeRequestFigures {
        var figures = ChangeRequestFigures()
        figures.headsFound = landed + declined + 10
        figures.landed = landed + 10
        figures.ownerLanded = 10
        figures.crossTeam = landed + declined
        figures.crossTeamLanded = landed
        figures.crossTeamDeclined = declined
        figures.declined = declined
        figures.crossTeamShare = Double(landed) / Double(landed + 10)
        figures.acceptanceRatio = landed + declined > 0 ? Double(landed) / Double(landed + declined) : nil
        figures.landing.ownerLanded = ownerLanded
        figures.landing.selfLanded = landed - ownerLanded
        return figures
    }

    public static func evaluate(_ evidence: OpennessEvidence) -> OpennessCheckResult {
        let contributions = evidence.crossTeam.contributions
        let requests = evidence.crossTeam.changeRequests
        let declined = contributions.unit == .changeRequests ? requests.crossTeamDeclined : 0
        let noun = contributions.unit == .commits ? "commit" : "change request"
        guard contributions.crossTeam + declined > 0 else { return inconclusive("no outsider's \(noun) landed or declined") }
        let landing = contributions.landing
        var parts: [Double] = []
        var said: [String] = []
        if contributions.crossTeam > 0 {
            let reviewed = Double(landing.ownerLanded + landing.platformLanded) + Double(landing.selfLanded) / 2
            parts.append(reviewed / Double(contributions.crossTeam))
            said.append("of \(contributions.counted(contributions.crossTeam)) from other teams: \(landing.ownerLanded) landed by owners, "
                        + "\(landing.platformLanded) through the platform, \(landing.selfLanded) by their authors, \(landing.other) by others")
        }
        let byPeople = landing.ownerLanded + landing.selfLanded + landing.other
        let byOthers = landing.ownerLanded + landing.other
        var narrowing = 1.0
        if contributions.crossTeam > 0, let share = landing.busiestCommitterShare, share > gatekeeperShare, byPeople > 0,
           share * Double(byPeople) <= Double(byOthers) + 0.5 {
            narrowing = 1 - (share - gatekeeperShare)
            said.append("\(landing.busiestCommitter ?? "one person") landed \(BarrierText.percent(share)) of those landed by people")
        }
        if contributions.unit == .changeRequests, let acceptance = requests.acceptanceRatio {
            parts.append(acceptance)
            said.append("\(BarrierText.percent(acceptance)) of other teams' decided change requests landed "
                        + "(\(requests.crossTeamLanded) landed, \(requests.crossTeamDeclined) declined)")
        }
        return result(tenths(narrowing * parts.reduce(0, +) / Double(parts.count)), said.joined(separator: "; "))
    }
}

/// Whether outsiders wait longer than the owners for their work to land.
public struct OutsiderWaitCheck: OpennessCheck {
    public static let id = "outsider_wait"
    public static let importance = CheckImportance.medium
    /// Extra wait below which outsiders are served as the owners are: 10.
    public static let graceDays = 1.0
    /// Extra wait that scores 0.
    public static let zeroDays = 15.0
    public static let looksFor = "the median wait to land of outsiders' change requests (or commits) against the owning "
        + "team's own (0 when the owners' is not measured): 10 when outsiders wait less than \(Int(graceDays)) day more, "
        + "else 10 × (1 − extra days / \(Int(zeroDays))), 0 from \(Int(zeroDays)) days more; inconclusive when no "
        + "outsider's wait is measured"
    public static let barriers = ["slow_acceptance"]

    public static var examples: [OpennessCheckExample] {
        [
            OpennessCheckExample("0.8 days against 0.3", expected: 10, evidence: .healthy),
            OpennessCheckExample("outsiders wait 6 days, owners half a day", expected: 6) {
                $0.crossTeam.landing.outsiderMedianDelaySeconds = 6 * 86_400
                $0.crossTeam.landing.ownerMedianDelaySeconds = 43_200
            },
            OpennessCheckExample("owners land at once, outsiders wait exactly a day", expected: 9) {
                $0.crossTeam.landing.outsiderMedianDelaySeconds = 86_400
                $0.crossTeam.landing.ownerMedianDelaySeconds = 0
            },
            OpennessCheckExample("outsiders faster than the owners", expected: 10) {
                $0.crossTeam.landing.outsiderMedianDelaySeconds = 3_600
                $0.crossTeam.landing.ownerMedianDelaySeconds = 5 * 86_400
            },
            OpennessCheckExample("three weeks more", expected: 0) {
                $0.crossTeam.landing.outsiderMedianDelaySeconds = 22 * 86_400
                $0.crossTeam.landing.ownerMedianDelaySeconds = 86_400
            },
            OpennessCheckExample("no owners' wait measured: against none", expected: 7) {
                $0.crossTeam.landing.outsiderMedianDelaySeconds = 4.5 * 86_400
                $0.crossTeam.landing.ownerMedianDelaySeconds = nil
            },
            OpennessCheckExample("every outsider's change landed through the platform (not timed)", expected: OpennessCheckResult.inconclusive) {
                $0.crossTeam.landing.outsiderMedianDelaySeconds = nil
            },
            OpennessCheckExample("no outsider's change", expected: OpennessCheckResult.inconclusive) {
                $0.crossTeam.crossTeamCommits = 0
                $0.crossTeam.landing = LandingFigures()
            },
        ]
    }

    public static func evaluate(_ evidence: OpennessEvidence) -> OpennessCheckResult {
        let contributions = evidence.crossTeam.contributions
        let noun = contributions.unit == .commits ? "commit" : "change request"
        guard contributions.crossTeam > 0 else { return inconclusive("no outsider's \(noun) landed") }
        guard let outsiders = contributions.landing.outsiderMedianDelaySeconds else {
            return inconclusive("no outsider's wait is measured (landed through the platform, which git does not time)")
        }
        let owners = contributions.landing.ownerMedianDelaySeconds
        let extraDays = max(0, outsiders - (owners ?? 0)) / 86_400
        let score = extraDays < graceDays ? 10 : tenths(1 - extraDays / zeroDays)
        return result(score, "outsiders' median wait \(BarrierText.duration(outsiders)), the owning team's "
                      + (owners.map(BarrierText.duration) ?? "not measured"))
    }
}

/// Whether the work rests on more than one or two people.
public struct ConcentrationCheck: OpennessCheck {
    public static let id = "concentration"
    public static let importance = CheckImportance.medium
    public static let looksFor = "the bus factor (2/3 of the check: 10 × min(bus factor − 1, 3) / 3) and the truck factor "
        + "(1/3: 10 when 2 or more); the known one alone when the other is not; inconclusive when neither is"
    public static let barriers = ["bus_factor_of_one"]

    public static var examples: [OpennessCheckExample] {
        [
            OpennessCheckExample("bus factor 3, truck factor 2", expected: 8, evidence: .healthy),
            OpennessCheckExample("bus factor 4, truck factor 2", expected: 10) { $0.concentration.busFactor = 4 },
            OpennessCheckExample("bus and truck factor 1", expected: 0) {
                $0.concentration.busFactor = 1
                $0.concentration.truckFactor = 1
            },
            OpennessCheckExample("bus factor 1, truck factor 2", expected: 3) { $0.concentration.busFactor = 1 },
            OpennessCheckExample("no file qualifies for the truck factor", expected: 7) { $0.concentration.truckFactor = nil },
            OpennessCheckExample("no commits", expected: OpennessCheckResult.inconclusive) {
                $0.concentration.busFactor = nil
                $0.concentration.truckFactor = nil
            },
        ]
    }

    public static func evaluate(_ evidence: OpennessEvidence) -> OpennessCheckResult {
        let figures = evidence.concentration
        var parts: [(share: Double, weight: Double)] = []
        if let bus = figures.busFactor { parts.append((Double(max(0, min(bus - 1, 3))) / 3, 2)) }
        if let truck = figures.truckFactor { parts.append((truck >= 2 ? 1 : 0, 1)) }
        guard !parts.isEmpty else { return inconclusive("no bus factor and no truck factor: no commits, no qualifying file") }
        let value = parts.reduce(0) { $0 + $1.share * $1.weight } / parts.reduce(0) { $0 + $1.weight }
        return result(tenths(value), "bus factor \(figures.busFactor.map(String.init) ?? "-"), truck factor "
                      + (figures.truckFactor.map(String.init) ?? "-"))
    }
}
