import Attribution
import Foundation
import InnerSourceModel
@testable import Reporting
@testable import Scoring
import Testing

/// A generated organisation: repositories owned by a dozen teams, each with commits by its owners and by some
/// other teams, scored by the real scoring code (cross-team figures, team flows, barriers, openness) from a
/// template analysis of the teams fixture. Answers known by construction come from the commits made here.
enum GeneratedOrganisation {
    static let teams: [Team] = ["payments", "search", "web", "mobile", "data", "identity", "billing", "growth", "ops",
                                "security", "platform-infrastructure-observability", "docs"]

    static func person(_ index: Int, _ team: Team) -> TeamedPerson {
        let key = "\(team.name)-\(index)@example.com"
        return TeamedPerson(key: key, identity: Identity(name: "\(team.name.capitalized) \(index)", email: key), team: team)
    }

    /// A commit by `author` at `time`, landed `delay` seconds later by `lander`.
    static func commit(_ author: TeamedPerson, lander: TeamedPerson, time: Int64, delay: Int64) -> AttributedCommit {
        AttributedCommit(id: ObjectID(hex: String(repeating: "a", count: 40)), author: author, coAuthors: [], committer: lander,
                         authorTime: time, commitTime: time + delay, isMerge: false, isBot: false, landedByPlatform: false,
                         inWindow: true, linesAdded: 3, linesDeleted: 1)
    }

    /// One repository from its commits; `requests` are other teams' change requests (landed, declined) with
    /// the landed ones' waits, counted as the repository's change requests.
    static func repository(_ name: String, owner: Team, commits: [AttributedCommit], template: RepositoryAnalysis,
                           requests: (landed: Int, declined: Int, waits: [Int64])? = nil, busFactor: Int? = nil,
                           asOf: Int64) -> RepositoryAnalysis {
        var changeRequests = ChangeRequestFigures()
        if let requests {
            let ownLanded = commits.count { $0.author.team == owner }
            changeRequests.headsFound = requests.landed + requests.declined
            changeRequests.crossTeam = requests.landed + requests.declined
            changeRequests.crossTeamLanded = requests.landed
            changeRequests.crossTeamDeclined = requests.declined
            changeRequests.ownerLanded = ownLanded
            changeRequests.landed = requests.landed + ownLanded
            changeRequests.declined = requests.declined
            changeRequests.changeRequests = changeRequests.landed + requests.declined
            changeRequests.crossTeamShare = changeRequests.landed > 0 ? Double(requests.landed) / Double(changeRequests.landed) : nil
            let decided = requests.landed + requests.declined
            changeRequests.acceptanceRatio = decided > 0 ? Double(requests.landed) / Double(decided) : nil
            changeRequests.ownerAcceptanceRatio = ownLanded > 0 ? 1 : nil
            changeRequests.crossTeamWait = WaitFigures(requests.waits)
            changeRequests.ownerWait = WaitFigures([3_600])
            changeRequests.landing.outsiderMedianDelaySeconds = changeRequests.crossTeamWait.medianSeconds
            changeRequests.landing.ownerMedianDelaySeconds = 3_600
            changeRequests.landing.ownerLanded = requests.landed
        }
        var flows = TeamFlowTable()
        flows.add(repository: name, commits: commits, owner: owner)
        var months: [String: MonthlyFigures] = [:]
        for commit in commits {
            let month = UTCTime.month(commit.authorTime)
            months[month, default: MonthlyFigures(month: month)].commits += 1
            if CrossTeam.isCrossTeam(commit, owner: owner) { months[month, default: MonthlyFigures(month: month)].crossTeamCommits += 1 }
        }
        var concentration = template.concentration
        if let busFactor { concentration.busFactor = busFactor }
        let measured = RepositoryMeasurements(
            name: name, snapshot: template.snapshot, commitsWalked: commits.count, totals: template.totals,
            ownership: Ownership(team: owner, source: .config, evidence: "pipeline: \(owner.name)"),
            crossTeam: CrossTeam.figures(commits, owner: owner, changeRequests: changeRequests), concentration: concentration,
            rhythm: template.rhythm, contributors: template.contributors, monthly: months.values.sorted { $0.month < $1.month },
            teamFlows: flows, findings: [], hygiene: template.hygiene, rosterGiven: true, commitsByRosterPeople: commits.count,
            reviewedCommits: 0)
        return RepositoryAnalysis(scoring: measured, asOf: asOf, since: nil, until: nil)
    }

