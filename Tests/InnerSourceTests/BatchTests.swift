import Foundation
import Testing
@testable import Pipeline

/// The fixture organisation (fixtures/repos/org.sh) and its pipeline (fixtures/org/pipeline.yml), run the
/// way a scheduler runs them: the executable, with the environment variables the pipeline names.
struct Organisation {
    let folder: URL
    static let pipeline = Package.fixtures.appendingPathComponent("org/pipeline.yml").path
    /// The text outputs that must match byte for byte between runs that should agree.
    static let textOutputs = ["repositories.csv", "contributors.csv", "team_flows.csv", "team_flows_by_repository.csv",
                              "team_flows_monthly.csv", "monthly.csv", "barriers.csv", "change_requests.csv",
                              "checklist.md", "checklist.json", "metrics.prom", "report.html"]

    init() throws {
        folder = try Fixture.make("org")
    }

    var git: URL { folder.appendingPathComponent("git") }

    func repository(_ name: String) -> URL { git.appendingPathComponent(name) }

    /// `innersource run` on the fixture pipeline, writing into `output`.
    @discardableResult
    func run(into output: URL, _ arguments: [String] = [], pipeline: String = Organisation.pipeline,
             environment: [String: String] = [:]) throws -> ProcessResult {
        try Shell.innersource(["run", pipeline] + arguments,
                              environment: ["INNERSOURCE_ORG": folder.path, "INNERSOURCE_OUT": output.path].merging(environment) { $1 })
    }

    /// A copy of the fixture pipeline at `url` (its roster named by an absolute path), with `keys` (YAML
    /// lines) added; returns its path.
    @discardableResult
    static func pipeline(at url: URL, adding keys: String) throws -> String {
        try Data(try String(contentsOfFile: pipeline, encoding: .utf8)
            .replacingOccurrences(of: "roster: teams.yml", with: "roster: \(Package.fixtures.path)/org/teams.yml\n\(keys)").utf8)
            .write(to: url)
        return url.path
    }

    /// summary.json's batch section (run metadata).
    static func batch(_ output: URL) throws -> [String: Any] {
        let summary = try jsonObject(Data(contentsOf: output.appendingPathComponent("summary.json")))
        return summary["batch"] as? [String: Any] ?? [:]
    }

    /// summary.json without its run metadata, as canonical JSON text.
    static func summaryWithoutBatch(_ output: URL) throws -> String {
        var summary = try jsonObject(Data(contentsOf: output.appendingPathComponent("summary.json")))
        summary["batch"] = nil
        return String(decoding: try JSONSerialization.data(withJSONObject: summary, options: [.sortedKeys]), as: UTF8.self)
    }

    /// Every table of innersource.sqlite, dumped by Python's sqlite3 (an independent reader).
    static func sqliteDump(_ output: URL) throws -> String {
        let script = """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name"):
                print("TABLE", name)
                # The run history holds the runs before this one too: compare this run's rows.
                latest = " WHERE as_of = (SELECT max(as_of) FROM runs)" if name == "runs" or name.startswith("history_") else ""
                for row in db.execute(f'SELECT * FROM "{name}"{latest} ORDER BY 1, 2'):
                    print(repr(row))
            """
        let result = try Shell.run("/usr/bin/env", ["python3", "-c", script, output.appendingPathComponent("innersource.sqlite").path])
        guard result.status == 0 else { throw TestFailure("sqlite dump failed: \(result.errors)") }
        return result.output
    }

    /// Asserts that two output folders hold the same results (run metadata apart).
    /// report.html without its organisation section, whose trend reads the run history the folder's database
    /// keeps (a warm folder has earlier runs, a cold one none); other files as they are.
    static func withoutTrend(_ file: String, _ data: Data) throws -> Data {
        guard file == "report.html" else { return data }
        let page = String(decoding: data, as: UTF8.self)
        let start = try #require(page.range(of: "<section id=\"organisation\""))
        let end = try #require(page[start.upperBound...].range(of: "</section>"))
        return Data((page[..<start.lowerBound] + page[end.upperBound...]).utf8)
    }

    static func expectSameResults(_ a: URL, _ b: URL, sourceLocation: SourceLocation = #_sourceLocation) throws {
        for file in textOutputs {
            let left = try withoutTrend(file, Data(contentsOf: a.appendingPathComponent(file)))
            let right = try withoutTrend(file, Data(contentsOf: b.appendingPathComponent(file)))
            #expect(left == right, "\(file) differs between \(a.lastPathComponent) and \(b.lastPathComponent)",
                    sourceLocation: sourceLocation)
        }
        #expect(try summaryWithoutBatch(a) == summaryWithoutBatch(b), "summary.json differs beyond its batch section",
                sourceLocation: sourceLocation)
        #expect(try sqliteDump(a) == sqliteDump(b), "innersource.sqlite differs", sourceLocation: sourceLocation)
    }

    /// repositories.csv as repository → (status, error).
    static func statuses(_ output: URL) throws -> [String: (status: String, error: String)] {
        let text = try String(contentsOf: output.appendingPathComponent("repositories.csv"), encoding: .utf8)
        let script = """
            import csv, sys, json
            rows = list(csv.DictReader(open(sys.argv[1], newline='')))
            print(json.dumps({r['repository']: [r['status'], r['error']] for r in rows}))
            """
        _ = text
        let result = try Shell.run("/usr/bin/env", ["python3", "-c", script, output.appendingPathComponent("repositories.csv").path])
        let object = try jsonObject(result.stdout)
        return object.compactMapValues { value in
            guard let pair = value as? [String], pair.count == 2 else { return nil }
            return (pair[0], pair[1])
        }
    }

    static func commitCount(_ repository: URL) throws -> Int {
        Int(try Shell.git(["-C", repository.path, "rev-list", "--count", "HEAD"]).output
            .trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }
}

