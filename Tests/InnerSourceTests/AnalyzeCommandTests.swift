import Foundation
import Git
import Ingest
@testable import Pipeline
import Reporting
import Testing

/// `innersource analyze` end to end: the built binary on fixture repositories.
@Suite("innersource analyze")
struct AnalyzeCommandTests {
    static let asOf = "2024-06-01T00:00:00Z"

    static func expected() throws -> [String: Any] {
        try jsonObject(Data(contentsOf: Package.fixtures.appendingPathComponent("expected/basic.json")))
    }

    static func analyzeJSON(_ repository: URL, _ extra: [String] = []) throws -> [String: Any] {
        let result = try Shell.innersource(["analyze", repository.path, "--format", "json", "--as-of", asOf] + extra)
        try #require(result.status == 0, "exit \(result.status): \(result.errors)")
        return try jsonObject(result.stdout)
    }

    static func repository(_ document: [String: Any]) throws -> [String: Any] {
        let repositories = try #require(document["repositories"] as? [[String: Any]])
        try #require(repositories.count == 1)
        return repositories[0]
    }

    static func contributors(_ document: [String: Any]) throws -> [String: [String: Any]] {
        let rows = try #require(document["contributors"] as? [[String: Any]])
        return Dictionary(uniqueKeysWithValues: rows.compactMap { row in
            (row["email"] as? String).map { ($0.lowercased(), row) }
        })
    }

    @Test("the basic fixture gives the answers worked out by hand")
    func basicAnswers() throws {
        let expected = try Self.expected()
        let document = try Self.analyzeJSON(try Fixture.make("basic"))
        let repository = try Self.repository(document)
        let expectedRepository = try #require(expected["repository"] as? [String: Any])
        for (key, value) in expectedRepository {
            #expect("\(repository[key] ?? "absent")" == "\(value)", "repository.\(key)")
        }
        let people = try Self.contributors(document)
        let expectedPeople = try #require(expected["contributors"] as? [[String: Any]])
        #expect(people.count == expectedPeople.count)
        for person in expectedPeople {
            let email = try #require(person["email"] as? String)
            let row = try #require(people[email], "contributor \(email)")
            for (key, value) in person where key != "email" {
                #expect("\(row[key] ?? "absent")" == "\(value)", "\(email).\(key)")
            }
        }
    }

    @Test("bus, elephant and truck factors and the onion, worked out by hand")
    func concentration() throws {
        let expected = try #require(try Self.expected()["concentration"] as? [String: Any])
        let repository = try Self.repository(try Self.analyzeJSON(try Fixture.make("basic")))
        let figures = try #require(repository["concentration"] as? [String: Any])
        for (key, value) in expected where key != "truck_factor_worked_out" {
            #expect("\(figures[key] ?? "absent")" == "\(value)", "concentration.\(key)")
        }
        #expect((figures["inactive_core"] as? [String]) == [], "every core member committed within 180 days of 2024-06-01")
        let later = try Self.repository(try Self.analyzeJSON(try Fixture.make("basic"), ["--as-of", "2026-01-01"]))
        let inactive = (later["concentration"] as? [String: Any])?["inactive_core"] as? [String]
        #expect(inactive?.count == 3, "no commit in the 180 days before 2026-01-01")
    }

    @Test("a window by author date, half-open")
    func window() throws {
        let expected = try #require(try Self.expected()["window_2024-01-05_to_2024-01-10"] as? [String: Any])
        let document = try Self.analyzeJSON(try Fixture.make("basic"), ["--since", "2024-01-05", "--until", "2024-01-10"])
        let repository = try Self.repository(document)
        #expect(repository["commits"] as? Int == expected["commits"] as? Int)
        #expect(repository["merge_commits"] as? Int == expected["merge_commits"] as? Int)
        #expect(repository["commits_walked"] as? Int == 10, "the walk still covers all history")
        let people = try Self.contributors(document)
        let expectedPeople = try #require(expected["contributors"] as? [String: [String: Int]])
        #expect(Set(people.keys) == Set(expectedPeople.keys))
        for (email, figures) in expectedPeople {
            for (key, value) in figures {
                #expect(people[email]?[key] as? Int == value, "\(email).\(key)")
            }
        }
    }

