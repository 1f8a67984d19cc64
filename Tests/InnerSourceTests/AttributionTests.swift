@testable import Attribution
import Foundation
import InnerSourceModel
import Scoring
import Testing

/// Attribution end to end on the teams fixture, whose answers were worked out by hand.
@Suite("Teams, ownership and cross-team figures")
struct TeamsFixtureTests {
    static let teams = Package.fixtures.appendingPathComponent("teams")

    static func expected() throws -> [String: Any] {
        try jsonObject(Data(contentsOf: teams.appendingPathComponent("expected.json")))
    }

    static func run(_ repository: URL, _ extra: [String]) throws -> (summary: [String: Any], out: URL) {
        let out = try Fixture.temporaryFolder().appendingPathComponent("out")
        let result = try Shell.innersource(["analyze", repository.path, "--out", out.path, "--as-of", "2024-06-01"] + extra)
        try #require(result.status == 0, "exit \(result.status): \(result.errors)")
        return (try jsonObject(Data(contentsOf: out.appendingPathComponent("summary.json"))), out)
    }

    static func lines(_ folder: URL, _ name: String) throws -> [String] {
        try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            .split(separator: "\r\n").map(String.init)
    }

    /// Compares what `expected` lists, recursively, as text (so 0.5 and 0.50 agree, and JSON numbers too).
    static func expectSubset(_ expected: Any, _ actual: Any?, path: String) {
        if let object = expected as? [String: Any] {
            let actualObject = actual as? [String: Any]
            #expect(actualObject != nil, "\(path) is missing")
            for (key, value) in object { expectSubset(value, actualObject?[key], path: path + "." + key) }
        } else if let array = expected as? [Any] {
            #expect("\(array)" == "\(actual ?? "absent")", "\(path)")
        } else {
            #expect("\(expected)" == "\(actual ?? "absent")", "\(path)")
        }
    }