    /// `count` repositories over 24 months before `asOf`; every 97th could not be analysed.
    static func make(count: Int, template: RepositoryAnalysis, asOf: Int64, seed: UInt64 = 7) -> [RepositoryAnalysis] {
        var random = SplitMix(seed: seed)
        let month: Int64 = 30 * 86_400
        return (0..<count).map { index in
            let name = "org/repo-\(String(format: "%04d", index))"
            if index % 97 == 96 {
                var failed = template
                failed.name = name
                failed.failure = "the repository could not be opened (generated)"
                failed.teamFlows = TeamFlowTable()
                return failed
            }
            let owner = teams[index % teams.count]
            var commits: [AttributedCommit] = []
            for _ in 0..<Int.random(in: 4...40, using: &random) {
                let time = asOf - Int64.random(in: 1...(24 * month), using: &random)
                commits.append(commit(person(Int.random(in: 0...2, using: &random), owner), lander: person(0, owner), time: time, delay: 3_600))
            }
            for _ in 0..<Int.random(in: 0...3, using: &random) {
                let other = teams[Int.random(in: 0..<teams.count, using: &random)]
                guard other != owner else { continue }
                for _ in 0..<Int.random(in: 1...12, using: &random) {
                    let time = asOf - Int64.random(in: 1...(24 * month), using: &random)
                    commits.append(commit(person(Int.random(in: 0...2, using: &random), other), lander: person(0, owner), time: time,
                                          delay: Int64.random(in: 3_600...(12 * 86_400), using: &random)))
                }
            }
            let requests: (Int, Int, [Int64])? = index % 3 == 0 ? nil : {
                let landed = Int.random(in: 0...12, using: &random), declined = Int.random(in: 0...8, using: &random)
                return (landed, declined, (0..<landed).map { _ in Int64.random(in: 600...(20 * 86_400), using: &random) })
            }()
            return repository(name, owner: owner, commits: commits, template: template, requests: requests,
                              busFactor: Int.random(in: 1...6, using: &random), asOf: asOf)
        }
    }
}

/// The organisation view: its figures, trend, team balance and ranking as pure table tests, read back from the
/// run history, and on the page (parsed by python's html.parser, and in headless Chromium).
@Suite("Organisation view")
struct OrganisationTests {
    static let asOf: Int64 = 1_717_200_000  // 2024-06-01

    // MARK: pure figures

    @Test("the organisation's figures add up the repositories'; failed ones count apart", arguments: [
        ([RepositoryHeadline](), 0, 0, nil as Double?, nil as Double?, nil as Double?, nil as Double?),
        ([RepositoryHeadline(repository: "a", commits: 10, crossTeamCommits: 5, changeRequestsLanded: 4, crossTeamLanded: 1,
                             crossTeamDeclined: 3, crossTeamWaitMedianSeconds: 100),
          RepositoryHeadline(repository: "b", commits: 30, crossTeamCommits: 5, changeRequestsLanded: 6, crossTeamLanded: 3,
                             crossTeamDeclined: 1, crossTeamWaitMedianSeconds: 300),
          RepositoryHeadline(repository: "c", commits: 0),
          RepositoryHeadline(repository: "d", failed: true, commits: 99, crossTeamCommits: 99)],
         4, 1, 0.25, 0.4, 0.5, 200.0),
        ([RepositoryHeadline(repository: "a", commits: 4, crossTeamCommits: 1, crossTeamWaitMedianSeconds: 10),
          RepositoryHeadline(repository: "b", commits: 4, crossTeamCommits: 1, crossTeamWaitMedianSeconds: 20),
          RepositoryHeadline(repository: "c", commits: 4, crossTeamCommits: 1, crossTeamWaitMedianSeconds: 90)],
         3, 0, 0.25, nil, nil, 20.0),
    ])
    func figures(rows: [RepositoryHeadline], repositories: Int, failed: Int, commitShare: Double?, requestShare: Double?,
                 acceptance: Double?, wait: Double?) {
        let figures = OrganisationFigures.compute(rows, asOf: Self.asOf)
        #expect(figures.repositories == repositories)
        #expect(figures.failed == failed)
        #expect(figures.analysed == repositories - failed)
        #expect(figures.crossTeamCommitShare == commitShare)
        #expect(figures.crossTeamChangeRequestShare == requestShare)
        #expect(figures.acceptanceRatio == acceptance)
        #expect(figures.medianWaitSeconds == wait)
    }