    @Test("relative dates count back from --as-of")
    func relativeWindow() throws {
        // 2024-01-12T00:00:00Z minus 3 days is 2024-01-09T00:00:00Z: Bob's logo commit, Alice's link, Renée's.
        let document = try Self.analyzeJSON(try Fixture.make("basic"), ["--since", "3 days ago", "--as-of", "2024-01-12T00:00:00Z"])
        #expect(try Self.repository(document)["commits"] as? Int == 3)
        #expect(document["as_of"] as? String == "2024-01-12T00:00:00Z")
    }

    @Test("a bare clone reads HEAD:.mailmap and gives the same people")
    func bare() throws {
        let basic = try Fixture.make("basic")
        let bare = try Fixture.clone(basic, name: "basic.git", options: ["--bare"])
        let fromWorkTree = try Self.contributors(try Self.analyzeJSON(basic))
        let fromBare = try Self.contributors(try Self.analyzeJSON(bare))
        #expect(fromBare.keys.sorted() == fromWorkTree.keys.sorted())
        for (email, row) in fromWorkTree {
            #expect(fromBare[email]?["commits"] as? Int == row["commits"] as? Int)
            #expect(fromBare[email]?["lines_added"] as? Int == row["lines_added"] as? Int)
        }
        let repository = try Self.repository(try Self.analyzeJSON(bare))
        #expect(repository["bare"] as? Bool == true)
        #expect(repository["repository"] as? String == "basic")
    }

    @Test("any folder inside a work tree opens the repository")
    func subfolder() throws {
        let basic = try Fixture.make("basic")
        let document = try Self.analyzeJSON(basic.appendingPathComponent("src"))
        #expect(try Self.repository(document)["commits"] as? Int == 9)
    }

    @Test("an empty repository is a finding, not a failure", arguments: [false, true])
    func empty(bare: Bool) throws {
        let empty = try Fixture.empty(bare: bare)
        let document = try Self.analyzeJSON(empty)
        let repository = try Self.repository(document)
        #expect(repository["status"] as? String == "empty")
        #expect(repository["commits"] as? Int == 0)
        let findings = try #require(repository["findings"] as? [[String: Any]])
        #expect(findings.map { $0["kind"] as? String } == ["empty_repository"])
        let table = try Shell.innersource(["analyze", empty.path])
        #expect(table.status == 0)
        #expect(table.output.contains("no commits yet"))
    }