@Suite("Batch runs over the fixture organisation")
struct BatchRunTests {
    @Test("every repository is found, failures are named with their reason and the run goes on (exit 1)")
    func organisationRun() throws {
        let org = try Organisation()
        let output = try Fixture.temporaryFolder().appendingPathComponent("out")
        let result = try org.run(into: output)
        #expect(result.status == 1, "stderr: \(result.errors)")
        let statuses = try Organisation.statuses(output)
        #expect(Set(statuses.keys) == ["payments", "platform/api", "search/web", "empty", "broken", "shallow"])
        #expect(statuses["payments"]?.status == "ok")
        #expect(statuses["platform/api"]?.status == "ok")
        #expect(statuses["search/web"]?.status == "ok")
        #expect(statuses["empty"]?.status == "empty")
        #expect(statuses["broken"]?.status == "error")
        #expect(statuses["broken"]?.error.contains("object not found") == true)
        #expect(statuses["shallow"]?.status == "error")
        #expect(statuses["shallow"]?.error.contains("shallow clone") == true)
        // The explicit entry's owner wins over the root that finds the same mirror.
        let repositories = try String(contentsOf: output.appendingPathComponent("repositories.csv"), encoding: .utf8)
        #expect(repositories.contains("\npayments,payments,config,"))
        #expect(repositories.contains("\nplatform/api,platform,codeowners,"))
        // One line per repository in the scheduler's log (stderr is not a terminal here).
        for name in statuses.keys { #expect(result.errors.contains("] \(name): "), "no log line for \(name)") }
        #expect(result.output.contains("4 of 6 repositories analysed"))
        // Commits read: the whole history of every analysed repository, as git counts it.
        var expected = 0
        for name in ["payments.git", "platform/api", "search/web"] { expected += try Organisation.commitCount(org.repository(name)) }
        let batch = try Organisation.batch(output)
        #expect(batch["commits_read"] as? Int == expected)
        #expect(batch["commits_from_cache"] as? Int == 0)
        #expect(batch["failed"] as? Int == 2)
        #expect(batch["repositories"] as? Int == 6)
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent(".cache/innersource-cache.sqlite").path))
        // metrics say which repositories could not be analysed.
        let metrics = try String(contentsOf: output.appendingPathComponent("metrics.prom"), encoding: .utf8)
        #expect(metrics.contains("innersource_repository_up{repository=\"broken\"} 0"))
        #expect(metrics.contains("innersource_repository_up{repository=\"payments\"} 1"))
        #expect(metrics.contains("innersource_repositories_failed 2"))
    }

    @Test("on a terminal the log is a live bar, with a line only for failures")
    func terminalBar() throws {
        let org = try Organisation()
        let output = try Fixture.temporaryFolder().appendingPathComponent("out")
        // script(1) gives the run a pseudo-terminal.
        let command = "\(Package.executable.path) run \(Organisation.pipeline) --jobs 1"
        let result = try Shell.run("/usr/bin/script", ["-qec", command, "/dev/null"],
                                   environment: ["INNERSOURCE_ORG": org.folder.path, "INNERSOURCE_OUT": output.path])
        let text = result.output
        #expect(result.status == 1, "\(text)")
        #expect(text.contains("\r\u{1B}[K[####"), "a bar is drawn: \(text.debugDescription)")
        #expect(text.contains("] broken: error:"), "failures get their own line")
        #expect(!text.contains("] payments: ok"), "no line per successful repository on a terminal")
    }

    @Test("history.shallow: analyze analyses a shallow clone, with its finding")
    func shallowPolicy() throws {
        let org = try Organisation()
        let pipeline = try Fixture.temporaryFolder().appendingPathComponent("shallow.yml")
        try Organisation.pipeline(at: pipeline, adding: "history: { shallow: analyze }")
        let output = try Fixture.temporaryFolder().appendingPathComponent("out")
        let result = try org.run(into: output, pipeline: pipeline.path)
        #expect(result.status == 1, "stderr: \(result.errors)")
        let statuses = try Organisation.statuses(output)
        #expect(statuses["shallow"]?.status == "ok")
        let summary = try String(contentsOf: output.appendingPathComponent("summary.json"), encoding: .utf8)
        #expect(summary.contains("shallow_history"))
    }

    @Test("the merge of three shards is what one run writes, and each shard records K and N")
    func shardsMerge() throws {
        let org = try Organisation()
        let base = try Fixture.temporaryFolder()
        let single = base.appendingPathComponent("single")
        try org.run(into: single, ["--no-cache"])
        var shards: [URL] = []
        var seen: [String: Int] = [:]
        for index in 0..<3 {
            let folder = base.appendingPathComponent("shard-\(index)")
            let result = try org.run(into: folder, ["--shard", "\(index)/3"])
            #expect(result.status == 0 || result.status == 1, "shard \(index): \(result.errors)")
            let batch = try Organisation.batch(folder)
            let shard = batch["shard"] as? [String: Any]
            #expect(shard?["index"] as? Int == index)
            #expect(shard?["count"] as? Int == 3)
            for name in try Organisation.statuses(folder).keys { seen[name, default: 0] += 1 }
            shards.append(folder)
        }
        #expect(seen.count == 6 && seen.values.allSatisfy { $0 == 1 }, "every repository in exactly one shard: \(seen)")

        let merged = base.appendingPathComponent("merged")
        let result = try Shell.innersource(["merge"] + shards.reversed().map(\.path) + ["--out", merged.path])
        #expect(result.status == 1, "some repositories failed in the shards: \(result.errors)")
        try Organisation.expectSameResults(single, merged)
        #expect(try Organisation.batch(merged)["merged_shards"] as? Int == 3)

        // Shards that do not fit together: exit 2 and nothing written.
        func refused(_ arguments: [String], _ message: String) throws {
            let out = base.appendingPathComponent("refused-\(UUID().uuidString)")
            let result = try Shell.innersource(["merge"] + arguments + ["--out", out.path])
            #expect(result.status == 2, "\(arguments): \(result.errors)")
            #expect(result.errors.contains(message), "\(result.errors) should say \(message)")
            #expect(!FileManager.default.fileExists(atPath: out.path), "a refused merge wrote \(out.path)")
        }
        try refused([shards[0].path, shards[1].path], "missing shard 2/3")
        try refused([shards[0].path, shards[1].path, shards[1].path, shards[2].path], "overlapping shards")
        try refused([shards[0].path, shards[1].path, base.path], "no innersource-facts.json")
        let otherAsOf = base.appendingPathComponent("shard-2-other")
        try org.run(into: otherAsOf, ["--shard", "2/3", "--as-of", "2024-12-30"])
        try refused([shards[0].path, shards[1].path, otherAsOf.path], "as-of")
        let otherConfiguration = base.appendingPathComponent("shard-2-config")
        try org.run(into: otherConfiguration, ["--shard", "2/3"], environment: [:])
        let pipeline = base.appendingPathComponent("other.yml")
        try Organisation.pipeline(at: pipeline, adding: "history: { merges: measure }")
        try org.run(into: otherConfiguration, ["--shard", "2/3"], pipeline: pipeline.path)
        try refused([shards[0].path, shards[1].path, otherConfiguration.path], "configuration digests")
    }

    @Test("pseudonymized shards merge into the pseudonymized single run, and no e-mail survives anywhere")
    func pseudonymizedShards() throws {
        let org = try Organisation()
        let base = try Fixture.temporaryFolder()
        let pipeline = base.appendingPathComponent("private.yml")
        try Organisation.pipeline(at: pipeline, adding: "privacy: { pseudonymize: true }\ncache: { dir: \"${PRIVATE_CACHE}\" }")
        // The cache holds real identities: this pipeline keeps it out of the outputs folders.
        let key = ["INNERSOURCE_PSEUDONYM_KEY": "a-test-key-of-enough-length", "PRIVATE_CACHE": base.appendingPathComponent("cache").path]
        let withoutKey = try org.run(into: base.appendingPathComponent("nokey"), pipeline: pipeline.path,
                                     environment: ["PRIVATE_CACHE": base.appendingPathComponent("cache").path])
        #expect(withoutKey.status == 2, "no key, nothing written: \(withoutKey.errors)")
        let single = base.appendingPathComponent("single")
        try org.run(into: single, ["--no-cache"], pipeline: pipeline.path, environment: key)
        var shards: [String] = []
        for index in 0..<2 {
            let folder = base.appendingPathComponent("shard-\(index)")
            try org.run(into: folder, ["--shard", "\(index)/2"], pipeline: pipeline.path, environment: key)
            shards.append(folder.path)
        }
        let merged = base.appendingPathComponent("merged")
        // merge needs no key: the shards' facts are pseudonymized already.
        let result = try Shell.innersource(["merge"] + shards + ["--out", merged.path])
        #expect(result.status == 1, "\(result.errors)")
        try Organisation.expectSameResults(single, merged)
        for folder in [single, merged] + shards.map({ URL(fileURLWithPath: $0) }) {
            #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent(".cache").path))
            for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
                let bytes = try Data(contentsOf: folder.appendingPathComponent(file))
                #expect(bytes.range(of: Data("acme.test".utf8)) == nil, "\(folder.lastPathComponent)/\(file) holds an e-mail")
                #expect(bytes.range(of: Data("Paula".utf8)) == nil, "\(folder.lastPathComponent)/\(file) holds a name")
            }
        }
        #expect(FileManager.default.fileExists(atPath: base.appendingPathComponent("cache/innersource-cache.sqlite").path))
        // Shards pseudonymised with another key do not fit: their people would not match.
        let otherKey = base.appendingPathComponent("shard-1-other-key")
        try org.run(into: otherKey, ["--shard", "1/2"], pipeline: pipeline.path,
                    environment: key.merging(["INNERSOURCE_PSEUDONYM_KEY": "another-key-of-enough-length"]) { $1 })
        let mixed = try Shell.innersource(["merge", shards[0], otherKey.path, "--out", base.appendingPathComponent("mixed").path])
        #expect(mixed.status == 2)
        #expect(mixed.errors.contains("pseudonym keys"), "\(mixed.errors)")
        // The report's style sheet is not mistaken for a handle.
        #expect(try String(contentsOf: single.appendingPathComponent("report.html"), encoding: .utf8).contains("@media print"))
    }

    @Test("pseudonymising with the cache inside the outputs folder warns, wherever cache.dir puts it there", arguments: [
        ("", true), ("cache: { dir: \"${INNERSOURCE_OUT}/private\" }\n", true), ("cache: { dir: \"${INNERSOURCE_OUT}\" }\n", true),
        ("cache: { dir: \"${INNERSOURCE_OUT}-cache\" }\n", false),
    ])
    func cacheInsideOutputs(cache: String, warns: Bool) throws {
        let org = try Organisation()
        let base = try Fixture.temporaryFolder()
        let pipeline = base.appendingPathComponent("private.yml")
        try Organisation.pipeline(at: pipeline, adding: "privacy: { pseudonymize: true }\n\(cache)")
        let result = try org.run(into: base.appendingPathComponent("out"), pipeline: pipeline.path,
                                 environment: ["INNERSOURCE_PSEUDONYM_KEY": "a-test-key-of-enough-length"])
        #expect(result.status == 1, "\(result.errors)")
        #expect(result.errors.contains("holds real names and e-mails while the outputs are pseudonymised") == warns, "\(result.errors)")
    }

    @Test("an incremental run reads only new commits and equals a cold run, after new commits and after a force-push")
    func incremental() throws {
        let org = try Organisation()
        let base = try Fixture.temporaryFolder()
        let warm = base.appendingPathComponent("warm")
        let first = try org.run(into: warm)
        #expect(first.status == 1)
        let firstCopy = base.appendingPathComponent("first")
        try FileManager.default.copyItem(at: warm, to: firstCopy)
        let total = try ["payments.git", "platform/api", "search/web"].reduce(0) { $0 + (try Organisation.commitCount(org.repository($1))) }

        // Nothing new: nothing read, everything from the cache, the same results.
        let second = try org.run(into: warm)
        #expect(second.status == 1)
        var batch = try Organisation.batch(warm)
        #expect(batch["commits_read"] as? Int == 0)
        #expect(batch["commits_from_cache"] as? Int == total)
        #expect(second.output.contains("0 commits read, \(total) taken from the cache"))
        try Organisation.expectSameResults(firstCopy, warm)

        // Two new commits in platform/api: only they are read.
        let api = org.repository("platform/api")
        for (index, date) in ["2024-10-01T10:00:00Z", "2024-10-02T10:00:00Z"].enumerated() {
            try "more \(index)\n".write(to: api.appendingPathComponent("more.txt"), atomically: true, encoding: .utf8)
            try Shell.git(["-C", api.path, "add", "-A"])
            try Shell.run("/usr/bin/env", ["git", "-C", api.path, "-c", "user.name=Sam Search", "-c", "user.email=sam@acme.test",
                                           "commit", "-q", "-m", "More \(index)", "--date", date],
                          environment: ["GIT_COMMITTER_DATE": date])
        }
        try org.run(into: warm)
        batch = try Organisation.batch(warm)
        #expect(batch["commits_read"] as? Int == 2)
        #expect(batch["commits_from_cache"] as? Int == total)
        let cold = base.appendingPathComponent("cold")
        try org.run(into: cold, ["--no-cache"])
        #expect(!FileManager.default.fileExists(atPath: cold.appendingPathComponent(".cache").path), "--no-cache left a cache")
        try Organisation.expectSameResults(cold, warm)

        // A force-push rewrites search/web: its history is read again and the results equal a cold run.
        let web = org.repository("search/web")
        try Shell.git(["-C", web.path, "reset", "-q", "--hard", "HEAD~1"])
        try "rewritten\n".write(to: web.appendingPathComponent("facets.txt"), atomically: true, encoding: .utf8)
        try Shell.git(["-C", web.path, "add", "-A"])
        try Shell.run("/usr/bin/env", ["git", "-C", web.path, "-c", "user.name=Cora Search", "-c", "user.email=cora@acme.test",
                                       "commit", "-q", "-m", "Facets, again", "--date", "2024-09-02T10:00:00Z"],
                      environment: ["GIT_COMMITTER_DATE": "2024-09-02T10:00:00Z"])
        try Shell.git(["-C", web.path, "reflog", "expire", "--expire=now", "--all"])
        try Shell.git(["-C", web.path, "gc", "-q", "--prune=now"])
        let rewritten = try org.run(into: warm)
        #expect(rewritten.errors.contains("search/web: ok, history rewritten"), "\(rewritten.errors)")
        batch = try Organisation.batch(warm)
        #expect(batch["commits_read"] as? Int == (try Organisation.commitCount(web)))
        let coldAgain = base.appendingPathComponent("cold-again")
        try org.run(into: coldAgain, ["--no-cache"])
        try Organisation.expectSameResults(coldAgain, warm)
    }

    @Test("the cache holds full facts: a window that moves gives what a cold run gives")
    func movingWindow() throws {
        let org = try Organisation()
        let base = try Fixture.temporaryFolder()
        let warm = base.appendingPathComponent("warm")
        try org.run(into: warm)
        // Half a year later the window starts in mid-2024: commits leave it, all from the cache.
        try org.run(into: warm, ["--as-of", "2025-06-30"])
        #expect(try Organisation.batch(warm)["commits_read"] as? Int == 0)
        let cold = base.appendingPathComponent("cold")
        try org.run(into: cold, ["--no-cache", "--as-of", "2025-06-30"])
        try Organisation.expectSameResults(cold, warm)
    }

    @Test("the rename policy keys the cache: switching it reads again, and the results equal a cold run")
    func renamePolicy() throws {
        let org = try Organisation()
        let base = try Fixture.temporaryFolder()
        let pipeline = base.appendingPathComponent("renames.yml")
        try Organisation.pipeline(at: pipeline, adding: "history: { renames: detect }")
        let warm = base.appendingPathComponent("warm")
        try org.run(into: warm)
        try org.run(into: warm, pipeline: pipeline.path)
        let total = try ["payments.git", "platform/api", "search/web"].reduce(0) { $0 + (try Organisation.commitCount(org.repository($1))) }
        #expect(try Organisation.batch(warm)["commits_read"] as? Int == total, "facts read without renames are not reused")
        try org.run(into: warm, pipeline: pipeline.path)
        #expect(try Organisation.batch(warm)["commits_read"] as? Int == 0)
        let cold = base.appendingPathComponent("cold")
        try org.run(into: cold, ["--no-cache"], pipeline: pipeline.path)
        try Organisation.expectSameResults(cold, warm)
        let summary = try jsonObject(Data(contentsOf: warm.appendingPathComponent("summary.json")))
        #expect((summary["options"] as? [String: Any])?["detect_renames"] as? Bool == true)
    }

    /// A one-repository pipeline in `folder`, on `repository`, as of the end of 2024.
    static func singlePipeline(_ folder: URL, repository: URL, extra: String = "") throws -> URL {
        let pipeline = folder.appendingPathComponent("single.yml")
        try """
            version: 1
            repositories:
              - path: \(repository.path)
            window: { as_of: 2024-12-31 }
            outputs: { dir: "${INNERSOURCE_OUT}", formats: [csv, json, checklist] }
            \(extra)
            """.write(to: pipeline, atomically: true, encoding: .utf8)
        return pipeline
    }

    @Test("a .mailmap or .gitattributes change makes the next run read again: the results equal a cold run")
    func readingContext() throws {
        let org = try Organisation()
        let base = try Fixture.temporaryFolder()
        let api = org.repository("platform/api")
        let pipeline = try Self.singlePipeline(base, repository: api)
        let warm = base.appendingPathComponent("warm")
        try org.run(into: warm, pipeline: pipeline.path)
        let changes: [(file: String, text: String)] = [
            (".mailmap", "Olga Ops <olga@platform.test> <olga@acme.test>\n"),
            (".gitattributes", "routes.txt binary\n"),
            // mailmap.file, relative: libgit2 takes it from the work tree, wherever the run starts.
            ("team.mailmap", "Otto Ops <otto@platform.test> <otto@acme.test>\n"),
        ]
        try Shell.git(["-C", api.path, "config", "mailmap.file", "team.mailmap"])
        try "# nobody yet\n".write(to: api.appendingPathComponent("team.mailmap"), atomically: true, encoding: .utf8)
        try org.run(into: warm, pipeline: pipeline.path)
        for (index, change) in changes.enumerated() {
            try change.text.write(to: api.appendingPathComponent(change.file), atomically: true, encoding: .utf8)
            if index == 0 {
                // Committed: part of the history; HEAD moves too.
                try Shell.git(["-C", api.path, "add", change.file])
                try Shell.run("/usr/bin/env", ["git", "-C", api.path, "-c", "user.name=Otto Other", "-c", "user.email=otto@acme.test",
                                               "commit", "-q", "-m", "Map Olga", "--date", "2024-11-01T10:00:00Z"],
                              environment: ["GIT_COMMITTER_DATE": "2024-11-01T10:00:00Z"])
            }
            // Uncommitted attributes count too, as git reads them.
            let result = try org.run(into: warm, pipeline: pipeline.path)
            #expect(result.errors.contains("history rewritten"), "\(change.file): \(result.errors)")
            let cold = base.appendingPathComponent("cold-\(index)")
            try org.run(into: cold, ["--no-cache"], pipeline: pipeline.path)
            for file in ["repositories.csv", "contributors.csv", "team_flows.csv", "team_flows_by_repository.csv", "team_flows_monthly.csv",
                         "monthly.csv", "barriers.csv", "change_requests.csv"] {
                #expect(try Data(contentsOf: warm.appendingPathComponent(file)) == Data(contentsOf: cold.appendingPathComponent(file)),
                        "\(change.file): \(file)")
            }
        }
        let contributors = try String(contentsOf: warm.appendingPathComponent("contributors.csv"), encoding: .utf8)
        #expect(contributors.contains("olga@platform.test") && !contributors.contains("olga@acme.test"))
        #expect(contributors.contains("otto@platform.test") && !contributors.contains("otto@acme.test"))
        // Nothing changed: nothing is read again (the fingerprint is stable).
        let again = try org.run(into: warm, pipeline: pipeline.path)
        #expect(again.errors.contains("unchanged"), "\(again.errors)")
    }

    @Test("a second run on a cache in use reads without it; the cache is never shared")
    func concurrentRuns() throws {
        let org = try Organisation()
        let base = try Fixture.temporaryFolder()
        let output = base.appendingPathComponent("out")
        try org.run(into: output)
        // Hold the cache's lock as another run would, until told to let go.
        let lock = output.appendingPathComponent(".cache/innersource-cache.sqlite.lock").path
        let release = base.appendingPathComponent("release").path
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        holder.arguments = ["python3", "-c", """
            import fcntl, os, sys, time
            f = open(sys.argv[1], 'a'); fcntl.flock(f, fcntl.LOCK_EX); print('held', flush=True)
            deadline = time.time() + 60
            while not os.path.exists(sys.argv[2]) and time.time() < deadline: time.sleep(0.05)
            """, lock, release]
        let pipe = Pipe()
        holder.standardOutput = pipe
        try holder.run()
        _ = pipe.fileHandleForReading.availableData  // "held"
        let shared = try org.run(into: output)
        #expect(FileManager.default.createFile(atPath: release, contents: Data()))
        holder.waitUntilExit()
        #expect(shared.status == 1)
        #expect(shared.errors.contains("another innersource run is using the cache"), "\(shared.errors)")
        #expect(try Organisation.batch(output)["commits_from_cache"] as? Int == 0)
        let after = try org.run(into: output)
        #expect(after.status == 1)
        #expect(try Organisation.batch(output)["commits_read"] as? Int == 0, "the cache is intact: \(after.errors)")
    }

    @Test("damaged pages inside the cache never fail a repository")
    func damagedPages() throws {
        let org = try Organisation()
        let base = try Fixture.temporaryFolder()
        let output = base.appendingPathComponent("out")
        try org.run(into: output)
        let cache = output.appendingPathComponent(".cache/innersource-cache.sqlite")
        let handle = try FileHandle(forUpdating: cache)
        let size = try handle.seekToEnd()
        // Every page after the first two (the schema) overwritten: the facts cannot be read.
        for offset in stride(from: UInt64(8192), to: size, by: 4096) {
            try handle.seek(toOffset: offset)
            handle.write(Data(repeating: 0xAB, count: 4096))
        }
        try handle.close()
        let result = try org.run(into: output)
        #expect(result.status == 1, "\(result.errors)")
        let statuses = try Organisation.statuses(output)
        #expect(statuses.filter { $0.value.status == "error" }.keys.sorted() == ["broken", "shallow"], "\(statuses)")
        let cold = base.appendingPathComponent("cold")
        try org.run(into: cold, ["--no-cache"])
        try Organisation.expectSameResults(cold, output)
    }

    @Test("a cache that is valid SQLite but holds less than it says is damage: a warning, then what a cold run writes", arguments: [
        "DROP TABLE commits",
        "DELETE FROM commits WHERE rowid % 3 = 0",
        "DELETE FROM commits WHERE id IN (SELECT tip FROM repositories)",
    ])
    func incompleteCache(statement: String) throws {
        let org = try Organisation()
        let base = try Fixture.temporaryFolder()
        let output = base.appendingPathComponent("out")
        try org.run(into: output)
        let cache = output.appendingPathComponent(".cache/innersource-cache.sqlite")
        // The analyses kept whole stand for the commits while nothing changes: dropped, so that the next run
        // reads the damaged facts.
        let script = "import sqlite3, sys\ndb = sqlite3.connect(sys.argv[1])\ndb.executescript(sys.argv[2] + '; DELETE FROM analyses;')\ndb.commit()\ndb.close()\n"
        let changed = try Shell.run("/usr/bin/env", ["python3", "-c", script, cache.path, statement])
        try #require(changed.status == 0, "\(changed.errors)")
        let damaged = try org.run(into: output)
        #expect(damaged.status == 1, "\(damaged.errors)")
        for name in ["payments", "platform/api", "search/web"] {
            #expect(damaged.errors.contains("\(name): the cache \(cache.path) is damaged"), "\(name): \(damaged.errors)")
        }
        #expect(!damaged.errors.contains("ok, unchanged"), "\(damaged.errors)")
        let cold = base.appendingPathComponent("cold")
        try org.run(into: cold, ["--no-cache"])
        try Organisation.expectSameResults(cold, output)
        // The damaged facts were dropped: the next runs fill the cache again, then use it.
        try org.run(into: output)
        let warm = try org.run(into: output)
        #expect(!warm.errors.contains("damaged"), "\(warm.errors)")
        #expect(try Organisation.batch(output)["commits_read"] as? Int == 0)
        try Organisation.expectSameResults(cold, output)
    }

    @Test("an unwritable outputs folder, and a pipeline that finds nothing, stop before any analysis (exit 2)")
    func earlyStops() throws {
        let org = try Organisation()
        let base = try Fixture.temporaryFolder()
        let file = base.appendingPathComponent("a-file")
        try Data("x".utf8).write(to: file)
        let result = try org.run(into: file.appendingPathComponent("out"))
        #expect(result.status == 2)
        #expect(!result.errors.contains("] payments:"), "nothing was analysed: \(result.errors)")
        #expect(result.errors.contains("a-file"), "\(result.errors)")
        let empty = base.appendingPathComponent("empty-root")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let pipeline = base.appendingPathComponent("nothing.yml")
        try "version: 1\nrepositories:\n  - root: \(empty.path)\noutputs: { dir: \"${INNERSOURCE_OUT}\" }\n"
            .write(to: pipeline, atomically: true, encoding: .utf8)
        let nothing = try org.run(into: base.appendingPathComponent("out"), pipeline: pipeline.path)
        #expect(nothing.status == 2)
        #expect(nothing.errors.contains("no repository found"), "\(nothing.errors)")
    }

    @Test("a damaged blob outside the window, which a cold run never reads, does not fail the repository")
    func damagedOldBlob() throws {
        let org = try Organisation()
        let base = try Fixture.temporaryFolder()
        let repository = base.appendingPathComponent("repo")
        try Shell.git(["init", "-q", "-b", "main", repository.path])
        for (index, date) in ["2020-01-01T10:00:00Z", "2020-02-01T10:00:00Z", "2024-06-01T10:00:00Z"].enumerated() {
            try "version \(index)\n".write(to: repository.appendingPathComponent("file.txt"), atomically: true, encoding: .utf8)
            try Shell.git(["-C", repository.path, "add", "-A"])
            try Shell.run("/usr/bin/env", ["git", "-C", repository.path, "-c", "user.name=Ann", "-c", "user.email=ann@example.com",
                                           "commit", "-q", "-m", "Version \(index)", "--date", date],
                          environment: ["GIT_COMMITTER_DATE": date])
        }
        let blob = try Shell.git(["-C", repository.path, "rev-parse", "HEAD~2:file.txt"]).output.trimmingCharacters(in: .whitespacesAndNewlines)
        let object = repository.appendingPathComponent(".git/objects/\(blob.prefix(2))/\(blob.dropFirst(2))")
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: object.path)
        try Data(repeating: 0x42, count: 40).write(to: object)
        let pipeline = try Self.singlePipeline(base, repository: repository, extra: "")
        let text = try String(contentsOf: pipeline, encoding: .utf8).replacingOccurrences(of: "window: { as_of: 2024-12-31 }",
                                                                                            with: "window: { since: 2024-01-01, as_of: 2024-12-31 }")
        try text.write(to: pipeline, atomically: true, encoding: .utf8)
        let cached = base.appendingPathComponent("cached")
        let result = try org.run(into: cached, pipeline: pipeline.path)
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.errors.contains("cannot be cached"), "\(result.errors)")
        let cold = base.appendingPathComponent("cold")
        #expect(try org.run(into: cold, ["--no-cache"], pipeline: pipeline.path).status == 0)
        #expect(try Data(contentsOf: cached.appendingPathComponent("repositories.csv")) == Data(contentsOf: cold.appendingPathComponent("repositories.csv")))
    }

    @Test("one repository at two refs is two analyses with caches of their own")
    func twoRefs() throws {
        let org = try Organisation()
        let base = try Fixture.temporaryFolder()
        let web = org.repository("search/web")
        try Shell.git(["-C", web.path, "tag", "v1", "HEAD~2"])
        let pipeline = base.appendingPathComponent("refs.yml")
        try """
            version: 1
            repositories:
              - { path: \(web.path), name: web-main }
              - { path: \(web.path), name: web-v1, ref: v1 }
            window: { as_of: 2024-12-31 }
            outputs: { dir: "${INNERSOURCE_OUT}", formats: [csv] }
            """.write(to: pipeline, atomically: true, encoding: .utf8)
        let output = base.appendingPathComponent("out")
        try org.run(into: output, pipeline: pipeline.path)
        let statuses = try Organisation.statuses(output)
        #expect(statuses.keys.sorted() == ["web-main", "web-v1"])
        let again = try org.run(into: output, pipeline: pipeline.path)
        #expect(again.status == 0)
        #expect(try String(contentsOf: output.appendingPathComponent("repositories.csv"), encoding: .utf8).contains("web-v1"))
        #expect(again.output.contains("0 commits read"), "each ref keeps its own facts: \(again.output)")
    }

    @Test("a damaged cache is moved aside with a warning and the run reads in full")
    func damagedCache() throws {
        let org = try Organisation()
        let base = try Fixture.temporaryFolder()
        let output = base.appendingPathComponent("out")
        try org.run(into: output)
        let cache = output.appendingPathComponent(".cache/innersource-cache.sqlite")
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: cache.path + suffix) }
        try Data(repeating: 0x5A, count: 8192).write(to: cache)
        let result = try org.run(into: output)
        #expect(result.status == 1)
        #expect(result.errors.contains("could not be used"), "\(result.errors)")
        #expect(FileManager.default.fileExists(atPath: cache.path + ".broken"))
        #expect(try Organisation.batch(output)["commits_from_cache"] as? Int == 0)
        let cold = base.appendingPathComponent("cold")
        try org.run(into: cold, ["--no-cache"])
        try Organisation.expectSameResults(cold, output)
    }

    @Test("bad pipelines stop the run before anything is written (exit 2)")
    func badPipelines() throws {
        let org = try Organisation()
        let folder = try Fixture.temporaryFolder()
        let output = folder.appendingPathComponent("out")
        let cases: [(String, String)] = [
            ("version: 1\nrepositories:\n  - root: /tmp\noutputs: { dir: out, formatz: [csv] }\n", "unknown key 'formatz'"),
            ("version: 1\nrepositories:\n  - path: ${NOT_SET_ANYWHERE}\noutputs: { dir: out }\n", "NOT_SET_ANYWHERE is not set"),
            ("version: 1\nrepositories:\n  - root: /tmp\nroster: missing-roster.yml\noutputs: { dir: out }\n", "does not exist"),
        ]
        for (text, message) in cases {
            let pipeline = folder.appendingPathComponent("bad-\(UUID().uuidString).yml")
            try text.write(to: pipeline, atomically: true, encoding: .utf8)
            let result = try org.run(into: output, pipeline: pipeline.path)
            #expect(result.status == 2, "\(text): \(result.errors)")
            #expect(result.errors.contains(message), "\(result.errors) should say \(message)")
        }
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out").path))
        let badShard = try org.run(into: output, ["--shard", "3/3"])
        #expect(badShard.status == 2)
        #expect(badShard.errors.contains("K must be from 0 to 2"))
    }
}

