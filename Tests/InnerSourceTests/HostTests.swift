import Attribution
import Foundation
import InnerSourceModel
import Pipeline
import Testing

/// Code hosts' own identities (docs/DEFINITIONS.md, "Teams"): noreply addresses of github.com, Enterprise
/// Server and GitLab, platform committers, and rosters' logins, on the hosts fixture (fixtures/repos/hosts.sh).
@Suite("Code hosts: noreply addresses, platform committers, logins")
struct HostTests {
    static let roster = Package.fixtures.appendingPathComponent("hosts/roster.yml").path
    static let rosterCSV = Package.fixtures.appendingPathComponent("hosts/roster.csv").path
    static let configured = ["--noreply-host", "private.gitlab.corp.example", "--platform-committer", "noreply@github.corp.example"]

    static func analyze(_ repository: URL, _ extra: [String]) throws -> (summary: [String: Any], out: URL) {
        let out = try Fixture.temporaryFolder().appendingPathComponent("out")
        let result = try Shell.innersource(["analyze", repository.path, "--out", out.path, "--as-of", "2024-06-01"] + extra)
        try #require(result.status == 0, "exit \(result.status): \(result.errors)")
        return (try jsonObject(Data(contentsOf: out.appendingPathComponent("summary.json"))), out)
    }

    /// `contributor,team` of contributors.csv.
    static func contributors(_ out: URL) throws -> [String] {
        try String(contentsOf: out.appendingPathComponent("contributors.csv"), encoding: .utf8).split(separator: "\r\n")
            .dropFirst().map { $0.split(separator: ",").dropFirst().prefix(2).joined(separator: ",") }
    }

    /// `proposer,landed_by` of change_requests.csv.
    static func landings(_ out: URL) throws -> [String] {
        let rows = try String(contentsOf: out.appendingPathComponent("change_requests.csv"), encoding: .utf8).split(separator: "\r\n")
        let header = rows[0].split(separator: ",").map(String.init)
        let proposer = try #require(header.firstIndex(of: "proposer")), landed = try #require(header.firstIndex(of: "landed_by"))
        return rows.dropFirst().map {
            let cells = $0.split(separator: ",", omittingEmptySubsequences: false)
            return "\(cells[proposer].split(separator: " <")[0]) \(cells[landed])"
        }
    }