    @Test("a shallow clone is analysed as far as it goes, with a finding")
    func shallow() throws {
        let shallow = try Fixture.clone(try Fixture.make("basic"), name: "shallow", options: ["--depth", "3"])
        let document = try Self.analyzeJSON(shallow)
        let repository = try Self.repository(document)
        let walked = Int(try Shell.git(["-C", shallow.path, "rev-list", "--count", "HEAD"]).output
            .trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(repository["commits_walked"] as? Int == walked)
        #expect(repository["shallow"] as? Bool == true)
        let kinds = (repository["findings"] as? [[String: Any]] ?? []).compactMap { $0["kind"] as? String }
        #expect(kinds.contains("shallow_history"))
        let messages = (repository["findings"] as? [[String: Any]] ?? []).compactMap { $0["message"] as? String }
        #expect(!messages.contains { $0.contains("(s)") }, "counts spelled by Format.count: \(messages)")
        try IngestionOracleTests.expectSameNumstat(shallow)
    }

    @Test("a partial clone without blobs: commits counted, lines unknown, exit 0")
    func partialClone() throws {
        let basic = try Fixture.make("basic")
        let partial = try Fixture.clone(basic, name: "partial.git", options: ["--bare", "--filter=blob:none"])
        let document = try Self.analyzeJSON(partial)
        let repository = try Self.repository(document)
        #expect(repository["commits"] as? Int == 9)
        #expect(repository["partial_clone"] as? Bool == true)
        #expect((repository["unknown_file_changes"] as? Int ?? 0) > 0)
        let kinds = (repository["findings"] as? [[String: Any]] ?? []).compactMap { $0["kind"] as? String }
        #expect(kinds.contains("missing_blobs"))
        let messages = (repository["findings"] as? [[String: Any]] ?? []).compactMap { $0["message"] as? String }
        #expect(messages.contains { $0.contains(".mailmap") }, "a missing .mailmap is reported: \(messages)")
        #expect(!messages.contains { $0.contains("(s)") }, "counts spelled by Format.count: \(messages)")
    }

    @Test("a corrupt history: one line naming the repository and the object, exit 2")
    func corrupt() throws {
        let basic = try Fixture.make("basic")
        let victim = try Shell.git(["-C", basic.path, "rev-parse", "HEAD~3"]).output
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let object = basic.appendingPathComponent(".git/objects/\(victim.prefix(2))/\(victim.dropFirst(2))")
        try FileManager.default.removeItem(at: object)
        let result = try Shell.innersource(["analyze", basic.path])
        #expect(result.status == 2)
        let lines = result.errors.split(separator: "\n")
        #expect(lines.count == 1, "one line: \(result.errors)")
        #expect(result.errors.contains(basic.path))
        #expect(result.errors.contains(victim))
        #expect(!result.errors.contains("Fatal error"))
    }

    @Test("a missing tree or a garbled object: exit 2 naming the object", arguments: ["missing-tree", "garbled-commit"])
    func damagedObject(damage: String) throws {
        let basic = try Fixture.make("basic")
        let victim: String
        if damage == "missing-tree" {
            // The tree of src/ as it was two commits back: only the history needs it.
            victim = try Shell.git(["-C", basic.path, "rev-parse", "HEAD~4:src"]).output
                .trimmingCharacters(in: .whitespacesAndNewlines)
        } else {
            victim = try Shell.git(["-C", basic.path, "rev-parse", "HEAD~2"]).output
                .trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let object = basic.appendingPathComponent(".git/objects/\(victim.prefix(2))/\(victim.dropFirst(2))")
        try FileManager.default.removeItem(at: object)
        if damage == "garbled-commit" {
            try Data("not a zlib stream at all".utf8).write(to: object)
        }
        let result = try Shell.innersource(["analyze", basic.path, "--format", "json"])
        #expect(result.status == 2, "\(result.errors)")
        #expect(result.errors.split(separator: "\n").count == 1, "one line: \(result.errors)")
        #expect(result.errors.contains(basic.path))
        #expect(result.errors.contains(victim), "names the object: \(result.errors)")
        #expect(result.stdout.isEmpty, "nothing is written")
    }

    @Test("not a repository, or no such path: exit 2 with the path", arguments: ["plain-folder", "does-not-exist"])
    func notARepository(name: String) throws {
        let folder = try Fixture.temporaryFolder()
        let path = folder.appendingPathComponent(name)
        if name == "plain-folder" { try FileManager.default.createDirectory(at: path, withIntermediateDirectories: true) }
        let result = try Shell.innersource(["analyze", path.path])
        #expect(result.status == 2)
        #expect(result.errors.contains(path.path))
        #expect(result.stdout.isEmpty)
    }

    @Test("usage errors exit 2; help exits 0", arguments: [
        (["analyze", "--since", "someday"], Int32(2)),
        (["analyze", "--no-such-option"], Int32(2)),
        (["analyze", "--format", "xml"], Int32(2)),
        (["analyze", "--since", "2024-02-01", "--until", "2024-01-01"], Int32(2)),
        (["analyze", "--threads", "0"], Int32(2)),
        (["analyze", "--threads", "300000000000000000"], Int32(2)),
        (["analyze", "--since", "999999999999999 days ago"], Int32(2)),
        (["analyze", "--since", "99999999999999 weeks ago"], Int32(2)),
        (["analyze", "--owner", "unaffiliated"], Int32(2)),
        (["analyze", "--formats", "csv,pdf", "--out", "/tmp/never-written"], Int32(2)),
        (["analyze", "--formats", "csv"], Int32(2)),
        (["frobnicate"], Int32(2)),
        (["analyze", "--help"], Int32(0)),
        (["--version"], Int32(0)),
    ])
    func usage(arguments: [String], status: Int32) throws {
        let result = try Shell.innersource(arguments, in: Package.root)
        #expect(result.status == status, "\(arguments): \(result.errors)")
    }

    @Test("--out writes every file, contributors.csv and summary.json with provenance")
    func outputFiles() throws {
        let basic = try Fixture.make("basic")
        try Shell.git(["-C", basic.path, "remote", "add", "origin", "https://someone:s3cret@git.example.com/org/basic.git"])
        let out = try Fixture.temporaryFolder().appendingPathComponent("out")
        let result = try Shell.innersource(["analyze", basic.path, "--out", out.path, "--as-of", Self.asOf])
        #expect(result.status == 0, "\(result.errors)")

        let csv = try String(contentsOf: out.appendingPathComponent("contributors.csv"), encoding: .utf8)
        let rows = csv.split(separator: "\r\n").map(String.init)
        #expect(rows.first == "repository,contributor,team,commits,coauthored_commits,lines_added,lines_deleted,first_commit,last_commit")
        #expect(rows.count == 6)
        #expect(rows.contains("basic,Alice Able <alice@example.com>,example.com,3,0,7,0,2024-01-01T10:00:00Z,2024-01-10T10:00:00Z"))
        #expect(rows.contains("basic,Dan Dev <dan@example.net>,example.net,0,1,0,0,2024-01-03T10:00:00Z,2024-01-03T10:00:00Z"))
        #expect(Array(rows.dropFirst()) == rows.dropFirst().sorted(), "rows in a stable, sorted order")

        let summary = try jsonObject(Data(contentsOf: out.appendingPathComponent("summary.json")))
        #expect(summary["schema_version"] as? Int == 2, "schema_version 2: the openness checks")
        #expect((summary["tool"] as? [String: Any])?["version"] as? String != nil)
        #expect(summary["as_of"] as? String == Self.asOf)
        let repository = try Self.repository(summary)
        let head = try #require(repository["head"] as? [String: Any])
        let headCommit = try Shell.git(["-C", basic.path, "rev-parse", "HEAD"]).output.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(head["commit"] as? String == headCommit)
        #expect(head["branch"] as? String == "main")
        let remotes = try #require(repository["remotes"] as? [[String: Any]])
        #expect(remotes.first?["url"] as? String == "https://git.example.com/org/basic.git", "credentials are removed")
        let files = try FileManager.default.contentsOfDirectory(atPath: out.path)
        #expect(files.sorted() == ["barriers.csv", "change_requests.csv", "checklist.json", "checklist.md", "contributors.csv", "innersource.sqlite", "metrics.prom",
                                  "monthly.csv", "report.html", "repositories.csv", "summary.json", "team_flows.csv",
                                  "team_flows_by_repository.csv", "team_flows_monthly.csv"],
                "every file, and no temporary files left behind")
    }