@Suite("Pipeline files")
struct PipelineFileTests {
    static let environment = ["ROOT": "/srv/git", "EMPTY": ""]

    func parse(_ text: String) -> (configuration: PipelineConfiguration?, problems: [String]) {
        let result = PipelineFile.parse(text, file: "/etc/innersource/nightly.yml", environment: Self.environment)
        return (result.value, result.problems.map(\.description))
    }

    @Test("the issue's example reads into the configuration it describes")
    func example() throws {
        let (configuration, problems) = parse("""
            version: 1
            repositories:
              - root: /srv/git            # every repository below, bare or not
                exclude: ["archive/**"]
              - path: /srv/git/payments.git
                owner: payments
            roster: teams.yml             # YAML or CSV
            window: { since: 365 days ago }
            outputs: { dir: out/nightly, formats: [csv, json, checklist, html, openmetrics, sqlite] }
            """)
        #expect(problems.isEmpty, "\(problems)")
        let value = try #require(configuration)
        #expect(value.sources.count == 2)
        guard case .root(let root) = value.sources[0], case .repository(let path) = value.sources[1] else {
            Issue.record("sources: \(value.sources)")
            return
        }
        #expect(root.path == "/srv/git" && root.exclude == ["archive/**"])
        #expect(path.path == "/srv/git/payments.git" && path.owner == "payments" && path.written == "/srv/git/payments.git")
        #expect(value.roster == "/etc/innersource/teams.yml", "relative to the pipeline's folder")
        #expect(value.since?.text == "365 days ago")
        #expect(value.outputDirectory == "/etc/innersource/out/nightly")
        #expect(value.formats.map(\.rawValue).sorted() == FormatList.names.sorted())
        #expect(value.cacheEnabled && !value.pseudonymize && value.shallow == .fail && value.merges == .count && value.renames == .off)
    }

