import Attribution
import Foundation
import InnerSourceModel
import Testing

/// Rosters, aliases and `innersource validate`, on the files under fixtures/config.
@Suite("Roster and aliases files")
struct RosterTests {
    static func fixture(_ name: String) -> String {
        Package.fixtures.appendingPathComponent("config/\(name)").path
    }

    static func time(_ text: String) throws -> Int64 {
        try DateSpec(parsing: text).resolve(asOf: 0)
    }

    /// A file with `text` in a new temporary folder.
    static func write(_ text: String, as name: String) throws -> String {
        let url = try Fixture.temporaryFolder().appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    struct Span: Hashable, CustomStringConvertible {
        var email: String
        var team: String
        var from: Int64?
        var to: Int64?
        var description: String {
            "\(email) in \(team) [\(from.map(UTCTime.iso8601) ?? "-"), \(to.map(UTCTime.iso8601) ?? "-"))"
        }
    }

    static func spans(_ roster: Roster) -> Set<Span> {
        Set(roster.memberships.map { Span(email: $0.email, team: $0.team.name, from: $0.from, to: $0.to) })
    }

    // MARK: - Loading

    @Test("the YAML and the CSV fixture give the same memberships")
    func yamlAndCSVAgree() throws {
        let yaml = try RosterFile.load(path: Self.fixture("teams.yml"))
        let csv = try RosterFile.load(path: Self.fixture("teams.csv"))
        #expect(Self.spans(yaml) == Self.spans(csv))
        #expect(yaml.memberships.count == 8)
        #expect(csv.memberships.count == 8)
        #expect(yaml.teams == ["payments", "platform", "search"])
        #expect(csv.teams == ["payments", "platform", "search"])
        // A few spans spelled out, so that two empty or equally wrong rosters cannot pass.
        let expected: Set<Span> = [
            Span(email: "bob@example.com", team: "payments", from: try Self.time("2023-01-01"), to: try Self.time("2024-03-01")),
            Span(email: "bob@example.com", team: "platform", from: try Self.time("2024-03-01"), to: nil),
            Span(email: "carol@example.com", team: "payments", from: try Self.time("2022-06-15T09:30:00Z"), to: nil),
            Span(email: "erin@example.com", team: "platform", from: nil, to: try Self.time("2023-07-01")),
            Span(email: "dave@example.com", team: "platform", from: nil, to: nil),
        ]
        #expect(expected.isSubset(of: Self.spans(csv)), "\(Self.spans(csv).sorted { $0.description < $1.description })")
    }

    @Test("memberships carry their file and line")
    func membershipsKnowWhereTheyAre() throws {
        let path = Self.fixture("teams.yml")
        let roster = try RosterFile.load(path: path)
        let bobInPlatform = try #require(roster.memberships.first { $0.email == "bob@example.com" && $0.team == "platform" })
        #expect(bobInPlatform.file == path)
        #expect(bobInPlatform.line == 13)
        let carol = try #require(roster.memberships.first { $0.email == "carol@example.com" })
        #expect(carol.line == 7)

        // CSV: the header is line 1; the blank line 5 still counts.
        let csv = try RosterFile.load(path: Self.fixture("teams.csv"))
        let dave = try #require(csv.memberships.first { $0.email == "dave@example.com" })
        #expect(dave.line == 7)
        #expect(dave.file == Self.fixture("teams.csv"))
    }

    @Test("team(of:at:) follows dated memberships, in any case of the e-mail", arguments: ["teams.yml", "teams.csv"], [
        ("bob@example.com", "2022-12-31T23:59:59Z", nil),          // listed, but on no team yet
        ("bob@example.com", "2023-01-01T00:00:00Z", "payments"),   // from is included
        ("bob@example.com", "2024-02-29T23:59:59Z", "payments"),
        ("bob@example.com", "2024-03-01T00:00:00Z", "platform"),   // to is excluded: the new team from that second
        ("BOB@Example.COM", "2024-06-01T00:00:00Z", "platform"),
        ("Bob@Example.com", "2023-06-01T00:00:00Z", "payments"),
        ("erin@example.com", "2023-06-30T23:59:59Z", "platform"),
        ("erin@example.com", "2023-07-01T00:00:00Z", "search"),
        ("carol@example.com", "2022-06-15T09:29:59Z", nil),
        ("carol@example.com", "2022-06-15T09:30:00Z", "payments"),
        ("ALICE@example.com", "1999-01-01T00:00:00Z", "payments"),
        ("nobody@elsewhere.org", "2024-01-01T00:00:00Z", nil),
    ] as [(String, String, String?)])
    func teamAtTime(file: String, person: (email: String, at: String, team: String?)) throws {
        let roster = try RosterFile.load(path: Self.fixture(file))
        #expect(roster.team(of: person.email, at: try Self.time(person.at))?.name == person.team)
    }

    @Test("people not listed by e-mail fall back to the team's domains", arguments: [
        ("zoe@payments.example.com", "payments"),
        ("Zoe@PAYMENTS.Example.com", "payments"),
        ("yann@search.example.com", "search"),
        ("eu@eu.payments.example.com", nil),     // the full domain, not a parent
        ("zoe@example.com", nil),
    ] as [(String, String?)])
    func domainFallback(email: String, team: String?) throws {
        let roster = try RosterFile.load(path: Self.fixture("teams.yml"))
        #expect(roster.team(of: email, at: try Self.time("2024-01-01"))?.name == team)
    }

    @Test("codeowners handles map to their team")
    func codeowners() throws {
        let roster = try RosterFile.load(path: Self.fixture("teams.yml"))
        #expect(roster.codeowners == ["@org/payments": "payments", "@org/platform": "platform", "@org/infra": "platform"])
        #expect(roster.domains == ["payments.example.com": "payments", "search.example.com": "search"])
    }

    @Test("the format is sniffed when the extension does not say it", arguments: [
        ("roster", "# our teams\n\nteams:\n  payments:\n    members: [Alice@Example.com]\n"),
        ("export.txt", "\u{FEFF}Email , Team,From\nAlice@Example.com,payments,\n"),
    ])
    func sniffing(name: String, text: String) throws {
        let roster = try RosterFile.load(path: try Self.write(text, as: name))
        #expect(Self.spans(roster) == [Span(email: "alice@example.com", team: "payments")])
    }

    @Test("a file that is neither YAML with teams: nor a roster CSV is refused")
    func unknownFormat() throws {
        let path = try Self.write("name;group\nalice;payments\n", as: "roster.txt")
        do {
            _ = try RosterFile.load(path: path)
            Issue.record("loaded a file of unknown format")
        } catch {
            #expect(error.problems.count == 1)
            #expect(error.problems.first?.message.contains("cannot tell the roster's format") == true)
        }
    }

    @Test("a roster with warnings only loads; the warnings are kept")
    func warningsOnly() throws {
        let path = try Self.write("email,team,from,to,Cost Centre\nalice@example.com,payments,,,CC1\n", as: "hr.csv")
        let roster = try RosterFile.load(path: path)
        #expect(roster.memberships.count == 1)
        let result = RosterFile.read(path: path)
        #expect(result.errors.isEmpty)
        #expect(result.warnings.map(\.line) == [1])
        #expect(result.warnings.first?.message.contains("cost centre") == true)
    }

    @Test("loading a broken roster throws every problem at once, with file and line")
    func loadThrowsEverything() throws {
        let path = Self.fixture("broken-roster.yml")
        do {
            _ = try RosterFile.load(path: path)
            Issue.record("a broken roster loaded")
        } catch {
            #expect(error.problems.count { $0.severity == .error } == 13)
            #expect(error.problems.allSatisfy { $0.file == path && $0.line != nil })
            #expect(error.description.split(separator: "\n").count == error.problems.count)
        }
    }

    // MARK: - Problems, line by line

    typealias Expected = (line: Int?, severity: ConfigProblem.Severity, words: String)

    static let brokenFiles: [(String, [Expected])] = [
        ("broken-roster.yml", [
            (2, .error, "unknown key 'version'"),
            (5, .error, "unknown key 'member'"),
            (8, .error, "'alice' is not an e-mail address: it has no @"),
            (9, .error, "from (2024-01-01) must be before to (2023-01-01)"),
            (10, .error, "'3 days ago' is a relative date"),
            (11, .error, "unknown key 'form' in a member of payments; did you mean 'from'?"),
            (12, .error, "has no email"),
            (13, .error, "to: cannot read the date '2024-13-01'"),
            (16, .error, "'org/payments' in team payments must start with @"),
            (19, .error, "gina@example.com is in payments (broken-roster.yml:14) and platform (broken-roster.yml:19) at the same time from 2024-01-01 to 2024-06-01"),
            (21, .error, "harry@example.com is listed twice in platform (broken-roster.yml:20 and broken-roster.yml:21)"),
            (22, .error, "domain example.com is claimed by two teams: payments (broken-roster.yml:15) and platform (broken-roster.yml:22)"),
            (25, .error, "handle @org/platform is claimed by two teams: platform (broken-roster.yml:23) and search (broken-roster.yml:25)"),
            (26, .warning, "team empty-team has no members, domains or codeowners"),
        ]),
        ("broken-roster.csv", [
            (1, .warning, "the column 'cost centre' is ignored"),
            (3, .error, "empty team"),
            (4, .error, "from: cannot read the date '2024-02-30'"),
            (5, .error, "'dave' is not an e-mail address"),
            (6, .error, "this row has 4 fields but the header has 5"),
            (9, .error, "frank@example.com is in payments (broken-roster.csv:8) and platform (broken-roster.csv:9) at the same time from 2023-06-01 to 2024-01-01"),
            (10, .error, "missing email"),
            (11, .error, "from (2024-05-01) must be before to (2024-04-01)"),
        ]),
        ("broken-header.csv", [
            (1, .error, "the header has no 'email' column"),
            (1, .warning, "the column 'mail' is ignored; did you mean 'email'?"),
        ]),
        ("broken-syntax.yml", [
            (5, .error, "YAML syntax error"),
        ]),
        ("broken-aliases.yml", [
            (5, .error, "alias bob@example.com of Alice Able (broken-aliases.yml:3) is the e-mail of another person, Bob Builder (broken-aliases.yml:6)"),
            (8, .error, "alias alice@old.example.org is claimed by two people: Alice Able (broken-aliases.yml:5) and Bob Builder (broken-aliases.yml:8)"),
            (9, .error, "No Mail has no email"),
            (12, .error, "'carol.example.com' is not an e-mail address"),
            (13, .error, "unknown key 'nickname'"),
            (16, .error, "alias 'bobby' is claimed by two people: Bob Builder (broken-aliases.yml:8) and Carla (broken-aliases.yml:16)"),
        ]),
    ]

    static func check(_ problems: [ConfigProblem], file: String, against expected: [Expected]) {
        #expect(problems.count == expected.count, "\(problems.map(\.description).joined(separator: "\n"))")
        for item in expected {
            #expect(problems.contains { $0.line == item.line && $0.severity == item.severity && $0.message.contains(item.words) },
                    "\(file):\(item.line.map(String.init) ?? "-"): \(item.severity): …\(item.words)… not in\n\(problems.map(\.description).joined(separator: "\n"))")
        }
        #expect(problems.allSatisfy { $0.file == file })
        #expect(problems.map { $0.line ?? 0 } == problems.map { $0.line ?? 0 }.sorted(), "sorted by line")
    }