    static func run(_ date: String, analysed: Int) -> OrganisationFigures {
        let parts = date.split(separator: "-").compactMap { Int64($0) }
        let asOf = UTCTime.seconds(year: parts[0], month: parts[1], day: parts[2])!
        return OrganisationFigures.compute((0..<analysed).map { RepositoryHeadline(repository: "r\($0)") }, asOf: asOf)
    }

    @Test("the trend: the previous run, and the newest run of each of the four quarters before this one's")
    func trend() {
        let current = Self.run("2024-06-01", analysed: 9)
        let history = [Self.run("2023-05-01", analysed: 1), Self.run("2023-08-01", analysed: 2), Self.run("2023-09-30", analysed: 3),
                       Self.run("2024-01-15", analysed: 5), Self.run("2024-03-31", analysed: 6), Self.run("2024-05-20", analysed: 7),
                       Self.run("2024-06-01", analysed: 99), Self.run("2024-07-01", analysed: 98)]
        let trend = OrganisationTrend.compute(current: current, history: history.reversed())
        #expect(trend.previous?.analysed == 7, "the newest run before this one's as-of; a re-run of the same as-of and later runs are not previous")
        #expect(trend.quarters.map(\.label) == ["2024-Q1", "2023-Q4", "2023-Q3", "2023-Q2"])
        #expect(trend.quarters.map { $0.figures?.analysed } == [6, nil, 3, 1])
        let first = OrganisationTrend.compute(current: current, history: [])
        #expect(first.previous == nil && first.quarters.allSatisfy { $0.figures == nil })
    }

    static func template() throws -> RepositoryAnalysis {
        try HTMLReportTests.teamsAnalysis().0
    }

    @Test("each team's balance: what it gives to whom, what it receives from whom, its acceptance and wait")
    func teamBalance() throws {
        let template = try Self.template()
        let (p, s, w) = (Team("payments"), Team("search"), Team("web"))
        func commits(_ team: Team, _ count: Int, owner: Team) -> [AttributedCommit] {
            (0..<count).map { GeneratedOrganisation.commit(GeneratedOrganisation.person(0, team), lander: GeneratedOrganisation.person(0, owner),
                                                           time: Self.asOf - 86_400 * Int64($0 + 1), delay: 60) }
        }
        var analyses = [
            GeneratedOrganisation.repository("pay-api", owner: p, commits: commits(p, 5, owner: p) + commits(s, 3, owner: p) + commits(w, 1, owner: p),
                                             template: template, asOf: Self.asOf),
            GeneratedOrganisation.repository("pay-web", owner: p, commits: commits(p, 2, owner: p) + commits(s, 2, owner: p), template: template, asOf: Self.asOf),
            GeneratedOrganisation.repository("search", owner: s, commits: commits(s, 4, owner: s) + commits(p, 1, owner: s), template: template, asOf: Self.asOf),
        ]
        // Change requests into payments' repositories: search's land after 100, 200 and 300 s, one declined; web's is
        // declined; payments' own (landed after 5 s) is not another team's.
        func request(_ team: Team, _ state: ChangeRequestState, wait: Int64 = 0) -> ChangeRequest {
            let proposer = GeneratedOrganisation.person(0, team)
            return ChangeRequest(id: UUID().uuidString, kind: .merge, number: nil, state: state, proposer: proposer, coAuthors: [],
                                 crossTeam: team != p, proposerIsBot: false, lander: state == .landed ? GeneratedOrganisation.person(0, p) : nil,
                                 landedBy: state == .landed ? .owner : nil, reviewers: [], commits: 1, linesAdded: 1, linesDeleted: 0,
                                 opened: Self.asOf - 1_000, newest: Self.asOf - 1_000, landed: state == .landed ? Self.asOf - 1_000 + wait : nil,
                                 lastActivity: Self.asOf - 1_000)
        }
        analyses[0].teamFlows.add(repository: "pay-api", changeRequests: [request(s, .landed, wait: 100), request(s, .landed, wait: 300),
                                                                          request(s, .declined), request(w, .declined), request(p, .landed, wait: 5)], owner: p)
        analyses[1].teamFlows.add(repository: "pay-web", changeRequests: [request(s, .landed, wait: 200)], owner: p)
        let balances = TeamBalance.compute(analyses)
        #expect(balances.map(\.team) == [p, s, w], "by volume: payments 1 given + 6 received, search 5 + 1, web 1")
        let payments = try #require(balances.first { $0.team == p })
        #expect((payments.givenCommits, payments.receivedCommits, payments.repositoriesOwned) == (1, 6, 2))
        #expect((payments.givenChangeRequests, payments.receivedChangeRequests) == (0, 5))
        #expect(payments.acceptanceRatio == 0.6, "3 of search's and web's 5 decided landed; its own are not counted")
        #expect(payments.medianWaitSeconds == 200, "the median of 100, 200 and 300 s")
        #expect(payments.givenTo.map(\.name) == ["search"])
        #expect(payments.receivedFrom.map { "\($0.name) \($0.commits)" } == ["search 5", "web 1"])
        let search = try #require(balances.first { $0.team == s })
        #expect(search.givenRepositories.map { "\($0.name) \($0.commits)" } == ["pay-api 3", "pay-web 2"])
        #expect(search.receivedFrom.map(\.name) == ["payments"])
        #expect(search.givenChangeRequests == 4 && search.givenTo.map { "\($0.name) \($0.commits)/\($0.changeRequests)" } == ["payments 5/4"])
        #expect(search.acceptanceRatio == nil, "nobody proposed a change request to search")
        let web = try #require(balances.first { $0.team == w })
        #expect((web.givenCommits, web.receivedCommits, web.repositoriesOwned) == (1, 0, 0))
        #expect(web.acceptanceRatio == nil && web.medianWaitSeconds == nil, "no change request to a team that owns nothing")
    }

