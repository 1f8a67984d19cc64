import InnerSourceModel
import Scoring

/// One self-contained HTML5 report over a run. It opens with the organisation: the headline figures and
/// their trend over the run history, where to act, and a sortable, filterable table of the repositories; then
/// the readiness checklist, the teams (what each gives and receives, and the square team-to-team heat map),
/// the organisation's months, a collapsed card per repository, and the barriers.
///
/// Self-contained: inline CSS and one inline script (the table's sorting and filtering, allowed by its hash
/// in the Content-Security-Policy; nothing else may run), no fonts, images or links to fetch. Every piece of
/// text from the analysis goes through `escape`, since names, commit messages and evidence are untrusted.
/// Deterministic: the same analyses, run and history give the same bytes (no clock; everything sorted).
///
/// Stable hooks: `id="organisation"`, `id="where-to-act"`, `id="repository-table"`, `id="checklist"`,
/// `id="team-table"`, `class="repository-card"` (a `<details>` per repository, `id="repository-N"`),
/// `id="team-flow-heatmap"` (an `<svg>`), `class="monthly-chart"` (an `<svg>` per repository and
/// `id="organisation-chart"`), `id="barriers"`.
public enum HTMLReport {
    /// The page of a run, its organisation figures compared with the runs of `run.history.previousDatabase`.
    static func html(_ output: OutputRun) -> String {
        html(output, summary: summary(output))
    }

    /// The organisation view of a run, with the earlier runs the database it replaces keeps (none when it has no
    /// history or cannot be read).
    public static func summary(_ output: OutputRun) -> OrganisationSummary {
        let history = output.history.previousDatabase.flatMap {
            try? RunHistory.organisationFigures(database: $0, excluding: output.info.asOf)
        } ?? []
        return OrganisationSummary.compute(output.analyses, asOf: output.info.asOf, history: history)
    }

