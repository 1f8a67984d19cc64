import InnerSourceModel
import Scoring

/// `metrics.prom`: the run's figures in the Prometheus text exposition format 0.0.4, the format node
/// exporter's textfile collector reads (format `prometheus`). Every family is a gauge named
/// `innersource_...` in snake case, with `# HELP` and `# TYPE`; families are sorted by name and samples by
/// their label values; no timestamps. A figure that does not apply (a truck factor with no qualifying file,
/// a share with no commits) has no sample, never NaN. The same input writes the same bytes.
///
/// Series stay few and stable, as Prometheus wants them: no label takes a value that changes on every push
/// (no commit id), no family is the sum of another (totals are `sum()` in a query), and team flows are the
/// `teamFlowPairLimit` busiest pairs, with the number left out.
public enum PrometheusMetrics {
    /// One metric family: a gauge, its help text and its samples.
    struct Family {
        var name: String
        var help: String
        /// Labels of each sample, in the order written (by label name), and the value as written.
        var samples: [(labels: [(String, String)], value: String)] = []

        init(_ name: String, _ help: String) {
            self.name = PrometheusMetrics.prefix + name
            self.help = help
        }

        mutating func add(_ labels: [(String, String)], _ value: String?) {
            guard let value else { return }
            samples.append((labels.sorted { $0.0 < $1.0 }, value))
        }

        mutating func add(_ labels: [(String, String)], _ value: Int?) {
            add(labels, value.map(String.init))
        }

        mutating func add(_ labels: [(String, String)], _ value: Double?) {
            add(labels, value.flatMap(PrometheusMetrics.number))
        }
    }

    public static let prefix = "innersource_"

    /// The most team pairs written as team-flow series: the busiest by commits, then change requests
    /// proposed, then by team names. The rest are counted in `innersource_team_flow_pairs_left_out`; every
    /// pair is in team_flows.csv and the database.
    public static let teamFlowPairLimit = 100

    static func text(_ output: OutputRun) -> String {
        let analyses = output.analyses, run = output.info
        var families: [Family] = []
        families += repositoryFamilies(analyses)
        families += teamFlowFamilies(output.teamFlows)

        var asOf = Family("run_as_of_timestamp_seconds", "The time relative dates were anchored at (--as-of), seconds since the epoch.")
        asOf.add([], String(run.asOf))
        var info = Family("info", "The tool that wrote these metrics; always 1.")
        info.add([("schema_version", String(ToolInfo.schemaVersion)), ("version", run.toolVersion)], 1)
        var repositories = Family("repositories", "Repositories in the run.")
        repositories.add([], analyses.count)
        var failed = Family("repositories_failed", "Repositories the run could not analyse (named in repository_up).")
        failed.add([], analyses.count { $0.failure != nil })
        families += [asOf, info, repositories, failed]

        var text = ""
        for family in families.sorted(by: { $0.name < $1.name }) where !family.samples.isEmpty {
            text += "# HELP \(family.name) \(helpText(family.help))\n"
            text += "# TYPE \(family.name) gauge\n"
            let samples = family.samples.sorted { $0.labels.map(\.1).lexicographicallyPrecedes($1.labels.map(\.1)) }
            for sample in samples {
                text += sampleLine(family.name, labels: sample.labels, value: sample.value) + "\n"
            }
        }
        return text
    }

