import Attribution
import Foundation
import InnerSourceModel
import Pipeline
import Testing

/// Rosters in other tools' formats (docs/DEFINITIONS.md, "Teams"): measure-innersource's org-data.json and
/// SortingHat's JSON export, detected or named, with file:line problems, converted to our YAML; a run with
/// the imported roster writes the same CSV files as one with the YAML it converts to.
@Suite("Rosters from other tools")
struct RosterImportTests {
    static let folder = Package.fixtures.appendingPathComponent("rosters")
    static let aliases = folder.appendingPathComponent("aliases.yml").path

    /// Each format's fixture, written from its documentation, and the name `--roster-format` gives it.
    static let fixtures = [("org-data.json", "org-data"), ("sortinghat.json", "sortinghat"), ("gitdm.txt", "gitdm"),
                           ("backstage.yaml", "backstage")]

    @Test("detected by content", arguments: [("org-data.json", RosterFile.Format.orgData), ("sortinghat.json", .sortingHat),
                                            ("gitdm.txt", .gitdm), ("backstage.yaml", .backstage)])
    func detection(file: String, format: RosterFile.Format) throws {
        let path = Self.folder.appendingPathComponent(file).path
        #expect(RosterFile.format(path: path, text: try String(contentsOfFile: path, encoding: .utf8)) == format)
        #expect(RosterFile.format(path: "roster.txt", text: try String(contentsOfFile: path, encoding: .utf8)) == format)
    }

    @Test("convert gives the YAML worked out by hand from the formats' documentation", arguments: fixtures)
    func convert(file: String, name: String) throws {
        let result = try Shell.innersource(["roster", "convert", Self.folder.appendingPathComponent(file).path])
        try #require(result.status == 0, "\(result.errors)")
        let expected = try String(contentsOf: Self.folder.appendingPathComponent("\(file.split(separator: ".")[0]).expected.yml"), encoding: .utf8)
        #expect(result.output == expected)
        let out = try Fixture.temporaryFolder().appendingPathComponent("roster.yml")
        let written = try Shell.innersource(["roster", "convert", Self.folder.appendingPathComponent(file).path,
                                             "--roster-format", name, "--out", out.path])
        #expect(written.status == 0 && written.output.isEmpty, "\(written.errors)")
        #expect(try String(contentsOf: out, encoding: .utf8) == expected)
    }

    @Test("org-data.json: a person is on their manager's team; one with no manager on their own")
    func orgDataTeams() throws {
        let roster = try #require(RosterFile.read(path: Self.folder.appendingPathComponent("org-data.json").path).value)
        #expect(roster.teams == [Team("pat"), Team("sam")])
        #expect(roster.team(ofLogin: "alice", on: .github, at: 0) == Team("sam"))
        #expect(roster.team(ofLogin: "sam", on: .github, at: 0) == Team("pat"), "a manager is on their own manager's team")
        #expect(roster.team(ofLogin: "pat", on: .github, at: 0) == Team("pat"))
        #expect(roster.team(ofLogin: "alice", on: .gitlab, at: 0) == nil, "org-data.json logins are GitHub's")
    }

    @Test("SortingHat: dated enrollments, 1900 and 2100 open-ended, logins from github and gitlab identities")
    func sortingHatTeams() throws {
        let roster = try #require(RosterFile.read(path: Self.folder.appendingPathComponent("sortinghat.json").path).value)
        let february = try #require(try? DateSpec(parsing: "2024-02-01")).resolve(asOf: 0)
        #expect(roster.team(of: "alice@corp.example", at: february - 1) == Team("Search"))
        #expect(roster.team(of: "alice@corp.example", at: february) == Team("Platform"))
        #expect(roster.team(ofLogin: "dave", on: .gitlab, at: 0) == Team("Platform"))
        #expect(roster.team(of: "someone@payments.corp.example", at: 0) == Team("Payments"), "organisations' domains")
        #expect(roster.memberships.allSatisfy { $0.from == nil || $0.from! > 0 }, "1900-01-01 is no date")
    }

