import InnerSourceModel
@testable import Scoring
import Testing

/// Figures the openness and readiness tests build on.
enum OpennessScoreTests {
    static func figures(commits: Int, crossTeam: Int, teams: [Team] = ["web"], ownerLanded: Int = 0) -> CrossTeamFigures {
        var figures = CrossTeamFigures()
        figures.commits = commits
        figures.crossTeamCommits = crossTeam
        figures.crossTeamShare = commits > 0 ? Double(crossTeam) / Double(commits) : nil
        figures.contributingTeams = crossTeam > 0 ? teams : []
        figures.landing.ownerLanded = min(ownerLanded, crossTeam)
        figures.landing.selfLanded = crossTeam - min(ownerLanded, crossTeam)
        return figures
    }

    static func concentration(bus: Int?, truck: Int?) -> ConcentrationFigures {
        var figures = ConcentrationFigures()
        figures.busFactor = bus
        figures.truckFactor = truck
        return figures
    }
}

@Suite("Readiness checklist")
struct ReadinessTests {
    static func input(_ name: String, commits: Int = 20, crossTeam: Int = 0, ownerLanded: Int = 0, docs: DocumentationSignals = DocumentationSignals(),
                      remotes: [String] = [], roster: Bool = false, ours: Int = 0, core: Int = 2, truck: Int? = 2,
                      landers: [String] = ["Lea Lander <lea@x.test>", "Ray Lander <ray@x.test>"]) -> ReadinessInput {
        var cross = OpennessScoreTests.figures(commits: commits, crossTeam: crossTeam, ownerLanded: ownerLanded)
        cross.commits = commits
        var concentration = OpennessScoreTests.concentration(bus: 2, truck: truck)
        concentration.core = (0..<core).map { "p\($0)" }
        concentration.landers = landers
        var rhythm = WorkRhythm()
        rhythm.outsideWorkingHoursShare = 0.05
        rhythm.weekendShare = 0
        return ReadinessInput(repository: name, crossTeam: cross, concentration: concentration, rhythm: rhythm, documentation: docs,
                              remotes: remotes, rosterGiven: roster, commitsByRosterPeople: ours, reviewedCommits: 0)
    }

    static func answer(_ list: Checklist, _ id: String) -> Verdict? { list.items.first { $0.id.rawValue == id }?.verdict }

    static var goodDocs: DocumentationSignals {
        var docs = DocumentationSignals()
        docs.readme = .adequate
        docs.contributing = .adequate
        docs.tests = true
        docs.ciSystems = ["GitHub Actions"]
        docs.buildDocumented = true
        docs.codeownersDefaultRule = true
        docs.openSourceLicense = true
        return docs
    }

    @Test("every question answered, with evidence and a next step")
    func complete() {
        let list = Readiness.checklist(for: Self.input("r"))
        #expect(list.items.map(\.id) == ReadinessQuestion.allCases)
        #expect(list.items.allSatisfy { !$0.evidence.isEmpty && !$0.nextStep.isEmpty })
        #expect(list.cannotShow.contains { $0.contains("Declined contributions") })
    }

    @Test("open culture: yes with docs, cross-team work and owners landing it; no without any")
    func openCulture() {
        #expect(Self.answer(Readiness.checklist(for: Self.input("r", crossTeam: 5, ownerLanded: 3, docs: Self.goodDocs)), "open_culture") == .yes)
        #expect(Self.answer(Readiness.checklist(for: Self.input("r")), "open_culture") == .no)
        #expect(Self.answer(Readiness.checklist(for: Self.input("r", crossTeam: 5)), "open_culture") == .partly)
        #expect(Self.answer(Readiness.checklist(for: Self.input("r", commits: 0)), "resourcing") == .unknown, "no commits, nothing to say")
    }

    /// Documents alone said yes to "is our culture open?" for a repository with no commit in the window.
    @Test("no commit in the window: every answer that needs history is unknown", arguments: [
        "open_culture", "resourcing", "practice_open_collaboration", "practice_core_team",
    ])
    func emptyWindow(question: String) {
        let list = Readiness.checklist(for: Self.input("r", commits: 0, docs: Self.goodDocs))
        #expect(Self.answer(list, question) == .unknown)
        #expect(list.items.first { $0.id.rawValue == question }?.evidence.contains(Readiness.noHistory) == true)
    }