    static func repositoryFamilies(_ analyses: [RepositoryAnalysis]) -> [Family] {
        var info = Family("repository_info", "A repository analysed, its owning team and where that came from; always 1.")
        var commits = Family("repository_commits", "People's non-merge commits in the window.")
        var merges = Family("repository_merge_commits", "Merge commits in the window.")
        var bots = Family("repository_bot_commits", "Bots' non-merge commits in the window.")
        var contributors = Family("repository_contributors", "Distinct people, authors and co-authors, in the window.")
        var teams = Family("repository_teams", "Distinct teams (not unaffiliated) with an author or co-author, owner included.")
        var crossCommits = Family("repository_cross_team_commits", "Commits with an author or co-author on a team that is neither the owner nor unaffiliated.")
        var crossShare = Family("repository_cross_team_share_ratio", "Cross-team commits over commits, 0 to 1; absent with no commits.")
        var crossPeople = Family("repository_cross_team_contributors", "People who took part while on another team than the owner.")
        var contributing = Family("repository_contributing_teams", "Teams other than the owner (not unaffiliated) with an author or co-author.")
        var unaffiliated = Family("repository_unaffiliated_commits", "Commits whose author is on no team.")
        var bus = Family("repository_bus_factor", "The fewest people whose commits make up more than half of the commits; absent with no commits.")
        var elephant = Family("repository_elephant_factor", "The fewest teams whose commits make up more than half of the teams' commits; absent with none.")
        var truck = Family("repository_truck_factor", "Avelino et al.'s truck factor over the files at HEAD; absent when no file qualifies.")
        var openness = Family("repository_openness_score", "Openness score, 0 to 100; absent when no check is conclusive.")
        var opennessChecks = Family("repository_openness_check", "Each openness check, 0 to 10, by check; absent when inconclusive.")
        var opennessWeights = Family("repository_openness_check_weight", "Each openness check's weight in the aggregate, by check.")
        var bySeverity = Family("repository_barriers_by_severity", "Barriers found, by severity (high, medium, low).")
        var up = Family("repository_up", "1 when the repository was analysed, 0 when it could not be (its figures are absent).")
        var requests = Family("repository_change_requests", "People's change requests in the window, by state (landed, pending, declined).")
        var crossRequests = Family("repository_cross_team_change_requests", "Cross-team change requests in the window, by state (landed, pending, declined).")
        var acceptance = Family("repository_cross_team_acceptance_ratio", "Cross-team change requests landed over landed and declined, 0 to 1; absent with none decided.")
        var waits = Family("repository_change_request_wait_seconds", "Wait from a change request's newest commit to its landing, by who proposed it (cross_team, owner) and statistic (median, p90); absent with none measured.")
        var gatekeeper = Family("repository_gatekeeper_share_ratio", "The busiest lander's share of the cross-team change requests landed by people, 0 to 1.")
        var heads = Family("repository_request_heads", "Pull and merge request heads the repository keeps, outside the window too.")
        var unit = Family("repository_contribution_unit_info", "The unit the headline figures count (change_requests or commits); always 1.")
        var agentAssisted = Family("repository_agent_assisted_commits", "People's commits an AI agent took part in (co-authored, or authored with the human it counts for).")
        var agentAssistedCross = Family("repository_agent_assisted_cross_team_commits", "Cross-team commits an AI agent took part in.")
        for analysis in analyses {
            let repository = [("repository", analysis.name)]
            up.add(repository, analysis.failure == nil ? 1 : 0)
            guard analysis.failure == nil else { continue }
            let figures = analysis.crossTeam
            let concentration = analysis.concentration
            info.add(repository + [("owner_team", analysis.ownership.team?.name ?? ""),
                                   ("owner_source", analysis.ownership.source.rawValue)], 1)
            commits.add(repository, figures.commits)
            merges.add(repository, figures.mergeCommits)
            bots.add(repository, figures.botCommits)
            contributors.add(repository, figures.contributors)
            teams.add(repository, figures.teams.count)
            crossCommits.add(repository, figures.crossTeamCommits)
            crossShare.add(repository, figures.crossTeamShare)
            crossPeople.add(repository, figures.crossTeamContributors)
            contributing.add(repository, figures.contributingTeams.count)
            unaffiliated.add(repository, figures.unaffiliatedCommits)
            bus.add(repository, concentration.busFactor)
            elephant.add(repository, concentration.elephantFactor)
            truck.add(repository, concentration.truckFactor)
            openness.add(repository, analysis.openness?.score)
            for check in analysis.openness?.checks ?? [] {
                opennessChecks.add(repository + [("check", check.id)], check.isConclusive ? check.score : nil)
                opennessWeights.add(repository + [("check", check.id)], check.weight)
            }
            let changeRequests = figures.changeRequests
            for (state, all, cross) in [("landed", changeRequests.landed, changeRequests.crossTeamLanded),
                                        ("pending", changeRequests.pending, changeRequests.crossTeamPending),
                                        ("declined", changeRequests.declined, changeRequests.crossTeamDeclined)] {
                requests.add(repository + [("state", state)], all)
                crossRequests.add(repository + [("state", state)], cross)
            }
            acceptance.add(repository, changeRequests.acceptanceRatio)
            for (who, wait) in [("cross_team", changeRequests.crossTeamWait), ("owner", changeRequests.ownerWait)] {
                waits.add(repository + [("proposer", who), ("statistic", "median")], wait.medianSeconds)
                waits.add(repository + [("proposer", who), ("statistic", "p90")], wait.p90Seconds)
            }
            gatekeeper.add(repository, changeRequests.landing.busiestCommitterShare)
            heads.add(repository, changeRequests.headsFound)
            unit.add(repository + [("unit", figures.contributions.unit.rawValue)], 1)
            agentAssisted.add(repository, figures.agentAssistedCommits)
            agentAssistedCross.add(repository, figures.agentAssistedCrossTeamCommits)
            for severity in BarrierSeverity.allCases {
                bySeverity.add(repository + [("severity", severity.rawValue)],
                               analysis.barriers.filter { $0.severity == severity }.count)
            }
        }
        return [info, commits, merges, bots, contributors, teams, crossCommits, crossShare, crossPeople, contributing,
                unaffiliated, bus, elephant, truck, openness, opennessChecks, opennessWeights, bySeverity, up, requests, crossRequests, acceptance,
                waits, gatekeeper, heads, unit, agentAssisted, agentAssistedCross]
    }

