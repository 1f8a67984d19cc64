import InnerSourceModel
import Scoring
import Testing

private func person(_ key: String, _ team: String) -> TeamedPerson {
    TeamedPerson(key: key, identity: Identity(name: key.capitalized, email: key), team: Team(team))
}

private func commit(_ author: TeamedPerson, coAuthors: [TeamedPerson] = [], committer: TeamedPerson? = nil,
                    time: Int64 = 1_704_067_200, delay: Int64 = 0, merge: Bool = false, bot: Bool = false,
                    platform: Bool = false, inWindow: Bool = true, added: Int = 1) -> AttributedCommit {
    AttributedCommit(id: ObjectID(hex: String(repeating: "a", count: 40)), author: author, coAuthors: coAuthors,
                     committer: committer ?? author, authorTime: time, commitTime: time + delay, isMerge: merge,
                     isBot: bot, landedByPlatform: platform, inWindow: inWindow, linesAdded: added, linesDeleted: 0)
}

private let own = person("owner@x", "core"), other = person("guest@x", "web"), lone = person("lone@gmail.com", "unaffiliated")

/// Table tests of the pure cross-team scoring.
@Suite("Cross-team scoring")
struct CrossTeamTests {
    @Test("what makes a commit cross-team", arguments: [
        (commit(own), false),
        (commit(other), true),
        (commit(lone), false),
        (commit(own, coAuthors: [other]), true),
        (commit(own, coAuthors: [lone]), false),
        (commit(lone, coAuthors: [other]), true),
    ])
    func crossTeam(commit: AttributedCommit, expected: Bool) {
        #expect(CrossTeam.isCrossTeam(commit, owner: "core") == expected)
        #expect(!CrossTeam.isCrossTeam(commit, owner: nil), "no owner, no outsiders")
    }

    @Test("merges, bots and commits outside the window are counted apart")
    func counted() {
        let commits = [commit(own), commit(own, merge: true), commit(person("bot", "core"), bot: true),
                       commit(other, inWindow: false)]
        let figures = CrossTeam.figures(commits, owner: "core")
        #expect((figures.commits, figures.mergeCommits, figures.botCommits, figures.crossTeamCommits) == (1, 1, 1, 0))
        #expect(figures.contributors == 1)
    }

    @Test("more cross-team participation never lowers the share")
    func monotone() {
        var commits = [commit(own), commit(own), commit(other)]
        var previous = CrossTeam.figures(commits, owner: "core").crossTeamShare ?? 0
        for _ in 0..<5 {
            commits.append(commit(other))
            let share = CrossTeam.figures(commits, owner: "core").crossTeamShare ?? 0
            #expect(share >= previous)
            previous = share
        }
    }

    @Test("landing paths and the gatekeeper")
    func landing() {
        let lead = person("lead@x", "core")
        let commits = [
            commit(other, committer: lead, delay: 100),
            commit(other, committer: lead, delay: 300),
            commit(other, delay: 50),
            commit(other, committer: person("web@github", "github.com"), delay: 10, platform: true),
            commit(other, committer: person("third@x", "ops"), delay: 1000),
            commit(own, delay: 7), commit(own, delay: 9),
        ]
        let landing = CrossTeam.figures(commits, owner: "core").landing
        #expect((landing.ownerLanded, landing.selfLanded, landing.platformLanded, landing.other) == (2, 1, 1, 1))
        #expect(landing.busiestCommitter == "Lead@X <lead@x>")
        #expect(landing.busiestCommitterShare == 0.5)
        #expect(landing.outsiderMedianDelaySeconds == 200, "the platform-landed commit's 10 s says nothing of the wait")
        #expect(landing.ownerMedianDelaySeconds == 8)
        #expect(landing.platformDelaysLeftOut == 1)
    }

    @Test("everything landed through the platform: no delay to measure, not zero")
    func platformDelays() {
        let web = person("web@github", "github.com")
        let commits = [commit(other, committer: web, platform: true), commit(own, committer: web, platform: true)]
        let landing = CrossTeam.figures(commits, owner: "core").landing
        #expect(landing.outsiderMedianDelaySeconds == nil && landing.ownerMedianDelaySeconds == nil)
        #expect(landing.platformDelaysLeftOut == 2)
    }

    @Test("medians", arguments: [([], nil), ([5], 5), ([1, 9], 5), ([3, 1, 2], 2), ([4, 1, 3, 2], 2.5)] as [([Int64], Double?)])
    func median(values: [Int64], expected: Double?) {
        #expect(CrossTeam.median(values) == expected)
    }

    @Test("a person who changes team has a contributor row for each team")
    func teamChange() {
        let before = person("mia@x", "web"), after = person("mia@x", "core")
        let rows = CrossTeam.contributors([commit(before, time: 100, added: 3), commit(after, time: 200, added: 4),
                                           commit(after, time: 300, added: 5)])
        #expect(rows.map(\.team) == ["core", "web"])
        #expect(rows.map(\.commits) == [2, 1])
        #expect(rows.map(\.linesAdded) == [9, 3])
    }