    @Test("each broken fixture gives its problems on the right lines", arguments: brokenFiles)
    func brokenFixture(name: String, expected: [Expected]) {
        let path = Self.fixture(name)
        Self.check(ConfigValidator.check(path: path).problems, file: path, against: expected)
    }

    @Test("small files: each problem on its line, and none where there is none", arguments: [
        ("adjacent.yml", "teams:\n  a:\n    members: [{ email: x@y.com, to: 2024-01-01 }]\n  b:\n    members: [{ email: X@Y.com, from: 2024-01-01 }]\n",
         []),
        ("case.yml", "teams:\n  a:\n    members: [x@y.com]\n  b:\n    members:\n      - X@Y.COM\n",
         [(6, .error, "x@y.com is in a (case.yml:3) and b (case.yml:6) at the same time")]),
        ("rehired.yml", "teams:\n  a:\n    members:\n      - { email: x@y.com, to: 2022-01-01 }\n      - { email: x@y.com, from: 2023-01-01 }\n",
         []),
        ("twice.yml", "teams:\n  a:\n    members:\n      - { email: x@y.com, to: 2023-01-01 }\n      - { email: x@y.com, from: 2022-01-01 }\n",
         [(5, .error, "listed twice in a (twice.yml:4 and twice.yml:5) with overlapping dates from 2022-01-01 to 2023-01-01")]),
        ("today.yml", "teams:\n  a:\n    members:\n      - { email: x@y.com, from: today }\n",
         [(4, .error, "'today' is a relative date")]),
        ("instant.yml", "teams:\n  a:\n    members:\n      - { email: x@y.com, from: \"2024-01-01T10:00:00+02:00\", to: 2024-01-01T08:00:00Z }\n",
         [(4, .error, "from (2024-01-01T08:00:00Z) must be before to (2024-01-01T08:00:00Z)")]),
        ("typo.yml", "teams:\n  a:\n    Members: [x@y.com]\n",
         [(3, .error, "unknown key 'Members' in team a; did you mean 'members'?")]),
        ("unclosed.yml", "teams:\n  a:\n    members: [x@y.com\n",
         [(4, .error, "YAML syntax error")]),
        ("people.yml", "people:\n  - name: A\n    email: a@b.com\n    aliases: [A@B.COM]\n",
         [(4, .warning, "is the person's own e-mail")]),
        ("notext.yml", "teams:\n  a: {}\n  b:\n    domains: payments.example.com\n",
         [(2, .warning, "team a has no members, domains or codeowners")]),
        ("extra.csv", "email,team,name\nx@y.com,a,X\n",
         [(1, .warning, "the column 'name' is ignored (a roster uses email, team, from, to)")]),
        ("noteam.csv", "email,from,to\nx@y.com,,\n",
         [(1, .error, "the header has no 'team' column")]),
        ("quoted.csv", "email,team\n\"x@y.com\",a\n\"\n\",\"\"\nx@y.com,b\n",
         [(3, .error, "a field spans several lines"),
          (5, .error, "x@y.com is in a (quoted.csv:2) and b (quoted.csv:5) at the same time")]),
        ("other.yml", "version: 1\nowners: []\n",
         [(nil, .error, "not a file innersource reads")]),
    ] as [(String, String, [Expected])])
    func smallFile(name: String, text: String, expected: [Expected]) throws {
        let path = try Self.write(text, as: name)
        Self.check(ConfigValidator.check(path: path).problems, file: path, against: expected)
    }