    static func teamFlowFamilies(_ flows: [TeamFlow]) -> [Family] {
        var commits = Family("team_flow_commits", "Commits a team (from_team) took part in, in repositories the owning team (to_team) owns; the owner's own row included.")
        var contributors = Family("team_flow_contributors", "Distinct people of from_team who took part in to_team's repositories.")
        var requests = Family("team_flow_change_requests", "Change requests from_team proposed in to_team's repositories, by state (landed, pending, declined).")
        var wait = Family("team_flow_median_wait_seconds", "Median wait of from_team's landed change requests in to_team's repositories; absent with none measured.")
        var leftOut = Family("team_flow_pairs_left_out", "Team pairs beyond the \(teamFlowPairLimit) busiest, written in team_flows.csv but not as series.")
        let busiest = flows.sorted {
            ($1.commits, $1.changeRequestsProposed, $0.fromTeam.name, $0.toTeam.name)
                < ($0.commits, $0.changeRequestsProposed, $1.fromTeam.name, $1.toTeam.name)
        }
        for flow in busiest.prefix(teamFlowPairLimit) {
            let labels = [("from_team", flow.fromTeam.name), ("to_team", flow.toTeam.name)]
            commits.add(labels, flow.commits)
            contributors.add(labels, flow.contributors)
            let pending = flow.changeRequestsProposed - flow.changeRequestsLanded - flow.changeRequestsDeclined
            requests.add(labels + [("state", "landed")], flow.changeRequestsLanded)
            requests.add(labels + [("state", "pending")], pending)
            requests.add(labels + [("state", "declined")], flow.changeRequestsDeclined)
            wait.add(labels, flow.medianWaitSeconds)
        }
        leftOut.add([], max(0, flows.count - teamFlowPairLimit))
        return [commits, contributors, requests, wait, leftOut]
    }

    /// One sample line without its newline: `name{label="value",...} value`, labels as given.
    public static func sampleLine(_ name: String, labels: [(String, String)], value: String) -> String {
        guard !labels.isEmpty else { return "\(name) \(value)" }
        let rendered = labels.map { "\($0.0)=\"\(labelValue($0.1))\"" }.joined(separator: ",")
        return "\(name){\(rendered)} \(value)"
    }

    /// A label value escaped as the format asks: backslash, double quote and line feed.
    public static func labelValue(_ value: String) -> String {
        escape(value, quotes: true)
    }

    /// Help text escaped as the format asks: backslash and line feed.
    public static func helpText(_ value: String) -> String {
        escape(value, quotes: false)
    }

    private static func escape(_ value: String, quotes: Bool) -> String {
        var escaped = ""
        for character in value.unicodeScalars {
            switch character {
            case "\\": escaped += "\\\\"
            case "\"" where quotes: escaped += "\\\""
            case "\n": escaped += "\\n"
            default: escaped.unicodeScalars.append(character)
            }
        }
        return escaped
    }

    /// A value as the format reads it: the shortest decimal that reads back as the same double (`0.5`,
    /// `0.6666666666666666`), a whole number without a fraction; nil for NaN and infinities.
    public static func number(_ value: Double) -> String? {
        guard value.isFinite else { return nil }
        if value == value.rounded(), abs(value) < 9_007_199_254_740_992 { return String(Int64(value)) }
        return "\(value)"
    }
}

extension OutputFormat {
    /// metrics.prom: Prometheus text format 0.0.4 for node exporter's textfile collector. Its former name,
    /// `openmetrics` (it never was OpenMetrics), is still read as this format.
    public static let prometheus = OutputFormat(name: "prometheus")
}

/// The `prometheus` format: `metrics.prom`.
public enum PrometheusOutput: OutputWriter {
    public static let format = OutputFormat.prometheus
    public static let fileNames = ["metrics.prom"]

    public static func files(_ run: OutputRun, privacy: OutputPrivacy) throws -> [OutputFile] {
        [OutputFile(name: "metrics.prom", data: privacy.text(PrometheusMetrics.text(run)))]
    }
}
