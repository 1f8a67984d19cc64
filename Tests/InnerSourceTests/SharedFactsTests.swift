import Foundation
import Testing

/// What a batch's cache keeps beyond one repository's commits: the change-request facts (heads' lines,
/// patch ids), keyed by objects, so that a later run does not compute them again.
@Suite("The cache's change-request facts")
struct SharedFactsTests {
    static let cacheFile = ".cache/innersource-cache.sqlite"

    /// Runs python's sqlite3 (an independent reader) on the cache in `output` and returns what it prints.
    static func sql(_ output: URL, _ script: String) throws -> String {
        let program = """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            \(script)
            db.commit()
            """
        let result = try Shell.run("/usr/bin/env", ["python3", "-c", program, output.appendingPathComponent(cacheFile).path])
        guard result.status == 0 else { throw TestFailure("python3 failed: \(result.errors)") }
        return result.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func run(_ pipeline: URL, into output: URL, _ arguments: [String] = []) throws -> ProcessResult {
        let result = try Shell.innersource(["run", pipeline.path] + arguments, environment: ["INNERSOURCE_OUT": output.path])
        guard result.status == 0 else { throw TestFailure("innersource run failed (\(result.status)): \(result.errors)") }
        return result
    }

    static func csv(_ output: URL) throws -> String {
        try String(contentsOf: output.appendingPathComponent("change_requests.csv"), encoding: .utf8)
    }

    /// lines_added of every change request that did not land (python's csv reads the file).
    static func unlandedLinesAdded(_ output: URL) throws -> [Int] {
        let script = """
            import csv, sys
            for row in csv.DictReader(open(sys.argv[1], newline='')):
                if row['kind'] == 'pull_request' and row['lines_added']:
                    print(row['lines_added'])
            """
        let result = try Shell.run("/usr/bin/env", ["python3", "-c", script, output.appendingPathComponent("change_requests.csv").path])
        return result.output.split(separator: "\n").compactMap { Int($0) }
    }

    @Test("heads' lines and patch ids are kept in the cache and read from it; the results are a cold run's")
    func proposalFactsAreKeptAndRead() throws {
        let repository = try Fixture.make("change-requests")
        let folder = try Fixture.temporaryFolder()
        let pipeline = try BatchRunTests.singlePipeline(folder, repository: repository)
        let warm = folder.appendingPathComponent("warm"), cold = folder.appendingPathComponent("cold")
        _ = try Self.run(pipeline, into: warm)
        let counts = try Self.sql(warm, "print(db.execute('SELECT count(*) FROM proposal_lines').fetchone()[0], db.execute('SELECT count(*) FROM patch_ids').fetchone()[0])")
        let parts = counts.split(separator: " ").compactMap { Int($0) }
        // The fixture's heads that did not land (a declined and a pending one at least) and its rebase candidates.
        #expect(parts.count == 2 && parts[0] >= 2 && parts[1] >= 1, "stored: \(counts)")
        _ = try Self.run(pipeline, into: warm)
        _ = try Self.run(pipeline, into: cold, ["--no-cache"])
        #expect(try Self.csv(warm) == Self.csv(cold))
        // What the next run shows comes from the cache: a changed entry shows (nothing reads it from git again).
        _ = try Self.sql(warm, "db.execute('UPDATE proposal_lines SET added = added + 100000')")
        _ = try Self.run(pipeline, into: warm)
        #expect(try Self.unlandedLinesAdded(warm).allSatisfy { $0 >= 100_000 })
        #expect(try Self.unlandedLinesAdded(cold).allSatisfy { $0 < 100_000 })
        #expect(try !Self.unlandedLinesAdded(cold).isEmpty)
    }
}