    @Test("--out is written as a set: a folder in the way of one file leaves the others unwritten")
    func outputSet() throws {
        let basic = try Fixture.make("basic")
        let out = try Fixture.temporaryFolder().appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out.appendingPathComponent("summary.json"), withIntermediateDirectories: true)
        let result = try Shell.innersource(["analyze", basic.path, "--out", out.path])
        #expect(result.status == 2)
        #expect(result.errors.contains("summary.json"), "\(result.errors)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path) == ["summary.json"], "nothing else written, no temporary files")

        let file = try Fixture.temporaryFolder().appendingPathComponent("plain-file")
        try Data("x".utf8).write(to: file)
        let under = try Shell.innersource(["analyze", basic.path, "--out", file.appendingPathComponent("sub").path])
        #expect(under.status == 2)
        #expect(under.errors.contains("is a file"), "\(under.errors)")
        #expect(under.errors.split(separator: "\n").count == 1)
    }

    @Test("temporary files a killed run left behind are removed by the next write into the folder")
    func staleTemporaries() throws {
        let out = try Fixture.temporaryFolder().appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        // No process ever has the PID pid_max; this test's own process is alive.
        let maximum = try String(contentsOfFile: "/proc/sys/kernel/pid_max", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let dead = try #require(Int32(maximum)), alive = getpid()
        let now = Date()
        let files: [(name: String, age: TimeInterval, removed: Bool)] = [
            (".innersource-facts.json.tmp-\(dead)-12345", 3600, true),           // its process is gone
            (".summary.json.tmp-\(dead)-77", 60, false),                          // too fresh: a writer elsewhere may own it
            (".summary.json.tmp-\(alive)-78", 7200, false),                       // its process still runs
            (".report.html.tmp-\(alive)-79", 3 * 86_400, true),                   // older than any write: a reused PID
            (".notes.tmp-\(dead)-x", 3600, false), ("notes.tmp-\(dead)-1", 3600, false), // not our naming
        ]
        for file in files {
            let path = out.appendingPathComponent(file.name).path
            try Data("partial".utf8).write(to: URL(fileURLWithPath: path))
            try FileManager.default.setAttributes([.modificationDate: now.addingTimeInterval(-file.age)], ofItemAtPath: path)
        }
        let result = try Shell.innersource(["analyze", try Fixture.make("basic").path, "--out", out.path, "--write", "json"])
        #expect(result.status == 0, "\(result.errors)")
        let left = Set(try FileManager.default.contentsOfDirectory(atPath: out.path))
        for file in files {
            #expect(left.contains(file.name) == !file.removed, "\(file.name) should be \(file.removed ? "removed" : "kept")")
        }
        #expect(left.contains("summary.json"))
    }

    @Test("--write narrows what --out writes", arguments: [
        ("csv", ["barriers.csv", "change_requests.csv", "contributors.csv", "monthly.csv", "repositories.csv", "team_flows.csv",
                 "team_flows_by_repository.csv", "team_flows_monthly.csv"]),
        ("json,prometheus", ["metrics.prom", "summary.json"]),
        ("openmetrics", ["metrics.prom"]),
        ("Checklist", ["checklist.json", "checklist.md"]),
        ("html,sqlite", ["innersource.sqlite", "report.html"]),
    ])
    func formats(list: String, files: [String]) throws {
        let out = try Fixture.temporaryFolder().appendingPathComponent("out")
        let result = try Shell.innersource(["analyze", try Fixture.make("basic").path, "--out", out.path, "--write", list])
        #expect(result.status == 0, "\(result.errors)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).sorted() == files)
    }

    @Test("--merge-stats adds merges' lines against their first parent to the totals")
    func mergeStats() throws {
        let basic = try Fixture.make("basic")
        let plain = try Self.repository(try Self.analyzeJSON(basic))
        let merged = try Self.repository(try Self.analyzeJSON(basic, ["--merge-stats"]))
        #expect(plain["lines_added"] as? Int == 17)
        #expect(merged["lines_added"] as? Int == 21, "the merge brought docs/guide.md's 4 lines into main")
        #expect(merged["commits"] as? Int == 9, "a merge is still no commit of a person")
    }

    @Test("--ref analyses a readable revision even when HEAD's commit is gone")
    func refWithBrokenHead() throws {
        let basic = try Fixture.make("basic")
        let older = try Shell.git(["-C", basic.path, "rev-parse", "HEAD~1"]).output.trimmingCharacters(in: .whitespacesAndNewlines)
        let head = try Shell.git(["-C", basic.path, "rev-parse", "HEAD"]).output.trimmingCharacters(in: .whitespacesAndNewlines)
        try FileManager.default.removeItem(at: basic.appendingPathComponent(".git/objects/\(head.prefix(2))/\(head.dropFirst(2))"))
        #expect(try Shell.innersource(["analyze", basic.path]).status == 2)
        let result = try Shell.innersource(["analyze", basic.path, "--ref", older, "--format", "json"])
        #expect(result.status == 0, "\(result.errors)")
        #expect(try Self.repository(try jsonObject(result.stdout))["commits"] as? Int == 8)
    }

    @Test("the same input and as-of give the same bytes, whatever the thread count")
    func deterministic() throws {
        let basic = try Fixture.make("basic")
        let one = try Shell.innersource(["analyze", basic.path, "--format", "json", "--as-of", Self.asOf, "--threads", "1"])
        let two = try Shell.innersource(["analyze", basic.path, "--format", "json", "--as-of", Self.asOf, "--threads", "2"])
        #expect(one.status == 0 && two.status == 0)
        #expect(one.stdout == two.stdout)
    }

    @Test("every output file is byte-identical across runs with the same input and as-of")
    func sameBytes() throws {
        let teams = try Fixture.make("teams")
        var folders: [URL] = []
        for threads in ["1", "2"] {
            let out = try Fixture.temporaryFolder().appendingPathComponent("out")
            let result = try Shell.innersource(["analyze", teams.path, "--out", out.path, "--as-of", Self.asOf, "--threads", threads,
                                                "--roster", Package.fixtures.appendingPathComponent("teams/roster.yml").path])
            try #require(result.status == 0, "\(result.errors)")
            folders.append(out)
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: folders[0].path).sorted()
        #expect(names.count == 14)
        for name in names {
            #expect(try Data(contentsOf: folders[0].appendingPathComponent(name)) == Data(contentsOf: folders[1].appendingPathComponent(name)),
                    "\(name) differs")
        }
    }

    @Test("table and markdown formats show the contributors")
    func readableFormats() throws {
        let basic = try Fixture.make("basic")
        let table = try Shell.innersource(["analyze", basic.path, "--as-of", Self.asOf])
        #expect(table.status == 0)
        #expect(table.output.contains("Alice Able <alice@example.com>"))
        #expect(table.output.contains("9 (+1 merges, 0 by bots)"))
        #expect(table.output.contains("example.com (inferred)"))
        let markdown = try Shell.innersource(["analyze", basic.path, "--format", "markdown", "--limit", "2"])
        #expect(markdown.status == 0)
        #expect(markdown.output.contains("| contributor | team | commits |"))
        #expect(markdown.output.contains("and 3 more"))
    }
}