    @Test("every problem is reported with its line", arguments: [
        ("version: 2\nrepositories: [{root: /a}]\noutputs: {dir: o}\n", "nightly.yml:1: error: version"),
        ("version: 1\nrepositories: [{root: /a}]\noutputs: {dir: o}\nwindow: {since: yesterday-ish}\n", "nightly.yml:4: error: since"),
        ("version: 1\nrepository: [{root: /a}]\noutputs: {dir: o}\n", "nightly.yml:2: error: unknown key 'repository'"),
        ("version: 1\nrepositories:\n  - root: /a\n    exclud: [x]\noutputs: {dir: o}\n", "did you mean 'exclude'"),
        ("version: 1\nrepositories:\n  - root: /a\n    path: /b\noutputs: {dir: o}\n", "not both"),
        ("version: 1\nrepositories:\n  - owner: x\noutputs: {dir: o}\n", "needs root: (a folder of repositories) or path:"),
        ("version: 1\nrepositories:\n  - root: /a\n    exclude: [\"[abc\"]\noutputs: {dir: o}\n", "nightly.yml:4: error: exclude"),
        ("version: 1\nrepositories: [{path: /a, owner: unaffiliated}]\noutputs: {dir: o}\n", "'unaffiliated' is reserved"),
        ("version: 1\nrepositories: [{root: /a}]\noutputs: {dir: o, formats: [csv, pdf]}\n", "unknown format 'pdf'"),
        ("version: 1\nrepositories: [{root: /a}]\noutputs: {dir: o}\nhistory: {merges: sum}\n", "'sum' is not a policy"),
        ("version: 1\nrepositories: [{root: /a}]\noutputs: {dir: o}\nhistory: {shallow: skip}\n", "'skip' is not a policy"),
        ("version: 1\nrepositories: [{root: /a}]\noutputs: {dir: o}\nhistory: {renames: follow}\n", "'follow' is not a policy"),
        ("version: 1\nrepositories: [{root: /a}]\noutputs: {dir: o}\nprivacy: {min_group_size: 0}\n", "at least 1"),
        ("version: 1\nrepositories: [{root: /a}]\noutputs: {dir: o}\nprivacy: {pseudonymize: maybe}\n", "true or false"),
        ("version: 1\nrepositories: [{root: /a}]\noutputs: {dir: o}\nwindow: {since: 2024-06-01, until: 2024-01-01}\n", "since must be before until"),
        ("version: 1\nrepositories: [{root: \"${MISSING}\"}]\noutputs: {dir: o}\n", "MISSING is not set"),
        ("version: 1\nrepositories: [{root: \"${MISSING:-${ROOT}}\"}]\noutputs: {dir: o}\n", "cannot hold another"),
        ("version: 1\nrepositories: []\noutputs: {dir: o}\n", "name at least one root"),
        ("version: 1\nrepositories: [{root: /a}]\n", "outputs: is missing"),
        ("repositories: [{root: /a}]\noutputs: {dir: o}\n", "version: is missing"),
        ("version: 1\nrepositories: [{root: /a}]\noutputs: {dir: o}\nversion: 1\n", "appears twice"),
    ])
    func problems(text: String, message: String) {
        let (configuration, problems) = parse(text)
        #expect(configuration == nil)
        #expect(problems.contains { $0.contains(message) }, "\(problems) should contain \(message)")
    }