    @Test("the same pipeline with each imported roster writes the same CSV files as with the converted YAML",
          arguments: fixtures)
    func sameOutputs(file: String, name: String) throws {
        let repository = try Fixture.make("hosts")
        let converted = try Fixture.temporaryFolder().appendingPathComponent("roster.yml")
        try #require(try Shell.innersource(["roster", "convert", Self.folder.appendingPathComponent(file).path, "--out", converted.path]).status == 0)
        func run(_ roster: String) throws -> URL {
            let folder = try Fixture.temporaryFolder()
            let pipeline = folder.appendingPathComponent("pipeline.yml")
            try Data("""
                version: 1
                repositories:
                  - path: \(repository.path)
                roster: \(roster)
                aliases: \(Self.aliases)
                window: { as_of: 2024-06-01 }
                outputs: { dir: \(folder.path)/out, formats: [csv] }
                """.utf8).write(to: pipeline)
            let result = try Shell.innersource(["run", pipeline.path, "--no-cache"])
            try #require(result.status == 0, "\(result.errors)")
            return folder.appendingPathComponent("out")
        }
        let imported = try run(Self.folder.appendingPathComponent(file).path), yaml = try run(converted.path)
        for file in ["repositories.csv", "contributors.csv", "team_flows.csv", "monthly.csv", "change_requests.csv", "barriers.csv"] {
            #expect(try Data(contentsOf: imported.appendingPathComponent(file)) == Data(contentsOf: yaml.appendingPathComponent(file)), "\(file)")
        }
        let contributors = try String(contentsOf: imported.appendingPathComponent("contributors.csv"), encoding: .utf8)
        switch name {
        case "org-data":
            #expect(contributors.contains("Alice Search <1001+alice@users.noreply.github.com>,sam,"))
            #expect(contributors.contains("Paula Pay <paula@corp.example>,pat,"), "by the github: login the aliases file gives")
        case "sortinghat":
            #expect(contributors.contains("Alice Search <alice@corp.example>,Search,"), "her noreply login, before her move")
            #expect(contributors.contains("Dave Platform <dave@corp.example>,Platform,"))
        case "gitdm":
            #expect(contributors.contains("Alice Search <alice@corp.example>,Search,"), "Search until 2024-02-01")
            #expect(contributors.contains("Carol Platform <carol@corp.example>,Platform,"), "by her login, from 2023-06-01")
        default:
            #expect(contributors.contains("Paula Pay <paula@corp.example>,payments,"), "her team, not its department")
            #expect(contributors.contains("Carol Platform <carol@corp.example>,platform,"), "by her github.com/user-login")
        }
    }

