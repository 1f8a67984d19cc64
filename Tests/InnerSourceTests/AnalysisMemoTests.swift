import Foundation
import Testing
@testable import Pipeline

/// A batch run with nothing new takes each repository's analysis whole from the cache (`AnalysisMemo`):
/// the same outputs as a run without the cache, and anything an analysis is made from makes it analyse again.
@Suite("Analyses kept whole in the cache")
struct AnalysisMemoTests {
    static let marker = "its analysis taken from the cache"

    /// The repositories whose line says their analysis came from the cache.
    static func memoised(_ result: ProcessResult) -> Set<String> {
        Set(SharedFactsTests.cacheUse(result).filter { $0.value.contains(marker) }.keys)
    }

    /// The facts file without the run's batch section (what was read and what came from the cache).
    static func factsWithoutBatch(_ output: URL) throws -> String {
        var facts = try jsonObject(Data(contentsOf: output.appendingPathComponent(RunFacts.fileName)))
        var run = facts["run"] as? [String: Any] ?? [:]
        run["batch"] = nil
        facts["run"] = run
        return String(decoding: try JSONSerialization.data(withJSONObject: facts, options: [.sortedKeys]), as: UTF8.self)
    }

    static func sql(_ output: URL, _ script: String) throws -> String { try SharedFactsTests.sql(output, script) }

    @Test("a run with nothing new takes every complete analysis from the cache and writes what a run without it writes")
    func nothingNew() throws {
        let org = try Organisation()
        let base = try Fixture.temporaryFolder()
        let warm = base.appendingPathComponent("warm"), cold = base.appendingPathComponent("cold")
        let first = try org.run(into: warm)
        #expect(Self.memoised(first).isEmpty, "\(first.errors)")
        let second = try org.run(into: warm)
        #expect(second.status == first.status)
        // The shallow clone (a finding that depends on what the clone lacks) and the broken repository are
        // analysed again, and so is the empty one (it has no commit store: nothing to read); every other
        // repository is taken whole.
        #expect(Self.memoised(second) == ["payments", "platform/api", "search/web"], "\(second.errors)")
        try org.run(into: cold, ["--no-cache"])
        try Organisation.expectSameResults(cold, warm)
        #expect(try Self.factsWithoutBatch(cold) == Self.factsWithoutBatch(warm))
        // A run that takes everything from the cache reports every commit as taken from it.
        #expect(try Organisation.batch(warm)["commits_read"] as? Int == 0)
        #expect(try Organisation.batch(warm)["commits_from_cache"] as? Int == Organisation.batch(cold)["commits_read"] as? Int)
        // What the cache keeps is what the next run shows: a changed entry shows (no analysis is made).
        _ = try Self.sql(warm, """
            import json
            key, facts = db.execute("SELECT repository_key, facts FROM analyses WHERE repository_key LIKE '%payments.git'").fetchone()
            entry = json.loads(facts)
            entry['commits_walked'] = 424242
            db.execute('UPDATE analyses SET facts = ?, requests_start = NULL, requests_end = NULL WHERE repository_key = ?',
                       (json.dumps(entry, sort_keys=True, separators=(',', ':')).encode(), key))
            """)
        let third = try org.run(into: warm)
        #expect(Self.memoised(third).contains("payments"), "\(third.errors)")
        let facts = try jsonObject(Data(contentsOf: warm.appendingPathComponent(RunFacts.fileName)))
        let walked = (facts["repositories"] as? [[String: Any]] ?? []).first { $0["name"] as? String == "payments" }?["commits_walked"]
        #expect(walked as? Int == 424242)
    }

    @Test("an entry that cannot be read is reported and the repository analysed again")
    func unreadableEntry() throws {
        let org = try Organisation()
        let base = try Fixture.temporaryFolder()
        let warm = base.appendingPathComponent("warm"), cold = base.appendingPathComponent("cold")
        try org.run(into: warm)
        _ = try Self.sql(warm, "db.execute(\"UPDATE analyses SET facts = x'7b6e6f'\")")
        let again = try org.run(into: warm)
        #expect(Self.memoised(again).isEmpty, "\(again.errors)")
        #expect(again.errors.contains("payments: its analysis kept in the cache cannot be read"), "\(again.errors)")
        try org.run(into: cold, ["--no-cache"])
        try Organisation.expectSameResults(cold, warm)
        // Replaced by this run's analysis: the next run takes it.
        #expect(Self.memoised(try org.run(into: warm)).contains("payments"))
    }

