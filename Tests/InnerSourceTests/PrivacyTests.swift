import Attribution
import Foundation
import Testing

/// `--pseudonymize`: no clear identity survives in any output, and the figures do not change.
@Suite("Pseudonymisation")
struct PrivacyTests {
    static let key = "0123456789abcdef-test-key"

    static func run(_ repository: URL, _ extra: [String], key: String? = PrivacyTests.key) throws -> (out: URL, result: ProcessResult) {
        let out = try Fixture.temporaryFolder().appendingPathComponent("out")
        let teams = Package.fixtures.appendingPathComponent("teams")
        var arguments = ["analyze", repository.path, "--out", out.path, "--as-of", "2024-06-01",
                         "--roster", teams.appendingPathComponent("roster.yml").path,
                         "--aliases", teams.appendingPathComponent("aliases.yml").path, "--format", "json"] + extra
        if let key {
            let keyFile = try Fixture.temporaryFolder().appendingPathComponent("key")
            try Data((key + "\n").utf8).write(to: keyFile)
            arguments += ["--pseudonym-key-file", keyFile.path]
        }
        return (out, try Shell.innersource(arguments))
    }

    @Test("no name or e-mail from the history survives in any file or on stdout; the figures are the same")
    func noClearIdentity() throws {
        let repository = try Fixture.make("teams")
        let (out, result) = try Self.run(repository, ["--pseudonymize"])
        try #require(result.status == 0, "\(result.errors)")
        let log = try Shell.git(["-C", repository.path, "log", "--format=%an%n%ae%n%cn%n%ce%n%(trailers:valueonly)"]).output
        var identities = Set(log.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .flatMap { line -> [String] in
                // A trailer value "Name <email>" gives both parts.
                if let open = line.firstIndex(of: "<"), let close = line.firstIndex(of: ">") {
                    return [String(line[..<open]).trimmingCharacters(in: .whitespaces), String(line[line.index(after: open)..<close])]
                }
                return [line]
            })
        identities.formUnion(["Otto Other", "otto@laptop.local"])
        identities.remove("GitHub")            // the platform's web-flow committer, not a person
        identities.remove("noreply@github.com")
        let checked = identities.filter { $0.count >= 4 }
        #expect(checked.count >= 12, "the check covers the fixture's people: \(checked.sorted())")
        var texts = [("stdout", result.output)]
        for file in try FileManager.default.contentsOfDirectory(atPath: out.path) {
            // Every file, binary ones too (SQLite stores text as UTF-8): read as bytes, decoded leniently.
            texts.append((file, String(decoding: try Data(contentsOf: out.appendingPathComponent(file)), as: UTF8.self)))
        }
        for (file, text) in texts {
            for identity in checked {
                // As a whole word: "otto" must not match CSS's "bottom".
                let pattern = "(?<![A-Za-z0-9])" + NSRegularExpression.escapedPattern(for: identity) + "(?![A-Za-z0-9])"
                let found = text.range(of: pattern, options: [.regularExpression, .caseInsensitive]) != nil
                #expect(!found, "\(file) still holds \(identity)")
            }
        }
        #expect(texts.contains { $0.1.contains("person-") }, "people appear under pseudonyms")

        let (clear, clearResult) = try Self.run(repository, [], key: nil)
        try #require(clearResult.status == 0)
        for file in ["repositories.csv", "team_flows.csv", "team_flows_by_repository.csv", "team_flows_monthly.csv", "monthly.csv",
                     "barriers.csv", "metrics.prom"] {
            #expect(try Data(contentsOf: out.appendingPathComponent(file)) == Data(contentsOf: clear.appendingPathComponent(file)),
                    "\(file): teams and figures are decided on the real identities")
        }
    }

    @Test("stable with the same key, different with another")
    func stable() throws {
        let repository = try Fixture.make("teams")
        let first = try Self.run(repository, ["--pseudonymize"]).out
        let again = try Self.run(repository, ["--pseudonymize"]).out
        let other = try Self.run(repository, ["--pseudonymize"], key: "another-key-of-enough-length").out
        let one = try Data(contentsOf: first.appendingPathComponent("contributors.csv"))
        #expect(one == (try Data(contentsOf: again.appendingPathComponent("contributors.csv"))))
        #expect(one != (try Data(contentsOf: other.appendingPathComponent("contributors.csv"))))
    }

    @Test("no key, or a short one: exit 2 before anything is written", arguments: [nil, "short"] as [String?])
    func keyRequired(key: String?) throws {
        let repository = try Fixture.make("basic")
        let out = try Fixture.temporaryFolder().appendingPathComponent("out")
        var arguments = ["analyze", repository.path, "--pseudonymize", "--out", out.path]
        if let key {
            let file = try Fixture.temporaryFolder().appendingPathComponent("key")
            try Data(key.utf8).write(to: file)
            arguments += ["--pseudonym-key-file", file.path]
        }
        let result = try Shell.run("/usr/bin/env", ["-u", Pseudonymizer.environmentVariable, Package.executable.path] + arguments)
        #expect(result.status == 2)
        #expect(result.errors.contains("key"), "\(result.errors)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    /// `analyze --pseudonymize` of the basic fixture with a key from the environment or a file (or both),
    /// nothing else in the environment naming a key.
    static func analyzeWithKey(environment key: String? = nil, file bytes: Data? = nil) throws -> ProcessResult {
        let repository = try Fixture.make("basic")
        var arguments = ["analyze", repository.path, "--pseudonymize", "--format", "json", "--as-of", "2024-06-01"]
        if let bytes {
            let file = try Fixture.temporaryFolder().appendingPathComponent("key")
            try bytes.write(to: file)
            arguments += ["--pseudonym-key-file", file.path]
        }
        var command = ["-u", Pseudonymizer.environmentVariable]
        if let key { command.append("\(Pseudonymizer.environmentVariable)=\(key)") }
        return try Shell.run("/usr/bin/env", command + [Package.executable.path] + arguments)
    }

    @Test("one rule for keys from the environment and from a file: weak keys are refused by both, saying why", arguments: [
        (String(repeating: " ", count: 16), "white space"),
        (String(repeating: "\t \u{3000}", count: 8), "white space"),
        (String(repeating: "a", count: 16), "only 1 different byte value"),
        (String(repeating: "abcdefg", count: 4), "only 7 different byte values"),
        ("short-key", "has 9 bytes; use at least 16"),
    ])
    func weakKeys(key: String, reason: String) throws {
        for result in [try Self.analyzeWithKey(environment: key), try Self.analyzeWithKey(file: Data((key + "\n").utf8))] {
            #expect(result.status == 2, "\(key.debugDescription) was accepted")
            #expect(result.errors.contains(reason), "\(result.errors)")
            #expect(result.errors.split(separator: "\n").count == 1, "\(result.errors)")
        }
    }

    @Test("the key is the bytes of the file or the variable, one trailing newline removed: both give the same pseudonyms")
    func keyBytes() throws {
        let key = "  a key with spaces around, kept  "
        let fromEnvironment = try Self.analyzeWithKey(environment: key)
        try #require(fromEnvironment.status == 0, "\(fromEnvironment.errors)")
        for file in [key, key + "\n", key + "\r\n"] {
            let fromFile = try Self.analyzeWithKey(file: Data(file.utf8))
            try #require(fromFile.status == 0, "\(fromFile.errors)")
            #expect(try jsonObject(fromFile.stdout)["contributors"] as? NSArray == jsonObject(fromEnvironment.stdout)["contributors"] as? NSArray,
                    "\(file.debugDescription) gives other pseudonyms than the same key in the environment")
        }
        let trimmed = try Self.analyzeWithKey(environment: key.trimmingCharacters(in: .whitespaces))
        #expect(try jsonObject(trimmed.stdout)["contributors"] as? NSArray != jsonObject(fromEnvironment.stdout)["contributors"] as? NSArray,
                "spaces are part of the key")
    }

    @Test("a binary key file is a key like any other")
    func binaryKeyFile() throws {
        let bytes = Data([0x00, 0xFF, 0xFE, 0x80, 0x0A, 0x01, 0xC3, 0x28, 0x9F, 0x7F, 0x10, 0x20, 0xAA, 0x55, 0x00, 0xF0, 0x0D, 0x0A])
        let first = try Self.analyzeWithKey(file: bytes)
        #expect(first.status == 0, "\(first.errors)")
        #expect(first.output.contains("@pseudonym.invalid"))
        let other = try Self.analyzeWithKey(file: bytes.dropLast(2) + Data([0x0B]))
        try #require(other.status == 0, "\(other.errors)")
        #expect(try jsonObject(first.stdout)["contributors"] as? NSArray != jsonObject(other.stdout)["contributors"] as? NSArray)
    }

    /// People whose addresses the old pattern missed: a dotless host and non-ASCII local parts and domains.
    static let unusualPeople = [("Erin Example", "erin@localhost"), ("Hélène Exemple", "hélène@exämple.fr"),
                                ("Zoë Zed", "zoë@intranet")]

    /// A repository whose authors, co-authors, committers, README and CODEOWNERS name the unusual people (Zoë
    /// only in CODEOWNERS, Hélène's address in other cases too).
    static func unusualRepository() throws -> URL {
        let folder = try Fixture.temporaryFolder().appendingPathComponent("owned")
        try Shell.git(["init", "-q", "-b", "main", folder.path])
        try FileManager.default.createDirectory(at: folder.appendingPathComponent(".github"), withIntermediateDirectories: true)
        try Data("* erin@localhost HÉLÈNE@Exämple.FR\n/docs/ zoë@intranet @org/docs\n".utf8)
            .write(to: folder.appendingPathComponent(".github/CODEOWNERS"))
        try Data("# Owned\n\nAsk erin@localhost or Hélène (hélène@exämple.fr) about this service.\n".utf8)
            .write(to: folder.appendingPathComponent("README.md"))
        let commits: [(String, String, String)] = [
            ("Erin Example", "erin@localhost", "Start\n"),
            ("Hélène Exemple", "hélène@exämple.fr", "Change\n\nCo-authored-by: Erin <ERIN@LOCALHOST>\n"),
            ("Sam Search", "sam@search.test", "Help\n\nCo-authored-by: Hélène <Hélène@EXÄMPLE.fr>\n"),
        ]
        for (index, (name, email, message)) in commits.enumerated() {
            try Data("line \(index)\n".utf8).write(to: folder.appendingPathComponent("file\(index).txt"))
            try Shell.git(["-C", folder.path, "add", "-A"])
            try Shell.run("/usr/bin/env", ["git", "-C", folder.path, "-c", "user.name=\(name)", "-c", "user.email=\(email)",
                                           "commit", "-q", "--date=2024-0\(index + 1)-10T10:00:00Z", "-m", message],
                          environment: ["GIT_COMMITTER_DATE": "2024-0\(index + 1)-10T10:00:00Z"])
        }
        return folder
    }

    /// Whether a text still names one of the unusual people: an address, a local part or a name, as a word
    /// in any case.
    static func unusualIdentities(in text: String) -> [String] {
        let words = unusualPeople.flatMap { name, email in
            [email, String(email.prefix { $0 != "@" })] + name.split(separator: " ").map(String.init)
        }.filter { !["Example", "Exemple", "Zed"].contains($0) }
        return words.filter { word in
            let pattern = "(?<![\\p{L}\\p{N}])" + NSRegularExpression.escapedPattern(for: word) + "(?![\\p{L}\\p{N}])"
            return text.range(of: pattern, options: [.regularExpression, .caseInsensitive]) != nil
        }
    }

    @Test("addresses the pattern missed (a dotless host, non-ASCII) leave no trace in any file or on stdout")
    func unusualAddresses() throws {
        let repository = try Self.unusualRepository()
        let roster = try Fixture.temporaryFolder().appendingPathComponent("roster.yml")
        try Data("teams:\n  payments:\n    members: [erin@localhost, hélène@exämple.fr]\n".utf8).write(to: roster)
        let out = try Fixture.temporaryFolder().appendingPathComponent("out")
        var texts: [(String, String)] = []
        for format in ["json", "table", "markdown"] {
            let result = try Shell.innersource(["analyze", repository.path, "--pseudonymize", "--roster", roster.path, "--out", out.path,
                                                "--as-of", "2024-06-01", "--format", format, "--limit", "0"],
                                               environment: [Pseudonymizer.environmentVariable: Self.key])
            try #require(result.status == 0, "\(result.errors)")
            texts.append(("stdout (\(format))", result.output))
        }
        // The same repository in a batch: the facts file and the batch's own stdout too.
        let batch = try Fixture.temporaryFolder()
        let pipeline = batch.appendingPathComponent("pipeline.yml")
        try Data("""
            version: 1
            repositories: [{ path: \(repository.path) }]
            roster: \(roster.path)
            privacy: { pseudonymize: true }
            window: { as_of: 2024-06-01 }
            outputs: { dir: out }
            cache: { dir: private-cache }

            """.utf8).write(to: pipeline)
        let run = try Shell.innersource(["run", pipeline.path], environment: [Pseudonymizer.environmentVariable: Self.key])
        try #require(run.status == 0, "\(run.errors)")
        texts.append(("run stdout", run.output))
        for folder in [out, batch.appendingPathComponent("out")] {
            for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) where !file.hasPrefix(".") {
                // Every file, SQLite too: bytes, decoded leniently.
                texts.append((folder.lastPathComponent + "/" + file, String(decoding: try Data(contentsOf: folder.appendingPathComponent(file)), as: UTF8.self)))
            }
        }
        #expect(texts.contains { $0.0.hasSuffix("innersource-facts.json") } && texts.contains { $0.0.hasSuffix("innersource.sqlite") })
        for (name, text) in texts {
            #expect(Self.unusualIdentities(in: text).isEmpty, "\(name) still names \(Self.unusualIdentities(in: text))")
        }
        // What was there is there under pseudonyms: the CODEOWNERS evidence keeps its shape and its team handle.
        let summary = try jsonObject(Data(contentsOf: out.appendingPathComponent("summary.json")))
        let owner = try #require(((summary["repositories"] as? [[String: Any]])?.first?["owner"] as? [String: Any])?["evidence"] as? String)
        let pseudonymizer = try Pseudonymizer(key: Data(Self.key.utf8))
        #expect(owner.contains(".github/CODEOWNERS:1: * \(pseudonymizer.pseudonym(of: "erin@localhost").email) \(pseudonymizer.pseudonym(of: "hélène@exämple.fr").email)"), "\(owner)")
    }

    /// `scrub` cases: the text, the identities the run knows, and the text expected, with `{e:ADDRESS}` for
    /// ADDRESS's pseudonymous e-mail and `{h:@HANDLE}` for HANDLE's pseudonymous handle.
    static let scrubCases: [(String, [String], String)] = [
        ("erin@localhost and Hélène@Exämple.fr", [], "{e:erin@localhost} and {e:hélène@exämple.fr}"),
        ("(zoë@intranet).", [], "({e:zoë@intranet})."),
        ("bob@corp.example. Then", [], "{e:bob@corp.example}. Then"),
        ("lodash@4.17.21 and x@2x", [], "lodash@4.17.21 and {e:x@2x}"),
        ("@org/team @alice. @bob, @carol/x", [], "@org/team @alice. {h:@bob}, @carol/x"),
        ("@alice. @Hélène and @hélène-x", ["@alice", "@hélène"], "{h:@alice}. {h:@hélène} and {h:@h}élène-x"),
        ("o'brien@corp.example", [], "o'{e:brien@corp.example}"),
        ("o'brien@corp.example, O'Brien@CORP.example", ["o'brien@corp.example"], "{e:o'brien@corp.example}, {e:o'brien@corp.example}"),
        ("alice.bob@corp.example", ["bob@corp.example"], "{e:alice.bob@corp.example}"),
        ("root@[10.0.0.1] root@[10.0.0.1].x", ["root@[10.0.0.1]"], "{e:root@[10.0.0.1]} {e:root@[10.0.0.1]}.x"),
        ("erin@localhost.localdomain", ["erin@localhost"], "{e:erin@localhost.localdomain}"),
        ("0123456789ab@pseudonym.invalid @person-0123456789ab", [], "0123456789ab@pseudonym.invalid @person-0123456789ab"),
        ("user@host:path HEAD@{1} a@b@c", [], "{e:user@host}:path HEAD@{1} {e:a@b}@c"),
        ("no at sign here", ["x@y.z"], "no at sign here"),
    ]

    @Test("scrub: addresses and handles the run knows, and those the pattern finds", arguments: scrubCases)
    func scrubCase(text: String, known: [String], expected: String) throws {
        let pseudonymizer = try Pseudonymizer(key: Data(Self.key.utf8))
        var identities = KnownIdentities()
        for owner in known { identities.insert(owner: owner) }
        var wanted = expected
        while let open = wanted.range(of: "{e:") ?? wanted.range(of: "{h:"), let close = wanted[open.upperBound...].firstIndex(of: "}") {
            let value = String(wanted[open.upperBound..<close])
            let pseudonym = wanted[open].hasPrefix("{e") ? pseudonymizer.pseudonym(of: value).email : "@" + pseudonymizer.pseudonym(of: value).name
            wanted.replaceSubrange(open.lowerBound...close, with: pseudonym)
        }
        let scrubbed = pseudonymizer.scrub(text, known: identities)
        #expect(scrubbed == wanted)
        #expect(pseudonymizer.scrub(scrubbed, known: identities) == scrubbed, "pseudonyms are left alone")
    }

    @Test("free text: e-mails and personal handles are replaced, team handles kept")
    func scrub() throws {
        let pseudonymizer = try Pseudonymizer(key: Data(Self.key.utf8))
        let text = "* @alice @org/payments bob@corp.example (CODEOWNERS:3) see https://x.test/@carol and v1.0"
        let scrubbed = pseudonymizer.scrub(text)
        #expect(!scrubbed.contains("alice") && !scrubbed.contains("bob@corp.example"))
        #expect(scrubbed.contains("@org/payments"))
        #expect(scrubbed.contains(pseudonymizer.pseudonym(of: "bob@corp.example").email))
        #expect(pseudonymizer.scrub(scrubbed) == scrubbed, "pseudonyms are left alone")
    }
}