    static func html(_ output: OutputRun, summary: OrganisationSummary) -> String {
        let sorted = output.analyses, run = output.info
        let anchors = Dictionary(sorted.enumerated().map { ($1.name, $0 + 1) }, uniquingKeysWith: { first, _ in first })
        var out: [String] = []
        out.append("<!DOCTYPE html>")
        out.append("<html lang=\"en\">")
        out.append("<head>")
        out.append("<meta charset=\"utf-8\">")
        out.append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        out.append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src '\(scriptHash)'\">")
        out.append("<meta name=\"generator\" content=\"innersource \(escape(run.toolVersion))\">")
        out.append("<title>InnerSource report as of \(escape(UTCTime.iso8601(run.asOf)))</title>")
        out.append("<style>\n\(stylesheet)</style>")
        out.append("</head>")
        out.append("<body>")
        out.append("<header>")
        out.append("<h1>InnerSource report</h1>")
        out.append("<p class=\"meta\">As of <time datetime=\"\(escape(UTCTime.iso8601(run.asOf)))\">\(escape(UTCTime.iso8601(run.asOf)))</time>"
                   + " · " + Format.count(sorted.count, "repository", plural: "repositories")
                   + " · window: \(escape(AnalysisText.windowText(run)))"
                   + " · innersource \(escape(run.toolVersion))"
                   + (run.pseudonymized ? " · names pseudonymized" : "") + "</p>")
        out.append("<nav><a href=\"#organisation\">Organisation</a> <a href=\"#where-to-act\">Where to act</a> "
                   + "<a href=\"#repository-list\">Repository table</a> <a href=\"#checklist\">Readiness</a> "
                   + "<a href=\"#team-flows\">Teams</a> <a href=\"#organisation-months\">Months</a> "
                   + "<a href=\"#repositories\">Repository cards</a> <a href=\"#barriers\">Barriers</a></nav>")
        out.append("</header>")
        out.append("<main>")
        out.append(monthlyFrameDefinition)
        out.append(contentsOf: organisationSection(summary))
        out.append(contentsOf: whereToActSection(summary.whereToAct, anchors: anchors))
        out.append(contentsOf: repositoryTable(sorted))
        out.append(contentsOf: checklistSection(output.checklist))
        out.append(contentsOf: teamSection(summary.teams, flows: output.teamFlows))
        out.append(contentsOf: organisationSeriesSection(sorted))
        out.append(contentsOf: repositoriesSection(sorted))
        out.append(contentsOf: barriersSection(sorted))
        out.append("</main>")
        out.append("<script>\(script)</script>")
        out.append("</body>")
        out.append("</html>")
        return out.joined(separator: "\n") + "\n"
    }

    // MARK: escaping

    /// Text made safe for HTML and SVG element content and quoted attribute values: `& < > " '` become entities,
    /// and control characters other than tab, newline and carriage return become U+FFFD.
    public static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            case "\t", "\n", "\r": result.unicodeScalars.append(scalar)
            default:
                if scalar.isControlCharacter {
                    result += "\u{FFFD}"
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result
    }

    // MARK: checklist

    static let verdictLabels: [Verdict: String] = [.yes: "yes", .partly: "partly", .no: "no", .unknown: "unknown"]

    static func badge(_ verdict: Verdict) -> String {
        "<span class=\"badge verdict-\(verdict.rawValue)\">\(verdictLabels[verdict] ?? verdict.rawValue)</span>"
    }

    static func checklistSection(_ checklist: Checklist) -> [String] {
        var out = ["<section id=\"checklist\" aria-labelledby=\"checklist-title\">",
                   "<h2 id=\"checklist-title\">Readiness checklist</h2>",
                   "<p class=\"scope\">Scope: \(escape(checklist.scope))</p>",
                   "<table class=\"checklist\">",
                   "<thead><tr><th scope=\"col\">Question</th><th scope=\"col\">Answer</th><th scope=\"col\">Evidence</th><th scope=\"col\">Next step</th></tr></thead>",
                   "<tbody>"]
        for item in checklist.items {
            let evidence = item.evidence.isEmpty ? "<span class=\"muted\">none</span>"
                : "<ul>" + item.evidence.map { "<li>\(escape($0))</li>" }.joined() + "</ul>"
            out.append("<tr class=\"checklist-item\" id=\"checklist-\(escape(item.id.rawValue))\"><th scope=\"row\">\(escape(item.question))</th>"
                       + "<td>\(badge(item.verdict))</td><td>\(evidence)</td><td>\(escape(item.nextStep))</td></tr>")
        }
        out.append("</tbody>")
        out.append("</table>")
        out.append("<h3 id=\"cannot-show\">What git cannot show</h3>")
        out.append("<ul class=\"cannot-show\">")
        for line in checklist.cannotShow { out.append("<li>\(escape(line))</li>") }
        out.append("</ul>")
        out.append("</section>")
        return out
    }

    // MARK: repositories

    static func repositoriesSection(_ analyses: [RepositoryAnalysis]) -> [String] {
        var out = ["<section id=\"repositories\" aria-labelledby=\"repositories-title\">",
                   "<h2 id=\"repositories-title\">Repositories</h2>"]
        if analyses.isEmpty { out.append("<p class=\"muted\">No repositories analysed.</p>") }
        let abridged = analyses.count > fullCardsUpTo
        if abridged {
            out.append("<p class=\"muted abridged\">With more than \(fullCardsUpTo) repositories the cards are abridged, so that the page "
                       + "stays small: each card keeps its facts, openness scores, change requests, top contributors, the last "
                       + "\(abridgedMonths) months and its barriers' names; the evidence is in barriers.csv, openness.csv and the database.</p>")
        }
        for (index, analysis) in analyses.enumerated() {
            out.append(contentsOf: card(analysis, index: index, abridged: abridged))
        }
        out.append("</section>")
        return out
    }

    static func factor(_ value: Int?, _ names: [String]) -> String {
        guard let value else { return "-" }
        let listed = names.prefix(5).map(escape).joined(separator: ", ")
        return "\(value)" + (names.isEmpty ? "" : " <span class=\"muted\">(\(listed)\(names.count > 5 ? ", …" : ""))</span>")
    }

    /// Repositories up to which cards are full; past it, abridged (`card`).
    static let fullCardsUpTo = 200
    /// The months an abridged card's chart shows: the newest.
    static let abridgedMonths = 24

    /// A repository's card, collapsed. Abridged (a run of more than `fullCardsUpTo` repositories): openness as one
    /// line of scores, the change requests in one sentence, the newest `abridgedMonths` months, the barriers by name
    /// (linked to their row in the barriers table), without components and findings.
    static func card(_ analysis: RepositoryAnalysis, index: Int, abridged: Bool = false) -> [String] {
        let figures = analysis.crossTeam, ownership = analysis.ownership, concentration = analysis.concentration
        let gist = analysis.failure != nil ? "not analysed"
            : "owner \(analysis.ownership.team?.name ?? "none") · cross-team \(figures.contributions.crossTeamShare.map(Format.percent) ?? "-")"
            + " of \(figures.contributions.noun) · \(Format.count(analysis.barriers.count, "barrier"))"
        var out = ["<details class=\"repository-card\" id=\"repository-\(index + 1)\" data-repository=\"\(escape(analysis.name))\">",
                   "<summary><h3>\(escape(analysis.name))</h3> <span class=\"muted\">\(escape(gist))</span></summary>",
                   "<dl class=\"facts\">"]
        func fact(_ label: String, _ html: String) { out.append("<dt>\(label)</dt><dd>\(html)</dd>") }
        if let failure = analysis.failure {
            fact("Status", "error")
            fact("Not analysed", escape(failure))
            out += ["</dl>", "</details>"]
            return out
        }
        fact("Owner", "\(escape(ownership.team?.name ?? "none")) <span class=\"muted\">(\(escape(ownership.source.rawValue))"
             + (ownership.close ? ", close call" : "") + ")</span>")
        if !ownership.evidence.isEmpty { fact("Owner evidence", escape(ownership.evidence)) }
        fact("Status", escape(analysis.status.rawValue))
        fact("Commits", "\(figures.commits) <span class=\"muted\">(+\(figures.mergeCommits) merges, \(figures.botCommits) by bots; \(analysis.commitsWalked) in history)</span>")
        fact("Contributors", "\(analysis.people) in \(figures.teams.count) team(s)")
        fact("Cross-team share", figures.crossTeamShare.map { "\(Format.percent($0)) <span class=\"muted\">(\(figures.crossTeamCommits) commits by \(figures.crossTeamContributors) people)</span>" } ?? "-")
        fact("Contributing teams", figures.contributingTeams.isEmpty ? "none"
             : "\(figures.contributingTeams.count): " + figures.contributingTeams.map { escape($0.name) }.joined(separator: ", "))
        fact("Bus factor", factor(concentration.busFactor, concentration.busFactorPeople))
        fact("Elephant factor", factor(concentration.elephantFactor, concentration.elephantFactorTeams.map(\.name)))
        fact("Truck factor", factor(concentration.truckFactor, concentration.truckFactorPeople))
        out.append("</dl>")

        if let openness = analysis.openness {
            if abridged {
                out.append("<p class=\"openness-line\"><strong>Openness \(openness.aggregateText)/10</strong>: "
                           + openness.checks.map { "\(escape($0.id.replacingOccurrences(of: "_", with: " "))) \($0.isConclusive ? "\($0.score)" : "?")" }
                               .joined(separator: ", ") + "</p>")
            } else {
                out.append(contentsOf: opennessChecks(openness))
            }
        }

        if abridged {
            let requests = figures.changeRequests
            out.append("<p class=\"change-request-line\"><strong>Other teams' change requests</strong>: \(requests.crossTeamLanded) landed, "
                       + "\(requests.crossTeamDeclined) declined, \(requests.crossTeamPending) pending; acceptance "
                       + "\(requests.acceptanceRatio.map(Format.percent) ?? "-"); median wait \(requests.crossTeamWait.medianSeconds.map(duration) ?? "-")"
                       + " (the owners' own: \(requests.ownerWait.medianSeconds.map(duration) ?? "-")).</p>")
        } else {
            out.append(contentsOf: changeRequestTable(analysis, index: index))
        }

        if !analysis.contributors.isEmpty {
            let top = analysis.contributors.sorted {
                (-$0.commits, $0.identity.display, $0.team, $0.key) < (-$1.commits, $1.identity.display, $1.team, $1.key)
            }
            out.append("<p class=\"contributors\"><strong>Top contributors</strong> (commits): "
                       + top.prefix(topContributors).map { "\(escape($0.identity.display)) <span class=\"muted\">\(escape($0.team.name))</span> \($0.commits)" }
                           .joined(separator: "; ")
                       + (top.count > topContributors ? "; … and \(top.count - topContributors) more (contributors.csv)" : "") + "</p>")
        }

        out.append("<h4>Cross-team share by month</h4>")
        out.append(monthlyChart(abridged ? Array(analysis.monthly.suffix(abridgedMonths)) : analysis.monthly, repository: analysis.name,
                                index: index, sharedFrame: true, monthLabels: abridged ? 2 : 12))
        let barriers = analysis.barriers.sorted { ($0.severity.rank, $0.id) < ($1.severity.rank, $1.id) }
        if abridged {
            if !barriers.isEmpty {
                out.append("<p class=\"card-barriers\"><strong>Barriers</strong>: " + barriers.map {
                    "<a href=\"#barrier-\(escape($0.id))\">\(escape($0.id))</a> (\($0.severity.rawValue))"
                }.joined(separator: ", ") + "</p>")
            }
            out.append("</details>")
            return out
        }
        out += componentSection(analysis, index: index)

        if !barriers.isEmpty {
            out.append("<h4>Barriers</h4>")
            out.append("<ul class=\"card-barriers\">" + barriers.map {
                "<li class=\"barrier\" data-barrier=\"\(escape($0.id))\"><span class=\"badge severity-\($0.severity.rawValue)\">\($0.severity.rawValue)</span> "
                    + "<a href=\"#barrier-\(escape($0.id))\"><code>\(escape($0.id))</code></a>: \(escape($0.evidence))</li>"
            }.joined() + "</ul>")
        }
        if !analysis.findings.isEmpty {
            out.append("<h4>Findings</h4>")
            out.append("<ul class=\"findings\">")
            for finding in analysis.findings {
                let examples = finding.examples.isEmpty ? "" : " <span class=\"muted\">(e.g. \(finding.examples.map(escape).joined(separator: ", ")))</span>"
                out.append("<li>\(escape(finding.message))\(examples)</li>")
            }
            out.append("</ul>")
        }
        out.append("</details>")
        return out
    }

    // MARK: change requests

    /// Other teams' change requests against the owners' own: how many landed, were declined or wait, the
    /// acceptance ratio, and the waits as bars (median and 90th percentile) on one scale.
    static func changeRequestTable(_ analysis: RepositoryAnalysis, index: Int) -> [String] {
        let requests = analysis.crossTeam.changeRequests
        var out = ["<h4>Change requests</h4>"]
        let unit = analysis.crossTeam.contributions.unit
        out.append("<p class=\"muted\">\(requests.changeRequests) in the window: \(requests.landed) landed, \(requests.declined) declined, "
                   + "\(requests.pending) pending. "
                   + (unit == .changeRequests ? "The figures above count change requests." : "Every change landed as a direct push: the figures above count commits.")
                   + (requests.headsFound > 0 ? " \(requests.headsFound) request heads kept, \(requests.headsLanded) of them landed."
                      : " No pull or merge request heads are kept here, so proposals that never landed are invisible.")
                   + "</p>")
        guard analysis.ownership.team != nil else { return out }
        func ratio(_ value: Double?) -> String { value.map(Format.percent) ?? "-" }
        func wait(_ value: Double?) -> String { value.map(duration) ?? "-" }
        out.append("<table class=\"change-requests\" id=\"change-requests-\(index + 1)\"><thead><tr><th scope=\"col\">Proposed by</th>"
                   + "<th scope=\"col\" class=\"num\">Landed</th><th scope=\"col\" class=\"num\">Declined</th><th scope=\"col\" class=\"num\">Pending</th>"
                   + "<th scope=\"col\" class=\"num\">Acceptance</th><th scope=\"col\" class=\"num\">Median wait</th><th scope=\"col\" class=\"num\">90% within</th></tr></thead><tbody>")
        let rows: [(String, Int, Int, Int, Double?, WaitFigures)] = [
            ("other teams", requests.crossTeamLanded, requests.crossTeamDeclined, requests.crossTeamPending, requests.acceptanceRatio, requests.crossTeamWait),
            ("the owners", requests.ownerLanded, requests.ownerDeclined, requests.ownerPending, requests.ownerAcceptanceRatio, requests.ownerWait),
        ]
        for row in rows {
            out.append("<tr><th scope=\"row\">\(row.0)</th><td class=\"num\">\(row.1)</td><td class=\"num\">\(row.2)</td><td class=\"num\">\(row.3)</td>"
                       + "<td class=\"num\">\(ratio(row.4))</td><td class=\"num\">\(wait(row.5.medianSeconds))</td><td class=\"num\">\(wait(row.5.p90Seconds))</td></tr>")
        }
        out.append("</tbody></table>")
        let longest = rows.compactMap { $0.5.p90Seconds ?? $0.5.medianSeconds }.max() ?? 0
        if longest > 0 {
            // Median as a solid bar, the 90th percentile as a lighter one behind it, on one scale.
            var svg = "<svg class=\"waits\" width=\"560\" height=\"70\" viewBox=\"0 0 560 70\" role=\"img\" aria-label=\"Wait to land: other teams against the owners\">"
            for (position, row) in rows.enumerated() {
                let y = 8 + Double(position) * 30
                svg += "<text x=\"0\" y=\"\(number(y + 12))\">\(row.0)</text>"
                if let p90 = row.5.p90Seconds {
                    svg += "<rect class=\"wait-p90\" x=\"100\" y=\"\(number(y))\" width=\"\(number(360 * p90 / longest))\" height=\"16\"/>"
                }
                if let median = row.5.medianSeconds {
                    svg += "<rect class=\"wait-median\" x=\"100\" y=\"\(number(y))\" width=\"\(number(360 * median / longest))\" height=\"16\"/>"
                    svg += "<text x=\"\(number(104 + 360 * max(median, row.5.p90Seconds ?? 0) / longest))\" y=\"\(number(y + 12))\">\(escape(wait(median))) median</text>"
                }
            }
            svg += "</svg>"
            out.append(svg)
        }
        return out
    }

    // MARK: monthly chart

    /// Months with fewer commits than this are drawn as pale points: their share says little.
    static let fewCommits = 5

    static let chartWidth = 640.0, chartHeight = 240.0, chartLeft = 48.0, chartRight = 48.0, chartTop = 16.0, chartBottom = 40.0

    /// The chart's grid, axes and left scale: the same in every chart, so drawn once per page (`monthlyFrameDefinition`)
    /// and referenced by each chart with `<use>`.
    static func monthlyFrame() -> [String] {
        let plotHeight = chartHeight - chartTop - chartBottom
        func y(_ share: Double) -> Double { chartTop + plotHeight * (1 - share) }
        var out: [String] = []
        for tick in [0, 25, 50, 75, 100] {
            let ty = y(Double(tick) / 100)
            out.append("<line class=\"grid\" x1=\"\(number(chartLeft))\" y1=\"\(number(ty))\" x2=\"\(number(chartWidth - chartRight))\" y2=\"\(number(ty))\"/>")
            out.append("<text class=\"axis-label\" x=\"\(number(chartLeft - 6))\" y=\"\(number(ty + 4))\" text-anchor=\"end\">\(tick)%</text>")
        }
        out.append("<line class=\"axis\" x1=\"\(number(chartLeft))\" y1=\"\(number(chartTop))\" x2=\"\(number(chartLeft))\" y2=\"\(number(chartTop + plotHeight))\"/>")
        out.append("<line class=\"axis\" x1=\"\(number(chartLeft))\" y1=\"\(number(chartTop + plotHeight))\" x2=\"\(number(chartWidth - chartRight))\" y2=\"\(number(chartTop + plotHeight))\"/>")
        out.append("<text class=\"axis-title\" x=\"12\" y=\"\(number(chartTop + plotHeight / 2))\" text-anchor=\"middle\" transform=\"rotate(-90 12 \(number(chartTop + plotHeight / 2)))\">cross-team %</text>")
        out.append("<text class=\"axis-title\" x=\"\(number(chartWidth - 8))\" y=\"\(number(chartTop + plotHeight / 2))\" text-anchor=\"middle\" transform=\"rotate(90 \(number(chartWidth - 8)) \(number(chartTop + plotHeight / 2)))\">commits</text>")
        return out
    }

    /// The page's one copy of the charts' frame.
    static let monthlyFrameDefinition = "<svg class=\"definitions\" width=\"0\" height=\"0\" aria-hidden=\"true\"><defs><g id=\"monthly-frame\">"
        + monthlyFrame().joined() + "</g></defs></svg>"

    /// The cross-team share per month as a line (left scale, 0 to 100 %), beside the month's volume as bars
    /// (right scale, commits), so that a month of one commit does not read as a spike. Months without commits
    /// break the line; months with fewer than `fewCommits` are pale points. With no month, an empty chart says
    /// so; with one month, a single point. `sharedFrame`: the frame is the page's `#monthly-frame`, not drawn here;
    /// `monthLabels`: how many months the axis names at most.
    static func monthlyChart(_ monthly: [MonthlyFigures], repository: String, index: Int, id: String? = nil,
                             sharedFrame: Bool = false, monthLabels: Int = 12) -> String {
        let width = chartWidth, height = chartHeight, left = chartLeft, right = chartRight, top = chartTop, bottom = chartBottom
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        let identifier = id ?? "monthly-chart-\(index + 1)"
        var out = ["<svg class=\"monthly-chart\" id=\"\(identifier)\" width=\"\(number(width))\" height=\"\(number(height))\" viewBox=\"0 0 \(number(width)) \(number(height))\" role=\"img\" aria-label=\"Cross-team share of commits by month in \(escape(repository))\">"]
        out.append("<title>Cross-team share of commits by month in \(escape(repository)), beside the commits of each month</title>")
        func y(_ share: Double) -> Double { top + plotHeight * (1 - share) }
        if sharedFrame { out.append("<use href=\"#monthly-frame\"/>") } else { out += monthlyFrame() }
        guard !monthly.isEmpty else {
            out.append("<text class=\"empty\" x=\"\(number(left + plotWidth / 2))\" y=\"\(number(top + plotHeight / 2))\" text-anchor=\"middle\">no commits in the window</text>")
            out.append("</svg>")
            return out.joined(separator: "\n")
        }
        let count = monthly.count
        let slot = plotWidth / Double(count)
        func x(_ position: Int) -> Double { left + slot * (Double(position) + 0.5) }
        // The right scale: commits, from 0 to the busiest month.
        let busiest = max(1, monthly.map(\.commits).max() ?? 1)
        out.append("<text class=\"axis-label volume-label\" x=\"\(number(width - right + 6))\" y=\"\(number(top + 4))\">\(busiest)</text>")
        out.append("<text class=\"axis-label volume-label\" x=\"\(number(width - right + 6))\" y=\"\(number(top + plotHeight + 4))\">0</text>")
        // X axis labels: at most about `monthLabels`, or the first and the last month when it is 2.
        let step = monthLabels <= 2 ? max(1, count - 1) : max(1, (count + monthLabels - 1) / monthLabels)
        for (position, month) in monthly.enumerated() where position % step == 0 {
            let tx = x(position)
            out.append("<text class=\"axis-label\" x=\"\(number(tx))\" y=\"\(number(top + plotHeight + 18))\" text-anchor=\"middle\">\(escape(month.month))</text>")
        }
        // Volume bars as one path, the months' figures in one tooltip: a card stays small with years of months.
        let barWidth = max(1, slot * 0.7)
        var bars = "", months: [String] = []
        for (position, month) in monthly.enumerated() {
            let barHeight = plotHeight * Double(month.commits) / Double(busiest)
            if month.commits > 0 {
                bars += "M\(number(x(position) - barWidth / 2)) \(number(top + plotHeight))v-\(number(barHeight))h\(number(barWidth))v\(number(barHeight))z"
                months.append("\(month.month): \(Format.percent(Double(month.crossTeamCommits) / Double(month.commits))) of \(month.commits)")
            } else {
                months.append("\(month.month): no commits")
            }
        }
        out.append("<path class=\"volume\" d=\"\(bars)\"><title>Cross-team share of the month's commits: \(escape(months.joined(separator: "; ")))</title></path>")
        // The line, broken where a month has no commits; points as round dots, pale under `fewCommits`.
        var path: [String] = []
        var penDown = false
        var solid = "", few = ""
        for (position, month) in monthly.enumerated() {
            guard month.commits > 0 else { penDown = false; continue }
            let share = Double(month.crossTeamCommits) / Double(month.commits)
            let px = number(x(position)), py = number(y(share))
            path.append((penDown ? "L" : "M") + "\(px) \(py)")
            penDown = true
            if month.commits < fewCommits { few += "M\(px) \(py)h0" } else { solid += "M\(px) \(py)h0" }
        }
        if path.isEmpty {
            out.append("<text class=\"empty\" x=\"\(number(left + plotWidth / 2))\" y=\"\(number(top + plotHeight / 2))\" text-anchor=\"middle\">no commits in the window</text>")
        } else {
            out.append("<path class=\"line\" d=\"\(path.joined(separator: " "))\"/>")
            if !solid.isEmpty { out.append("<path class=\"points\" d=\"\(solid)\"/>") }
            if !few.isEmpty { out.append("<path class=\"points few\" d=\"\(few)\"/>") }
        }
        out.append("</svg>")
        return out.joined(separator: "\n")
    }

    // MARK: team-to-team heat map colours

    /// From near white (0) to dark blue (1).
    static func shade(_ t: Double) -> String {
        let low = (r: 244.0, g: 246.0, b: 250.0), high = (r: 8.0, g: 48.0, b: 107.0)
        func channel(_ a: Double, _ b: Double) -> String {
            let value = Int((a + (b - a) * max(0, min(1, t))).rounded())
            let hex = String(value, radix: 16)
            return hex.count == 1 ? "0" + hex : hex
        }
        return "#" + channel(low.r, high.r) + channel(low.g, high.g) + channel(low.b, high.b)
    }

    // MARK: openness

    /// The openness checks: a bar per check (0 to 10, hatched when inconclusive), its weight and evidence.
    /// Stable hooks: `class="openness"`, `class="openness-check"` with `data-check` and `data-score` (−1 when
    /// inconclusive).
    static func opennessChecks(_ openness: OpennessScore) -> [String] {
        var out = ["<div class=\"openness\">",
                   "<h4>Openness <span class=\"score\">\(openness.aggregateText)/10</span> <span class=\"muted\">("
                   + (openness.score.map { "\($0)/100" } ?? "no check conclusive") + "; the weighted mean of the conclusive checks)</span></h4>",
                   "<table class=\"openness-checks\"><thead><tr><th scope=\"col\">Check</th><th scope=\"col\">Score</th>"
                   + "<th scope=\"col\">Weight</th><th scope=\"col\">Evidence</th></tr></thead><tbody>"]
        for check in openness.checks {
            let meter = check.isConclusive ? "<meter min=\"0\" max=\"10\" value=\"\(check.score)\">\(check.score)/10</meter> \(check.score)/10"
                : "<meter class=\"inconclusive\" min=\"0\" max=\"10\">?</meter> ?"
            out.append("<tr class=\"openness-check\" data-check=\"\(escape(check.id))\" data-score=\"\(check.score)\">"
                       + "<th scope=\"row\">\(escape(check.id.replacingOccurrences(of: "_", with: " ")))</th>"
                       + "<td class=\"num\">\(meter)</td><td class=\"num\">\(check.weightText) \(check.importance.rawValue)</td>"
                       + "<td>\(check.isConclusive ? "" : "inconclusive: ")\(escape(check.evidence))</td></tr>")
        }
        out.append("</tbody></table>")
        out.append("</div>")
        return out
    }

    // MARK: barriers

    /// One row per barrier found: its severity, what it looks for and its remedy (once), and the repositories
    /// that have it, linked to their cards (where each has its evidence). Most repositories first.
    static func barriersSection(_ analyses: [RepositoryAnalysis]) -> [String] {
        var out = ["<section id=\"barriers\" aria-labelledby=\"barriers-title\">",
                   "<h2 id=\"barriers-title\">Barriers</h2>",
                   "<p class=\"muted\">Each barrier once, with its remedy; the evidence is in each repository's card.</p>"]
        var found: [String: (finding: BarrierFinding, repositories: [Int])] = [:]
        for (index, analysis) in analyses.enumerated() {
            for finding in analysis.barriers {
                if found[finding.id] == nil { found[finding.id] = (finding, []) }
                if found[finding.id]?.repositories.last != index + 1 { found[finding.id]?.repositories.append(index + 1) }
            }
        }
        let rows = found.values.sorted {
            ($0.finding.severity.rank, -$0.repositories.count, $0.finding.id) < ($1.finding.severity.rank, -$1.repositories.count, $1.finding.id)
        }
        if rows.isEmpty {
            out.append("<p class=\"muted\">No barriers found.</p>")
        } else {
            out.append("<table class=\"barriers\">")
            out.append("<thead><tr><th scope=\"col\">Barrier</th><th scope=\"col\">Severity</th><th scope=\"col\" class=\"num\">Repositories</th><th scope=\"col\">Remedy</th><th scope=\"col\">Where</th></tr></thead>")
            out.append("<tbody>")
            for row in rows {
                let finding = row.finding
                let listed = row.repositories.prefix(barrierRepositories).map { "<a href=\"#repository-\($0)\">\(escape(analyses[$0 - 1].name))</a>" }
                let more = row.repositories.count > barrierRepositories ? ", … \(row.repositories.count - barrierRepositories) more (barriers.csv)" : ""
                out.append("<tr class=\"barrier severity-\(finding.severity.rawValue)\" id=\"barrier-\(escape(finding.id))\"><td><code>\(escape(finding.id))</code></td>"
                           + "<td><span class=\"badge severity-\(finding.severity.rawValue)\">\(finding.severity.rawValue)</span></td>"
                           + "<td class=\"num\">\(row.repositories.count)</td><td>\(escape(finding.remedy))</td><td>\(listed.joined(separator: ", "))\(more)</td></tr>")
            }
            out.append("</tbody>")
            out.append("</table>")
        }
        out.append("</section>")
        return out
    }

    /// Contributors a card names, and repositories a barrier's row names.
    static let topContributors = 5
    static let barrierRepositories = 20

    // MARK: helpers

    /// A coordinate with at most one decimal, the same on every platform.
    static func number(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        let sign = tenths < 0 ? "-" : ""
        let magnitude = abs(tenths)
        return sign + "\(magnitude / 10)" + (magnitude % 10 == 0 ? "" : ".\(magnitude % 10)")
    }

    static let stylesheet = """
    :root { color-scheme: light; --ink: #1b1f24; --muted: #5b6470; --line: #d5dae1; --accent: #08306b; }
    * { box-sizing: border-box; }
    body { margin: 0 auto; max-width: 1100px; padding: 1.5rem; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); background: #fff; }
    h1 { margin: 0 0 .25rem; font-size: 1.8rem; }
    h2 { margin: 2rem 0 .75rem; padding-bottom: .25rem; border-bottom: 2px solid var(--accent); font-size: 1.35rem; }
    h3 { margin: 0 0 .5rem; font-size: 1.15rem; }
    summary h3 { display: inline; margin: 0; }
    summary { cursor: pointer; }
    details[open] > summary { margin-bottom: .5rem; }
    .scroll { overflow-x: auto; }
    .scroll svg { max-width: none; }
    .first-run { font-weight: 600; }
    .where-to-act > li { margin-bottom: .6rem; }
    .remedy { display: block; color: var(--muted); }
    .sortable thead button { font: inherit; color: inherit; background: none; border: 0; padding: 0; cursor: pointer; text-decoration: underline dotted; }
    .sortable th[aria-sort="ascending"] button::after { content: " ▲"; }
    .sortable th[aria-sort="descending"] button::after { content: " ▼"; }
    #repository-table td:first-child { white-space: nowrap; }
    #repository-table code { overflow-wrap: anywhere; }
    .filter input { font: inherit; padding: .2rem .4rem; min-width: 16rem; }
    svg .volume { fill: #c6dbef; }
    .heatmap .cell.diagonal .cell-value { fill: var(--muted); }
    h4 { margin: 1rem 0 .4rem; font-size: 1rem; }
    .meta, .muted, .scope { color: var(--muted); }
    nav a { margin-right: 1rem; color: var(--accent); }
    table { width: 100%; border-collapse: collapse; margin: .5rem 0; }
    th, td { text-align: left; vertical-align: top; padding: .35rem .5rem; border-bottom: 1px solid var(--line); }
    thead th { font-size: .85rem; color: var(--muted); font-weight: 600; }
    td ul, .findings, .cannot-show { margin: 0; padding-left: 1.1rem; }
    .num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
    .badge { display: inline-block; min-width: 4.5em; padding: .1rem .45rem; border-radius: .8rem; border: 1px solid transparent; font-size: .8rem; font-weight: 700; text-align: center; text-transform: uppercase; letter-spacing: .03em; }
    .verdict-yes { background: #dcf5e3; color: #135c2a; border-color: #7fc994; }
    .verdict-partly { background: #fff3cd; color: #6b4e00; border-color: #e3c35a; }
    .verdict-no { background: #fde0e0; color: #8a1c1c; border-color: #e59a9a; }
    .verdict-unknown { background: #eceff3; color: #4a525c; border-color: #c3c9d1; }
    .severity-high { background: #fde0e0; color: #8a1c1c; border-color: #e59a9a; }
    .severity-medium { background: #fff3cd; color: #6b4e00; border-color: #e3c35a; }
    .severity-low { background: #eceff3; color: #4a525c; border-color: #c3c9d1; }
    tr.barrier { background: none; }
    .repository-card { border: 1px solid var(--line); border-radius: .5rem; padding: 1rem 1.25rem; margin: 0 0 1.25rem; }
    .facts { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; margin: 0; }
    .facts dt { font-weight: 600; }
    .facts dd { margin: 0; overflow-wrap: anywhere; }
    .score { color: var(--accent); }
    meter { width: 5rem; height: .7rem; vertical-align: middle; }
    meter.inconclusive { opacity: .35; }
    .wait-median { fill: var(--accent); }
    .wait-p90 { fill: #9ecae1; }
    svg { max-width: 100%; height: auto; font-family: inherit; }
    svg text { font-size: 11px; fill: var(--ink); }
    svg .axis-label, svg .axis-title, svg .empty { fill: var(--muted); }
    svg .grid { stroke: #e6e9ee; stroke-width: 1; }
    svg .axis, svg .tick { stroke: #8a929c; stroke-width: 1; }
    svg .line { fill: none; stroke: var(--accent); stroke-width: 2; stroke-linejoin: round; stroke-linecap: round; }
    svg .points { fill: none; stroke: var(--accent); stroke-width: 7; stroke-linecap: round; }
    svg .points.few { stroke: #9ecae1; }
    svg.definitions { position: absolute; }
    .heatmap .cell rect { stroke: #fff; }
    .heatmap .cell-value { font-size: 12px; font-weight: 600; fill: var(--ink); }
    .heatmap .cell-value.dark { fill: #fff; }
    code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .85em; }
    @media print {
      body { max-width: none; padding: 0; font-size: 10pt; }
      nav { display: none; }
      h2 { break-after: avoid; page-break-after: avoid; }
      .repository-card, tr, svg { break-inside: avoid; page-break-inside: avoid; }
      .filter { display: none; }
      .repository-card { border-color: #999; }
      * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
      a { color: inherit; text-decoration: none; }
    }

    """
}

extension OutputFormat {
    /// report.html: one self-contained page for people.
    public static let html = OutputFormat(name: "html")
}

/// The `html` format: `report.html`.
public enum HTMLOutput: OutputWriter {
    public static let format = OutputFormat.html
    public static let fileNames = ["report.html"]

    public static func files(_ run: OutputRun, privacy: OutputPrivacy) throws -> [OutputFile] {
        [OutputFile(name: "report.html", data: privacy.html(HTMLReport.html(run)))]
    }
}