    // MARK: - Large rosters (issue 11: a repeated e-mail made validate and analyze hang)

    /// A CSV roster of `rows` rows after the header, each made by `row(index)`.
    static func largeCSV(_ name: String, rows: Int, _ row: (Int) -> String) throws -> String {
        var text = "email,team,from,to\n"
        text.reserveCapacity(rows * 40)
        for index in 0..<rows { text += row(index) + "\n" }
        return try write(text, as: name)
    }

    @Test("one e-mail on 50,000 rows: one error naming a few of its lines and the count", .timeLimit(.minutes(1)))
    func repeatedEmail() throws {
        let path = try Self.largeCSV("repeated.csv", rows: 50_000) { "x@y.com,team\($0 % 3),," }
        let problems = ConfigValidator.check(path: path).problems
        let errors = problems.filter { $0.severity == .error }
        try #require(errors.count == 1, "\(errors.prefix(3).map(\.description))")
        let error = errors[0]
        #expect(error.line == 3, "reported where the e-mail repeats first")
        #expect(error.message.contains("x@y.com"))
        #expect(error.message.contains("50000 memberships"), "\(error.message)")
        #expect(error.message.contains("repeated.csv:2, repeated.csv:3, repeated.csv:4 and 49997 more"), "\(error.message)")
        #expect(error.message.contains("team0, team1, team2"), "\(error.message)")
    }

