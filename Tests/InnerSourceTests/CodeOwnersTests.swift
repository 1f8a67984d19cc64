import Attribution
import CodeOwners
import Foundation
import InnerSourceModel
@testable import Scoring
import Testing

/// The one CODEOWNERS reader, and the two places that use it (the owning team and the hygiene check), which
/// must agree on every file.
@Suite("CODEOWNERS")
struct CodeOwnersTests {
    @Test("rules, comments, blank lines and GitLab sections", arguments: [
        ("* @org/a\n", [CodeOwnersFile.Rule(line: 1, pattern: "*", owners: ["@org/a"], text: "* @org/a", section: nil)]),
        ("# owners\n\n/docs/ @org/w  # the writers\n*.js\t@ann a@x.test\n", [
            CodeOwnersFile.Rule(line: 3, pattern: "/docs/", owners: ["@org/w"], text: "/docs/ @org/w", section: nil),
            CodeOwnersFile.Rule(line: 4, pattern: "*.js", owners: ["@ann", "a@x.test"], text: "*.js @ann a@x.test", section: nil),
        ]),
        ("[Backend] @org/b\n*\n/api/ @org/api\n^[Docs][2] @org/d\ndocs/\n", [
            CodeOwnersFile.Rule(line: 2, pattern: "*", owners: ["@org/b"], text: "*", section: "[Backend]"),
            CodeOwnersFile.Rule(line: 3, pattern: "/api/", owners: ["@org/api"], text: "/api/ @org/api", section: "[Backend]"),
            CodeOwnersFile.Rule(line: 5, pattern: "docs/", owners: ["@org/d"], text: "docs/", section: "^[Docs][2]"),
        ]),
        ("*\r\n", [CodeOwnersFile.Rule(line: 1, pattern: "*", owners: [], text: "*", section: nil)]),
    ] as [(String, [CodeOwnersFile.Rule])])
    func rules(text: String, expected: [CodeOwnersFile.Rule]) {
        #expect(CodeOwnersFile(path: "CODEOWNERS", text: text).rules == expected)
    }

    @Test("the default rule is the last rule that covers every file", arguments: [
        ("* @org/a\n/docs/ @org/w\n", 1), ("* @org/a\n**/* @org/b\n", 2), ("/** @org/a\n", 1), ("**/* @org/a\n", 1),
        ("/**/* @org/a\n", 1), ("/* @org/a\n", 1), ("/docs/ @org/w\n", nil), ("*.js @org/js\n", nil), ("", nil),
    ] as [(String, Int?)])
    func defaultRule(text: String, line: Int?) {
        #expect(CodeOwnersFile(path: "CODEOWNERS", text: text).defaultRule?.line == line)
    }

    @Test("GitHub's locations, in its order of precedence")
    func locations() {
        let documents = [".gitlab/CODEOWNERS", "docs/CODEOWNERS", "CODEOWNERS", ".github/CODEOWNERS"].map {
            HeadDocument(path: $0, text: "* @org/\($0.count)\n", truncated: false)
        }
        #expect(CodeOwnersFile(in: documents)?.path == ".github/CODEOWNERS")
        #expect(CodeOwnersFile(in: Array(documents.prefix(3)))?.path == "CODEOWNERS")
        #expect(CodeOwnersFile(in: [HeadDocument(path: "src/CODEOWNERS", text: "*", truncated: false)]) == nil)
    }

    static let roster = Roster(teams: ["payments"], memberships: [], codeowners: ["@org/payments": "payments"])