    @Test("with the YAML roster and aliases: the figures worked out by hand")
    func byHand() throws {
        let expected = try Self.expected()
        let repository = try Fixture.make("teams")
        let (summary, out) = try Self.run(repository, [
            "--roster", Self.teams.appendingPathComponent("roster.yml").path,
            "--aliases", Self.teams.appendingPathComponent("aliases.yml").path,
        ])
        let repositories = try #require(summary["repositories"] as? [[String: Any]])
        Self.expectSubset(try #require(expected["repository"]), repositories.first, path: "repository")

        let contributors = try Self.lines(out, "contributors.csv")
        #expect(Array(contributors.dropFirst()) == (expected["contributors_csv"] as? [String]))
        #expect(try Self.lines(out, "team_flows.csv") == (expected["team_flows_csv"] as? [String]))
        #expect(try Self.lines(out, "monthly.csv") == (expected["monthly_csv"] as? [String]))

        let row = try #require(try Self.lines(out, "repositories.csv").dropFirst().first)
        #expect(row.hasPrefix("teams,payments,codeowners,false,"))
        // Bus factor 3 (Mia, Otto, Paula: 2 commits each), elephant 1 (payments 4 of 7 affiliated commits),
        // truck factor 2 (Paula authors CODEOWNERS and README.md; then Mia, before Otto on the tie),
        // openness 62, its nine checks, and 4 barriers (see expected.json).
        #expect(row.contains(",8,0,1,6,3,4,0.5000,3,2,1,3,1,2,62,10,7,7,10,5,0,5,0,8,4,2024-01-10T10:00:00Z,2024-04-01T10:00:00Z,ok,"))
        let barriers = try Self.lines(out, "barriers.csv").dropFirst().map { $0.split(separator: ",").prefix(3).joined(separator: ",") }
        #expect(barriers == (expected["barriers"] as? [String]))
        let openness = try #require(repositories.first?["openness"] as? [String: Any])
        #expect(openness["score"] as? Int == (expected["openness_score"] as? Int))
    }

    @Test("the roster in YAML and the same roster in CSV give the same files")
    func yamlAndCSVAgree() throws {
        let repository = try Fixture.make("teams")
        let aliases = Self.teams.appendingPathComponent("aliases.yml").path
        let fromYAML = try Self.run(repository, ["--roster", Self.teams.appendingPathComponent("roster.yml").path,
                                                 "--aliases", aliases, "--owner", "payments"]).out
        let fromCSV = try Self.run(repository, ["--roster", Self.teams.appendingPathComponent("roster.csv").path,
                                                "--aliases", aliases, "--owner", "payments"]).out
        for file in ["repositories.csv", "contributors.csv", "team_flows.csv", "monthly.csv"] {
            let yaml = try Data(contentsOf: fromYAML.appendingPathComponent(file))
            let csv = try Data(contentsOf: fromCSV.appendingPathComponent(file))
            #expect(yaml == csv, "\(file) differs")
        }
    }

    @Test("without a roster the CSV roster still infers payments, not close")
    func inferredOwner() throws {
        let repository = try Fixture.make("teams")
        let (summary, _) = try Self.run(repository, ["--roster", Self.teams.appendingPathComponent("roster.csv").path])
        let owner = try #require(((summary["repositories"] as? [[String: Any]])?.first)?["owner"] as? [String: Any])
        #expect(owner["team"] as? String == "payments")
        #expect(owner["source"] as? String == "inferred", "a CSV roster names no CODEOWNERS handles")
        #expect(owner["close"] as? Bool == false, "platform's 3 commits are 75% of payments' 4")
        #expect(owner["runner_up"] as? String == "platform")
    }

    @Test("zero configuration: teams are e-mail domains, public providers and .local unaffiliated")
    func zeroConfiguration() throws {
        let repository = try Fixture.make("teams")
        let (summary, out) = try Self.run(repository, [])
        let row = try #require((summary["repositories"] as? [[String: Any]])?.first)
        let owner = try #require(row["owner"] as? [String: Any])
        #expect(owner["team"] as? String == "acme.test")
        #expect(owner["source"] as? String == "inferred")
        let crossTeam = try #require(row["cross_team"] as? [String: Any])
        #expect(crossTeam["cross_team_commits"] as? Int == 0)
        #expect(crossTeam["unaffiliated_commits"] as? Int == 2, "una@gmail.com and otto@laptop.local")
        #expect(row["bot_commits"] as? Int == 1)
        let teams = try Self.lines(out, "contributors.csv").dropFirst().map { $0.split(separator: ",")[2] }
        #expect(Set(teams) == ["acme.test", "unaffiliated"])
    }

    @Test("bots: extra patterns, and the built-in list switched off")
    func botOptions() throws {
        let repository = try Fixture.make("teams")
        let extra = try Self.run(repository, ["--bot", "una@*"]).summary
        #expect(((extra["repositories"] as? [[String: Any]])?.first)?["bot_commits"] as? Int == 2)
        let none = try Self.run(repository, ["--no-default-bots"]).summary
        #expect(((none["repositories"] as? [[String: Any]])?.first)?["bot_commits"] as? Int == 0)
        #expect(((none["repositories"] as? [[String: Any]])?.first)?["commits"] as? Int == 9)
    }

    @Test("a broken roster stops analyze with exit 2 and the file and line")
    func brokenRoster() throws {
        let folder = try Fixture.temporaryFolder()
        let roster = folder.appendingPathComponent("roster.yml")
        try Data("teams:\n  payments:\n    members:\n      - { email: a@x.test, from: someday }\n".utf8).write(to: roster)
        let result = try Shell.innersource(["analyze", Package.root.path, "--roster", roster.path])
        #expect(result.status == 2)
        #expect(result.errors.contains("roster.yml:4"), "\(result.errors)")
        #expect(result.errors.split(separator: "\n").count == 1, "one line: \(result.errors)")
        #expect(result.stdout.isEmpty)
        let reserved = folder.appendingPathComponent("reserved.csv")
        try Data("email,team,from,to\na@x.test,unaffiliated,,\n".utf8).write(to: reserved)
        let refused = try Shell.innersource(["analyze", Package.root.path, "--roster", reserved.path])
        #expect(refused.status == 2)
        #expect(refused.errors.contains("reserved"), "\(refused.errors)")
    }
}

/// Zero-configuration teams against a computation made with `git log` alone: authored commits per
/// e-mail domain must agree for every domain that is a team.
@Suite("Domain teams agree with git log")
struct DomainOracleTests {
    @Test(arguments: ["basic", "teams"])
    func domains(fixture: String) throws {
        let repository = try Fixture.make(fixture)
        let log = try Shell.git(["-C", repository.path, "log", "--no-merges", "--use-mailmap", "--format=%aE"]).output
        var git: [String: Int] = [:]
        for email in log.split(separator: "\n") {
            let domain = email.split(separator: "@").last.map { $0.lowercased() } ?? ""
            git[domain, default: 0] += 1
        }
        let out = try Fixture.temporaryFolder().appendingPathComponent("out")
        let result = try Shell.innersource(["analyze", repository.path, "--out", out.path, "--no-default-bots"])
        try #require(result.status == 0, "\(result.errors)")
        var ours: [String: Int] = [:]
        let rows = try String(contentsOf: out.appendingPathComponent("contributors.csv"), encoding: .utf8)
            .split(separator: "\r\n").dropFirst()
        for row in rows {
            let cells = row.split(separator: ",", omittingEmptySubsequences: false)
            ours[String(cells[2]), default: 0] += Int(cells[3]) ?? 0
        }
        let teams = ours.keys.filter { $0 != Team.unaffiliated.name }
        #expect(!teams.isEmpty)
        for team in teams { #expect(ours[team] == git[team] ?? 0, "\(team): ours \(ours[team] ?? 0), git \(git[team] ?? 0)") }
        let unaffiliated = git.filter { TeamResolver.domainTeam(of: "x@" + $0.key).isUnaffiliated }.values.reduce(0, +)
        #expect((ours[Team.unaffiliated.name] ?? 0) == unaffiliated)
    }
}

@Suite("Bots")
struct BotRuleTests {
    @Test("the built-in list", arguments: [
        ("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", true),
        ("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", true),
        ("github-actions[bot]", "41898282+github-actions[bot]@users.noreply.github.com", true),
        ("Renovate Bot", "bot@renovateapp.com", true),
        ("ci-bot", "ci-bot@corp.example", true),
        ("k8s-ci-robot", "k8s-ci-robot@users.noreply.github.com", true),
        ("Dependabot", "support@dependabot.com", true),
        ("Abbot Costello", "abbot@example.com", false),
        ("Robert Botham", "rbotham@example.com", false),
        ("GitHub", "noreply@github.com", false),
        ("Bors Johnson", "bors.johnson@example.com", false),
    ])
    func standard(name: String, email: String, isBot: Bool) {
        #expect(BotRules.standard.isBot(Identity(name: name, email: email)) == isBot)
    }