    @Test("domain mode: every noreply address is unaffiliated, the configured host's too")
    func domainMode() throws {
        let repository = try Fixture.make("hosts")
        let plain = try Self.analyze(repository, []).out
        #expect(try Self.contributors(plain) == [
            "Alice Search <1001+alice@users.noreply.github.com>,unaffiliated",
            "Bob Search <Bob-S@users.noreply.github.com>,unaffiliated",
            "Carol Platform <2002+carol@users.noreply.github.corp.example>,unaffiliated",
            "Dave Platform <3003-dave@users.noreply.gitlab.corp.example>,unaffiliated",
            "Erin Search <4004-erin@private.gitlab.corp.example>,private.gitlab.corp.example",
            "Paula Pay <paula@corp.example>,corp.example",
            "Seed maintainers <maintainers@users.noreply.r-seed-1f1ab008.example>,unaffiliated",
        ])
        let (summary, out) = try Self.analyze(repository, Self.configured)
        #expect(try Self.contributors(out).filter { !$0.hasSuffix(",unaffiliated") } == ["Paula Pay <paula@corp.example>,corp.example"])
        let options = try #require(summary["options"] as? [String: Any])
        #expect(options["platform_committers"] as? [String] == ["noreply@github.com", "noreply@gitlab.com", "noreply@github.corp.example"])
        #expect(options["noreply_hosts"] as? [String] == ["private.gitlab.corp.example"])
    }

    @Test("platform committers: github.com's and gitlab.com's by default, an Enterprise Server's when configured")
    func platformCommitters() throws {
        let repository = try Fixture.make("hosts")
        let plain = try Self.analyze(repository, ["--roster", Self.roster]).out
        #expect(try Self.landings(plain) == ["Paula Pay self", "Alice Search platform", "Bob Search self", "Carol Platform other",
                                             "Dave Platform platform", "Erin Search self", "Seed maintainers self"])
        let configured = try Self.analyze(repository, ["--roster", Self.roster] + Self.configured).out
        #expect(try Self.landings(configured)[3] == "Carol Platform platform")
        let standard = try Self.analyze(repository, []).summary
        #expect((standard["options"] as? [String: Any])?["platform_committers"] as? [String] == PlatformIdentities.defaultCommitters)
    }

    @Test("a roster's logins: each host's noreply commit is the member, CODEOWNERS' @user too; YAML and CSV agree")
    func rosterLogins() throws {
        let repository = try Fixture.make("hosts")
        let (summary, out) = try Self.analyze(repository, ["--roster", Self.roster] + Self.configured)
        #expect(try Self.contributors(out) == [
            "Alice Search <alice@corp.example>,search", "Bob Search <bob@corp.example>,search",
            "Carol Platform <carol@corp.example>,platform", "Dave Platform <dave@corp.example>,platform",
            "Erin Search <erin@corp.example>,search", "Paula Pay <paula@corp.example>,payments",
            "Seed maintainers <maintainers@users.noreply.r-seed-1f1ab008.example>,unaffiliated",
        ])
        let row = try #require((summary["repositories"] as? [[String: Any]])?.first)
        let owner = try #require(row["owner"] as? [String: Any])
        #expect(owner["team"] as? String == "payments" && owner["source"] as? String == "codeowners")
        #expect((owner["evidence"] as? String)?.contains("@Paula-P is payments") == true)
        #expect((row["cross_team"] as? [String: Any])?["cross_team_commits"] as? Int == 5)
        let csv = try Self.analyze(repository, ["--roster", Self.rosterCSV] + Self.configured).out
        for file in ["repositories.csv", "contributors.csv", "team_flows.csv", "monthly.csv", "change_requests.csv"] {
            #expect(try Data(contentsOf: out.appendingPathComponent(file)) == Data(contentsOf: csv.appendingPathComponent(file)), "\(file)")
        }
    }

    @Test("noreply addresses and their logins", arguments: [
        ("1001+alice@users.noreply.github.com", "alice", CodeHost.github),
        ("Bob-S@users.noreply.github.com", "bob-s", .github),
        ("123-abc@users.noreply.github.com", "123-abc", .github),
        ("2002+carol@users.noreply.github.corp.example", "carol", .github),
        ("3003-dave@users.noreply.gitlab.corp.example", "dave", .gitlab),
        ("5-eve@users.noreply.gitlab.com", "eve", .gitlab),
        ("4004-erin@private.gitlab.corp.example", "erin", .gitlab),
    ])
    func noreply(email: String, login: String, host: CodeHost) {
        let platform = PlatformIdentities(noreplyHosts: ["private.gitlab.corp.example"])
        let address = platform.noreply(email)
        #expect(address?.login == login)
        #expect(address?.kind == host)
    }

    @Test("what is not a noreply address")
    func notNoreply() {
        let platform = PlatformIdentities.standard
        for email in ["alice@corp.example", "noreply@github.com", "a@users.noreply.", "a@noreply.corp.example", "no-at-sign"] {
            #expect(platform.noreply(email) == nil, "\(email)")
        }
        #expect(TeamResolver.domainTeam(of: "maintainers@users.noreply.r-seed-1f1ab008.example").isUnaffiliated)
        #expect(TeamResolver.domainTeam(of: "7+x@users.noreply.ghe.corp.example").isUnaffiliated)
        #expect(TeamResolver.domainTeam(of: "x@noreply-users.corp.example") == Team("noreply-users.corp.example"))
    }

    @Test("validate: a login given by two people, and a login that is not one, with their lines")
    func validateLogins() {
        let yaml = """
            teams:
              a:
                members:
                  - { email: ann@corp.example, github: ann }
                  - { email: ann@corp.example, github: Ann, from: 2020-01-01, to: 2021-01-01 }
              b:
                members:
                  - { email: other@corp.example, github: "@ANN" }
                  - { email: cy@corp.example, gitlab: "c y" }
            """
        let problems = RosterFile.parse(yaml, format: .yaml, file: "teams.yml").problems.map(\.description)
        #expect(problems.contains { $0.hasPrefix("teams.yml:8:") && $0.contains("github login ann is given by two people") && $0.contains("teams.yml:4") }, "\(problems)")
        #expect(problems.contains { $0.hasPrefix("teams.yml:9:") && $0.contains("not a login") }, "\(problems)")
        #expect(problems.filter { $0.contains("two people") }.count == 1, "one person listed twice with a login is no conflict: \(problems)")
        let csv = "email,team,from,to,github\nann@corp.example,a,,,ann\nbob@corp.example,b,,,ann\n"
        let csvProblems = RosterFile.parse(csv, format: .csv, file: "teams.csv").problems.map(\.description)
        #expect(csvProblems.contains { $0.hasPrefix("teams.csv:3:") && $0.contains("two people") }, "\(csvProblems)")
    }

    @Test("a pipeline's platform_committers: and noreply_hosts:")
    func pipelineKeys() {
        let text = "version: 1\nrepositories:\n  - path: /srv/git/app.git\nplatform_committers: [noreply@github.corp.example]\nnoreply_hosts: [private.gitlab.corp.example]\noutputs: { dir: /tmp/out }\n"
        let result = PipelineFile.parse(text, file: "p.yml", environment: [:])
        #expect(result.value?.platformCommitters == ["noreply@github.corp.example"])
        #expect(result.value?.noreplyHosts == ["private.gitlab.corp.example"])
        let broken = PipelineFile.parse("version: 1\nrepositories:\n  - path: /srv/git/app.git\nnoreply_hosts: { a: b }\noutputs: { dir: /tmp/out }\n",
                                        file: "p.yml", environment: [:])
        #expect(broken.problems.contains { $0.description.contains("p.yml:4") }, "\(broken.problems)")
    }
}