    @Test("25,000 people listed twice each: one error per e-mail, on the repeated row", .timeLimit(.minutes(1)))
    func manyRepeatedEmails() throws {
        let path = try Self.largeCSV("twice.csv", rows: 50_000) { "p\($0 / 2)@y.com,team\($0 % 2),," }
        let errors = ConfigValidator.check(path: path).problems.filter { $0.severity == .error }
        #expect(errors.count == 25_000)
        #expect(errors.allSatisfy { ($0.line ?? 0) % 2 == 1 && $0.message.contains("at the same time") })
        #expect(errors.first?.message == "p0@y.com is in team0 (twice.csv:2) and team1 (twice.csv:3) at the same time (neither membership has dates)")
    }

    @Test("one e-mail rehired 50,000 times, never at overlapping times: no error", .timeLimit(.minutes(1)))
    func rehiredManyTimes() throws {
        let day: Int64 = 86_400, start: Int64 = 946_684_800 // 2000-01-01
        // Rows out of date order: the check must not depend on the order of the file.
        let path = try Self.largeCSV("rehired.csv", rows: 50_000) { index in
            let slot = Int64((index * 7_919) % 50_000)
            return "x@y.com,team\(index % 2),\(UTCTime.iso8601(start + slot * day)),\(UTCTime.iso8601(start + (slot + 1) * day))"
        }
        let report = ConfigValidator.check(path: path)
        #expect(report.problems.isEmpty, "\(report.problems.prefix(3).map(\.description))")
        #expect(report.roster?.memberships.count == 50_000)
    }