@Suite("Terminal output")
struct TerminalOutputTests {
    /// The lines under each question of the Readiness section, by question, as a format prints them.
    static func readinessEvidence(_ output: String, markdown: Bool) -> [[String]] {
        let lines = output.components(separatedBy: "\n")
        guard let start = lines.firstIndex(where: { $0.contains("Readiness") }) else { return [] }
        var items: [[String]] = []
        for line in lines[(start + 1)...] {
            if line.hasPrefix(markdown ? "## " : "") && !line.hasPrefix(" ") && !line.hasPrefix("-") && !line.isEmpty { break }
            if markdown ? line.hasPrefix("- ") : (line.hasPrefix("  ") && !line.hasPrefix("   ")) {
                items.append([])
            } else if markdown ? line.hasPrefix("    - ") : line.hasPrefix("            ") {
                let text = line.trimmingCharacters(in: .whitespaces)
                let evidence = markdown ? String(text.dropFirst(2)) : text
                if !evidence.hasPrefix("next: ") && !items.isEmpty { items[items.count - 1].append(evidence) }
            }
        }
        return items
    }

    @Test("the Readiness section shows every signal, the no's first, each group in its order", arguments: ["table", "markdown"])
    func everySignal(format: String) throws {
        let teams = try Fixture.make("teams")
        let json = try Shell.innersource(["analyze", teams.path, "--format", "json", "--as-of", "2025-01-01T00:00:00Z"])
        let repository = try #require((try jsonObject(json.stdout)["repositories"] as? [[String: Any]])?.first)
        let items = try #require((repository["checklist"] as? [String: Any])?["items"] as? [[String: Any]])
        let expected = items.map { item -> [String] in
            let evidence = item["evidence"] as? [String] ?? []
            return evidence.filter { $0.hasPrefix("no: ") } + evidence.filter { !$0.hasPrefix("no: ") }
        }
        #expect(expected.contains { $0.count > 3 }, "the fixture has a question with more than three signals")
        let text = try Shell.innersource(["analyze", teams.path, "--format", format, "--as-of", "2025-01-01T00:00:00Z"])
        #expect(text.status == 0, "\(text.errors)")
        #expect(Self.readinessEvidence(text.output, markdown: format == "markdown") == expected, "\(text.output)")
        #expect(text.output.contains("no: 25.0% of commits at weekends"), "the no that explains resourcing's partly")
    }

