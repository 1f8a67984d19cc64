import Attribution
import Foundation
import InnerSourceModel
import Pipeline
import Scoring
import Testing

/// AI agents, the third kind of identity (docs/DEFINITIONS.md, "Identities"): on the agents fixture
/// (fixtures/repos/agents.sh), whose answers were worked out by hand, and rule by rule.
@Suite("AI agents")
struct AgentTests {
    static func analyze(_ repository: URL, _ extra: [String] = []) throws -> (summary: [String: Any], out: URL) {
        let out = try Fixture.temporaryFolder().appendingPathComponent("out")
        let result = try Shell.innersource(["analyze", repository.path, "--out", out.path, "--as-of", "2024-06-01"] + extra)
        try #require(result.status == 0, "exit \(result.status): \(result.errors)")
        return (try jsonObject(Data(contentsOf: out.appendingPathComponent("summary.json"))), out)
    }

    static func lines(_ folder: URL, _ name: String) throws -> [String] {
        try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8).split(separator: "\r\n").map(String.init)
    }

    @Test("the fixture: no agent is a person or a team, agent-assisted commits per repository, month and team")
    func fixtureByHand() throws {
        let repository = try Fixture.make("agents")
        let (summary, out) = try Self.analyze(repository)
        let row = try #require((summary["repositories"] as? [[String: Any]])?.first)
        #expect(row["commits"] as? Int == 8)
        #expect(row["bot_commits"] as? Int == 1, "Devin alone is automation")
        let crossTeam = try #require(row["cross_team"] as? [String: Any])
        #expect(crossTeam["teams"] as? [String] == ["acme.test", "other.test", "search.test"])
        #expect(crossTeam["contributing_teams"] as? [String] == ["other.test", "search.test"])
        #expect(crossTeam["cross_team_commits"] as? Int == 4)
        #expect(crossTeam["agent_assisted_commits"] as? Int == 5)
        #expect(crossTeam["agent_assisted_cross_team_commits"] as? Int == 3)
        #expect(crossTeam["agent_assisted_cross_team_share"] as? Double == 0.75)

        let repositories = try Self.lines(out, "repositories.csv")
        #expect(repositories[0].hasSuffix(",status,error,agent_assisted_commits,agent_assisted_cross_team_commits,agent_assisted_cross_team_share"))
        #expect(repositories[1].hasSuffix(",ok,,5,3,0.7500"))
        #expect(try Self.lines(out, "monthly.csv") == [
            "repository,month,commits,cross_team_commits,contributors,teams,new_contributors,agent_assisted_commits",
            "agents,2024-01,2,0,1,1,1,1", "agents,2024-02,2,2,2,2,2,2", "agents,2024-03,3,2,2,2,0,2",
            "agents,2024-04,1,0,1,1,0,0", "agents,2024-05,0,0,0,0,0,0", "agents,2024-06,0,0,0,0,0,0",
        ])
        let flows = try Self.lines(out, "team_flows.csv")
        #expect(flows[0].hasSuffix(",median_wait_seconds,agent_assisted_commits"))
        let flowCells: [String] = flows.dropFirst().map { line in
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            return cells[0] + " " + cells[3] + " " + (cells.last ?? "")
        }
        #expect(flowCells == ["acme.test 5 3", "other.test 3 2", "search.test 1 1"])

        // Copilot's commit counts for Cora; Aider's suffix is Paula's own commit; agents are no contributors.
        let contributors = try Self.lines(out, "contributors.csv").dropFirst().map { $0.split(separator: ",").prefix(4).joined(separator: ",") }
        #expect(contributors == ["agents,Cora Search <cora@search.test>,search.test,1",
                                 "agents,Otto Other <otto@other.test>,other.test,2",
                                 "agents,Paula Pay <paula@acme.test>,acme.test,5"])
        // Change requests: no agent is a proposer's team; Devin's lone commit is a bot's request.
        let requests = try Self.lines(out, "change_requests.csv")
        let header = requests[0].split(separator: ",").map(String.init)
        let teamColumn = try #require(header.firstIndex(of: "proposer_team"))
        let teams = Set(requests.dropFirst().map { String($0.split(separator: ",", omittingEmptySubsequences: false)[teamColumn]) })
        #expect(teams == ["acme.test", "other.test", "search.test", "unaffiliated"])
        let metrics = try String(contentsOf: out.appendingPathComponent("metrics.prom"), encoding: .utf8).split(separator: "\n")
        #expect(metrics.contains("innersource_repository_agent_assisted_commits{repository=\"agents\"} 5"))
        #expect(metrics.contains("innersource_repository_agent_assisted_cross_team_commits{repository=\"agents\"} 3"))
        let all = try String(contentsOf: out.appendingPathComponent("team_flows.csv"), encoding: .utf8)
            + String(contentsOf: out.appendingPathComponent("contributors.csv"), encoding: .utf8)
        for domain in ["anthropic.com", "cursor.com", "users.noreply.github.com", "aider"] {
            #expect(!all.contains(domain), "\(domain) in the outputs")
        }
    }

    @Test("git's own trailers and authors agree with the agent-assisted count")
    func gitOracle() throws {
        let repository = try Fixture.make("agents")
        // Independent of AgentRules: the fixture's agents by their literal addresses and Aider's suffix.
        let log = try Shell.git(["-C", repository.path, "log", "--no-merges",
                                 "--format=%an <%ae>|%(trailers:key=Co-authored-by,valueonly,separator=;)"]).output
        let agentAddresses = ["noreply@anthropic.com", "cursoragent@cursor.com", "+copilot@users.noreply.github.com"]
        var assisted = 0, alone = 0
        for line in log.split(separator: "\n") {
            let parts = line.lowercased().split(separator: "|", omittingEmptySubsequences: false)
            let author = String(parts[0]), trailers = parts.count > 1 ? String(parts[1]) : ""
            if author.contains("devin-ai-integration[bot]") && trailers.isEmpty { alone += 1; continue }
            if agentAddresses.contains(where: { author.contains($0) || trailers.contains($0) }) || author.contains("(aider)") {
                assisted += 1
            }
        }
        let (summary, _) = try Self.analyze(repository)
        let row = try #require((summary["repositories"] as? [[String: Any]])?.first)
        #expect((row["cross_team"] as? [String: Any])?["agent_assisted_commits"] as? Int == assisted)
        #expect(row["bot_commits"] as? Int == alone)
    }

    @Test("--no-default-agents makes the agents' domains teams again; --agent adds one back")
    func options() throws {
        let repository = try Fixture.make("agents")
        let none = try Self.analyze(repository, ["--no-default-agents"]).summary
        let noneTeams = (((none["repositories"] as? [[String: Any]])?.first)?["cross_team"] as? [String: Any])?["teams"] as? [String]
        #expect(noneTeams == ["acme.test", "anthropic.com", "cursor.com", "other.test", "search.test"])
        let one = try Self.analyze(repository, ["--no-default-agents", "--agent", "noreply@anthropic.com"]).summary
        let row = try #require((one["repositories"] as? [[String: Any]])?.first)
        let crossTeam = try #require(row["cross_team"] as? [String: Any])
        #expect(crossTeam["teams"] as? [String] == ["acme.test", "cursor.com", "other.test", "search.test"])
        #expect(crossTeam["agent_assisted_commits"] as? Int == 2)
        #expect((one["options"] as? [String: Any])?["agent_patterns"] as? [String] == ["noreply@anthropic.com"])
        let standard = try Self.analyze(repository).summary
        #expect((standard["options"] as? [String: Any])?["agent_patterns"] as? [String] == AgentRules.defaultPatterns)
        #expect(none["configuration_digest"] as? String != standard["configuration_digest"] as? String)
    }

    @Test("the built-in patterns", arguments: [
        ("Claude Opus 4.7 (1M context)", "noreply@anthropic.com", AgentRules.Match.agent),
        ("Copilot", "198982749+Copilot@users.noreply.github.com", .agent),
        ("Cursor Agent", "cursoragent@cursor.com", .agent),
        ("Codex", "noreply@openai.com", .agent),
        ("devin-ai-integration[bot]", "158243242+devin-ai-integration[bot]@users.noreply.github.com", .agent),
        ("aider (anthropic/claude)", "noreply@aider.chat", .agent),
        ("Paula Pay (aider)", "paula@acme.test", .personWithAgent),
        ("google-labs-jules[bot]", "161369871+google-labs-jules[bot]@users.noreply.github.com", .agent),
        ("amazon-q-developer[bot]", "208079219+amazon-q-developer[bot]@users.noreply.github.com", .agent),
        ("Claude Monet", "claude@monet.example", .none),
        ("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", .none),
        ("Ann", "ann@openai.com", .none),
    ])
    func builtIn(name: String, email: String, expected: AgentRules.Match) {
        #expect(AgentRules.standard.match(Identity(name: name, email: email)) == expected)
    }

    static func record(author: Identity, committer: Identity? = nil, coAuthors: [Identity] = []) -> CommitRecord {
        let author = Signature(identity: author, time: 1_700_000_000, offsetMinutes: 0)
        return CommitRecord(id: ObjectID(lowercaseHex: String(repeating: "a", count: 40)), parents: [], author: author,
                            committer: committer.map { Signature(identity: $0, time: 1_700_000_000, offsetMinutes: 0) } ?? author,
                            summary: "Change", trailers: [], coAuthors: coAuthors, files: [])
    }

    @Test("attribution: co-author, author with a human, alone, committer")
    func attribution() {
        var attributor = Attributor()
        let ann = Identity(name: "Ann", email: "ann@corp.example"), bo = Identity(name: "Bo", email: "bo@corp.example")
        let claude = Identity(name: "Claude", email: "noreply@anthropic.com")
        let copilot = Identity(name: "Copilot", email: "198982749+Copilot@users.noreply.github.com")

        let coAuthored = attributor.attribute(Self.record(author: ann, coAuthors: [claude, bo]))
        #expect(coAuthored.agentAssisted && !coAuthored.isBot)
        #expect(coAuthored.people.map(\.key) == ["ann@corp.example", "bo@corp.example"])

        let byAgent = attributor.attribute(Self.record(author: copilot, coAuthors: [bo, ann]))
        #expect(byAgent.agentAssisted && !byAgent.isBot)
        #expect(byAgent.author.key == "bo@corp.example" && byAgent.author.team == Team("corp.example"))
        #expect(byAgent.coAuthors.map(\.key) == ["ann@corp.example"])

        let alone = attributor.attribute(Self.record(author: claude))
        #expect(alone.isBot && !alone.agentAssisted)
        #expect(alone.author.team.isUnaffiliated, "an agent's domain is never a team")

        let landed = attributor.attribute(Self.record(author: ann, committer: claude))
        #expect(landed.committerIsBot && !landed.agentAssisted)
        #expect(landed.committer.team.isUnaffiliated)

        let plain = attributor.attribute(Self.record(author: ann, coAuthors: [bo]))
        #expect(!plain.agentAssisted)

        var custom = Attributor(agents: AgentRules(extra: ["*@bots.corp.example"], defaults: false))
        let mine = custom.attribute(Self.record(author: ann, coAuthors: [claude, Identity(name: "Helper", email: "helper@bots.corp.example")]))
        #expect(mine.agentAssisted)
        #expect(mine.coAuthors.map(\.key) == ["noreply@anthropic.com"], "without the defaults Claude is a person")
    }

    @Test("a pipeline's agents: key, and its problems with their lines")
    func pipelineKey() {
        let text = "version: 1\nrepositories:\n  - path: /srv/git/app.git\nagents:\n  patterns: ['*@bots.corp.example']\n  defaults: false\noutputs: { dir: /tmp/out }\n"
        let result = PipelineFile.parse(text, file: "/etc/innersource/p.yml", environment: [:])
        #expect(result.value?.agentPatterns == ["*@bots.corp.example"])
        #expect(result.value?.defaultAgents == false)
        let broken = PipelineFile.parse("version: 1\nrepositories:\n  - path: /srv/git/app.git\nagents:\n  pattern: ['x']\n  defaults: maybe\noutputs: { dir: /tmp/out }\n",
                                        file: "p.yml", environment: [:])
        let problems = broken.problems.map(\.description)
        #expect(problems.contains { $0.contains("p.yml:5") && $0.contains("pattern") }, "\(problems)")
        #expect(problems.contains { $0.contains("p.yml:6") && $0.contains("agents.defaults") }, "\(problems)")
    }
}