@Suite("Minimum group size")
struct MinimumGroupSizeTests {
    @Test("team flows' person counts under K are left out, everywhere")
    func suppressed() throws {
        let (out, result) = try PrivacyTests.run(try Fixture.make("teams"), ["--min-group-size", "2"], key: nil)
        try #require(result.status == 0, "\(result.errors)")
        let flows = try String(contentsOf: out.appendingPathComponent("team_flows.csv"), encoding: .utf8).split(separator: "\r\n")
        #expect(flows.contains("payments,payments,1,4,6,0,3,4,4,0,3600,0"))
        #expect(flows.contains("platform,payments,1,3,3,0,2,3,3,0,86400,0"))
        #expect(flows.contains("search,payments,1,1,0,0,,1,1,0,3600,0"), "one person from search: not counted")
        let byRepository = try String(contentsOf: out.appendingPathComponent("team_flows_by_repository.csv"), encoding: .utf8)
            .split(separator: "\r\n")
        #expect(byRepository.contains { $0.hasSuffix(",search,payments,1,0,0,,1,1,0,3600,0") }, "\(byRepository)")
        let monthly = try String(contentsOf: out.appendingPathComponent("team_flows_monthly.csv"), encoding: .utf8).split(separator: "\r\n")
        #expect(monthly.contains("2024-03,search,payments,1,1,0,0,,1,1,0,3600,0"), "\(monthly)")
        #expect(monthly.contains("2024-02,platform,payments,1,2,2,0,2,2,2,0,46800,0"))
        let metrics = try String(contentsOf: out.appendingPathComponent("metrics.prom"), encoding: .utf8)
        #expect(metrics.contains("innersource_team_flow_commits{from_team=\"search\",to_team=\"payments\"} 1"))
        #expect(!metrics.contains("innersource_team_flow_contributors{from_team=\"search\""))
        let summary = try jsonObject(Data(contentsOf: out.appendingPathComponent("summary.json")))
        let search = (summary["team_flows"] as? [[String: Any]])?.first { $0["from_team"] as? String == "search" }
        #expect(search != nil && search?["contributors"] == nil)
    }
}