    @Test("colours only when asked for (a terminal), never in Markdown or when piped")
    func colours() throws {
        let path = try Fixture.make("basic").path
        var seen: [Int] = []
        let (analysis, run) = try InProcess.analyze(path, asOf: 1_717_200_000) { seen.append($0) }
        #expect(seen == Array(1...10), "progress counts every commit read")
        let coloured = AnalysisText.render(analysis, run: run, style: .table, limit: nil, colour: true)
        let plain = AnalysisText.render(analysis, run: run, style: .table, limit: nil, colour: false)
        let markdown = AnalysisText.render(analysis, run: run, style: .markdown, limit: nil, colour: true)
        #expect(coloured.contains("\u{1B}[1mRepository basic\u{1B}[0m"))
        #expect(!plain.contains("\u{1B}["))
        #expect(!markdown.contains("\u{1B}["))
        #expect(plain == coloured.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression))
        // Piped (as in every test here), the binary writes no escape codes and no progress line.
        let piped = try Shell.innersource(["analyze", path])
        #expect(!piped.output.contains("\u{1B}[") && !piped.errors.contains("commits read"))
    }
}

/// A bare mirror in a folder called `repo` was reported as `repo`.
@Suite("Repository names")
struct RepositoryNameTests {
    static func name(_ arguments: [String]) throws -> String? {
        let result = try Shell.innersource(["analyze"] + arguments + ["--format", "json", "--as-of", "2024-06-01"])
        try #require(result.status == 0, "\(result.errors)")
        return (try jsonObject(result.stdout)["repositories"] as? [[String: Any]])?.first?["repository"] as? String
    }

