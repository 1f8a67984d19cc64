import Foundation
@testable import Pipeline
import Testing

/// `innersource analyze --cache FILE`: the batch's incremental cache for one repository analysed on its own.
/// Every run gives what a run without the cache gives; a warm one reads nothing it has read before.
@Suite("analyze --cache")
struct AnalyzeCacheTests {
    static let asOf = "2024-06-01T00:00:00Z"

    /// `analyze REPO --format json` (with `extra`), its JSON and its standard error.
    static func analyze(_ repository: URL, _ extra: [String] = []) throws -> (json: String, errors: String) {
        let result = try Shell.innersource(["analyze", repository.path, "--format", "json", "--as-of", asOf] + extra)
        try #require(result.status == 0, "exit \(result.status): \(result.errors)")
        return (result.output, result.errors)
    }

    static func commit(_ repository: URL, file: String, text: String, message: String) throws {
        try Data(text.utf8).write(to: repository.appendingPathComponent(file))
        try Shell.git(["-C", repository.path, "add", file])
        try Shell.git(["-C", repository.path, "-c", "user.name=Carol Cole", "-c", "user.email=carol@acme.test",
                       "-c", "commit.gpgsign=false", "commit", "-qm", message, "--date", "2024-05-31T10:00:00Z"])
    }

    @Test("cold, warm and after a new commit, the same JSON as without the cache; warm reads no commit")
    func warmRunsReadOnlyWhatIsNew() throws {
        let repository = try Fixture.make("change-requests")
        let cache = try Fixture.temporaryFolder().appendingPathComponent("analyze-cache.sqlite").path
        let plain = try Self.analyze(repository).json
        let cold = try Self.analyze(repository, ["--cache", cache])
        #expect(cold.json == plain)
        #expect(cold.errors.contains(": 0 commits from the cache \(cache)"), "\(cold.errors)")
        let warm = try Self.analyze(repository, ["--cache", cache])
        #expect(warm.json == plain)
        // Nothing new: the last run's analysis, whole (`AnalysisMemo`).
        #expect(warm.errors.contains("unchanged since the last run with the cache \(cache): its analysis taken from it"), "\(warm.errors)")
        #expect(!warm.errors.contains(": 0 commits from the cache"), "\(warm.errors)")
        // Without it, the commits come from the cache and none is read.
        _ = try Shell.run("/usr/bin/env", ["python3", "-c", "import sqlite3, sys; db = sqlite3.connect(sys.argv[1]); db.execute('DELETE FROM analyses'); db.commit()", cache])
        let fromCommits = try Self.analyze(repository, ["--cache", cache])
        #expect(fromCommits.json == plain)
        #expect(fromCommits.errors.contains(", 0 commits read"), "\(fromCommits.errors)")
        // An analysis kept under another as-of time is not taken.
        let later = try Shell.innersource(["analyze", repository.path, "--format", "json", "--as-of", "2024-06-02T00:00:00Z", "--cache", cache])
        #expect(!later.errors.contains("unchanged since the last run"), "\(later.errors)")
        #expect(later.output == (try Shell.innersource(["analyze", repository.path, "--format", "json", "--as-of", "2024-06-02T00:00:00Z"]).output))
        try Self.commit(repository, file: "LATER.txt", text: "one\ntwo\n", message: "A later change")
        let moved = try Self.analyze(repository, ["--cache", cache])
        #expect(moved.json == (try Self.analyze(repository).json))
        #expect(moved.json != plain)
        #expect(moved.errors.contains(", 1 commit read"), "\(moved.errors)")
        // The heads' lines of the next run come from the cache: a changed entry shows in change_requests.csv.
        let program = """
            import csv, sqlite3, sys
            if sys.argv[1] == 'update':
                db = sqlite3.connect(sys.argv[2]); db.execute('UPDATE proposal_lines SET added = added + 100000'); db.execute('DELETE FROM analyses'); db.commit()
            else:
                rows = [r for r in csv.DictReader(open(sys.argv[2], newline='')) if r['kind'] == 'pull_request' and r['lines_added']]
                print(len(rows), min(int(r['lines_added']) for r in rows))
            """
        _ = try Shell.run("/usr/bin/env", ["python3", "-c", program, "update", cache])
        let out = try Fixture.temporaryFolder()
        _ = try Self.analyze(repository, ["--cache", cache, "--out", out.path, "--write", "csv"])
        let shown = try Shell.run("/usr/bin/env", ["python3", "-c", program, "read",
                                                   out.appendingPathComponent("change_requests.csv").path]).output
        let parts = shown.split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        try #require(parts.count == 2, "\(shown)")
        #expect(parts[0] > 0 && parts[1] >= 100_000, "\(shown)")
    }