    @Test("a window mixing an absolute and a relative date is checked when it runs, not before")
    func mixedWindow() {
        let (configuration, problems) = parse("version: 1\nrepositories: [{root: /a}]\noutputs: {dir: o}\nwindow: {since: 2024-01-01, until: today}\n")
        #expect(configuration != nil, "\(problems)")
    }

    @Test("environment variables expand, with defaults", arguments: [
        ("${ROOT}/a", "/srv/git/a"), ("${UNSET:-/x}", "/x"), ("${EMPTY:-fallback}", "fallback"), ("$$HOME", "$HOME"),
        ("cost $5", "cost $5"), ("${ROOT}${ROOT}", "/srv/git/srv/git"), ("plain", "plain"),
    ])
    func expansion(text: String, expected: String) throws {
        #expect(try PipelineFile.expand(text, environment: Self.environment).get() == expected)
    }

    @Test("bad variables are errors", arguments: ["${UNSET}", "${ROOT", "${}", "${A B}"])
    func badExpansion(text: String) {
        if case .success(let value) = PipelineFile.expand(text, environment: Self.environment) {
            Issue.record("\(text) expanded to \(value)")
        }
    }

    @Test("validate checks the pipeline and the files it names, with lines (exit 2 on errors, 0 on warnings)")
    func validate() throws {
        let folder = try Fixture.temporaryFolder()
        try "teams:\n  payments:\n    members: [not-an-email]\n".write(to: folder.appendingPathComponent("teams.yml"), atomically: true, encoding: .utf8)
        let broken = folder.appendingPathComponent("broken.yml")
        try "version: 1\nrepositories:\n  - root: /no/such/root\n    exclud: []\nroster: teams.yml\noutputs: {dir: out}\n"
            .write(to: broken, atomically: true, encoding: .utf8)
        let result = try Shell.innersource(["validate", broken.path])
        #expect(result.status == 2)
        #expect(result.output.contains("broken.yml:4: error: unknown key 'exclud'"), "\(result.output)")
        #expect(result.output.contains("teams.yml:3: error"), "the roster's own problems: \(result.output)")
        #expect(result.output.contains("broken.yml:3: warning: root /no/such/root is not a folder"), "\(result.output)")

        let missing = folder.appendingPathComponent("missing-roster.yml")
        try "version: 1\nrepositories:\n  - root: \(folder.path)\nroster: nobody.yml\noutputs: {dir: out}\n"
            .write(to: missing, atomically: true, encoding: .utf8)
        let unreadable = try Shell.innersource(["validate", missing.path])
        #expect(unreadable.status == 2)
        #expect(unreadable.output.contains("missing-roster.yml:4: error: roster \(folder.path)/nobody.yml: cannot read the file"),
                "\(unreadable.output)")