    /// Before one reader, `**/*` and a GitLab section's default owners gave documentation points while the owner
    /// was inferred: the hygiene check and the ownership read CODEOWNERS differently.
    @Test("ownership and hygiene read every CODEOWNERS alike", arguments: [
        "* @org/payments\n", "/* @org/payments\n", "/** @org/payments\n", "** @org/payments\n", "**/* @org/payments\n",
        "/**/* @org/payments\n", "[Payments] @org/payments\n*\n", "^[Optional][2] @org/payments\n**/*\n",
        "* @org/payments\n* \n", "*\n", "/docs/ @org/payments\n", "# * @org/payments\n", "[Payments]\n* @org/payments\n",
    ])
    func agreement(text: String) {
        let documents = [HeadDocument(path: ".gitlab/CODEOWNERS", text: text, truncated: false)]
        let hygiene = Hygiene.assess(paths: [".gitlab/CODEOWNERS"], documents: documents).codeowners
        let ownership = OwnershipResolver.resolve(configured: nil, documents: documents, roster: Self.roster, asOf: 0,
                                                  commitsByTeam: ["search": 3])
        let namesOwner = hygiene.check.status == .adequate
        #expect(namesOwner == (ownership.source == .codeowners), "hygiene \(hygiene.check.status), ownership \(ownership.source)")
        if namesOwner { #expect(ownership.team == "payments") }
    }
}

/// The two CODEOWNERS bugs and the reserved team name, end to end through the executable (they failed before
/// the seams: ownership ignored `**/*` and GitLab section owners, and `validate` accepted an `unaffiliated` team).
@Suite("CODEOWNERS and reserved names, end to end")
struct OwnershipEndToEndTests {
    /// A repository of one payments commit and two search commits, with the CODEOWNERS text given.
    static func repository(codeowners: String, at path: String) throws -> URL {
        let folder = try Fixture.temporaryFolder().appendingPathComponent("owned")
        try Shell.git(["init", "-q", "-b", "main", folder.path])
        let file = folder.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(codeowners.utf8).write(to: file)
        for (index, email) in ["pia@payments.test", "sam@search.test", "sue@search.test"].enumerated() {
            try Data("line \(index)\n".utf8).write(to: folder.appendingPathComponent("file\(index).txt"))
            try Shell.git(["-C", folder.path, "add", "-A"])
            try Shell.git(["-C", folder.path, "-c", "user.name=P\(index)", "-c", "user.email=\(email)", "commit", "-q",
                           "--date=2024-0\(index + 1)-10T10:00:00Z", "-m", "change \(index)"])
        }
        return folder
    }

    static func roster() throws -> URL {
        let url = try Fixture.temporaryFolder().appendingPathComponent("roster.yml")
        try Data("""
            teams:
              payments:
                members: [pia@payments.test]
                codeowners: ["@acme/payments"]
              search:
                members: [sam@search.test, sue@search.test]
            """.utf8).write(to: url)
        return url
    }

    @Test("**/* and a GitLab section's owners name the owner, as the hygiene check says", arguments: [
        ("**/* @acme/payments\n", ".github/CODEOWNERS"),
        ("[Payments] @acme/payments\n*\n", ".gitlab/CODEOWNERS"),
    ])
    func owner(codeowners: String, path: String) throws {
        let repository = try Self.repository(codeowners: codeowners, at: path)
        let result = try Shell.innersource(["analyze", repository.path, "--roster", try Self.roster().path, "--format", "json",
                                            "--as-of", "2024-06-01"])
        try #require(result.status == 0, "\(result.errors)")
        let summary = try jsonObject(result.stdout)
        let first = try #require((summary["repositories"] as? [[String: Any]])?.first)
        let owner = try #require(first["owner"] as? [String: Any])
        #expect(owner["team"] as? String == "payments", "\(owner)")
        #expect(owner["source"] as? String == "codeowners", "search made most commits, but CODEOWNERS names payments: \(owner)")
        let hygiene = try #require((first["hygiene"] as? [String: Any])?["codeowners"] as? [String: Any])
        #expect((hygiene["check"] as? [String: Any])?["status"] as? String == "adequate")
    }

    @Test("validate refuses a roster team named unaffiliated, in any case and format, with its line", arguments: [
        ("roster.yml", "teams:\n  payments:\n    members: [a@x.test]\n  Unaffiliated:\n    members: [b@x.test]\n", "roster.yml:4"),
        ("roster.csv", "email,team,from,to\na@x.test,payments,,\nb@x.test,unaffiliated,,\n", "roster.csv:3"),
    ])
    func reservedTeam(name: String, text: String, place: String) throws {
        let file = try Fixture.temporaryFolder().appendingPathComponent(name)
        try Data(text.utf8).write(to: file)
        let validated = try Shell.innersource(["validate", file.path])
        #expect(validated.status == 2, "\(validated.output)")
        #expect(validated.output.contains("\(place): error: the team name 'unaffiliated' is reserved"), "\(validated.output)")
        let analyzed = try Shell.innersource(["analyze", Package.root.path, "--roster", file.path])
        #expect(analyzed.status == 2)
        #expect(analyzed.errors.contains(place), "analyze names the same place: \(analyzed.errors)")
    }