    @Test("from the origin remote's URL, else the first remote's, else the folder; --name wins")
    func names() throws {
        let basic = try Fixture.make("basic")
        let mirror = try Fixture.clone(basic, name: "repo", options: ["--bare"])
        try Shell.git(["-C", mirror.path, "remote", "remove", "origin"])
        #expect(try Self.name([mirror.path]) == "repo", "no remote: the folder")
        try Shell.git(["-C", mirror.path, "remote", "add", "upstream", "git@git.example.com:org/ledger"])
        #expect(try Self.name([mirror.path]) == "ledger", "the first remote")
        try Shell.git(["-C", mirror.path, "remote", "add", "origin", "https://user:secret@git.example.com/org/payments.git/"])
        #expect(try Self.name([mirror.path]) == "payments", "origin first")
        #expect(try Self.name([mirror.path, "--name", "Payments service"]) == "Payments service")
        let refused = try Shell.innersource(["analyze", mirror.path, "--name", " "])
        #expect(refused.status == 2)
    }

    @Test("remote URLs", arguments: [
        ("https://github.com/apple/swift-log.git", "swift-log"), ("git@github.com:apple/swift-nio", "swift-nio"),
        ("/srv/git/app.git/", "app"), ("ssh://git@host:2222/a/b.git", "b"), ("https://host/", "host"), ("", nil),
    ] as [(String, String?)])
    func remoteURLs(url: String, name: String?) {
        #expect(Analyzer.name(fromRemoteURL: url) == name)
    }
}

/// Progress on a long analyze showed commits read, but no total, rate or time left.
@Suite("Progress of analyze")
struct ProgressTests {
    @Test("of a total, with the percentage and the time left", arguments: [
        (1_280, 16_450, 2.0, "app: 1,280 of 16,450 commits read (7%), about 24 s left"),
        (8_000, 81_966, 10.0, "app: 8,000 of 81,966 commits read (9%), about 2 min left"),
        (300, nil, 1.0, "app: 300 commits read"),
        (300, 200, 1.0, "app: 300 commits read"),
    ] as [(Int, Int?, Double, String)])
    func line(read: Int, total: Int?, elapsed: Double, expected: String) {
        #expect(ProgressLine.describe(label: "app", read: read, total: total, elapsed: elapsed) == expected)
    }

    @Test("the history's size, as git rev-list --count counts it")
    func count() throws {
        let repository = try Fixture.make("basic")
        let git = try Shell.git(["-C", repository.path, "rev-list", "--count", "HEAD"]).output
        #expect(HistoryReader.countCommits(repositoryAt: repository.path, revision: nil) == Int(git.trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(HistoryReader.countCommits(repositoryAt: repository.path, revision: "HEAD~3").map { $0 + 3 }
                == Int(git.trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(HistoryReader.countCommits(repositoryAt: try Fixture.empty().path, revision: nil) == nil)
    }

    @Test("on a terminal, one line stays at the end: the commits read and the seconds")
    func finalLine() throws {
        let repository = try Fixture.make("basic")
        let command = "\(Package.executable.path) analyze \(repository.path) --format json > /dev/null"
        let result = try Shell.run("/usr/bin/script", ["-qec", command, "/dev/null"])
        #expect(result.status == 0)
        #expect(result.output.range(of: #"basic: 10 commits read in [0-9]+\.[0-9] s"#, options: .regularExpression) != nil,
                "\(result.output.debugDescription)")
    }
}

/// An unreadable global git configuration (a service user whose `HOME` it cannot search, a looping link) is
/// read as absent, with a finding, as git reads on past it.
@Suite("Unreadable git configuration")
struct UnreadableConfigurationTests {
    /// A home folder for the run: `.gitconfig` made by `prepare`, nothing else.
    static func home(_ prepare: (URL) throws -> Void) throws -> URL {
        let home = try Fixture.temporaryFolder().appendingPathComponent("home")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        try prepare(home)
        return home
    }