    @Test("the web-flow committer is the platform, not a bot")
    func webFlow() {
        #expect(BotRules.isWebFlow(Identity(name: "GitHub", email: "noreply@github.com")))
        #expect(!BotRules.isWebFlow(Identity(name: "Ann", email: "ann@github.com")))
    }

    @Test("globs: only * is special", arguments: [
        ("*[bot]", "x[bot]", true), ("*[bot]", "xb", false), ("a*c", "abc", true), ("a*c", "abd", false),
        ("*", "", true), ("a*b*c", "a-b-c", true), ("a*b*c", "acb", false), ("exact", "exact", true),
        ("ab*ab", "ab", false),
    ])
    func glob(pattern: String, text: String, matches: Bool) {
        #expect(BotRules(patterns: [pattern]).isBot(Identity(name: text, email: "")) == matches)
    }
}

@Suite("Domain teams")
struct DomainTeamTests {
    @Test(arguments: [
        ("ann@Corp.Example.com", "corp.example.com"), ("ann@gmail.com", "unaffiliated"),
        ("ann@yahoo.co.uk", "unaffiliated"), ("1+ann@users.noreply.github.com", "unaffiliated"),
        ("root@localhost", "unaffiliated"), ("ann@laptop.local", "unaffiliated"), ("no-at-sign", "unaffiliated"),
        ("ann@microsoft.com", "microsoft.com"), ("ann@redhat.com", "redhat.com"),
    ])
    func domain(email: String, team: String) {
        #expect(TeamResolver.domainTeam(of: email) == Team(team))
    }
}

@Suite("Ownership")
struct OwnershipTests {
    static let roster = Roster(teams: ["payments"], memberships: [TeamMembership(email: "lead@x.test", team: "payments")],
                               codeowners: ["@org/payments": "payments"])

    static func codeowners(_ text: String, path: String = "CODEOWNERS") -> [HeadDocument] {
        [HeadDocument(path: path, text: text, truncated: false)]
    }

    @Test("configuration wins")
    func configured() {
        let ownership = OwnershipResolver.resolve(configured: "search", documents: Self.codeowners("* @org/payments"),
                                                  roster: Self.roster, asOf: 0, commitsByTeam: ["a": 5])
        #expect(ownership.team == "search")
        #expect(ownership.source == .config)
    }

    @Test("the last * rule of CODEOWNERS, through the roster's handles or e-mails", arguments: [
        ("* @org/payments\n", "payments"),
        ("# owners\n*       @someone @org/Payments  # the team\n", "payments"),
        ("* @org/other\ndocs/ @org/docs\n* lead@x.test\n", "payments"),
        ("/** @org/payments\n", "payments"),
    ])
    func codeowners(text: String, team: String) {
        let ownership = OwnershipResolver.resolve(configured: nil, documents: Self.codeowners(text, path: ".github/CODEOWNERS"),
                                                  roster: Self.roster, asOf: 0, commitsByTeam: ["other": 9])
        #expect(ownership.team == Team(team))
        #expect(ownership.source == .codeowners)
        #expect(ownership.evidence.contains(".github/CODEOWNERS:"))
    }