    @Test("monthly rows cover quiet months; new contributors count first commits ever, window or not")
    func monthly() {
        let jan: Int64 = 1_704_067_200, mar: Int64 = 1_709_251_200, dec: Int64 = 1_701_388_800
        let commits = [commit(other, time: dec, inWindow: false), commit(own, time: jan), commit(other, time: mar),
                       commit(person("new@x", "core"), time: mar)]
        let months = CrossTeam.monthly(commits, owner: "core", through: mar)
        #expect(months.map(\.month) == ["2024-01", "2024-02", "2024-03"])
        #expect(months.map(\.commits) == [1, 0, 2])
        #expect(months.map(\.crossTeamCommits) == [0, 0, 1])
        #expect(months.map(\.newContributors) == [1, 0, 1], "guest's first commit was before the window")
    }

    @Test("monthly rows run through the window's end (the as-of month) as zeros; a future commit adds only its month")
    func monthlyThroughAsOf() {
        let jan: Int64 = 1_704_067_200, jun: Int64 = 1_717_200_000, nov2023: Int64 = 1_698_796_800
        let future: Int64 = 4_102_444_800  // 2100-01-01
        let months = CrossTeam.monthly([commit(own, time: jan)], owner: "core", through: jun)
        #expect(months.map(\.month) == ["2024-01", "2024-02", "2024-03", "2024-04", "2024-05", "2024-06"])
        #expect(months.map(\.commits) == [1, 0, 0, 0, 0, 0])
        let withSince = CrossTeam.monthly([commit(own, time: jan)], owner: "core", since: nov2023, through: jan)
        #expect(withSince.map(\.month) == ["2023-11", "2023-12", "2024-01"], "the window's start, not the first commit")
        let quiet = CrossTeam.monthly([], owner: "core", since: nov2023, through: jan)
        #expect(quiet.map(\.commits) == [0, 0, 0], "a quiet window is zeros, not nothing")
        #expect(CrossTeam.monthly([], owner: "core", through: jun).isEmpty, "no window start and no commit: no month")
        let skewed = CrossTeam.monthly([commit(own, time: jan), commit(own, time: future)], owner: "core", through: jan)
        #expect(skewed.map(\.month) == ["2024-01", "2100-01"])
    }

    @Test("team flows: commits per participating team, lines to the author's team, owner's own row")
    func flows() {
        var table = TeamFlowTable()
        table.add(repository: "r1", commits: [commit(own, coAuthors: [other], added: 5), commit(other, added: 2)], owner: "core")
        table.add(repository: "r2", commits: [commit(other, added: 1)], owner: "core")
        let flows = table.flows
        #expect(flows.map { "\($0.fromTeam)>\($0.toTeam)" } == ["core>core", "web>core"])
        #expect(flows.map(\.commits) == [1, 3])
        #expect(flows.map(\.linesAdded) == [5, 3])
        #expect(flows.map(\.repositories) == [1, 2])
        #expect(flows.map(\.contributors) == [1, 1])
    }

    /// A change request from `proposer`: landed at `landed`, else (pending or declined) last active at `last`.
    private func request(_ proposer: TeamedPerson, state: ChangeRequestState, newest: Int64, landed: Int64? = nil,
                         last: Int64? = nil) -> ChangeRequest {
        ChangeRequest(id: "r\(newest)", kind: landed == nil ? .pullRequest : .merge, number: nil, state: state, proposer: proposer,
                      coAuthors: [], crossTeam: proposer.team != "core", proposerIsBot: false, lander: nil, landedBy: nil,
                      reviewers: [], commits: 1, linesAdded: 1, linesDeleted: 0, opened: newest, newest: newest, landed: landed,
                      lastActivity: last)
    }

