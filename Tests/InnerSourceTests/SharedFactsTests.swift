import Foundation
@testable import Git
@testable import Ingest
import InnerSourceModel
@testable import Pipeline
import Testing

/// What a batch's cache shares beyond one repository: the change-request facts (heads' lines, patch ids),
/// keyed by objects, and one repository's commit facts taken by another of the same history (a fork, a
/// mirror, a copy), so that neither a later run nor a second copy computes them again.
@Suite("Facts the cache shares")
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

    /// Changes stored facts with `script`, and drops the analyses kept whole (`AnalysisMemo`), which stand
    /// for those facts while nothing changes: the next run then reads what the script left.
    static func tamper(_ output: URL, _ script: String) throws {
        _ = try sql(output, script + "\ndb.execute('DELETE FROM analyses')")
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
        guard result.status == 0 else { throw TestFailure("python3 failed: \(result.errors)") }
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
        try Self.tamper(warm, "db.execute('UPDATE proposal_lines SET added = added + 100000')")
        _ = try Self.run(pipeline, into: warm)
        #expect(try !Self.unlandedLinesAdded(warm).isEmpty && Self.unlandedLinesAdded(warm).allSatisfy { $0 >= 100_000 })
        #expect(try Self.unlandedLinesAdded(cold).allSatisfy { $0 < 100_000 })
        #expect(try !Self.unlandedLinesAdded(cold).isEmpty)
    }

    /// A pipeline over `repositories`, as of the end of 2024, written into `folder`.
    static func pipeline(_ folder: URL, _ repositories: [URL]) throws -> URL {
        let url = folder.appendingPathComponent("pipeline.yml")
        try """
            version: 1
            repositories:
            \(repositories.map { "  - path: \($0.path)" }.joined(separator: "\n"))
            window: { as_of: 2024-12-31 }
            outputs: { dir: "${INNERSOURCE_OUT}", formats: [csv, json, checklist] }

            """.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    /// What each repository's line says about the cache, by repository name.
    static func cacheUse(_ result: ProcessResult) -> [String: String] {
        var found: [String: String] = [:]
        for line in result.errors.split(separator: "\n") {
            guard let range = line.range(of: "] ") else { continue }
            let rest = line[range.upperBound...]
            guard let colon = rest.firstIndex(of: ":") else { continue }
            found[String(rest[..<colon])] = String(rest[colon...])
        }
        return found
    }

    @Test("a copy of a repository takes the first one's facts, reads only what it has beyond them, and equals a cold run")
    func copiesShareHistory() throws {
        let original = try Fixture.make("change-requests")
        let folder = try Fixture.temporaryFolder()
        let copy = folder.appendingPathComponent("copy"), ahead = folder.appendingPathComponent("more")
        try Shell.run("/bin/cp", ["-r", original.path, copy.path])
        try Shell.run("/bin/cp", ["-r", original.path, ahead.path])
        // One more commit on the third (analysed last, by name): it shares all but that commit's history.
        try "more\n".write(to: ahead.appendingPathComponent("more.txt"), atomically: true, encoding: .utf8)
        try Shell.git(["-C", ahead.path, "add", "more.txt"])
        try Shell.run("/usr/bin/env", ["git", "-C", ahead.path, "-c", "user.name=Ann Ahead", "-c", "user.email=ann@ahead.test",
                                       "commit", "-q", "-m", "More", "--date", "2024-12-01T10:00:00Z"],
                      environment: ["GIT_COMMITTER_DATE": "2024-12-01T10:00:00Z"])
        let pipeline = try Self.pipeline(folder, [original, copy, ahead])
        let warm = folder.appendingPathComponent("warm"), cold = folder.appendingPathComponent("cold")
        let first = try Self.run(pipeline, into: warm, ["--jobs", "1"])
        let uses = Self.cacheUse(first)
        #expect(uses["change-requests"]?.contains("cache filled") == true, "\(first.errors)")
        #expect(uses["copy"]?.contains("history shared with another repository") == true, "\(first.errors)")
        #expect(uses["copy"]?.contains(" 0 read") == true, "\(first.errors)")
        #expect(uses["more"]?.contains("history shared with another repository") == true, "\(first.errors)")
        #expect(uses["more"]?.contains(" 1 read") == true, "\(first.errors)")
        _ = try Self.run(pipeline, into: cold, ["--no-cache"])
        for file in ["repositories.csv", "contributors.csv", "team_flows.csv", "monthly.csv", "barriers.csv", "change_requests.csv"] {
            #expect(try Data(contentsOf: warm.appendingPathComponent(file)) == Data(contentsOf: cold.appendingPathComponent(file)), "\(file)")
        }
        // Each copy now has facts of its own: the next run finds them unchanged.
        let again = Self.cacheUse(try Self.run(pipeline, into: warm, ["--jobs", "1"]))
        #expect(again.values.allSatisfy { $0.contains("unchanged") }, "\(again)")
    }

    @Test("no sharing across reading contexts, from facts that lack a blob, or into a partial clone")
    func sharingRefused() throws {
        let original = try Fixture.make("change-requests")
        let folder = try Fixture.temporaryFolder()
        // Another .mailmap (uncommitted, read from the work tree): another reading context.
        let mapped = folder.appendingPathComponent("mapped")
        try Shell.run("/bin/cp", ["-r", original.path, mapped.path])
        try "Ann Other <ann@other.test> <ann@acme.test>\n".write(to: mapped.appendingPathComponent(".mailmap"), atomically: true, encoding: .utf8)
        // A partial clone: its absent objects must stay absent in its figures.
        let partial = try Fixture.clone(original, name: "partial", options: ["--filter=blob:none", "--no-local"])
        // With the request heads, as a mirror keeps them; then its blobs can no longer be fetched.
        try Shell.git(["-C", partial.path, "-c", "protocol.file.allow=always", "fetch", "-q", "origin", "+refs/pull/*:refs/pull/*"])
        // Named by its folder, not by its origin (which would name it after the original).
        try Shell.git(["-C", partial.path, "remote", "rename", "origin", "upstream"])
        try Shell.git(["-C", partial.path, "remote", "set-url", "upstream", "https://example.test/partial.git"])
        let pipeline = try Self.pipeline(folder, [original, mapped, partial])
        let warm = folder.appendingPathComponent("warm")
        let uses = Self.cacheUse(try Self.run(pipeline, into: warm, ["--jobs", "1"]))
        #expect(uses["mapped"]?.contains("cache filled") == true, "\(uses)")
        #expect(uses["partial"]?.contains("history shared") == false, "\(uses)")
        // Nor the original's change-request facts: the partial clone's requests are what it can read itself.
        let cold = folder.appendingPathComponent("cold")
        _ = try Self.run(pipeline, into: cold, ["--no-cache", "--jobs", "1"])
        func partialRows(_ output: URL) throws -> [Substring] {
            try Self.csv(output).split(separator: "\r\n").filter { $0.hasPrefix("partial,") }
        }
        #expect(try !partialRows(cold).isEmpty)
        #expect(try partialRows(warm) == partialRows(cold))
        // Facts marked incomplete (a blob was absent when they were read) are never taken.
        _ = try Self.sql(warm, "db.execute('UPDATE repositories SET complete = 0')")
        let second = folder.appendingPathComponent("second")
        try Shell.run("/bin/cp", ["-r", original.path, second.path])
        let again = Self.cacheUse(try Self.run(try Self.pipeline(folder, [original, mapped, second]), into: warm, ["--jobs", "1"]))
        #expect(again["second"]?.contains("cache filled") == true, "\(again)")
    }

    @Test("the facts file, its repositories encoded in parallel, is what one encoder pass over the whole writes")
    func factsFileEncoding() throws {
        let original = try Fixture.make("change-requests")
        let folder = try Fixture.temporaryFolder()
        let copy = folder.appendingPathComponent("copy")
        try Shell.run("/bin/cp", ["-r", original.path, copy.path])
        let out = folder.appendingPathComponent("out")
        _ = try Self.run(try Self.pipeline(folder, [original, copy]), into: out)
        let data = try Data(contentsOf: out.appendingPathComponent(RunFacts.fileName))
        let facts = try RunFacts.decode(data)
        #expect(facts.repositories.count == 2)
        #expect(try RunFacts.encoder().encode(facts) == data)
        #expect(try facts.encoded() == data)
    }

    @Test("hygiene reports are kept by the tree they were assessed on: a copy and the next run read them, equal to a cold run")
    func hygieneMemo() throws {
        let original = try Fixture.make("change-requests")
        let folder = try Fixture.temporaryFolder()
        let copy = folder.appendingPathComponent("copy")
        try Shell.run("/bin/cp", ["-r", original.path, copy.path])
        let pipeline = try Self.pipeline(folder, [original, copy])
        let warm = folder.appendingPathComponent("warm"), cold = folder.appendingPathComponent("cold")
        _ = try Self.run(pipeline, into: warm, ["--jobs", "1"])
        // One report for the two repositories: the same tree.
        #expect(try Self.sql(warm, "print(db.execute('SELECT count(*) FROM hygiene_reports').fetchone()[0])") == "1")
        _ = try Self.run(pipeline, into: cold, ["--no-cache"])
        #expect(try Organisation.summaryWithoutBatch(warm) == Organisation.summaryWithoutBatch(cold))
        // The next run reads the stored report: a changed one shows.
        try Self.tamper(warm, """
            import json
            key, blob = db.execute('SELECT key, report FROM hygiene_reports').fetchone()
            report = json.loads(blob)
            report['readme']['check']['note'] = 'TAMPERED-BY-TEST'
            db.execute('UPDATE hygiene_reports SET report = ? WHERE key = ?', (json.dumps(report).encode(), key))
            """)
        _ = try Self.run(pipeline, into: warm, ["--jobs", "1"])
        let summary = try jsonObject(Data(contentsOf: warm.appendingPathComponent("summary.json")))
        let notes = (summary["repositories"] as? [[String: Any]] ?? []).map { repository in
            (((repository["hygiene"] as? [String: Any])?["readme"] as? [String: Any])?["check"] as? [String: Any])?["note"] as? String
        }
        #expect(notes == ["TAMPERED-BY-TEST", "TAMPERED-BY-TEST"], "both repositories show the stored report: \(notes)")
    }

    /// A repository of three files at HEAD, one of them binary (a NUL byte in its first bytes), and a copy.
    static func repositoryWithBinaryFile() throws -> (folder: URL, original: URL, copy: URL) {
        let folder = try Fixture.temporaryFolder()
        let original = folder.appendingPathComponent("original")
        try Shell.git(["init", "-q", "-b", "main", original.path])
        try FileManager.default.createDirectory(at: original.appendingPathComponent("src"), withIntermediateDirectories: true)
        try "notes\n".write(to: original.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        try "let a = 1\n".write(to: original.appendingPathComponent("src/a.swift"), atomically: true, encoding: .utf8)
        try Data([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0x02]).write(to: original.appendingPathComponent("logo.png"))
        try Shell.git(["-C", original.path, "add", "."])
        let commit = try Shell.run("/usr/bin/env", ["git", "-C", original.path, "-c", "user.name=Ann", "-c", "user.email=ann@a.example",
                                                    "commit", "-q", "-m", "files"],
                                   environment: ["GIT_AUTHOR_DATE": "2024-06-01T10:00:00Z", "GIT_COMMITTER_DATE": "2024-06-01T10:00:00Z"])
        guard commit.status == 0 else { throw TestFailure("git commit failed: \(commit.errors)") }
        let copy = folder.appendingPathComponent("copy")
        try Shell.run("/bin/cp", ["-r", original.path, copy.path])
        return (folder, original, copy)
    }

    /// `concentration.truck_factor_files` of each repository in summary.json, by repository name.
    static func truckFactorFilesByName(_ output: URL) throws -> [String: Int] {
        let summary = try jsonObject(Data(contentsOf: output.appendingPathComponent("summary.json")))
        var found: [String: Int] = [:]
        for repository in summary["repositories"] as? [[String: Any]] ?? [] {
            guard let name = repository["repository"] as? String else { continue }
            found[name] = (repository["concentration"] as? [String: Any])?["truck_factor_files"] as? Int ?? -1
        }
        return found
    }

    /// `concentration.truck_factor_files` of each repository in summary.json.
    static func truckFactorFiles(_ output: URL) throws -> [Int] {
        let summary = try jsonObject(Data(contentsOf: output.appendingPathComponent("summary.json")))
        return (summary["repositories"] as? [[String: Any]] ?? []).map {
            ($0["concentration"] as? [String: Any])?["truck_factor_files"] as? Int ?? -1
        }
    }

    @Test("the binary classification at HEAD is kept by the blobs it was made from: a copy and the next run take it, equal to a cold run")
    func binaryClassificationMemo() throws {
        let (folder, original, copy) = try Self.repositoryWithBinaryFile()
        let pipeline = try Self.pipeline(folder, [original, copy])
        let warm = folder.appendingPathComponent("warm"), cold = folder.appendingPathComponent("cold")
        _ = try Self.run(pipeline, into: warm, ["--jobs", "1"])
        // One classification for the two repositories (the same blobs), naming the binary file.
        #expect(try Self.sql(warm, "print(db.execute('SELECT count(*) FROM binary_paths').fetchone()[0])") == "1")
        #expect(try Self.sql(warm, "print(db.execute('SELECT paths FROM binary_paths').fetchone()[0].decode())") == #"["logo.png"]"#)
        _ = try Self.run(pipeline, into: cold, ["--no-cache"])
        #expect(try Organisation.summaryWithoutBatch(warm) == Organisation.summaryWithoutBatch(cold))
        let files = try Self.truckFactorFiles(cold)
        #expect(files.count == 2 && files[0] == files[1] && files[0] > 0)

        // The next run takes the stored classification instead of reading the blobs: a changed one shows.
        try Self.tamper(warm, #"db.execute('UPDATE binary_paths SET paths = ?', ('["logo.png", "notes.txt"]'.encode(),))"#)
        _ = try Self.run(pipeline, into: warm, ["--jobs", "1"])
        #expect(try Self.truckFactorFiles(warm) == files.map { $0 - 1 }, "both repositories take the stored classification")


        // One naming a path that is not among the blobs is damaged: the blobs are read again, and it is replaced.
        try Self.tamper(warm, #"db.execute('UPDATE binary_paths SET paths = ?', ('["nowhere.bin"]'.encode(),))"#)
        _ = try Self.run(pipeline, into: warm, ["--jobs", "1"])
        #expect(try Organisation.summaryWithoutBatch(warm) == Organisation.summaryWithoutBatch(cold))
        #expect(try Self.sql(warm, "print(db.execute('SELECT paths FROM binary_paths').fetchone()[0].decode())") == #"["logo.png"]"#)

        // A changed blob at the same path is other blobs: the copy is classified afresh, while the original
        // still takes the (tampered again) stored classification.
        try Self.tamper(warm, #"db.execute('UPDATE binary_paths SET paths = ?', ('["logo.png", "notes.txt"]'.encode(),))"#)
        try "other notes\n".write(to: copy.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        let edit = try Shell.run("/usr/bin/env", ["git", "-C", copy.path, "-c", "user.name=Ann", "-c", "user.email=ann@a.example",
                                                  "commit", "-q", "-am", "notes"],
                                 environment: ["GIT_AUTHOR_DATE": "2024-06-02T10:00:00Z", "GIT_COMMITTER_DATE": "2024-06-02T10:00:00Z"])
        guard edit.status == 0 else { throw TestFailure("git commit failed: \(edit.errors)") }
        _ = try Self.run(pipeline, into: warm, ["--jobs", "1"])
        let byName = try Self.truckFactorFilesByName(warm)
        #expect(byName == ["original": files[0] - 1, "copy": files[0]],
                "only the unchanged tree takes the stored classification: \(byName), \(files)")
        #expect(try Self.sql(warm, "print(db.execute('SELECT count(*) FROM binary_paths').fetchone()[0])") == "2")
    }

    @Test("a partial clone's classification, which could not read every blob, is not kept for the others")
    func partialCloneClassificationNotKept() throws {
        let (folder, original, _) = try Self.repositoryWithBinaryFile()
        let partial = try Fixture.clone(original, name: "partial.git", options: ["--bare", "--filter=blob:none"])
        let pipeline = try Self.pipeline(folder, [partial])
        let output = folder.appendingPathComponent("out")
        _ = try Self.run(pipeline, into: output, ["--jobs", "1"])
        let summary = try jsonObject(Data(contentsOf: output.appendingPathComponent("summary.json")))
        let absent = ((summary["repositories"] as? [[String: Any]])?.first?["absent_objects"] as? [String: Any])?["other_files"] as? Int
        #expect(absent == 3, "the three blobs at HEAD are absent from the partial clone")
        #expect(try Self.sql(output, "print(db.execute('SELECT count(*) FROM binary_paths').fetchone()[0])") == "0")
    }

    /// A memo holding one answer for any blobs, for `Ingestor.rememberedClassification`.
    final class FixedClassification: BinaryClassificationMemo {
        let binary: Set<String>
        init(_ binary: Set<String>) { self.binary = binary }
        func storedBinaryPaths(of blobs: [GitRepository.BlobAtPath]) -> Set<String>? { binary }
        func keepBinaryPaths(_ binary: Set<String>, of blobs: [GitRepository.BlobAtPath]) {}
    }

    @Test("a kept classification stands for the blobs only when the repository holds every one of them")
    func classificationNeedsEveryBlob() throws {
        let (_, original, _) = try Self.repositoryWithBinaryFile()
        let repository = try GitRepository(path: original.path)
        let listing = try repository.listTree(of: try #require(repository.head().commit), classifyBinary: true,
                                              deferringClassification: true) { _ in false }
        let blobs = listing.blobsToClassify
        #expect(Set(blobs.map(\.path)) == ["logo.png", "notes.txt", "src/a.swift"])
        let memo = FixedClassification(["logo.png"])
        #expect(Ingestor.rememberedClassification(of: blobs, in: repository, memo: memo) == ["logo.png"])
        // A blob this clone lacks (a partial clone's): read as a cold run reads it, counted as absent there.
        let absent = GitRepository.BlobAtPath(path: "big.bin", id: ObjectID(hex: String(repeating: "ab", count: 20)))
        #expect(Ingestor.rememberedClassification(of: blobs + [absent], in: repository, memo: memo) == nil)
        #expect(Ingestor.rememberedClassification(of: [], in: repository, memo: memo) == nil)
    }

    /// The change-requests fixture run once through a one-repository pipeline into `folder/name`, with head
    /// commits kept in the cache.
    static func changeRequestsRunOnce(into name: String) throws -> (repository: URL, folder: URL, pipeline: URL, output: URL) {
        let repository = try Fixture.make("change-requests")
        let folder = try Fixture.temporaryFolder()
        let pipeline = try BatchRunTests.singlePipeline(folder, repository: repository)
        let output = folder.appendingPathComponent(name)
        _ = try run(pipeline, into: output)
        #expect(try Int(sql(output, "print(db.execute('SELECT count(*) FROM proposal_commits').fetchone()[0])")) ?? 0 > 0)
        return (repository, folder, pipeline, output)
    }

    @Test("heads' own commits are kept for the next run, and stand for a commit only while it is in the repository")
    func proposalCommitsAreKept() throws {
        let (repository, folder, pipeline, warm) = try Self.changeRequestsRunOnce(into: "warm")
        let before = try Self.csv(warm)
        // Remove the commit objects only the heads reach (loose objects in the fixture).
        let own = try Shell.git(["-C", repository.path, "rev-list", "--glob=refs/pull/*", "--glob=refs/merge-requests/*",
                                 "--glob=refs/changes/*", "--not", "--branches", "--tags"]).output
            .split(separator: "\n").map(String.init)
        #expect(!own.isEmpty)
        for id in own {
            try FileManager.default.removeItem(at: repository.appendingPathComponent(".git/objects/\(id.prefix(2))/\(id.dropFirst(2))"))
        }
        // The cache does not bring back what the repository lost: the run is what a run without it gives.
        _ = try Self.run(pipeline, into: warm)
        let cold = folder.appendingPathComponent("cold")
        _ = try Self.run(pipeline, into: cold, ["--no-cache"])
        #expect(try Self.csv(warm) == Self.csv(cold))
        #expect(try Self.csv(cold) != before)
    }

    @Test("a run whose heads reach what the cache holds writes no head commit; one whose heads changed replaces them")
    func unchangedProposalCommitsAreNotWrittenAgain() throws {
        let (repository, folder, pipeline, output) = try Self.changeRequestsRunOnce(into: "out")
        // Every write of the table starts by deleting the repository's rows: a trigger (python's sqlite3, an
        // independent writer) counts deletions into a table of its own.
        _ = try Self.sql(output, """
            db.execute('CREATE TABLE test_deletions (n INTEGER)')
            db.execute('CREATE TRIGGER test_count_deletions AFTER DELETE ON proposal_commits BEGIN INSERT INTO test_deletions VALUES (1); END')
            """)
        let first = try Self.csv(output)
        _ = try Self.run(pipeline, into: output)
        #expect(try Self.sql(output, "print(db.execute('SELECT count(*) FROM test_deletions').fetchone()[0])") == "0")
        #expect(try Self.csv(output) == first)
        // A head that goes away changes what the heads reach: the stored commits are replaced.
        let heads = try Shell.git(["-C", repository.path, "for-each-ref", "--format=%(refname)", "refs/pull/"]).output
            .split(separator: "\n").map(String.init)
        var removed = false
        for head in heads where !removed {
            try Shell.git(["-C", repository.path, "update-ref", "-d", head])
            _ = try Self.run(pipeline, into: output)
            removed = try Self.sql(output, "print(db.execute('SELECT count(*) FROM test_deletions').fetchone()[0])") != "0"
        }
        #expect(removed, "no head's removal rewrote the stored head commits")
        let cold = folder.appendingPathComponent("cold")
        _ = try Self.run(pipeline, into: cold, ["--no-cache"])
        #expect(try Self.csv(output) == Self.csv(cold))
    }

    @Test("a stored head commit is taken instead of reading it, while the commit exists; one that does not is skipped")
    func storedHeadCommits() throws {
        let repository = try Fixture.make("change-requests")
        let analysed = Set(try Shell.git(["-C", repository.path, "rev-list", "HEAD"]).output.split(separator: "\n").map { ObjectID(hex: String($0)) })
        let tip = ObjectID(hex: try Shell.git(["-C", repository.path, "rev-parse", "refs/pull/4/head"]).output
            .trimmingCharacters(in: .whitespacesAndNewlines))
        var fresh: [CommitRecord] = []
        try HistoryReader.readCommits(repositoryAt: repository.path, from: [tip], isKnown: { analysed.contains($0) }) { record, fromStore in
            #expect(!fromStore)
            fresh.append(record)
        }
        let first = try #require(fresh.first { $0.id == tip })
        var marked = first
        marked.summary = "from the store"
        let absent = ObjectID(hex: String(repeating: "ab", count: 20))
        var ghost = first
        ghost.id = absent
        var delivered: [CommitRecord] = [], taken: [ObjectID] = []
        try HistoryReader.readCommits(repositoryAt: repository.path, from: [tip, absent], isKnown: { analysed.contains($0) },
                                      stored: [tip: marked, absent: ghost]) { record, fromStore in
            delivered.append(record)
            if fromStore { taken.append(record.id) }
        }
        #expect(delivered.first { $0.id == tip }?.summary == "from the store")
        #expect(taken == [tip], "only the stored commit that exists is taken from the store")
        #expect(!delivered.contains { $0.id == absent })
        #expect(delivered.count == fresh.count)
    }
}