    @Test("gitdm: each affiliation starts where the previous ended; email-map lines in date order; no company is no team")
    func gitdmRules() throws {
        let roster = try #require(RosterFile.read(path: Self.folder.appendingPathComponent("gitdm.txt").path).value)
        let day = { (text: String) in try #require(try? DateSpec(parsing: text)).resolve(asOf: 0) }
        #expect(roster.team(of: "dave@corp.example", at: try day("2023-12-31")) == Team("Platform"))
        #expect(roster.team(of: "dave@corp.example", at: try day("2024-01-01")) == Team("Search"))
        #expect(roster.team(of: "carol@corp.example", at: try day("2023-05-31")) == nil, "NotFound is no team")
        #expect(roster.team(of: "carol@corp.example", at: try day("2023-06-01")) == Team("Platform"))
        #expect(roster.team(ofLogin: "alice", on: .github, at: try day("2024-03-01")) == Team("Platform"))
        #expect(!roster.teams.contains(Team("NotFound")))
    }

    @Test("Backstage: a user's team, not its department; members and memberOf both count; references read")
    func backstageRules() throws {
        let roster = try #require(RosterFile.read(path: Self.folder.appendingPathComponent("backstage.yaml").path).value)
        #expect(roster.team(of: "paula@corp.example", at: 0) == Team("payments"))
        #expect(roster.team(of: "carol@corp.example", at: 0) == Team("platform"), "user:default/carol")
        #expect(roster.team(ofLogin: "carol", on: .github, at: 0) == Team("platform"))
        #expect(roster.teams.contains(Team("engineering")))
        let twoTeams = """
            apiVersion: backstage.io/v1alpha1
            kind: Group
            metadata: { name: a }
            spec: { type: team, members: [x] }
            ---
            apiVersion: backstage.io/v1alpha1
            kind: Group
            metadata: { name: b }
            spec: { type: team, members: [x] }
            ---
            apiVersion: backstage.io/v1alpha1
            kind: User
            metadata: { name: x }
            spec: { profile: { email: x@corp.example } }
            """
        let problems = RosterFile.parse(twoTeams, format: .backstage, file: "catalog.yaml").problems.map(\.description)
        #expect(problems.contains { $0.hasPrefix("catalog.yaml:") && $0.contains("x@corp.example is in a") && $0.contains("at the same time") }, "\(problems)")
    }

    @Test("problems with their lines", arguments: [
        ("{\n  \"alice\": {\n    \"boss\": \"sam\"\n  }\n}\n", "org.json:3:"),
        ("{\n  \"alice\": {\n    \"manager\": [\"sam\"]\n  }\n}\n", "org.json:3:"),
        ("alice: alice!corp.example\n\tSearch until someday\n", "org.json:2:"),
        ("# gitdm\nalice: alice!corp.example\n\tSearch\nthis is not a gitdm line\n", "org.json:4:"),
        ("{\n  \"uidentities\": {\n    \"u1\": {\n      \"identities\": [{\"email\": \"a@x.example\", \"source\": \"git\"}],\n      \"enrollments\": [{\"organization\": \"A\", \"start\": \"someday\", \"end\": \"2100-01-01T00:00:00\"}]\n    }\n  }\n}\n", "org.json:5:"),
    ])
    func problems(text: String, place: String) throws {
        let file = try Fixture.file("org.json", text)
        let result = try Shell.innersource(["validate", file.path])
        #expect(result.status == 2)
        #expect(result.output.contains(place), "\(result.output)")
        let convert = try Shell.innersource(["roster", "convert", file.path])
        #expect(convert.status == 2 && convert.errors.contains(place), "\(convert.errors)")
    }

    @Test("--roster-format names the format; a wrong one is refused by name")
    func formatOption() throws {
        let repository = try Fixture.make("hosts")
        let copy = try Fixture.file("org-data.txt", String(contentsOf: Self.folder.appendingPathComponent("org-data.json"), encoding: .utf8))
        let ok = try Shell.innersource(["analyze", repository.path, "--roster", copy.path, "--roster-format", "org-data", "--as-of", "2024-06-01"])
        #expect(ok.status == 0, "\(ok.errors)")
        let bad = try Shell.innersource(["analyze", repository.path, "--roster", copy.path, "--roster-format", "ldap"])
        #expect(bad.status == 2 && bad.errors.contains("--roster-format must be one of"), "\(bad.errors)")
        let pipeline = "version: 1\nrepositories:\n  - path: \(repository.path)\nroster: \(copy.path)\nroster_format: org-data\noutputs: { dir: /tmp/out }\n"
        #expect(PipelineFile.parse(pipeline, file: "p.yml", environment: [:]).value?.rosterFormat == .orgData)
        let wrong = PipelineFile.parse(pipeline.replacingOccurrences(of: "org-data", with: "ldap"), file: "p.yml", environment: [:])
        #expect(wrong.problems.contains { $0.description.hasPrefix("p.yml:5:") && $0.description.contains("roster_format") }, "\(wrong.problems)")
    }
}