    @Test("where to act: repositories with a barrier that other teams meet, most demand first, with evidence and remedy")
    func whereToAct() throws {
        let template = try Self.template()
        let owner = Team("payments")
        func analysis(_ name: String, landed: Int, declined: Int, waits: [Int64]) -> RepositoryAnalysis {
            let own = (0..<6).map { GeneratedOrganisation.commit(GeneratedOrganisation.person($0 % 3, owner), lander: GeneratedOrganisation.person(0, owner),
                                                                  time: Self.asOf - 86_400 * Int64($0 + 1), delay: 60) }
            return GeneratedOrganisation.repository(name, owner: owner, commits: own, template: template,
                                                    requests: (landed, declined, waits), asOf: Self.asOf)
        }
        let analyses = [
            analysis("declined-most", landed: 1, declined: 9, waits: [3_600]),          // low acceptance, demand 10
            analysis("slow", landed: 6, declined: 0, waits: Array(repeating: 9 * 86_400, count: 6)),  // slow acceptance, demand 6
            analysis("fine", landed: 8, declined: 1, waits: Array(repeating: 3_600, count: 8)),       // nothing
            analysis("declined-few", landed: 1, declined: 3, waits: [3_600]),           // low acceptance, demand 4
        ]
        let ranking = WhereToAct.rank(analyses)
        #expect(ranking.map(\.repository) == ["declined-most", "slow", "declined-few"])
        #expect(ranking.map(\.demand) == [10, 6, 4])
        let first = try #require(ranking.first)
        let barrier = try #require(first.barriers.first { $0.id == LowAcceptanceBarrier.id })
        #expect(barrier.evidence.hasPrefix("1 of the 10 cross-team change requests decided"))
        #expect(barrier.remedy == LowAcceptanceBarrier.remedy, "the remedy is the barrier's own")
        #expect(ranking[1].barriers.map(\.id).contains(SlowAcceptanceBarrier.id))
        #expect(Set(ranking.flatMap(\.barriers).map(\.id)).isSubset(of: Set(WhereToAct.barrierIDs)))
        #expect(WhereToAct.barrierIDs.allSatisfy { Barriers.barrier(id: $0) != nil }, "every barrier of the ranking is in the one registry")
    }

