import InnerSourceModel
import Scoring

/// The teams: what each gives and receives (`id="team-table"`, a `class="team-row"` per team with `data-team`),
/// and the square team-to-team heat map (`id="team-flow-heatmap"`, a `class="cell"` per pair with `data-from`,
/// `data-to`, `data-commits`; the diagonal's cells have `class="cell diagonal"`).
extension HTMLReport {
    static func exchanges(_ list: [TeamBalance.Exchange], limit: Int = 5) -> String {
        guard !list.isEmpty else { return "<span class=\"muted\">none</span>" }
        let shown = list.prefix(limit).map { "\(escape($0.name)) \($0.commits)" + ($0.changeRequests > 0 ? "/\($0.changeRequests)" : "") }
        return shown.joined(separator: ", ") + (list.count > limit ? ", … \(list.count - limit) more" : "")
    }

    static func teamSection(_ teams: [TeamBalance], flows: [TeamFlow]) -> [String] {
        var out = ["<section id=\"team-flows\" aria-labelledby=\"team-flows-title\">",
                   "<h2 id=\"team-flows-title\">Teams: who we help, who helps us</h2>",
                   "<p class=\"muted\">Given: commits (and change requests) a team made to repositories other teams own. "
                   + "Received: those other teams made to its repositories. Lists read <em>name commits/change requests</em>, "
                   + "most first. Acceptance and wait: of other teams' change requests to its repositories.</p>"]
        if teams.isEmpty {
            out.append("<p class=\"muted\">No team owns a repository in this run.</p>")
        } else {
            out.append("<table id=\"team-table\"><thead><tr><th scope=\"col\">Team</th><th scope=\"col\" class=\"num\">Owns</th>"
                       + "<th scope=\"col\" class=\"num\">Gives</th><th scope=\"col\">To teams</th><th scope=\"col\">To repositories</th>"
                       + "<th scope=\"col\" class=\"num\">Receives</th><th scope=\"col\">From teams</th>"
                       + "<th scope=\"col\" class=\"num\">Acceptance</th><th scope=\"col\" class=\"num\">Wait imposed</th></tr></thead><tbody>")
            for team in teams {
                out.append("<tr class=\"team-row\" data-team=\"\(escape(team.team.name))\"><th scope=\"row\">\(escape(team.team.name))</th>"
                           + "<td class=\"num\">\(team.repositoriesOwned)</td>"
                           + "<td class=\"num\">\(team.givenCommits)/\(team.givenChangeRequests)</td><td>\(exchanges(team.givenTo))</td>"
                           + "<td>\(exchanges(team.givenRepositories))</td>"
                           + "<td class=\"num\">\(team.receivedCommits)/\(team.receivedChangeRequests)</td><td>\(exchanges(team.receivedFrom))</td>"
                           + "<td class=\"num\">\(team.acceptanceRatio.map(Format.percent) ?? "-")</td>"
                           + "<td class=\"num\">\(team.medianWaitSeconds.map(duration) ?? "-")</td></tr>")
            }
            out.append("</tbody></table>")
        }
        out.append("<h3>Team-to-team commits</h3>")
        out.append("<p class=\"muted\">Rows: the contributing team (from). Columns: the owning team (to). Every team on both axes, "
                   + "busiest first. Each cell: commits; darker is more. The diagonal (a team's work in its own repositories) "
                   + "is shown apart, in grey, and does not set the scale.</p>")
        out.append("<div class=\"scroll\">" + heatMap(flows) + "</div>")
        out.append("</section>")
        return out
    }

    /// The teams of the flows, contributors and owners alike, by volume (commits given, received and to
    /// themselves), then by name.
    static func heatMapTeams(_ flows: [TeamFlow]) -> [String] {
        var volume: [String: Int] = [:]
        for flow in flows {
            volume[flow.fromTeam.name, default: 0] += flow.commits
            if flow.toTeam != flow.fromTeam { volume[flow.toTeam.name, default: 0] += flow.commits }
        }
        return volume.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map(\.key)
    }