    @Test("overlaps of one e-mail: every membership that overlaps another is counted once", arguments: [
        // [0, 100) holds both later ones, which do not overlap each other.
        ("x@y.com,a,2000-01-01,2000-04-10\nx@y.com,b,2000-01-11,2000-01-21\nx@y.com,c,2000-02-20,2000-03-01\n",
         3, "3 memberships"),
        // Adjacent periods do not overlap; the third overlaps the first only.
        ("x@y.com,a,2000-01-01,2000-02-01\nx@y.com,b,2000-02-01,2000-03-01\nx@y.com,c,2000-01-15,2000-01-20\n",
         4, "is in a (overlap.csv:2) and c (overlap.csv:4) at the same time from 2000-01-15 to 2000-01-20"),
        ("x@y.com,a,,\nx@y.com,a,,\nx@y.com,b,2001-01-01,\nx@y.com,a,,2000-01-01\n",
         3, "4 memberships (overlap.csv:2, overlap.csv:3, overlap.csv:4 and 1 more) in a, b"),
    ] as [(String, Int, String)])
    func overlapSweep(rows: String, line: Int, words: String) throws {
        let path = try Self.write("email,team,from,to\n" + rows, as: "overlap.csv")
        let errors = ConfigValidator.check(path: path).problems.filter { $0.severity == .error }
        #expect(errors.count == 1, "\(errors.map(\.description))")
        #expect(errors.first?.line == line, "\(errors.map(\.description))")
        #expect(errors.first?.message.contains(words) == true, "\(errors.map(\.description))")
    }

    @Test("validate and analyze on 50,000 rows of one e-mail: exit 2 with one error line", .timeLimit(.minutes(1)))
    func repeatedEmailEndToEnd() throws {
        let path = try Self.largeCSV("repeated.csv", rows: 50_000) { _ in "x@y.com,payments,," }
        let validated = try Shell.innersource(["validate", path])
        #expect(validated.status == 2)
        let lines = validated.output.split(separator: "\n")
        #expect(lines.count == 2, "one error and the summary: \(lines.prefix(3))")
        #expect(lines.last == "\(path): 1 error, 0 warnings")
        let analyzed = try Shell.innersource(["analyze", Package.root.path, "--roster", path])
        #expect(analyzed.status == 2)
        #expect(analyzed.errors.contains("\(path):3: error: x@y.com"), "\(analyzed.errors)")
    }

    // MARK: - Aliases

    @Test("aliases resolve by e-mail in any case and by name", arguments: [
        (Identity(name: "whoever", email: "ALICE@OLD.example.org"), "alice@example.com"),
        (Identity(name: "whoever", email: "a.able@gmail.com"), "alice@example.com"),
        (Identity(name: "alice", email: "root@localhost"), "alice@example.com"),
        (Identity(name: "Alice", email: "root@localhost"), "root@localhost"),   // names compare exactly
        (Identity(name: "x", email: "bob@home.EXAMPLE.net"), "bob@example.com"),
        (Identity(name: "Robert B.", email: "rb@laptop.local"), "bob@example.com"),
        (Identity(name: "Bob", email: "BOB@example.com"), "bob@example.com"),
        (Identity(name: "Zoe", email: "zoe@example.com"), "zoe@example.com"),
    ])
    func aliasesResolve(identity: Identity, email: String) throws {
        let aliases = try AliasesFile.load(path: Self.fixture("aliases.yml"))
        #expect(aliases.resolve(identity).email == email)
    }