    @Test("a new commit, a new request head, a ref removed, a remote changed or a work tree's .mailmap: that repository is analysed again",
          arguments: ["commit", "head", "remove-tag", "remote", "mailmap"])
    func repositoryChanges(change: String) throws {
        let org = try Organisation()
        let base = try Fixture.temporaryFolder()
        let warm = base.appendingPathComponent("warm"), cold = base.appendingPathComponent("cold")
        try org.run(into: warm)
        let api = org.repository("platform/api")
        switch change {
        case "commit":
            try "more\n".write(to: api.appendingPathComponent("more.txt"), atomically: true, encoding: .utf8)
            try Shell.git(["-C", api.path, "add", "more.txt"])
            try Shell.run("/usr/bin/env", ["git", "-C", api.path, "-c", "user.name=Nia New", "-c", "user.email=nia@platform.test",
                                           "commit", "-q", "-m", "More", "--date", "2024-12-01T10:00:00Z"],
                          environment: ["GIT_COMMITTER_DATE": "2024-12-01T10:00:00Z"])
        case "head":
            // A proposal that never landed: a branch of its own, kept as a pull request's head.
            try Shell.git(["-C", api.path, "checkout", "-q", "-b", "proposal"])
            try "idea\n".write(to: api.appendingPathComponent("idea.txt"), atomically: true, encoding: .utf8)
            try Shell.git(["-C", api.path, "add", "idea.txt"])
            try Shell.run("/usr/bin/env", ["git", "-C", api.path, "-c", "user.name=Pat Proposer", "-c", "user.email=pat@search.test",
                                           "commit", "-q", "-m", "An idea", "--date", "2024-12-20T10:00:00Z"],
                          environment: ["GIT_COMMITTER_DATE": "2024-12-20T10:00:00Z"])
            try Shell.git(["-C", api.path, "update-ref", "refs/pull/77/head", "HEAD"])
            try Shell.git(["-C", api.path, "checkout", "-q", "-"])
            try Shell.git(["-C", api.path, "branch", "-q", "-D", "proposal"])
        case "remove-tag":
            try Shell.git(["-C", api.path, "tag", "v9.9.9"])
            try org.run(into: warm)
            #expect(Self.memoised(try org.run(into: warm)).contains("platform/api"))
            try Shell.git(["-C", api.path, "tag", "-d", "v9.9.9"])
        case "remote":
            try Shell.git(["-C", api.path, "remote", "add", "upstream", "https://example.test/elsewhere/api.git"])
        default:
            try "Alex Renamed <alex@platform.test> <alex@acme.test>\n"
                .write(to: api.appendingPathComponent(".mailmap"), atomically: true, encoding: .utf8)
        }
        let again = try org.run(into: warm)
        let memoised = Self.memoised(again)
        #expect(!memoised.contains("platform/api"), "\(again.errors)")
        #expect(memoised.isSuperset(of: ["payments", "search/web"]), "\(again.errors)")
        try org.run(into: cold, ["--no-cache"])
        try Organisation.expectSameResults(cold, warm)
        #expect(try Self.factsWithoutBatch(cold) == Self.factsWithoutBatch(warm))
    }