    @Test("a relative cache path, and two repositories both analysed as `.`, keep their own facts")
    func relativePaths() throws {
        let first = try Fixture.make("basic"), second = try Fixture.make("change-requests")
        let folder = try Fixture.temporaryFolder()
        // Both repositories lie in a temporary folder of their own (TMP/X/name): the same path from either.
        let cache = "../../" + folder.lastPathComponent + "/relative.sqlite"
        func run(_ repository: URL) throws -> ProcessResult {
            let result = try Shell.innersource(["analyze", ".", "--format", "json", "--as-of", Self.asOf, "--cache", cache],
                                               in: repository)
            try #require(result.status == 0, "exit \(result.status): \(result.errors)")
            return result
        }
        let firstCold = try run(first)
        #expect(firstCold.errors.contains(": 0 commits from the cache"), "\(firstCold.errors)")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("relative.sqlite").path))
        // Another repository, also `.`: nothing of the first one's is taken.
        let secondCold = try run(second)
        #expect(secondCold.errors.contains(": 0 commits from the cache"), "\(secondCold.errors)")
        #expect(secondCold.output == (try Self.analyze(second).json))
        let firstWarm = try run(first)
        #expect(firstWarm.errors.contains("unchanged since the last run"), "\(firstWarm.errors)")
        #expect(firstWarm.output == firstCold.output)
        // A bare file name: the cache in the current folder.
        let bare = try Shell.innersource(["analyze", ".", "--format", "json", "--as-of", Self.asOf, "--cache", "here.sqlite"],
                                         in: first)
        #expect(bare.status == 0, "\(bare.errors)")
        #expect(!bare.errors.contains("warning"), "\(bare.errors)")
        #expect(FileManager.default.fileExists(atPath: first.appendingPathComponent("here.sqlite").path))
    }

    @Test("a pseudonymised run warns when its cache, which holds real names, lies inside the outputs folder")
    func pseudonymisedOutputsWarn() throws {
        let repository = try Fixture.make("basic")
        let out = try Fixture.temporaryFolder()
        let key = ["INNERSOURCE_PSEUDONYM_KEY": "a-test-key-of-enough-length"]
        func run(_ cache: String) throws -> ProcessResult {
            let result = try Shell.innersource(["analyze", repository.path, "--pseudonymize", "--out", out.path, "--write", "csv",
                                                "--as-of", Self.asOf, "--cache", cache], environment: key)
            try #require(result.status == 0, "exit \(result.status): \(result.errors)")
            return result
        }
        let inside = try run(out.appendingPathComponent("private/cache.sqlite").path)
        #expect(inside.errors.contains("holds real names and e-mails while the outputs are pseudonymised"), "\(inside.errors)")
        let outside = try run(try Fixture.temporaryFolder().appendingPathComponent("cache.sqlite").path)
        #expect(!outside.errors.contains("holds real names"), "\(outside.errors)")
    }

    @Test("a partial clone's own context names its object folder")
    func partialCloneContext() throws {
        let one = try Fixture.temporaryFolder(), two = try Fixture.temporaryFolder()
        for folder in [one, two] {
            try FileManager.default.createDirectory(at: folder.appendingPathComponent("objects"), withIntermediateDirectories: true)
        }
        let first = Analyzer.partialCloneContext(gitDirectory: one.path, repository: "/srv/app")
        #expect(first == Analyzer.partialCloneContext(gitDirectory: one.path + "/", repository: "/srv/app"))
        #expect(first != Analyzer.partialCloneContext(gitDirectory: two.path, repository: "/srv/app"))
        #expect(first != Analyzer.partialCloneContext(gitDirectory: one.path, repository: "/srv/other"))
        #expect(first.hasPrefix("partial clone=/srv/app objects="), "\(first)")
    }