    /// Teams the heat map shows one by one; past it, the quieter teams share one row and one column.
    static let heatMapTeamLimit = 30

    /// One cell of the heat map: its commits and tooltip.
    struct HeatCell {
        var commits = 0
        var tip = ""
    }

    /// The heat map's teams, busiest first, and its cells by `from \u{0} to`: every team when there are at most
    /// `heatMapTeamLimit`, else the busiest `heatMapTeamLimit - 1` and one `… N other teams` for the rest (its
    /// cells add up their commits).
    static func heatMapCells(_ flows: [TeamFlow]) -> (teams: [String], cells: [String: HeatCell]) {
        let all = heatMapTeams(flows)
        var cells: [String: HeatCell] = [:]
        func tip(_ flow: TeamFlow) -> String {
            "\(escape(flow.fromTeam.name)) → \(escape(flow.toTeam.name))\(flow.fromTeam == flow.toTeam ? " (its own repositories)" : ""): "
                + "\(Format.count(flow.commits, "commit")) in \(Format.count(flow.repositories, "repository", plural: "repositories")), "
                + "+\(flow.linesAdded) -\(flow.linesDeleted) lines" + (flow.contributors.map { ", " + Format.count($0, "contributor") } ?? "")
                + (flow.changeRequestsProposed > 0 ? ", \(flow.changeRequestsLanded) of \(Format.count(flow.changeRequestsProposed, "change request")) landed" : "")
        }
        guard all.count > heatMapTeamLimit else {
            for flow in flows { cells[flow.fromTeam.name + "\u{0}" + flow.toTeam.name] = HeatCell(commits: flow.commits, tip: tip(flow)) }
            return (all, cells)
        }
        let kept = Array(all.prefix(heatMapTeamLimit - 1)), keptSet = Set(kept)
        let others = "… \(all.count - kept.count) other teams"
        func group(_ team: Team) -> String { keptSet.contains(team.name) ? team.name : others }
        for flow in flows {
            let from = group(flow.fromTeam), to = group(flow.toTeam)
            let key = from + "\u{0}" + to
            if from == flow.fromTeam.name && to == flow.toTeam.name {
                cells[key] = HeatCell(commits: flow.commits, tip: tip(flow))
            } else {
                let commits = (cells[key]?.commits ?? 0) + flow.commits
                cells[key] = HeatCell(commits: commits, tip: "\(escape(from)) → \(escape(to)): \(Format.count(commits, "commit"))")
            }
        }
        return (kept + [others], cells)
    }