        let good = folder.appendingPathComponent("good.yml")
        try "version: 1\nrepositories:\n  - root: \(folder.path)\n  - path: /no/such/repo.git\noutputs: {dir: out}\n"
            .write(to: good, atomically: true, encoding: .utf8)
        let fine = try Shell.innersource(["validate", good.path])
        #expect(fine.status == 0, "\(fine.errors)")
        #expect(fine.output.contains("good.yml:4: warning: path /no/such/repo.git is not a folder"), "\(fine.output)")
        #expect(fine.output.contains("good.yml: ok, 1 warning (pipeline: 2 repository sources)"), "\(fine.output)")
    }
}

@Suite("Shards and plans")
struct ShardTests {
    @Test("--shard K/N is read strictly", arguments: [
        ("0/1", true), ("3/4", true), ("4/4", false), ("-1/4", false), ("1/0", false), ("a/b", false), ("1", false), ("1/2/3", false),
    ])
    func parse(text: String, valid: Bool) {
        switch Shard.parse(text) {
        case .success: #expect(valid, "\(text) was accepted")
        case .failure: #expect(!valid, "\(text) was refused")
        }
    }

    @Test("a repository's shard is SHA-256 of its identity, as Python's hashlib computes it")
    func stableHash() throws {
        let identities = ["payments.git", "platform/api", "search/web", "/srv/git/payments.git", "é/ü", ""]
        let script = """
            import hashlib, sys
            for identity in sys.argv[2:]:
                print(int.from_bytes(hashlib.sha256(identity.encode()).digest()[:8], 'big') % int(sys.argv[1]))
            """
        for count in [1, 2, 3, 7, 64] {
            let result = try Shell.run("/usr/bin/env", ["python3", "-c", script, String(count)] + identities)
            let expected = result.output.split(separator: "\n").map { Int($0) ?? -1 }
            #expect(identities.map { Shard.of(identity: $0, count: count) } == expected, "N = \(count)")
        }
    }