    /// Control characters (C0, DEL, C1) and the line and paragraph separators, as escapes in YAML and raw in CSV.
    static let controlCharacters: [Unicode.Scalar] = ["\u{0}", "\u{1}", "\u{9}", "\u{1B}", "\u{7F}", "\u{85}", "\u{9F}", "\u{2028}", "\u{2029}"]

    @Test("validate and analyze refuse a roster team name holding a control character, with its line", arguments: controlCharacters)
    func controlCharacterTeam(scalar: Unicode.Scalar) throws {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        let escaped = "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        for (name, text, place) in [
            ("roster.yml", "teams:\n  payments:\n    members: [a@x.test]\n  \"pay\(escaped)ments\":\n    members: [b@x.test]\n", "roster.yml:4"),
            ("roster.csv", "email,team,from,to\na@x.test,payments,,\nb@x.test,pay\(Character(scalar))ments,,\n", "roster.csv:3"),
        ] {
            let file = try Fixture.temporaryFolder().appendingPathComponent(name)
            try Data(text.utf8).write(to: file)
            let validated = try Shell.innersource(["validate", file.path])
            #expect(validated.status == 2, "\(name), U+\(hex): \(validated.output)")
            #expect(validated.output.contains("\(place): error: the team name 'pay\\u{\(hex)}ments' holds a control character (U+\(String(repeating: "0", count: 4 - hex.count) + hex))"),
                    "\(name), U+\(hex): \(validated.output)")
            #expect(!validated.output.unicodeScalars.contains(scalar), "the message shows the character escaped")
            let analyzed = try Shell.innersource(["analyze", Package.root.path, "--roster", file.path])
            #expect(analyzed.status == 2)
            #expect(analyzed.errors.contains(place), "analyze names the same place: \(analyzed.errors)")
        }
    }

    @Test("--owner and a pipeline's owner: refuse a control character too", arguments: ["\u{1}", "\u{7}", "\u{85}", "\u{2028}"] as [Unicode.Scalar])
    func controlCharacterOwner(scalar: Unicode.Scalar) throws {
        let owner = "pay\(Character(scalar))ments"
        let analyzed = try Shell.innersource(["analyze", Package.root.path, "--owner", owner])
        #expect(analyzed.status == 2)
        #expect(analyzed.errors.hasPrefix("innersource: --owner: the team name 'pay\\u{"), "\(analyzed.errors)")
        #expect(analyzed.errors.split(separator: "\n").count == 1)
        let folder = try Fixture.temporaryFolder()
        let pipeline = folder.appendingPathComponent("pipeline.yml")
        let hex = String(scalar.value, radix: 16, uppercase: true)
        let escaped = "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        try Data("version: 1\nrepositories:\n  - path: \(folder.path)\n    owner: \"pay\(escaped)ments\"\noutputs: { dir: out }\n".utf8).write(to: pipeline)
        let validated = try Shell.innersource(["validate", pipeline.path])
        #expect(validated.status == 2)
        #expect(validated.output.contains("pipeline.yml:4: error: owner: the team name 'pay\\u{\(hex)}ments' holds a control character"), "\(validated.output)")
        // The value may come from the environment: it is checked after expansion.
        try Data("version: 1\nrepositories:\n  - root: \(folder.path)\n    owner: \"${OWNER}\"\noutputs: { dir: out }\n".utf8).write(to: pipeline)
        let expanded = try Shell.innersource(["validate", pipeline.path], environment: ["OWNER": owner])
        #expect(expanded.status == 2)
        #expect(expanded.output.contains("pipeline.yml:4: error: owner: the team name"), "\(expanded.output)")
    }

    @Test("team names in any script, with spaces and punctuation, are fine")
    func ordinaryNames() throws {
        let file = try Fixture.temporaryFolder().appendingPathComponent("roster.yml")
        try Data("teams:\n  équipe paiements:\n    members: [a@x.test]\n  \"チーム/検索\":\n    members: [b@x.test]\n".utf8).write(to: file)
        let validated = try Shell.innersource(["validate", file.path])
        #expect(validated.status == 0, "\(validated.output)")
        let analyzed = try Shell.innersource(["analyze", Package.root.path, "--owner", "équipe paiements", "--roster", file.path,
                                              "--format", "json", "--as-of", "2024-06-01"])
        #expect(analyzed.status == 0, "\(analyzed.errors)")
    }
}