    static func heatMap(_ flows: [TeamFlow]) -> String {
        let (teams, cells) = heatMapCells(flows)
        let cell = 44.0, charWidth = 7.0
        let longest = Double(teams.map { label($0).count }.max() ?? 8)
        let left = max(80, 16 + charWidth * longest)
        // Column labels turn 45 degrees: they rise and reach right by their length times cos 45°.
        let slant = 12 + charWidth * longest * 0.71
        let top = max(40, slant)
        let width = left + cell * Double(max(1, teams.count)) + slant
        let height = top + cell * Double(max(1, teams.count)) + 16
        var out = ["<svg id=\"team-flow-heatmap\" class=\"heatmap\" width=\"\(number(width))\" height=\"\(number(height))\" viewBox=\"0 0 \(number(width)) \(number(height))\" role=\"img\" aria-label=\"Commits from each team to each owning team\">"]
        out.append("<title>Commits from each team (rows) to each owning team (columns)</title>")
        guard flows.contains(where: { $0.fromTeam != $0.toTeam && $0.commits > 0 }) else {
            out.append("<text class=\"empty\" x=\"16\" y=\"24\">no cross-team commits</text>")
            out.append("</svg>")
            return out.joined(separator: "\n")
        }
        let maximum = max(1, cells.filter { key, _ in
            let pair = key.split(separator: "\u{0}", omittingEmptySubsequences: false)
            return pair.count == 2 && pair[0] != pair[1]
        }.map(\.value.commits).max() ?? 1)
        for (column, team) in teams.enumerated() {
            let cx = left + cell * Double(column) + cell / 2, cy = top - 8
            out.append("<text class=\"column-label\" x=\"\(number(cx))\" y=\"\(number(cy))\" transform=\"rotate(-45 \(number(cx)) \(number(cy)))\"><title>to \(escape(team))</title>\(escape(label(team)))</text>")
        }
        for (row, team) in teams.enumerated() {
            let cy = top + cell * Double(row) + cell / 2 + 4
            out.append("<text class=\"row-label\" x=\"\(number(left - 8))\" y=\"\(number(cy))\" text-anchor=\"end\"><title>from \(escape(team))</title>\(escape(label(team)))</text>")
        }
        for (row, from) in teams.enumerated() {
            for (column, to) in teams.enumerated() {
                let x = left + cell * Double(column), y = top + cell * Double(row)
                let commits = cells[from + "\u{0}" + to]?.commits ?? 0
                let diagonal = from == to
                let rect = "<rect x=\"\(number(x + 1))\" y=\"\(number(y + 1))\" width=\"\(number(cell - 2))\" height=\"\(number(cell - 2))\""
                let classes = diagonal ? "cell diagonal" : "cell"
                guard let found = cells[from + "\u{0}" + to], commits > 0 else {
                    out.append("<g class=\"\(classes)\" data-from=\"\(escape(from))\" data-to=\"\(escape(to))\" data-commits=\"0\">\(rect) fill=\"\(diagonal ? "#e3e5e8" : shade(0))\"/></g>")
                    continue
                }
                let t = diagonal ? 0 : 0.15 + 0.85 * Double(commits) / Double(maximum)
                out.append("<g class=\"\(classes)\" data-from=\"\(escape(from))\" data-to=\"\(escape(to))\" data-commits=\"\(commits)\"><title>\(found.tip)</title>"
                           + "\(rect) fill=\"\(diagonal ? "#d5d8dc" : shade(t))\"/>"
                           + "<text x=\"\(number(x + cell / 2))\" y=\"\(number(y + cell / 2 + 4))\" text-anchor=\"middle\" class=\"\(t > 0.55 ? "cell-value dark" : "cell-value")\">\(commits)</text></g>")
            }
        }
        out.append("</svg>")
        return out.joined(separator: "\n")
    }

    // MARK: the organisation's months

    /// Every repository's months added up: commits and cross-team commits per month.
    static func organisationMonths(_ analyses: [RepositoryAnalysis]) -> [MonthlyFigures] {
        var months: [String: MonthlyFigures] = [:]
        for analysis in analyses {
            guard let measured = analysis.measured else { continue }
            for month in measured.monthly {
                months[month.month, default: MonthlyFigures(month: month.month)].commits += month.commits
                months[month.month, default: MonthlyFigures(month: month.month)].crossTeamCommits += month.crossTeamCommits
            }
        }
        return months.values.sorted { $0.month < $1.month }
    }

    static func organisationSeriesSection(_ analyses: [RepositoryAnalysis]) -> [String] {
        ["<section id=\"organisation-months\" aria-labelledby=\"organisation-months-title\">",
         "<h2 id=\"organisation-months-title\">The organisation by month</h2>",
         "<p class=\"muted\">Bars: commits by people in the month (right scale). Line: the cross-team share of them (left scale); "
         + "a month with fewer than 5 commits is drawn as a pale point.</p>",
         monthlyChart(organisationMonths(analyses), repository: "the organisation", index: -1, id: "organisation-chart"),
         "</section>"]
    }
}

extension HTMLReport {
    /// A label cut to `limit` characters with an ellipsis (the full name is in the element's tooltip).
    static func label(_ text: String, limit: Int = 22) -> String {
        text.count > limit ? String(text.prefix(limit - 1)) + "…" : text
    }
}
