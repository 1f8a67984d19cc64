import Foundation
@testable import Git
@testable import Ingest
import InnerSourceModel
import Testing

/// What one analysis reads once and uses twice: the history read's line counts by pair of blobs, taken by
/// the request heads' line counting, and the binary classification of the blobs at HEAD, made on a thread
/// of its own while the history is read. Both must leave every figure as it was.
@Suite("Line counts and classifications shared within one analysis")
struct LineCacheTests {
    /// A repository whose main history changes `shared.txt` from v1 to v2 in one commit, and whose request
    /// head (refs/pull/1/head, not landed) makes the very same change from the same base and adds a file.
    static func repositoryWithRepeatedChange() throws -> (repository: URL, base: String, landed: String, head: String) {
        let folder = try Fixture.temporaryFolder().appendingPathComponent("repeated")
        try Shell.git(["init", "-q", "-b", "main", folder.path])
        func commit(_ files: [String: String], _ message: String) throws -> String {
            for (name, text) in files { try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8) }
            try Shell.git(["-C", folder.path, "add", "-A"])
            try Shell.git(["-C", folder.path, "-c", "user.name=Ann", "-c", "user.email=ann@a.example", "commit", "-q", "-m", message])
            return try Shell.git(["-C", folder.path, "rev-parse", "HEAD"]).output.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let base = try commit(["shared.txt": "one\ntwo\nthree\n", "other.txt": "x\n"], "base")
        let landed = try commit(["shared.txt": "one\n2\nthree\nfour\n"], "change shared")
        try Shell.git(["-C", folder.path, "checkout", "-q", "-b", "proposal", base])
        let head = try commit(["shared.txt": "one\n2\nthree\nfour\n", "added.txt": "a\nb\nc\n"], "the same change, and a file")
        try Shell.git(["-C", folder.path, "checkout", "-q", "main"])
        try Shell.git(["-C", folder.path, "update-ref", "refs/pull/1/head", head])
        try Shell.git(["-C", folder.path, "branch", "-q", "-D", "proposal"])
        return (folder, base, landed, head)
    }

    static func blob(_ repository: URL, _ revision: String) throws -> ObjectID {
        let hex = try Shell.git(["-C", repository.path, "rev-parse", revision]).output.trimmingCharacters(in: .whitespacesAndNewlines)
        return ObjectID(hex: hex)
    }

    /// `git diff --numstat BASE HEAD`, summed.
    static func gitLines(_ repository: URL, _ base: String, _ head: String) throws -> (added: Int, deleted: Int) {
        let output = try Shell.git(["-C", repository.path, "diff", "--numstat", "--no-renames", base, head]).output
        var added = 0, deleted = 0
        for line in output.split(separator: "\n") {
            let fields = line.split(separator: "\t")
            added += Int(fields[0]) ?? 0
            deleted += Int(fields[1]) ?? 0
        }
        return (added, deleted)
    }

    @Test("the history read keeps its pairs' counts; the heads' line counting takes them from there and agrees with git")
    func historyPairsServeTheHeads() throws {
        let (repository, base, landed, head) = try Self.repositoryWithRepeatedChange()
        let tip = ObjectID(hex: landed), baseID = ObjectID(hex: base), headID = ObjectID(hex: head)
        let cache = BlobPairLineCache()
        _ = try HistoryReader.read(repositoryAt: repository.path, tip: tip, options: HistoryReadOptions(), lineCache: cache) { _ in }
        // base adds two files whole (two pairs with an absent side), the next commit changes one.
        #expect(cache.count.history == 3)
        #expect(cache.count.heads == 0)
        let expected = try Self.gitLines(repository, base, head)
        let fresh = try HistoryReader.lineChanges(repositoryAt: repository.path, pairs: [(baseID, headID)], attributesAt: tip)
        let shared = try HistoryReader.lineChanges(repositoryAt: repository.path, pairs: [(baseID, headID)], attributesAt: tip,
                                                   lineCache: cache)
        #expect(fresh.count == 1 && shared.count == 1)
        #expect(fresh[0]?.added == expected.added && fresh[0]?.deleted == expected.deleted)
        #expect(shared[0]?.added == expected.added && shared[0]?.deleted == expected.deleted)
        // Only the file the history never had was counted for the head.
        #expect(cache.count.heads == 1)

        // The repeated change is the one taken from the cache: a planted count for its pair shows in the sum.
        let planted = BlobPairLineCache()
        let key = BlobPairLineCache.Key(old: try Self.blob(repository, "\(base):shared.txt"),
                                        new: try Self.blob(repository, "\(landed):shared.txt"))
        planted.store(key, .counted(added: 1000, deleted: 2000), fromHistory: true)
        let taken = try HistoryReader.lineChanges(repositoryAt: repository.path, pairs: [(baseID, headID)], attributesAt: tip,
                                                  lineCache: planted)
        #expect(taken[0]?.added == 1000 + 3 && taken[0]?.deleted == 2000)
    }