    @Test("repository names: folder names without .git, identities without .git")
    func names() {
        #expect(BatchPlan.folderName("/srv/git/payments.git") == "payments")
        #expect(BatchPlan.folderName("/src/app/.git") == "app")
        #expect(BatchPlan.folderName("/src/app") == "app")
        #expect(BatchPlan.folderName("/src/.git") == "src")
        #expect(BatchPlan.nameOf(identity: "team/api.git") == "team/api")
        #expect(BatchPlan.nameOf(identity: "team/api") == "team/api")
        #expect(BatchPlan.nameOf(identity: ".git") == ".git")
    }

    @Test("two repositories under one name stop the plan with both paths")
    func nameClash() throws {
        let folder = try Fixture.temporaryFolder()
        for side in ["a", "b"] {
            try Shell.git(["init", "-q", folder.appendingPathComponent("\(side)/app").path])
        }
        var configuration = PipelineConfiguration(file: "p.yml")
        configuration.sources = [
            .repository(.init(path: folder.appendingPathComponent("a/app").path, written: "a/app", line: 1)),
            .repository(.init(path: folder.appendingPathComponent("b/app").path, written: "b/app", line: 2)),
        ]
        #expect(throws: PlanError.self) { try BatchPlan.repositories(configuration) }
        configuration.sources[1] = .repository(.init(path: folder.appendingPathComponent("b/app").path, written: "b/app",
                                                     name: "b-app", line: 2))
        #expect(try BatchPlan.repositories(configuration).map(\.name) == ["app", "b-app"])
    }
}

