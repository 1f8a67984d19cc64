import Attribution
import Foundation
import InnerSourceModel
import Testing

/// `innersource identities` (docs/DEFINITIONS.md, "Likely duplicate people"): each rule, the cases that must
/// not be merged, and the proposals read back by git (`git check-mailmap`) and by the aliases reader.
@Suite("Likely duplicate people")
struct DuplicatePeopleTests {
    static func observed(_ email: String, _ name: String, _ commits: Int = 1) -> ObservedIdentity {
        ObservedIdentity(email: email, names: [name: commits], commits: commits)
    }

    static func proposed(_ identities: [ObservedIdentity]) -> [String] {
        DuplicateFinder().proposals(identities).proposals.flatMap(\.mailmapLines)
    }

    @Test("noreply_login: a noreply login is another address's local part")
    func noreplyLogin() {
        let pairs = DuplicateFinder().pairs([Self.observed("1001+tvermeulen@users.noreply.github.com", "tim"),
                                             Self.observed("tvermeulen@apple.com", "Tim Vermeulen", 5)]).pairs
        #expect(pairs.map(\.rule) == [.noreplyLogin])
        #expect(Self.proposed([Self.observed("1001+tvermeulen@users.noreply.github.com", "tim"),
                               Self.observed("tvermeulen@apple.com", "Tim Vermeulen", 5)])
                == ["Tim Vermeulen <tvermeulen@apple.com> <1001+tvermeulen@users.noreply.github.com>"])
        // Too common a local part says nothing.
        #expect(DuplicateFinder().pairs([Self.observed("7+admin@users.noreply.github.com", "a"), Self.observed("admin@corp.example", "b")]).pairs.isEmpty)
    }

    @Test("company_and_personal: one name on a company address and a personal one; the company's is kept")
    func companyAndPersonal() {
        let identities = [Self.observed("tvermeulen@apple.com", "Tim Vermeulen", 13), Self.observed("tvermeulen@me.com", "Tim Vermeulen", 11)]
        let pairs = DuplicateFinder().pairs(identities).pairs
        #expect(pairs.map(\.rule) == [.companyAndPersonal])
        #expect(pairs.first?.evidence.contains("the same local part tvermeulen") == true)
        #expect(Self.proposed(identities) == ["Tim Vermeulen <tvermeulen@apple.com> <tvermeulen@me.com>"])
    }

    @Test("same_name: two personal addresses, accents, case and punctuation apart; or one company's two")
    func sameName() {
        #expect(Self.proposed([Self.observed("ana@gmail.com", "Ana Lúcia"), Self.observed("ana.lucia@outlook.com", "ana  lucia")])
                == ["Ana Lúcia <ana.lucia@outlook.com> <ana@gmail.com>"])
        #expect(DuplicateFinder().pairs([Self.observed("j.doe@corp.example", "Doe, Jane"), Self.observed("jane@corp.example", "doe jane", 3)]).pairs.map(\.rule)
                == [.sameName])
        #expect(DuplicateFinder.normalisedName("Ana-Lúcia  O'Neil") == "ana lucia o neil")
        #expect(DuplicateFinder.normalisedName("karl") == nil, "one word joins no one")
    }

    @Test("must not merge: the same common name at two companies, nor a chain through a personal address")
    func mustNotMerge() {
        let twoCompanies = [Self.observed("john.smith@acme.test", "John Smith", 4), Self.observed("jsmith@globex.test", "John Smith", 2)]
        let result = DuplicateFinder().proposals(twoCompanies)
        #expect(result.proposals.isEmpty)
        #expect(result.refused.map(\.reason) == ["the same name \"john smith\" at two companies (acme.test, globex.test): two people may share a name"])
        let chain = twoCompanies + [Self.observed("johnsmith@gmail.com", "John Smith")]
        let chained = DuplicateFinder().proposals(chain)
        #expect(chained.proposals.count == 1, "the personal address joins one of them only")
        #expect(chained.proposals.first?.others == ["johnsmith@gmail.com"])
        #expect(chained.refused.contains { $0.reason.hasPrefix("would put addresses of two companies") })
        #expect(Self.proposed([Self.observed("karl@gmail.com", "karl"), Self.observed("karl@outlook.com", "karl")]).isEmpty)
    }

    @Test("the fixture end to end: proposals written, git's check-mailmap and the aliases reader agree")
    func endToEnd() throws {
        let repository = try Fixture.make("identities")
        let out = try Fixture.temporaryFolder().appendingPathComponent("proposals")
        let result = try Shell.innersource(["identities", repository.path, "--out", out.path])
        try #require(result.status == 0, "\(result.errors)")
        #expect(result.output.hasPrefix("10 addresses in 1 repository read: 3 likely duplicate people\n"), "\(result.output)")
        #expect(result.output.contains("john.smith@acme.test and jsmith@globex.test: the same name \"john smith\" at two companies"))
        for absent in ["karl@", "dependabot", "anthropic"] { #expect(!result.output.contains(absent), "\(absent)") }
        let mailmap = out.appendingPathComponent("mailmap.proposed")
        let lines = try String(contentsOf: mailmap, encoding: .utf8).split(separator: "\n").filter { !$0.hasPrefix("#") }
        #expect(lines == ["Ana Lúcia <ana.lucia@outlook.com> <ana@gmail.com>",
                          "Bob Kramer <bob-k@corp.example> <1001+bob-k@users.noreply.github.com>",
                          "Tim Vermeulen <tim@corp.example> <tim.vermeulen@gmail.com>"])
        // git itself reads the proposed lines as joining the addresses.
        let check = try Shell.git(["-C", repository.path, "-c", "mailmap.file=\(mailmap.path)", "check-mailmap",
                                   "<tim.vermeulen@gmail.com>", "<1001+bob-k@users.noreply.github.com>", "<jsmith@globex.test>"])
        #expect(check.output == "Tim Vermeulen <tim@corp.example>\nBob Kramer <bob-k@corp.example>\n<jsmith@globex.test>\n")
        let aliases = AliasesFile.read(path: out.appendingPathComponent("aliases.proposed.yml").path)
        #expect(aliases.problems.isEmpty, "\(aliases.problems)")
        #expect(aliases.value?.resolve(Identity(name: "x", email: "ana@gmail.com")).email == "ana.lucia@outlook.com")
        // With the proposed aliases in use, nobody is proposed again.
        let again = try Shell.innersource(["identities", repository.path, "--aliases", out.appendingPathComponent("aliases.proposed.yml").path])
        #expect(again.output.hasPrefix("7 addresses in 1 repository read: 0 likely duplicate people\n"), "\(again.output)")
    }

    @Test("a pipeline: every repository read, one that cannot be read named and left out (exit 1)")
    func pipeline() throws {
        let identities = try Fixture.make("identities"), hosts = try Fixture.make("hosts")
        let folder = try Fixture.temporaryFolder()
        let pipeline = folder.appendingPathComponent("pipeline.yml")
        try Data("version: 1\nrepositories:\n  - path: \(identities.path)\n  - path: \(hosts.path)\noutputs: { dir: \(folder.path)/out }\n".utf8)
            .write(to: pipeline)
        let result = try Shell.innersource(["identities", pipeline.path])
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output.hasPrefix("17 addresses in 2 repositories read: 3 likely duplicate people\n"), "\(result.output)")
        try Data("version: 1\nrepositories:\n  - path: \(identities.path)\n  - path: \(folder.path)/missing\noutputs: { dir: \(folder.path)/out }\n".utf8)
            .write(to: pipeline)
        let partly = try Shell.innersource(["identities", pipeline.path])
        #expect(partly.status == 1)
        #expect(partly.output.hasPrefix("10 addresses in 1 repository read: 3 likely duplicate people\n"), "\(partly.output)")
        #expect(partly.errors.contains("missing"), "\(partly.errors)")
    }

    @Test("a path that is no repository: exit 2 and one line")
    func badTarget() throws {
        let result = try Shell.innersource(["identities", "/nonexistent/repository"])
        #expect(result.status == 2)
        #expect(result.errors.split(separator: "\n").count == 1, "\(result.errors)")
        #expect(result.errors.contains("/nonexistent/repository"))
    }
}