    @Test("another as-of time, another roster or another setting: every repository is analysed again")
    func runChanges() throws {
        let org = try Organisation()
        let base = try Fixture.temporaryFolder()
        let warm = base.appendingPathComponent("warm")
        try org.run(into: warm)
        #expect(!Self.memoised(try org.run(into: warm)).isEmpty)
        // Another as-of time: the window and the requests' ages move.
        let moved = try org.run(into: warm, ["--as-of", "2024-12-30"])
        #expect(Self.memoised(moved).isEmpty, "\(moved.errors)")
        // Another roster, same path: its bytes are part of the key.
        let roster = base.appendingPathComponent("teams.yml")
        try Data(contentsOf: Package.fixtures.appendingPathComponent("org/teams.yml")).write(to: roster)
        let pipeline = base.appendingPathComponent("pipeline.yml")
        try Data(try String(contentsOfFile: Organisation.pipeline, encoding: .utf8)
            .replacingOccurrences(of: "roster: teams.yml", with: "roster: \(roster.path)").utf8).write(to: pipeline)
        try org.run(into: warm, pipeline: pipeline.path)
        #expect(!Self.memoised(try org.run(into: warm, pipeline: pipeline.path)).isEmpty)
        try (String(contentsOf: roster, encoding: .utf8) + "\n# a comment changes the file\n").write(to: roster, atomically: true, encoding: .utf8)
        let edited = try org.run(into: warm, pipeline: pipeline.path)
        #expect(Self.memoised(edited).isEmpty, "\(edited.errors)")
        // Another setting (the days after which an unlanded request is declined).
        let stale = base.appendingPathComponent("stale.yml")
        try Organisation.pipeline(at: stale, adding: "change_requests: { stale_after: 9 days }")
        try org.run(into: warm, pipeline: stale.path)
        let staleAgain = try org.run(into: warm, pipeline: stale.path)
        #expect(!Self.memoised(staleAgain).isEmpty)
        let back = try org.run(into: warm, pipeline: pipeline.path)
        #expect(Self.memoised(back).isEmpty, "\(back.errors)")
    }

    @Test("the state of a repository: its refs, packed or loose, and its configuration files, byte for byte")
    func stateFingerprint() throws {
        let repository = try Fixture.make("change-requests")
        let state = { () throws -> String in
            let refs = try #require(AnalysisMemo.refsState(repositoryAt: repository.path))
            return try #require(AnalysisMemo.state(refs: refs, repositoryAt: repository.path, attributePaths: []))
        }
        let before = try state()
        #expect(try state() == before)
        // Packing the refs changes the files (not the refs): a new state, which only costs one analysis.
        try Shell.git(["-C", repository.path, "pack-refs", "--all"])
        let packed = try state()
        try Shell.git(["-C", repository.path, "update-ref", "refs/heads/extra", "HEAD"])
        let added = try state()
        #expect(added != packed)
        try Shell.git(["-C", repository.path, "update-ref", "-d", "refs/heads/extra"])
        #expect(try state() == packed)
        // A loose object written (as a fetch writes them) or removed (as a prune, or damage, removes them).
        let blob = repository.appendingPathComponent("loose.txt")
        try "a loose object of its own\n".write(to: blob, atomically: true, encoding: .utf8)
        let id = try Shell.git(["-C", repository.path, "hash-object", "-w", blob.path]).output
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let written = try state()
        #expect(written != packed)
        try FileManager.default.removeItem(at: repository.appendingPathComponent(".git/objects/\(id.prefix(2))/\(id.dropFirst(2))"))
        #expect(try state() != written)
        try Shell.git(["-C", repository.path, "config", "core.something", "else"])
        #expect(try state() != packed)
        // A configuration that includes another file keeps no state (that file is not followed).
        try Shell.git(["-C", repository.path, "config", "include.path", "/nowhere/config"])
        #expect(AnalysisMemo.refsState(repositoryAt: repository.path) == nil)
    }

    @Test("a partial clone that holds what its analysis reads is kept; one that lacks a blob it reads is analysed every time")
    func partialClones() throws {
        let original = try Fixture.make("change-requests")
        let complete = try Fixture.clone(original, name: "complete", options: ["--filter=blob:limit=1m", "--no-local"])
        let lacking = try Fixture.clone(original, name: "lacking", options: ["--filter=blob:none", "--no-local"])
        for clone in [complete, lacking] {
            try Shell.git(["-C", clone.path, "-c", "protocol.file.allow=always", "fetch", "-q", "origin", "+refs/pull/*:refs/pull/*"])
            // Nothing more can be fetched: what is absent stays absent.
            try Shell.git(["-C", clone.path, "remote", "set-url", "origin", "https://example.test/partial.git"])
        }
        let cache = try Fixture.temporaryFolder().appendingPathComponent("cache.sqlite").path
        for (clone, kept) in [(complete, true), (lacking, false)] {
            let plain = try AnalyzeCacheTests.analyze(clone).json
            #expect(try AnalyzeCacheTests.analyze(clone, ["--cache", cache]).json == plain)
            let again = try AnalyzeCacheTests.analyze(clone, ["--cache", cache])
            #expect(again.json == plain)
            #expect(again.errors.contains("unchanged since the last run") == kept, "\(clone.lastPathComponent): \(again.errors)")
        }
    }
}