    @Test("the history's share of the cache stops at its bound, and the heads keep their own room")
    func historyShareIsBounded() throws {
        let cache = BlobPairLineCache()
        func id(_ n: Int) -> ObjectID { ObjectID(hex: String(repeating: "0", count: 32) + String(format: "%08x", n)) }
        for n in 0..<(BlobPairLineCache.historyCapacity + 10) {
            cache.store(BlobPairLineCache.Key(old: nil, new: id(n + 1)), .counted(added: n, deleted: 0), fromHistory: true)
        }
        #expect(cache.count.history == BlobPairLineCache.historyCapacity)
        cache.store(BlobPairLineCache.Key(old: id(1), new: id(2)), .counted(added: 1, deleted: 1), fromHistory: false)
        #expect(cache.count.heads == 1)
        #expect(cache.lookup(BlobPairLineCache.Key(old: id(1), new: id(2))) == .counted(added: 1, deleted: 1))
        #expect(cache.lookup(BlobPairLineCache.Key(old: nil, new: id(5))) == .counted(added: 4, deleted: 0))
    }

    @Test("analyze gives the same change requests with the history's counts shared as git's diff of each unlanded head")
    func analyzeCountsUnlandedHeadsAsGit() throws {
        let (repository, base, _, head) = try Self.repositoryWithRepeatedChange()
        let output = try Fixture.temporaryFolder()
        let result = try Shell.innersource(["analyze", repository.path, "--out", output.path, "--as-of", "2030-01-01"])
        guard result.status == 0 else { throw TestFailure("analyze failed: \(result.errors)") }
        // Python's csv module reads the file (an independent parser).
        let script = """
            import csv, sys
            for row in csv.DictReader(open(sys.argv[1], newline='')):
                if row['kind'] == 'pull_request':
                    print(row['change_request'], row['lines_added'], row['lines_deleted'])
            """
        let read = try Shell.run("/usr/bin/env", ["python3", "-c", script, output.appendingPathComponent("change_requests.csv").path])
        guard read.status == 0 else { throw TestFailure("python3 failed: \(read.errors)") }
        let expected = try Self.gitLines(repository, base, head)
        #expect(read.output.trimmingCharacters(in: .whitespacesAndNewlines) == "refs/pull/1/head \(expected.added) \(expected.deleted)")
    }

    /// A repository with text, binary, a binary document and a text document at HEAD, in folders.
    static func repositoryWithBinaries() throws -> URL {
        let folder = try Fixture.temporaryFolder().appendingPathComponent("binaries")
        try Shell.git(["init", "-q", "-b", "main", folder.path])
        let files: [(String, [UInt8])] = [
            ("text.txt", Array("plain\n".utf8)),
            ("data/image.bin", [0x89, 0x50, 0x00, 0x01, 0x02]),
            ("data/deep/more.bin", Array("late nul".utf8) + [0x00]),
            ("data/deep/notes.txt", Array("notes\n".utf8)),
            ("README.md", Array("# Read me\n".utf8)),
            ("CONTRIBUTING.md", Array("binary".utf8) + [0x00, 0x00]),
        ]
        for (name, bytes) in files {
            let url = folder.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: url)
        }
        try Shell.git(["-C", folder.path, "add", "-A"])
        try Shell.git(["-C", folder.path, "-c", "user.name=Ann", "-c", "user.email=ann@a.example", "commit", "-q", "-m", "files"])
        return folder
    }

    @Test("binary files at HEAD classified later, on their own thread, are those classified while listing; absent ones are counted")
    func deferredClassificationMatchesInline() throws {
        let repository = try Self.repositoryWithBinaries()
        let git = try GitRepository(path: repository.path)
        let tip = try Self.blob(repository, "HEAD")
        let isDocument: (String) -> Bool = { $0.hasSuffix(".md") }
        let inline = try git.listTree(of: tip, classifyBinary: true, isDocument: isDocument)
        let deferred = try git.listTree(of: tip, classifyBinary: true, deferringClassification: true, isDocument: isDocument)
        #expect(inline.binaryPaths == ["data/image.bin", "data/deep/more.bin", "CONTRIBUTING.md"])
        // Documents are read while listing, so they are classified there; the rest waits.
        #expect(deferred.binaryPaths == ["CONTRIBUTING.md"])
        #expect(Set(deferred.blobsToClassify.map(\.path)) == ["text.txt", "data/image.bin", "data/deep/more.bin", "data/deep/notes.txt"])
        let later = try git.classifyBinary(deferred.blobsToClassify)
        #expect(deferred.binaryPaths.union(later.binaryPaths) == inline.binaryPaths)
        #expect(later.absent == 0)

        // Through ingestion: the snapshot holds every binary path once the history is read.
        let ingested = try Ingestor.ingest(repositoryAt: repository.path) { _ in }
        #expect(ingested.snapshot.binaryPaths == inline.binaryPaths)
        #expect(ingested.snapshot.absentObjects.otherFiles == 0)

        // A partial clone without blobs: none can be classified, and every file that is not a document is counted.
        let partial = try Fixture.clone(repository, name: "partial", options: ["--filter=blob:none", "--no-checkout", "--bare"])
        let partialListing = try GitRepository(path: partial.path).listTree(of: tip, classifyBinary: true, isDocument: { _ in false })
        let partialIngest = try Ingestor.ingest(repositoryAt: partial.path) { _ in }
        #expect(partialListing.unclassifiedPaths == 6)
        #expect(partialIngest.snapshot.binaryPaths.isEmpty)
        #expect(partialIngest.snapshot.absentObjects.otherFiles == 4)
    }
}