    @Test("aliases entries keep the canonical name, file and line")
    func aliasEntries() throws {
        let path = Self.fixture("aliases.yml")
        let aliases = try AliasesFile.load(path: path)
        #expect(aliases.entries.map(\.canonical) == [Identity(name: "Alice Able", email: "alice@example.com"),
                                                      Identity(name: "Bob Builder", email: "bob@example.com")])
        #expect(aliases.entries.map(\.line) == [3, 6])
        #expect(aliases.entries.allSatisfy { $0.file == path })
        #expect(aliases.entries[1].emails == ["bob@home.example.net"])
        #expect(aliases.entries[1].names == ["bob", "Robert B."])
    }

    @Test("a roster is not an aliases file, and the other way round")
    func wrongKind() throws {
        do {
            _ = try AliasesFile.load(path: Self.fixture("teams.yml"))
            Issue.record("a roster loaded as aliases")
        } catch {
            #expect(error.problems.first?.message.contains("this is a roster (teams:), not an aliases file") == true)
        }
        do {
            _ = try RosterFile.load(path: Self.fixture("aliases.yml"))
            Issue.record("aliases loaded as a roster")
        } catch {
            #expect(error.problems.first?.message.contains("this is an aliases file (people:), not a roster") == true)
        }
    }

    // MARK: - innersource validate

    @Test("validate accepts the good files", arguments: [
        ("teams.yml", "ok (roster: 3 teams, 8 memberships)"),
        ("teams.csv", "ok (roster: 3 teams, 8 memberships)"),
        ("aliases.yml", "ok (aliases: 2 people)"),
    ])
    func validateGood(name: String, summary: String) throws {
        let path = Self.fixture(name)
        let result = try Shell.innersource(["validate", path])
        #expect(result.status == 0, "\(result.output)\(result.errors)")
        #expect(result.output == "\(path): \(summary)\n")
    }

    @Test("validate lists every problem as file:line and exits 2", arguments: brokenFiles)
    func validateBroken(name: String, expected: [Expected]) throws {
        let path = Self.fixture(name)
        let result = try Shell.innersource(["validate", path])
        #expect(result.status == 2)
        let lines = result.output.split(separator: "\n").map(String.init)
        let errors = expected.count { $0.severity == .error }, warnings = expected.count { $0.severity == .warning }
        #expect(lines.last == "\(path): \(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")")
        #expect(lines.count == expected.count + 1)
        for item in expected {
            let prefix = "\(path):\(item.line.map(String.init) ?? "-"): \(item.severity.rawValue): "
            #expect(lines.contains { $0.hasPrefix(prefix) && $0.contains(item.words) }, "\(prefix)…\(item.words)… in\n\(result.output)")
        }
        #expect(result.errors.contains(path))
    }

    @Test("validate exits 0 on warnings only")
    func validateWarnings() throws {
        let path = try Self.write("email,team,from,to,Cost Centre\nalice@example.com,payments,,,CC1\n", as: "hr.csv")
        let result = try Shell.innersource(["validate", path])
        #expect(result.status == 0)
        #expect(result.output == """
            \(path):1: warning: the column 'cost centre' is ignored (a roster uses email, team, from, to)
            \(path): ok, 1 warning (roster: 1 team, 1 membership)

            """)
    }

    @Test("validate exits 2 on a missing file, with one line naming it")
    func validateMissing() throws {
        let path = try Fixture.temporaryFolder().appendingPathComponent("missing.yml").path
        let result = try Shell.innersource(["validate", path])
        #expect(result.status == 2)
        #expect(result.output.isEmpty)
        #expect(result.errors.split(separator: "\n").count == 1)
        #expect(result.errors.contains(path))
        #expect(result.errors.contains("does not exist"))
    }
}