@Suite("Pipeline examples run against the fixture organisation")
struct PipelineExampleRunTests {
    static let examples: [String] = {
        let folder = Package.root.appendingPathComponent("pipelines")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".yml") || $0.hasSuffix(".yaml") }.sorted().map { folder.appendingPathComponent($0).path }
    }()

    /// What the examples read from the environment, pointed at the fixture organisation.
    static func environment(_ org: Organisation, output: URL) -> [String: String] {
        ["INNERSOURCE_GIT_ROOT": org.git.path,
         "INNERSOURCE_PAYMENTS_REPO": org.repository("payments.git").path,
         "INNERSOURCE_CONFIG": Package.fixtures.appendingPathComponent("org").path,
         "INNERSOURCE_REPO": org.repository("platform/api").path,
         "INNERSOURCE_OUT": output.path]
    }

    @Test("there are examples to run")
    func found() {
        #expect(Self.examples.count >= 2, "\(Self.examples)")
    }

    @Test("every pipeline example validates and runs", arguments: examples)
    func runs(example: String) throws {
        let org = try Organisation()
        let output = try Fixture.temporaryFolder().appendingPathComponent("out")
        let environment = Self.environment(org, output: output)
        let validation = try Shell.innersource(["validate", example], environment: environment)
        #expect(validation.status == 0, "\(validation.output)\(validation.errors)")
        let result = try Shell.innersource(["run", example, "--as-of", "2024-12-31"], environment: environment)
        // The organisation holds a corrupt repository and a shallow clone: an example that finds them exits 1.
        #expect(result.status == 0 || result.status == 1, "\(example): \(result.errors)")
        let statuses = try Organisation.statuses(output)
        #expect(!statuses.isEmpty)
        #expect(statuses.values.contains { $0.status == "ok" }, "\(statuses)")
        #expect(statuses.keys.allSatisfy { !$0.hasPrefix("archive/") }, "archive/** is excluded: \(statuses.keys)")
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent(RunFacts.fileName).path))
    }

    @Test("the nightly example sharded four ways, as the CronJob and the CI matrix run it, merges into the single run")
    func nightlyShards() throws {
        let org = try Organisation()
        let base = try Fixture.temporaryFolder()
        let nightly = Package.root.appendingPathComponent("pipelines/nightly.yml").path
        let single = base.appendingPathComponent("single")
        let statusSingle = try Shell.innersource(["run", nightly, "--as-of", "2024-12-31"],
                                                 environment: Self.environment(org, output: single)).status
        #expect(statusSingle == 1)
        #expect(try Organisation.statuses(single)["payments"] != nil)
        var shards: [String] = []
        for index in 0..<4 {
            let folder = base.appendingPathComponent("shard-\(index)")
            let result = try Shell.innersource(["run", nightly, "--shard", "\(index)/4", "--as-of", "2024-12-31"],
                                               environment: Self.environment(org, output: folder))
            #expect(result.status == 0 || result.status == 1, "\(result.errors)")
            shards.append(folder.path)
        }
        let merged = base.appendingPathComponent("merged")
        let result = try Shell.innersource(["merge"] + shards + ["--out", merged.path])
        #expect(result.status == 1, "\(result.errors)")
        try Organisation.expectSameResults(single, merged)
    }
}