    @Test("no commit in the window: tests, CI and the build are still answered, from HEAD")
    func emptyWindowHead() {
        let list = Readiness.checklist(for: Self.input("r", commits: 0, docs: Self.goodDocs))
        #expect(Self.answer(list, "practice_modular_testable") == .yes)
        var docs = Self.goodDocs
        docs.openSourceLicense = true
        #expect(Self.answer(Readiness.checklist(for: Self.input("r", commits: 0, docs: docs, roster: true)), "open_source") == .unknown,
                "no commit, so no commit by our people either")
    }

    /// The onion's core (people making 80% of commits) was reported as "46 core maintainer(s)".
    @Test("resourcing rests on the maintainers git can show; the onion is supporting evidence only")
    func maintainers() {
        let crowd = Self.input("r", core: 46, landers: [])
        let list = Readiness.checklist(for: crowd)
        let evidence = list.items.first { $0.id == .resourcing }?.evidence ?? []
        #expect(evidence.contains { $0.hasPrefix("no: 0 maintainers git can show") }, "\(evidence)")
        #expect(evidence.contains("note: 46 people made 80% of the commits (the onion's core), 0 the next 15%, 0 the rest"))
        #expect(!evidence.joined().contains("core maintainer"))
        var docs = DocumentationSignals()
        docs.namedMaintainers = ["@olga", "lea@x.test"]
        let named = Readiness.checklist(for: Self.input("r", docs: docs, landers: ["Lea Lander <lea@x.test>"]))
        let line = named.items.first { $0.id == .resourcing }?.evidence.first ?? ""
        #expect(line.hasPrefix("yes: 2 maintainers git can show"), "Lea counts once: \(line)")
        #expect(line.contains("@olga") && line.contains("Lea Lander"))
    }

    @Test("open source (a licence or a public host): unknown without a roster; yes or no with one")
    func openSource() {
        let remote = ["https://token@github.com/acme/tool.git"]
        var closed = Self.goodDocs
        closed.openSourceLicense = false
        #expect(Self.answer(Readiness.checklist(for: Self.input("r", docs: closed, remotes: ["https://git.corp/x"], roster: true, ours: 3)), "open_source") == .unknown,
                "neither licensed open source nor on a public host")
        #expect(Self.answer(Readiness.checklist(for: Self.input("r", docs: Self.goodDocs)), "open_source") == .unknown)
        #expect(Self.answer(Readiness.checklist(for: Self.input("r", docs: Self.goodDocs, remotes: remote)), "open_source") == .unknown)
        #expect(Self.answer(Readiness.checklist(for: Self.input("r", docs: Self.goodDocs, remotes: remote, roster: true, ours: 3)), "open_source") == .yes)
        #expect(Self.answer(Readiness.checklist(for: Self.input("r", docs: Self.goodDocs, remotes: remote, roster: true)), "open_source") == .no)
        #expect(Self.answer(Readiness.checklist(for: Self.input("r", docs: closed, remotes: remote, roster: true, ours: 3)), "open_source") == .yes,
                "a public host is enough")
        #expect(Self.answer(Readiness.checklist(for: Self.input("r", docs: Self.goodDocs, remotes: ["/srv/x"], roster: true, ours: 2)), "open_source") == .yes,
                "an open-source licence is enough")
    }

    @Test("hosts of remote URLs", arguments: [
        ("https://github.com/a/b.git", "github.com"), ("ssh://git@gitlab.example.com:2222/a/b", "gitlab.example.com"),
        ("git@bitbucket.org:a/b.git", "bitbucket.org"), ("/srv/git/a.git", nil), ("https://GitHub.com/a", "github.com"),
        ("file:///srv/git/a.git", nil),
    ] as [(String, String?)])
    func hosts(url: String, host: String?) {
        #expect(Readiness.host(of: url) == host)
    }

    @Test("one shared platform is a run-level answer")
    func platform() {
        var one = Self.goodDocs, other = Self.goodDocs
        other.ciSystems = ["Jenkins"]
        let same = [Self.input("a", docs: one, remotes: ["https://git.corp/a"]), Self.input("b", docs: one, remotes: ["https://git.corp/b"])]
        #expect(Self.answer(Readiness.checklist(overall: same, repositoryLists: same.map(Readiness.checklist(for:))), "shared_platform") == .yes)
        one.ciSystems = ["GitHub Actions"]
        let mixed = [Self.input("a", docs: one, remotes: ["https://github.com/a"]), Self.input("b", docs: other, remotes: ["https://git.corp/b"]),
                     Self.input("c", docs: other, remotes: ["https://gitlab.com/c"])]
        #expect(Self.answer(Readiness.checklist(overall: mixed, repositoryLists: mixed.map(Readiness.checklist(for:))), "shared_platform") == .no)
        #expect(Self.answer(Readiness.checklist(for: same[0]), "shared_platform") == .unknown)
    }

    /// Local paths gave "hosts: none" beside a yes.
    @Test("hosts unknown (local paths, file://) is not one host")
    func platformUnknownHosts() {
        let docs = Self.goodDocs
        let local = [Self.input("a", docs: docs, remotes: ["/srv/git/a.git"]), Self.input("b", docs: docs, remotes: ["file:///srv/git/b.git"])]
        let list = Readiness.checklist(overall: local, repositoryLists: local.map(Readiness.checklist(for:)))
        #expect(Self.answer(list, "shared_platform") == .unknown)
        #expect(list.items.first { $0.id == .sharedPlatform }?.evidence.contains("hosts: unknown (no remote, or only local paths)") == true)
        var jenkins = docs, circle = docs
        jenkins.ciSystems = ["Jenkins"]
        circle.ciSystems = ["CircleCI"]
        let varied = local + [Self.input("c", docs: jenkins), Self.input("d", docs: circle)]
        #expect(Self.answer(Readiness.checklist(overall: varied, repositoryLists: varied.map(Readiness.checklist(for:))), "shared_platform") == .no,
                "three CI systems show a variety, hosts or not")
    }

    @Test("the run's answer: yes only when every repository says yes")
    func overall() {
        let good = Self.input("good", crossTeam: 5, ownerLanded: 3, docs: Self.goodDocs)
        let bad = Self.input("bad")
        let both = [good, bad]
        let list = Readiness.checklist(overall: both, repositoryLists: both.map(Readiness.checklist(for:)))
        #expect(Self.answer(list, "open_culture") == .partly)
        #expect(list.items.first { $0.id == .openCulture }?.evidence.contains { $0.contains("bad") } == true)
        let onlyGood = Readiness.checklist(overall: [good], repositoryLists: [Readiness.checklist(for: good)])
        #expect(Self.answer(onlyGood, "open_culture") == .yes)
    }
}