    @Test("the run's checklist names the repositories behind each verdict: no, partly, unknown, at most 8 each")
    func checklistNames() throws {
        let question = try #require(ReadinessQuestion.allCases.first { $0 != .sharedPlatform })
        func list(_ name: String, _ verdict: Verdict) -> Checklist {
            Checklist(scope: name, items: [ChecklistItem(question, verdict: verdict, evidence: [], nextStep: "do it")], cannotShow: [])
        }
        let lists = (0..<10).map { list("no-\(9 - $0)", .no) } + [list("partly-b", .partly), list("partly-a", .partly), list("unknown-a", .unknown),
                                                                  list("yes-a", .yes)]
        let item = try #require(Readiness.checklist(overall: [], repositoryLists: lists).items.first { $0.id == question })
        #expect(item.verdict == .partly)
        #expect(item.evidence == [
            "1 of 13 repositories answer yes, 10 no, 2 partly; 1 unknown",
            "answering no: no-0, no-1, no-2, no-3, no-4, no-5, no-6, no-7 and 2 more",
            "answering partly: partly-a, partly-b",
            "answering unknown: unknown-a",
        ])
    }

    // MARK: the run history

    @Test("the trend is read back from the database's run history; a first run says it has no previous figures")
    func history() throws {
        let template = try Self.template()
        let folder = try Fixture.temporaryFolder().path
        let (_, info) = try HTMLReportTests.teamsAnalysis()
        let earlier = Self.asOf - 40 * 86_400
        var firstInfo = info
        firstInfo.asOf = earlier
        let firstAnalyses = GeneratedOrganisation.make(count: 12, template: template, asOf: earlier, seed: 1)
        try OutputSet.write(OutputRun(analyses: firstAnalyses, info: firstInfo), formats: [.sqlite, .html], privacy: .none, to: folder)
        let firstPage = try String(contentsOfFile: folder + "/report.html", encoding: .utf8)
        #expect(firstPage.contains("First run: no previous figures."))

        let secondAnalyses = GeneratedOrganisation.make(count: 20, template: template, asOf: Self.asOf, seed: 2)
        try OutputSet.write(OutputRun(analyses: secondAnalyses, info: info), formats: [.sqlite, .html], privacy: .none, to: folder)
        let read = try RunHistory.organisationFigures(database: folder + "/innersource.sqlite", excluding: Self.asOf)
        let expected = OrganisationFigures.compute(firstAnalyses.map(RepositoryHeadline.init), asOf: earlier)
        #expect(read.count == 1)
        let back = try #require(read.first)
        #expect(back.asOf == expected.asOf && back.analysed == expected.analysed && back.failed == expected.failed)
        #expect(back.commits == expected.commits && back.crossTeamCommits == expected.crossTeamCommits)
        #expect(back.crossTeamLanded == expected.crossTeamLanded && back.crossTeamDeclined == expected.crossTeamDeclined)
        // Waits are stored in whole seconds.
        #expect(back.medianWaitSeconds.map { $0.rounded() } == expected.medianWaitSeconds.map { $0.rounded() })

        let page = try String(contentsOfFile: folder + "/report.html", encoding: .utf8)
        #expect(!page.contains("First run"))
        #expect(page.contains("Previous run (\(HTMLReport.date(earlier)))"))
        let now = OrganisationFigures.compute(secondAnalyses.map(RepositoryHeadline.init), asOf: Self.asOf)
        #expect(page.contains("<td class=\"num\">\(now.analysed)</td><td class=\"num\">\(expected.analysed)</td><td class=\"num change\">+\(now.analysed - expected.analysed)</td>"))
    }

    @Test("an unreadable database beside an html-only run: a notice, and the page says it has no previous figures")
    func unreadableHistory() throws {
        let template = try Self.template()
        let (_, info) = try HTMLReportTests.teamsAnalysis()
        let folder = try Fixture.temporaryFolder()
        let database = folder.appendingPathComponent("innersource.sqlite")
        try Data("not a database, just text\n".utf8).write(to: database)
        let notices = try OutputSet.write(OutputRun(analyses: GeneratedOrganisation.make(count: 3, template: template, asOf: Self.asOf), info: info),
                                          formats: [.html], privacy: .none, to: folder.path)
        #expect(notices.count == 1 && notices[0].hasPrefix("\(database.path): its run history could not be read (")
                && notices[0].hasSuffix("the report shows no previous figures"), "\(notices)")
        #expect(try String(contentsOf: folder.appendingPathComponent("report.html"), encoding: .utf8).contains("First run: no previous figures."))
        #expect(try Data(contentsOf: database) == Data("not a database, just text\n".utf8), "an html-only run leaves the database alone")
    }

    @Test("innersource run prints the organisation's headline, its change since the previous run, and where to act")
    func runSummary() throws {
        let org = try Organisation()
        let output = try Fixture.temporaryFolder().appendingPathComponent("out")
        let first = try org.run(into: output, ["--as-of", "2024-11-30"])
        #expect(first.status == 1, "two repositories of the fixture organisation fail: \(first.errors)")
        let firstLines = first.output.split(separator: "\n").map(String.init)
        #expect(firstLines.first?.contains("4 of 6 repositories analysed") == true, "\(first.output)")
        #expect(firstLines.count > 2 && firstLines[1].hasPrefix("organisation: cross-team ") && firstLines[1].hasSuffix("4 of 6 repositories analysed, 2 failed"),
                "\(first.output)")
        #expect(firstLines.count > 2 && firstLines[2] == "first run: no previous figures", "\(first.output)")
        #expect(first.output.contains("where to act"), "\(first.output)")

        // Keeping one run: the history read before this run replaced the database, as the page reads it.
        let second = try org.run(into: output, ["--history-keep", "1"])
        let lines = second.output.split(separator: "\n").map(String.init)
        #expect(lines.count > 2 && lines[2].hasPrefix("since the previous run (2024-11-30): change requests "), "\(second.output)")
        #expect(lines.count > 2 && lines[2].hasSuffix("analysed ±0, failed ±0"), "\(second.output)")
        let page = try String(contentsOf: output.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(page.contains("Previous run (2024-11-30)"))
        #expect(try RunHistory.organisationFigures(database: output.appendingPathComponent("innersource.sqlite").path,
                                                   excluding: 0).map { HTMLReport.date($0.asOf) } == ["2024-12-31"],
                "the database now keeps this run only")
    }

    // MARK: the page

    /// The page's structure as python's html.parser reads it: the repository table's rows, the cards, the
    /// heat map's cells, the headline figures and where-to-act items.
    static func parse(_ html: String) throws -> [String: Any] {
        let file = try Fixture.temporaryFolder().appendingPathComponent("page.html")
        try Data(html.utf8).write(to: file)
        let script = """
            import json, sys
            from html.parser import HTMLParser
            class Page(HTMLParser):
                def __init__(self):
                    super().__init__()
                    self.rows = []; self.cards = []; self.cells = []; self.figures = []; self.acts = []; self.teams = []
                    self.stack = []; self.scripts = 0; self.heat_from = set(); self.heat_to = set()
                def handle_starttag(self, tag, attrs):
                    a = dict(attrs); classes = (a.get('class') or '').split()
                    if tag == 'tr' and 'repository-row' in classes: self.rows.append(a)
                    if tag == 'details' and 'repository-card' in classes: self.cards.append({'id': a.get('id'), 'open': 'open' in a, 'repository': a.get('data-repository')})
                    if tag == 'g' and 'cell' in classes: self.cells.append({'from': a['data-from'], 'to': a['data-to'], 'commits': int(a['data-commits']), 'diagonal': 'diagonal' in classes})
                    if tag == 'tr' and 'headline-figure' in classes: self.figures.append(a['data-figure'])
                    if tag == 'li' and 'act' in classes: self.acts.append(a['data-repository'])
                    if tag == 'tr' and 'team-row' in classes: self.teams.append(a['data-team'])
                    if tag == 'script': self.scripts += 1
            page = Page(); page.feed(open(sys.argv[1], encoding='utf-8').read()); page.close()
            json.dump({'rows': len(page.rows), 'cards': page.cards, 'cells': page.cells, 'figures': page.figures,
                       'acts': page.acts, 'teams': page.teams, 'scripts': page.scripts}, sys.stdout)
            """
        let result = try Shell.run("/usr/bin/env", ["python3", "-c", script, file.path])
        try #require(result.status == 0, "html.parser: \(result.errors)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
    }

    @Test("the page: a table row and a collapsed card per repository, a square heat map with the diagonal apart")
    func page() throws {
        let template = try Self.template()
        let (_, info) = try HTMLReportTests.teamsAnalysis()
        let analyses = GeneratedOrganisation.make(count: 60, template: template, asOf: Self.asOf)
        let output = OutputRun(analyses: analyses, info: info)
        let html = HTMLReport.html(output)
        let parsed = try Self.parse(html)
        #expect(parsed["rows"] as? Int == 60)
        let cards = try #require(parsed["cards"] as? [[String: Any]])
        #expect(cards.count == 60)
        #expect(cards.allSatisfy { $0["open"] as? Bool == false }, "cards are collapsed")
        #expect(cards.map { $0["repository"] as? String } == output.analyses.map(\.name))
        #expect(parsed["scripts"] as? Int == 1)
        #expect(parsed["figures"] as? [String] == OrganisationText.figures.map(\.id))

        // The heat map: every team of the flows on both axes, one cell per pair, the diagonal marked apart.
        let cells = try #require(parsed["cells"] as? [[String: Any]])
        let teams = Set(output.teamFlows.flatMap { [$0.fromTeam.name, $0.toTeam.name] })
        #expect(teams.count == GeneratedOrganisation.teams.count)
        #expect(Set(cells.compactMap { $0["from"] as? String }) == teams)
        #expect(Set(cells.compactMap { $0["to"] as? String }) == teams)
        #expect(cells.count == teams.count * teams.count, "square")
        #expect(cells.allSatisfy { ($0["diagonal"] as? Bool) == (($0["from"] as? String) == ($0["to"] as? String)) })
        for flow in output.teamFlows {
            #expect(cells.contains { $0["from"] as? String == flow.fromTeam.name && $0["to"] as? String == flow.toTeam.name
                && $0["commits"] as? Int == flow.commits })
        }
        // The scale is set by the cross-team cells: the busiest of them is the darkest; the diagonal is grey.
        let busiest = try #require(output.teamFlows.filter { $0.fromTeam != $0.toTeam }.max { $0.commits < $1.commits })
        #expect(html.contains("data-from=\"\(busiest.fromTeam.name)\" data-to=\"\(busiest.toTeam.name)\" data-commits=\"\(busiest.commits)\"><title>")
                && html.contains("fill=\"\(HTMLReport.shade(1))\""))

        let summary = HTMLReport.summary(output)
        #expect(parsed["acts"] as? [String] == Array(summary.whereToAct.prefix(10).map(\.repository)))
        #expect(parsed["teams"] as? [String] == summary.teams.map(\.team.name))
        #expect(html.contains("First run: no previous figures."))
    }

    @Test("a heat map of many teams keeps the busiest 29 apart and adds the others up in one row and column")
    func manyTeams() {
        // Team t00 … t34: t<i> gives i + 1 commits to t00 and owns repositories with 100 commits of its own.
        let flows = (0..<35).flatMap { index -> [TeamFlow] in
            let team = Team(String(format: "t%02d", index))
            return [TeamFlow(fromTeam: team, toTeam: team, repositories: 1, commits: 100, linesAdded: 0, linesDeleted: 0, contributors: 1)]
                + (index == 0 ? [] : [TeamFlow(fromTeam: team, toTeam: "t00", repositories: 1, commits: index + 1, linesAdded: 0, linesDeleted: 0, contributors: 1)])
        }
        let (teams, cells) = HTMLReport.heatMapCells(flows)
        #expect(teams.count == HTMLReport.heatMapTeamLimit)
        #expect(teams.first == "t00" && teams[1] == "t34" && teams.last == "… 6 other teams", "busiest first: t00 receives, t34 gives most")
        #expect(cells.values.map(\.commits).reduce(0, +) == flows.map(\.commits).reduce(0, +), "every commit is in a cell")
        // t01 … t06 (2 to 7 commits each to t00) are the others.
        #expect(cells["… 6 other teams\u{0}t00"]?.commits == (2...7).reduce(0, +))
        #expect(cells["… 6 other teams\u{0}… 6 other teams"]?.commits == 600)
        let svg = HTMLReport.heatMap(flows)
        #expect(svg.components(separatedBy: "<g class=\"cell").count - 1 == 30 * 30)
    }

    /// A test script run after the page's own: it sorts the repository table by cross-team share (twice, to
    /// reverse) and filters it, and writes what it saw as JSON into `#test-result`. Allowed by adding its hash
    /// to the copy's Content-Security-Policy, so that the page's own script runs under the page's own policy.
    static let probe = """
        (function () {
          var table = document.getElementById('repository-table');
          function names() { return Array.prototype.filter.call(table.tBodies[0].rows, function (r) { return !r.hidden; })
            .map(function (r) { return r.cells[0].textContent; }); }
          var result = { loaded: names().length };
          var button = table.tHead.querySelector('button[data-column="2"]');
          button.click();
          result.ascending = names();
          result.ascendingSort = button.parentNode.getAttribute('aria-sort');
          button.click();
          result.descending = names();
          var filter = document.getElementById('repository-filter');
          filter.value = 'repo-004';
          filter.dispatchEvent(new Event('input'));
          result.filtered = names();
          result.shown = document.getElementById('repository-shown').textContent;
          var out = document.createElement('pre');
          out.id = 'test-result';
          out.textContent = JSON.stringify(result);
          document.body.appendChild(out);
        })();
        """

    @Test("1,000 repositories: under 5 MB, rendered by headless Chromium, sorted and filtered in the page", .timeLimit(.minutes(10)))
    func thousandRepositories() throws {
        let chromium = try HTMLReportTests.chromium()
        let template = try Self.template()
        let (_, info) = try HTMLReportTests.teamsAnalysis()
        let output = OutputRun(analyses: GeneratedOrganisation.make(count: 1_000, template: template, asOf: Self.asOf), info: info)
        let folder = try Fixture.temporaryFolder()
        try OutputSet.write(output, formats: [.html], privacy: .none, to: folder.path)
        let page = try Data(contentsOf: folder.appendingPathComponent("report.html"))
        #expect(page.count < 5_000_000, "report.html for 1,000 repositories: \(page.count) bytes")
        // The size is deterministic: the same run gives the same bytes.
        #expect(page == (try HTMLOutput.files(output, privacy: .none)[0].data))

        var html = String(decoding: page, as: UTF8.self)
        let probeHash = "sha256-" + Data(SHA256Hex.bytes(Digest.sha256Hex(Data(Self.probe.utf8)))).base64EncodedString()
        html = html.replacingOccurrences(of: "script-src '\(HTMLReport.scriptHash)'", with: "script-src '\(HTMLReport.scriptHash)' '\(probeHash)'")
        html = html.replacingOccurrences(of: "</body>", with: "<script>\(Self.probe)</script>\n</body>")
        let probed = folder.appendingPathComponent("probed.html")
        try Data(html.utf8).write(to: probed)
        let started = Date()
        let (dom, log) = try HTMLReportTests.render(chromium, probed)
        let seconds = Date().timeIntervalSince(started)
        // A generous sanity bound only (a shared, noisy machine): the measured figure goes to docs/PERFORMANCE.md.
        #expect(seconds < 90, "Chromium took \(seconds) s to load and dump the page")
        let errors = HTMLReportTests.pageErrors(log)
        #expect(errors.isEmpty, "console errors: \(errors.joined(separator: "\n"))")
        #expect(dom.components(separatedBy: "class=\"repository-card\"").count - 1 == 1_000)
        #expect(dom.contains("id=\"team-flow-heatmap\"") && dom.contains("id=\"organisation-chart\""))

        let start = try #require(dom.range(of: "<pre id=\"test-result\">"), "the probe ran: the page's script did not stop it")
        let end = try #require(dom[start.upperBound...].range(of: "</pre>"))
        let json = String(dom[start.upperBound..<end.lowerBound]).replacingOccurrences(of: "&quot;", with: "\"")
            .replacingOccurrences(of: "&amp;", with: "&")
        let result = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(result["loaded"] as? Int == 1_000)
        #expect(result["ascendingSort"] as? String == "ascending")
        // Expected orders by construction: the headline share, empty values last, ties in name order.
        let measured = output.analyses.map { ($0.name, $0.measured?.crossTeam.contributions.crossTeamShare) }
        let withShare = measured.filter { $0.1 != nil }, without = measured.filter { $0.1 == nil }.map(\.0)
        let ascending = withShare.enumerated().sorted { ($0.element.1!, $0.offset) < ($1.element.1!, $1.offset) }.map(\.element.0) + without
        let descending = withShare.enumerated().sorted { ($1.element.1!, $0.offset) < ($0.element.1!, $1.offset) }.map(\.element.0) + without
        #expect(result["ascending"] as? [String] == ascending)
        #expect(result["descending"] as? [String] == descending)
        let filtered = output.analyses.map(\.name).filter { $0.contains("repo-004") }
        #expect(Set(result["filtered"] as? [String] ?? []) == Set(filtered))
        #expect(result["shown"] as? String == "\(filtered.count) shown")
        print("1,000-repository report: \(page.count) bytes; Chromium load and dump: \(String(format: "%.1f", seconds)) s")
    }

    @Test("the page allows its one script by hash, and nothing else")
    func scriptHash() throws {
        let digest = Data(SHA256Hex.bytes(Digest.sha256Hex(Data(HTMLReport.script.utf8))))
        #expect(HTMLReport.scriptHash == "sha256-" + digest.base64EncodedString())
        let (analysis, run) = try HTMLReportTests.teamsAnalysis()
        let html = HTMLReport.html(OutputRun(analyses: [analysis], info: run))
        #expect(html.contains("script-src '\(HTMLReport.scriptHash)'"))
        #expect(html.components(separatedBy: "<script").count == 2)
        #expect(html.contains("<script>\(HTMLReport.script)</script>"))
    }
}

/// Hex text to bytes, for comparing digests.
enum SHA256Hex {
    static func bytes(_ hex: String) -> [UInt8] {
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            bytes.append(UInt8(hex[index..<next], radix: 16) ?? 0)
            index = next
        }
        return bytes
    }
}