@Suite("Configuration digest")
struct ConfigurationDigestTests {
    static func digest(_ arguments: [String], environment key: String? = nil) throws -> String {
        let repository = Package.fixtures.appendingPathComponent("..")
        var command = [Package.executable.path, "analyze", repository.path, "--format", "json", "--as-of", "2024-06-01"] + arguments
        if let key { command = ["INNERSOURCE_PSEUDONYM_KEY=" + key] + command }
        let result = try Shell.run("/usr/bin/env", command)
        try #require(result.status == 0, "\(result.errors)")
        return try #require(try jsonObject(result.stdout)["configuration_digest"] as? String)
    }

    @Test("the same configuration gives the same digest; options and file contents change it; the key never does")
    func digest() throws {
        let roster = Package.fixtures.appendingPathComponent("teams/roster.yml").path
        let base = try Self.digest(["--roster", roster])
        #expect(base.count == 64)
        #expect(try Self.digest(["--roster", roster]) == base)
        #expect(try Self.digest(["--roster", Package.fixtures.appendingPathComponent("teams/roster.csv").path]) != base,
                "another file's contents")
        #expect(try Self.digest(["--roster", roster, "--since", "2024-01-01"]) != base)
        #expect(try Self.digest(["--roster", roster, "--owner", "payments"]) != base)
        let first = try Self.digest(["--roster", roster, "--pseudonymize"], environment: "key-number-one-0123456789")
        let second = try Self.digest(["--roster", roster, "--pseudonymize"], environment: "key-number-two-0123456789")
        #expect(first == second, "the pseudonym key never enters the digest")
        #expect(first != base, "pseudonymizing itself is part of the configuration")
    }
}