    @Test("a partial clone reuses what it read itself, and nothing another repository's cache run stored")
    func partialCloneKeepsItsOwnFacts() throws {
        let original = try Fixture.make("change-requests")
        // Promised blobs (none here is as large as the limit): a partial clone that can count its heads' lines.
        let partial = try Fixture.clone(original, name: "partial", options: ["--filter=blob:limit=1m", "--no-local"])
        try Shell.git(["-C", partial.path, "-c", "protocol.file.allow=always", "fetch", "-q", "origin", "+refs/pull/*:refs/pull/*"])
        // Nothing more can be fetched: what is absent stays absent.
        try Shell.git(["-C", partial.path, "remote", "set-url", "origin", "https://example.test/partial.git"])
        let cache = try Fixture.temporaryFolder().appendingPathComponent("analyze-cache.sqlite").path
        // The original first: its complete facts are in the cache before the partial clone is read.
        _ = try Self.analyze(original, ["--cache", cache])
        let plain = try Self.analyze(partial).json
        #expect(try Self.analyze(partial, ["--cache", cache]).json == plain)
        #expect(try Self.analyze(partial, ["--cache", cache]).json == plain)
        // The same head changes counted twice, once by each repository, kept under two contexts (contexts are
        // stored as digests): the partial clone wrote its own and took none of the original's.
        let program = """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            print(max(n for (n,) in db.execute(
                "SELECT COUNT(DISTINCT context) FROM proposal_lines GROUP BY base, tip")))
            """
        let contexts = try Shell.run("/usr/bin/env", ["python3", "-c", program, cache]).output
        #expect(contexts.trimmingCharacters(in: .whitespacesAndNewlines) == "2", "\(contexts)")
    }

    @Test("a damaged cache is moved aside, another run's is left alone, a folder or another kind of file is refused")
    func unusableCaches() throws {
        let repository = try Fixture.make("basic")
        let plain = try Self.analyze(repository).json
        let folder = try Fixture.temporaryFolder()
        // A SQLite header and nothing a database can be read from after it.
        let damaged = folder.appendingPathComponent("damaged.sqlite").path
        try (Data("SQLite format 3\u{0}".utf8) + Data(repeating: 0x5a, count: 8192)).write(to: URL(fileURLWithPath: damaged))
        let recovered = try Self.analyze(repository, ["--cache", damaged])
        #expect(recovered.json == plain)
        #expect(recovered.errors.contains("moved to \(damaged).broken"), "\(recovered.errors)")
        #expect(FileManager.default.fileExists(atPath: damaged + ".broken"))
        // The cache is open (and locked) in this process: the run reads without it, and says so.
        let busy = folder.appendingPathComponent("busy.sqlite").path
        let held = try CommitCache(path: busy) { _ in }
        let refused = try withExtendedLifetime(held) { try Self.analyze(repository, ["--cache", busy]) }
        #expect(refused.json == plain)
        #expect(refused.errors.contains("another innersource run is using the cache \(busy)"), "\(refused.errors)")
        #expect(refused.errors.contains("the repository in full"), "\(refused.errors)")
        let result = try Shell.innersource(["analyze", repository.path, "--cache", folder.path])
        #expect(result.status == 2)
        #expect(result.errors.contains("--cache must name a file"), "\(result.errors)")
        // A file that is not a database (a mistyped path) is neither renamed nor read.
        let notes = folder.appendingPathComponent("notes.txt")
        try "my notes\n".write(to: notes, atomically: true, encoding: .utf8)
        let mistyped = try Shell.innersource(["analyze", repository.path, "--cache", notes.path])
        #expect(mistyped.status == 2)
        #expect(mistyped.errors.contains("not an innersource cache"), "\(mistyped.errors)")
        #expect(try String(contentsOf: notes, encoding: .utf8) == "my notes\n")
        #expect(!FileManager.default.fileExists(atPath: notes.path + ".broken"))
    }
}