    @Test("an unmapped CODEOWNERS falls back to inference and says so")
    func unmapped() {
        let ownership = OwnershipResolver.resolve(configured: nil, documents: Self.codeowners("* @org/ghosts"),
                                                  roster: Self.roster, asOf: 0, commitsByTeam: ["a": 10, "b": 9])
        #expect(ownership.team == "a")
        #expect(ownership.source == .inferred)
        #expect(ownership.close, "9 is 90% of 10")
        #expect(ownership.evidence.contains("names no team"))
    }

    @Test("inference: most commits, ties by name, unaffiliated never owns", arguments: [
        (["a": 10, "b": 8], "a", false), (["a": 10, "b": 9], "a", true), (["b": 4, "a": 4], "a", true),
        (["unaffiliated": 50, "a": 1], "a", false), ([:], nil, false), (["unaffiliated": 3], nil, false),
    ] as [([String: Int], String?, Bool)])
    func inferred(counts: [String: Int], team: String?, close: Bool) {
        let byTeam = Dictionary(uniqueKeysWithValues: counts.map { (Team($0.key), $0.value) })
        let ownership = OwnershipResolver.resolve(configured: nil, documents: [], roster: nil, asOf: 0, commitsByTeam: byTeam)
        #expect(ownership.team == team.map { Team($0) })
        #expect(ownership.close == close)
        #expect(ownership.source == .inferred)
    }
}

/// Reviewers of a commit, from its trailers, on their teams at the commit date.
@Suite("Commit reviewers")
struct CommitReviewerTests {
    @Test("Reviewed-by and Acked-by name the commit's reviewers once each; bots and other trailers are left out")
    func reviewers() throws {
        var attributor = Attributor()
        let author = Signature(identity: Identity.parse("Ann <ann@a.test>")!, time: 1_700_000_000, offsetMinutes: 0)
        let trailers = [
            Trailer(key: "Reviewed-by", value: "Rob <rob@b.test>"), Trailer(key: "Acked-by", value: "Ada <ada@c.test>"),
            Trailer(key: "reviewed-by", value: "Rob <rob@b.test>"), Trailer(key: "Signed-off-by", value: "Sig <sig@d.test>"),
            Trailer(key: "Reviewed-by", value: "dependabot[bot] <support@dependabot.com>"),
        ]
        let record = CommitRecord(id: ObjectID(hex: String(repeating: "a", count: 40)), parents: [], author: author, committer: author,
                                  summary: "A change", trailers: trailers, coAuthors: [], files: [])
        let commit = attributor.attribute(record)
        #expect(commit.reviewers.map(\.identity.email) == ["rob@b.test", "ada@c.test"])
        #expect(commit.reviewers.map(\.team.name) == ["b.test", "c.test"])
    }
}

/// The bot and agent matcher keeps its answers by text, shared by every copy of the same patterns.
@Suite("Identity patterns' answers")
struct IdentityPatternAnswersTests {
    @Test("each name or e-mail is matched once, copies share the answers, and every answer is the patterns'")
    func answersAreKeptAndShared() {
        let patterns = IdentityPatterns(["*[bot]", "ci-*@*", "renovate*"])
        let copy = patterns
        let cases: [(Identity, name: Bool, email: Bool)] = [
            (Identity(name: "dependabot[bot]", email: "49699333+dependabot[bot]@users.noreply.github.com"), true, false),
            (Identity(name: "Renovate Bot", email: "bot@renovateapp.com"), true, false),
            (Identity(name: "Ann", email: "ci-runner@example.com"), false, true),
            (Identity(name: "ANN", email: "ann@example.com"), false, false),
        ]
        for _ in 0..<2 {
            for (identity, name, email) in cases {
                #expect(patterns.matchesName(of: identity) == name, "\(identity)")
                #expect(copy.matchesEmail(of: identity) == email, "\(identity)")
            }
        }
        // "Ann" and "ANN" are one lower-cased text: seven texts in all, answered once each, whoever asked.
        #expect(patterns.answered == 7)
        #expect(copy.answered == 7)
        #expect(IdentityPatterns(["*[BOT]"]) == IdentityPatterns(["*[bot]"]))
        #expect(IdentityPatterns(["*[bot]"]).answered == 0)
        #expect(BotRules(patterns: ["*[bot]"]).isBot(Identity(name: "x[bot]", email: "")))
    }

    @Test("answers are kept by exact bytes: two spellings Swift calls equal keep their own answers, in either order")
    func answersFollowTheBytes() {
        let combining = Identity(name: "bota\u{30A}", email: ""), precomposed = Identity(name: "bot\u{E5}", email: "")
        #expect(combining.name == precomposed.name)
        for order in [[combining, precomposed], [precomposed, combining]] {
            let patterns = IdentityPatterns(["*bota*"])
            for identity in order {
                #expect(patterns.matchesName(of: identity) == (identity.name.utf8.count == 6), "\(Array(identity.name.utf8))")
            }
        }
    }
}