    /// `innersource analyze --format json` of `repository` with `HOME` set to `home` and no override of the
    /// global configuration, through `prefix` (a change of user).
    static func analyze(_ repository: URL, home: URL, prefix: [String] = []) throws -> ProcessResult {
        try Shell.run("/usr/bin/env", prefix + ["env", "-u", "GIT_CONFIG_GLOBAL", "-u", "XDG_CONFIG_HOME", "HOME=\(home.path)",
                                                Package.executable.path, "analyze", repository.path, "--format", "json",
                                                "--as-of", "2024-06-01"])
    }

    /// The repository's findings of kind `unreadable_configuration`, and the summary without any finding.
    static func read(_ result: ProcessResult) throws -> (findings: [[String: Any]], rest: String) {
        var summary = try jsonObject(result.stdout)
        var repositories = try #require(summary["repositories"] as? [[String: Any]])
        let findings = (repositories[0]["findings"] as? [[String: Any]] ?? []).filter { $0["kind"] as? String == "unreadable_configuration" }
        repositories[0]["findings"] = nil
        summary["repositories"] = repositories
        return (findings, String(decoding: try JSONSerialization.data(withJSONObject: summary, options: [.sortedKeys]), as: UTF8.self))
    }

    @Test("a .gitconfig that is a looping link: the analysis goes on, with a finding naming the file")
    func loopingLink() throws {
        let repository = try Fixture.make("basic")
        let home = try Self.home { home in
            try FileManager.default.createSymbolicLink(atPath: home.path + "/.gitconfig", withDestinationPath: home.path + "/.gitconfig")
        }
        let result = try Self.analyze(repository, home: home)
        try #require(result.status == 0, "\(result.errors)")
        let (findings, rest) = try Self.read(result)
        #expect(findings.count == 1)
        #expect((findings.first?["examples"] as? [String]) == [home.path + "/.gitconfig"], "\(findings)")
        #expect((findings.first?["message"] as? String)?.contains(String(cString: strerror(ELOOP))) == true, "\(findings)")
        let document = try Fixture.temporaryFolder().appendingPathComponent("summary.json")
        try result.stdout.write(to: document)
        let schema = try SchemaValidator.validate(SchemaValidator.summary, [document])
        #expect(schema.valid, "the finding's kind is in schemas/summary.schema.json: \(schema.report)")
        let plain = try Self.analyze(repository, home: try Self.home { _ in })
        #expect(try Self.read(plain).findings.isEmpty)
        #expect(try Self.read(plain).rest == rest, "the figures are those of a run with no global configuration")
    }

    @Test("a home folder the user cannot search, as git reads on past it (HOME=/root for a service user)")
    func unsearchableHome() throws {
        let repository = try Fixture.make("basic")
        let home = try Self.home { home in
            try Data("[user]\n\tname = Someone\n".utf8).write(to: home.appendingPathComponent(".gitconfig"))
        }
        // Another user than the home's owner: as root, run as nobody (root could search any folder).
        var prefix: [String] = []
        if getuid() == 0 {
            try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv"), "setpriv runs the binary as nobody")
            #expect(chmod(home.path, 0o700) == 0)
            prefix = ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
        } else {
            #expect(chmod(home.path, 0) == 0)
        }
        defer { _ = chmod(home.path, 0o755) }
        let git = try Shell.run("/usr/bin/env", prefix + ["env", "-u", "GIT_CONFIG_GLOBAL", "HOME=\(home.path)", "git", "-c", "safe.directory=*",
                                                          "-C", repository.path, "log", "--oneline"])
        #expect(git.status == 0, "git reads on: \(git.errors)")
        let result = try Self.analyze(repository, home: home, prefix: prefix)
        try #require(result.status == 0, "\(result.errors)")
        let (findings, _) = try Self.read(result)
        #expect(findings.count == 1, "\(findings)")
        #expect((findings.first?["examples"] as? [String] ?? []).contains(home.path + "/.gitconfig"), "\(findings)")
        #expect((findings.first?["message"] as? String)?.contains(String(cString: strerror(EACCES))) == true, "\(findings)")
    }
}
