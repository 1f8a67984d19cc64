import Attribution
import InnerSourceModel
import Foundation
import Ingest
import Pipeline
@testable import Reporting
@testable import Scoring
import Testing

/// The self-contained HTML report: escaping, determinism and no remote resources on the string, then the report
/// rendered by a real headless Chromium.
@Suite("HTMLReport")
struct HTMLReportTests {
    static let asOf: Int64 = 1_717_200_000  // 2024-06-01

    /// The teams fixture analysed in process with its roster.
    static func teamsAnalysis() throws -> (RepositoryAnalysis, RunInfo) {
        let roster = try RosterFile.load(path: Package.fixtures.appendingPathComponent("teams/roster.yml").path)
        return try InProcess.analyze(try Fixture.make("teams").path, asOf: asOf, roster: roster)
    }

    static let hostile = "<script>alert(1)</script>"

    /// A repository whose folder, author and commit messages are hostile markup.
    static func hostileAnalysis() throws -> (RepositoryAnalysis, RunInfo) {
        let folder = try Fixture.temporaryFolder().appendingPathComponent("evil&<i>'\"repo")
        try Shell.git(["init", "-q", "-b", "main", folder.path])
        for (index, name) in [hostile, hostile, "Eve \"quote\" & 'apostrophe' <b>"].enumerated() {
            try Data("line \(index)\n".utf8).write(to: folder.appendingPathComponent("file\(index).txt"))
            try Shell.git(["-C", folder.path, "add", "."])
            try Shell.git(["-C", folder.path, "-c", "user.name=\(name)", "-c", "user.email=evil\(index)@example.com",
                           "commit", "-q", "--date=2024-0\(index + 1)-15T12:00:00Z", "-m", "\(hostile) <img src=x onerror=alert(2)>"])
        }
        var (analysis, run) = try InProcess.analyze(folder.path, asOf: 2_000_000_000)
        // git itself drops < and > from author names, so the markup goes into the analysis's other text as well.
        analysis.contributors[0].identity.name = hostile
        analysis.contributors[0].team = Team(hostile)
        analysis.ownership.evidence = hostile
        analysis.crossTeam.contributingTeams = [Team(hostile)]
        analysis.concentration.busFactorPeople = [hostile]
        analysis.findings.append(Finding(kind: Finding.Kind.allCases[0], message: hostile, count: 1, examples: [hostile]))
        analysis.barriers.append(BarrierFinding(id: hostile, severity: .high, evidence: hostile, remedy: hostile))
        run.revision = nil
        return (analysis, run)
    }

    @Test("the escaping function handles & < > \" ' and control characters")
    func escaping() {
        #expect(HTMLReport.escape(Self.hostile) == "&lt;script&gt;alert(1)&lt;/script&gt;")
        #expect(HTMLReport.escape("a & b \"c\" 'd'") == "a &amp; b &quot;c&quot; &#39;d&#39;")
        #expect(HTMLReport.escape("bell\u{07}nul\u{00}") == "bell\u{FFFD}nul\u{FFFD}")
        #expect(HTMLReport.escape("tab\tline\n ünïcødé →") == "tab\tline\n ünïcødé →")
    }