    @Test("team flows month by month: author dates, landings or last activity, quiet months as zeros, sums equal the run's")
    func monthlyFlows() {
        let jan: Int64 = 1_704_067_200, feb: Int64 = 1_706_745_600, mar: Int64 = 1_709_251_200, apr: Int64 = 1_711_929_600
        let nov2023: Int64 = 1_698_796_800, future: Int64 = 4_102_444_800  // 2100-01-01
        let second = person("second@x", "web")
        var table = TeamFlowTable()
        table.add(repository: "r1", commits: [commit(other, time: jan, added: 2), commit(second, time: mar, added: 3),
                                              commit(other, time: mar), commit(own, time: feb)], owner: "core")
        table.add(repository: "r2", commits: [commit(other, time: future)], owner: "core")
        // Opened in January, landed in February: February. Not landed: the month of its last activity.
        table.add(repository: "r1", changeRequests: [
            request(other, state: .landed, newest: jan, landed: feb + 7200),
            request(other, state: .declined, newest: jan, last: mar),
            request(second, state: .pending, newest: mar, last: apr),
        ], owner: "core")
        let months = table.monthlyFlows(minimumGroupSize: nil, since: nil, through: apr)
        #expect(months.map { "\($0.month) \($0.flow.fromTeam)>\($0.flow.toTeam)" } == [
            "2024-01 web>core", "2024-02 core>core", "2024-02 web>core", "2024-03 core>core", "2024-03 web>core",
            "2024-04 core>core", "2024-04 web>core", "2100-01 web>core",
        ], "each pair from its first month through the window's; the future month alone")
        let web = months.filter { $0.flow.fromTeam == "web" }.map(\.flow)
        #expect(web.map(\.commits) == [1, 0, 2, 0, 1])
        #expect(web.map(\.linesAdded) == [2, 0, 4, 0, 1])
        #expect(web.map(\.contributors) == [1, 0, 2, 0, 1], "a change request names no contributor")
        #expect(web.map(\.changeRequestsProposed) == [0, 1, 1, 1, 0])
        #expect(web.map(\.changeRequestsLanded) == [0, 1, 0, 0, 0])
        #expect(web.map(\.changeRequestsDeclined) == [0, 0, 1, 0, 0])
        #expect(web.map(\.medianWaitSeconds) == [nil, Double(feb + 7200 - jan), nil, nil, nil])
        #expect(web.map(\.repositories) == [1, 1, 1, 1, 1])
        // The months add up to the flows over the run (people and repositories are distinct, not summed).
        for total in table.flows {
            let rows = months.map(\.flow).filter { ($0.fromTeam, $0.toTeam) == (total.fromTeam, total.toTeam) }
            #expect(rows.map(\.commits).reduce(0, +) == total.commits)
            #expect(rows.map(\.linesAdded).reduce(0, +) == total.linesAdded)
            #expect(rows.map(\.changeRequestsProposed).reduce(0, +) == total.changeRequestsProposed)
            #expect(rows.map(\.changeRequestsLanded).reduce(0, +) == total.changeRequestsLanded)
            #expect(rows.map(\.changeRequestsDeclined).reduce(0, +) == total.changeRequestsDeclined)
        }
        #expect(table.flows.map(\.contributors) == [1, 2] && table.flows.map(\.repositories) == [1, 2])
        // A window start: every pair from it, quiet months before the first flow included.
        let windowed = table.monthlyFlows(minimumGroupSize: nil, since: nov2023, through: feb)
        #expect(windowed.filter { $0.flow.fromTeam == "core" }.map(\.month) == ["2023-11", "2023-12", "2024-01", "2024-02"])
        #expect(windowed.filter { $0.flow.fromTeam == "web" }.map(\.month) == ["2023-11", "2023-12", "2024-01", "2024-02", "2024-03",
                                                                             "2024-04", "2100-01"],
                "months after the window's end keep their own rows")
        // The minimum group size: person counts under it left out, row by row.
        let private2 = table.monthlyFlows(minimumGroupSize: 2, since: nil, through: apr).filter { $0.flow.fromTeam == "web" }
        #expect(private2.map(\.flow.contributors) == [nil, nil, 2, nil, nil])
        #expect(private2.map(\.flow.commits) == [1, 0, 2, 0, 1], "only person counts are left out")
    }

    @Test("monthly flows sorted by month, then contributing team, then owning team, as strings compare")
    func monthlyFlowOrder() {
        let names = ["web", "Web", "api", "Zeta", "\u{e9}quipe", "e\u{301}quipe2", "core", "core-2", "\u{5e7}", "10", "9", "a b"]
        let jan: Int64 = 1_704_067_200, day: Int64 = 86_400
        var table = TeamFlowTable()
        var generator = SplitMix(seed: 5)
        for (index, name) in names.enumerated() {
            let author = person("p\(index)@x", name)
            let commits = (0..<6).map { _ in commit(author, time: jan + Int64.random(in: 0..<400, using: &generator) * day) }
            table.add(repository: "r\(index % 3)", commits: commits, owner: Team(names[(index * 5) % names.count]))
        }
        let rows = table.monthlyFlows(minimumGroupSize: nil, since: nil, through: jan + 400 * day)
        #expect(rows.count > 100)
        for (earlier, later) in zip(rows, rows.dropFirst()) {
            #expect((earlier.month, earlier.flow.fromTeam, earlier.flow.toTeam) < (later.month, later.flow.fromTeam, later.flow.toTeam),
                    "\(earlier.month) \(earlier.flow.fromTeam)>\(earlier.flow.toTeam) before \(later.month) \(later.flow.fromTeam)>\(later.flow.toTeam)")
        }
    }
}