    @Test("hostile names and messages from a repository come out escaped, never as markup")
    func hostileInput() throws {
        let (analysis, run) = try Self.hostileAnalysis()
        let html = HTMLReport.html(OutputRun(analyses: [analysis], info: run))
        #expect(html.components(separatedBy: "<script").count == 2 && html.contains("<script>\(HTMLReport.script)</script>"),
                "no script element but the page's own")
        #expect(!html.contains("<img"))
        #expect(!html.contains("<i>") && !html.contains("<b>"))
        #expect(html.contains("evil&amp;&lt;i&gt;&#39;&quot;repo"), "the repository name, escaped")
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &lt;evil0@example.com&gt;"), "the author's name appears, escaped")
        #expect(html.contains("Eve &quot;quote&quot; &amp; &#39;apostrophe&#39;"), "quotes, ampersand and apostrophe escaped")
        #expect(html.components(separatedBy: "&lt;script&gt;alert(1)&lt;/script&gt;").count > 8, "every hostile field shown, escaped")
    }

    @Test("the same input gives the same bytes, sorted whatever the order of the analyses")
    func deterministic() throws {
        let (teams, run) = try Self.teamsAnalysis()
        let (hostile, _) = try Self.hostileAnalysis()
        let first = HTMLReport.html(OutputRun(analyses: [teams, hostile], info: run))
        let second = HTMLReport.html(OutputRun(analyses: [teams, hostile], info: run))
        #expect(first == second)
        #expect(first == HTMLReport.html(OutputRun(analyses: [hostile, teams], info: run)))
    }

    @Test("self-contained: no remote resources, one script of its own, the stable hooks present")
    func selfContained() throws {
        let (analysis, run) = try Self.teamsAnalysis()
        let html = HTMLReport.html(OutputRun(analyses: [analysis], info: run))
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        let remote = try Regex(#"(?i)(src|href|xlink:href|action|srcset)\s*=\s*["']?\s*(https?:)?//"#)
        #expect(html.firstMatch(of: remote) == nil, "no resource or link to another host")
        #expect(html.firstMatch(of: try Regex(#"(?i)url\(\s*["']?(https?:)?//"#)) == nil, "no remote url() in CSS")
        #expect(!html.contains("@import") && !html.contains("<link"))
        #expect(html.components(separatedBy: "<script").count == 2, "one script: the page's own, allowed by its hash")
        #expect(html.contains("@media print"))
        #expect(html.contains("id=\"checklist\""))
        #expect(html.contains("class=\"repository-card\""))
        #expect(html.contains("<svg id=\"team-flow-heatmap\""))
        #expect(html.contains("<svg class=\"monthly-chart\""))
        #expect(html.contains("id=\"barriers\""))
        let organisation = try #require(html.range(of: "<section id=\"organisation\""))
        let table = try #require(html.range(of: "id=\"repository-table\""))
        let checklist = try #require(html.range(of: "id=\"checklist\""))
        let card = try #require(html.range(of: "class=\"repository-card\""))
        #expect(organisation.lowerBound < table.lowerBound && table.lowerBound < checklist.lowerBound && checklist.lowerBound < card.lowerBound,
                "the organisation first, then the repository table, the checklist, and the cards")
        #expect(html.contains("What git cannot show"))
    }

    @Test("the monthly chart copes with no month and with one month")
    func monthlyEdges() throws {
        let none = HTMLReport.monthlyChart([], repository: "r", index: 0)
        #expect(none.contains("class=\"monthly-chart\"") && none.contains("no commits in the window") && !none.contains("NaN"))
        var june = MonthlyFigures(month: "2024-06")
        june.commits = 4
        june.crossTeamCommits = 1
        let one = HTMLReport.monthlyChart([june], repository: "r", index: 0)
        #expect(one.contains("<path class=\"line\"") && one.contains("2024-06") && one.contains("25.0%"))
        #expect(!one.contains("NaN") && !one.contains("inf"))
        // Volume beside share: a month of one cross-team commit is a pale point over a short bar, not a spike.
        var busy = MonthlyFigures(month: "2024-01"), lone = MonthlyFigures(month: "2024-02")
        (busy.commits, busy.crossTeamCommits, lone.commits, lone.crossTeamCommits) = (40, 10, 1, 1)
        let two = HTMLReport.monthlyChart([busy, lone], repository: "r", index: 0)
        #expect(two.contains("<path class=\"volume\" d=\"M88.8 200v-184h190.4v184zM360.8 200v-4.6h190.4v4.6z\">"), "bars: 40 and 1 commits on one scale (plot 544 × 184 from (48, 16), two slots of 272, bars 70% wide)")
        #expect(two.contains("<path class=\"points\" d=\"M184 154h0\"/>") && two.contains("<path class=\"points few\" d=\"M456 16h0\"/>"),
                "25% at 40 commits a full point, 100% at 1 commit a pale one")
        #expect(two.contains("2024-01: 25.0% of 40; 2024-02: 100.0% of 1") && two.contains(">40</text>"))
        let empty = HTMLReport.heatMap([])
        #expect(empty.contains("id=\"team-flow-heatmap\"") && empty.contains("no cross-team commits"))
    }

    // MARK: a real browser

    /// Chromium's path, installing it with scripts/ensure-chromium.sh when missing. Fails (never skips) when it cannot.
    static func chromium() throws -> String {
        let script = Package.root.appendingPathComponent("scripts/ensure-chromium.sh")
        let result = try Shell.run("/bin/bash", [script.path])
        let path = result.output.split(separator: "\n").last.map(String.init) ?? ""
        guard result.status == 0, FileManager.default.isExecutableFile(atPath: path) else {
            throw TestFailure("Chromium is needed for the browser test and could not be installed by scripts/ensure-chromium.sh "
                              + "(exit \(result.status)): \(result.errors.suffix(2000))")
        }
        return path
    }

    /// Runs headless Chromium on a file, with console logging on stderr; returns the rendered DOM and the stderr lines.
    static func render(_ chromium: String, _ file: URL) throws -> (dom: String, log: [String]) {
        let profile = try Fixture.temporaryFolder()
        let result = try Shell.run("/usr/bin/timeout", [
            "120", chromium, "--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr", "--v=0",
            "--user-data-dir=\(profile.path)", "--no-first-run", "--dump-dom", file.absoluteString,
        ])
        try #require(result.status == 0, "chromium exit \(result.status): \(result.errors.suffix(2000))")
        return (result.output, result.errors.split(separator: "\n").map(String.init))
    }

    /// The page's own console errors among Chromium's stderr.
    ///
    /// Filter: Chromium logs a page's console messages (uncaught exceptions, Content-Security-Policy violations,
    /// failed loads) as `...:CONSOLE:n] "message", source: URL (n)` (older builds: `CONSOLE(n)`). A line counts when it
    /// contains `CONSOLE`, `Uncaught` or `Refused to`. Every other line — D-Bus, GPU/VA-API, sandbox, fontconfig,
    /// UPower, bluetooth warnings and errors — is Chromium's own noise about the headless container, not the page.
    static func pageErrors(_ log: [String]) -> [String] {
        log.filter { $0.contains("CONSOLE") || $0.contains("Uncaught") || $0.contains("Refused to") }
    }

    @Test("headless Chromium renders the report: every section, the SVGs, and no console errors", .timeLimit(.minutes(15)))
    func browser() throws {
        let chromium = try Self.chromium()
        let (analysis, run) = try Self.teamsAnalysis()
        let folder = try Fixture.temporaryFolder()
        let report = folder.appendingPathComponent("report.html")
        try Data(HTMLReport.html(OutputRun(analyses: [analysis], info: run)).utf8).write(to: report)

        // The detector works: a page that throws is caught.
        let canary = folder.appendingPathComponent("canary.html")
        try Data("<!DOCTYPE html><html><body><p>canary</p><script>throw new Error('canary')</script></body></html>".utf8).write(to: canary)
        let canaryErrors = Self.pageErrors(try Self.render(chromium, canary).log)
        #expect(canaryErrors.contains { $0.contains("canary") }, "the filter sees a page's uncaught error")

        let (dom, log) = try Self.render(chromium, report)
        #expect(dom.contains("id=\"checklist\""), "checklist section rendered")
        #expect(dom.contains("class=\"badge verdict-"), "verdict badges rendered")
        #expect(dom.contains("class=\"repository-card\""), "a repository card rendered")
        #expect(dom.contains("<svg id=\"team-flow-heatmap\""), "heat map svg rendered")
        let cells = dom.components(separatedBy: "<g class=\"cell\"").count - 1
        #expect(cells > 0, "heat map has cells")
        #expect(dom.contains("<rect") && dom.contains("<title>"), "cells have shapes and tooltips")
        let chart = try #require(dom.range(of: "<svg class=\"monthly-chart\""), "a monthly chart rendered")
        let chartText = dom[chart.lowerBound...].prefix { _ in true }
        let chartEnd = try #require(chartText.range(of: "</svg>"))
        let svg = chartText[..<chartEnd.upperBound]
        #expect(svg.contains("<path class=\"line\"") && svg.contains("<path class=\"volume\""), "the monthly chart draws a line and the volume")
        #expect(dom.contains("<g id=\"monthly-frame\">"), "the charts' shared frame is in the page")
        #expect(dom.contains("id=\"barriers\""), "barriers section rendered")
        // Other teams' change requests against the owners': the table, and their waits as bars.
        let table = try #require(dom.range(of: "<table class=\"change-requests\""), "the change-request table rendered")
        #expect(dom[table.lowerBound...].prefix(2_000).contains("other teams") && dom[table.lowerBound...].prefix(2_000).contains("the owners"))
        let waits = try #require(dom.range(of: "<svg class=\"waits\""), "the wait bars rendered")
        #expect(dom[waits.lowerBound...].prefix(2_000).contains("class=\"wait-median\""), "median bars drawn")
        // The openness checks: a meter per check, filled to its score, or pale and empty when inconclusive.
        let checkRows = dom.components(separatedBy: "<tr class=\"openness-check\"").dropFirst()
        #expect(checkRows.count == OpennessChecks.all.count, "a bar per check")
        for check in try #require(analysis.openness).checks {
            let row = try #require(checkRows.first { $0.contains("data-check=\"\(check.id)\"") }, "\(check.id) shown")
            let bar = check.isConclusive ? "<meter min=\"0\" max=\"10\" value=\"\(check.score)\">" : "<meter class=\"inconclusive\""
            #expect(row.prefix(2_000).contains(bar), "\(check.id): \(bar)")
            #expect(row.prefix(2_000).contains(check.weightText), "\(check.id) shows its weight")
        }
        #expect(dom.contains("Openness <span class=\"score\">\(try #require(analysis.openness).aggregateText)/10</span>"))
        let errors = Self.pageErrors(log).filter { $0.contains(report.lastPathComponent) || !$0.contains("source: file://") }
        #expect(errors.isEmpty, "console errors: \(errors.joined(separator: "\n"))")
    }
}
