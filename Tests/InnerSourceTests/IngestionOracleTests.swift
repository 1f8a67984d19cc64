import Foundation
import Git
import InnerSourceModel
import Testing

/// Ingestion against git itself: every non-merge commit's changed files and line counts must be what
/// `git log --numstat --no-renames --no-merges` prints, and per-person totals what `--use-mailmap` gives.
@Suite("Ingestion agrees with git log")
struct IngestionOracleTests {
    /// Reads every record of a repository's HEAD history through the Git module.
    static func records(_ repository: URL, threads: Int = 2) throws -> [CommitRecord] {
        let git = try GitRepository(path: repository.path)
        guard let tip = try git.head().commit else { return [] }
        var records: [CommitRecord] = []
        _ = try HistoryReader.read(repositoryAt: repository.path, tip: tip,
                                   options: HistoryReadOptions(threads: threads, chunkSize: 3)) { records.append($0) }
        return records
    }

    static func ourNumstat(_ records: [CommitRecord]) -> [String: [GitOracle.FileStat]] {
        var result: [String: [GitOracle.FileStat]] = [:]
        for record in records where !record.isMerge {
            result[record.id.hex] = record.files.map { file in
                switch file.lines {
                case .counted(let added, let deleted): return GitOracle.FileStat(path: file.path, added: added, deleted: deleted)
                case .binary, .missing, .notCounted: return GitOracle.FileStat(path: file.path, added: nil, deleted: nil)
                }
            }
        }
        return result
    }

    static func expectSameNumstat(_ repository: URL, threads: Int = 2, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let ours = ourNumstat(try records(repository, threads: threads))
        let git = try GitOracle.numstat(repository)
        #expect(ours.count == git.count, "commits: ours \(ours.count), git \(git.count)", sourceLocation: sourceLocation)
        var mismatches: [String] = []
        for (commit, files) in git.sorted(by: { $0.key < $1.key }) where ours[commit] != files {
            mismatches.append("\(commit): git \(files) ours \(ours[commit].map { "\($0)" } ?? "missing")")
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) commits differ: \(mismatches.prefix(5))", sourceLocation: sourceLocation)
    }

    @Test("basic fixture: files and lines of every commit", arguments: [1, 2])
    func basicNumstat(threads: Int) throws {
        try Self.expectSameNumstat(try Fixture.make("basic"), threads: threads)
    }

    @Test("edge fixture: links, submodules, folder and file swaps, attributes, rewrites")
    func edgeNumstat() throws {
        try Self.expectSameNumstat(try Fixture.make("edge"))
    }

    @Test("bare clone of the basic fixture")
    func bareNumstat() throws {
        let bare = try Fixture.clone(try Fixture.make("basic"), name: "basic.git", options: ["--bare"])
        try Self.expectSameNumstat(bare)
    }

    @Test("this project's own history")
    func ownHistory() throws {
        let gitDirectory = Package.root.appendingPathComponent(".git")
        try #require(FileManager.default.fileExists(atPath: gitDirectory.path),
                     "the tests run from a git checkout of the project")
        try Self.expectSameNumstat(Package.root)
        try expectSamePeople(Package.root)
    }

    @Test("per-person commits and lines after .mailmap, work tree and bare")
    func people() throws {
        let basic = try Fixture.make("basic")
        try expectSamePeople(basic)
        try expectSamePeople(try Fixture.clone(basic, name: "people.git", options: ["--bare"]))
        try expectSamePeople(try Fixture.make("edge"))
    }

    private func expectSamePeople(_ repository: URL, sourceLocation: SourceLocation = #_sourceLocation) throws {
        var ours: [String: GitOracle.PersonTotals] = [:]
        for record in try Self.records(repository) where !record.isMerge {
            ours[record.author.identity.email.lowercased(), default: GitOracle.PersonTotals()].commits += 1
            ours[record.author.identity.email.lowercased(), default: GitOracle.PersonTotals()].added += record.linesAdded
            ours[record.author.identity.email.lowercased(), default: GitOracle.PersonTotals()].deleted += record.linesDeleted
        }
        let git = try GitOracle.people(repository)
        #expect(ours == git, sourceLocation: sourceLocation)
    }

    @Test("commit metadata: trailers, co-authors, committer, parents, encodings")
    func metadata() throws {
        let records = try Self.records(try Fixture.make("basic"))
        #expect(records.count == 10)
        let mailmap = try #require(records.first { $0.summary == "Add a mailmap" })
        #expect(mailmap.trailers.map(\.key) == ["Co-authored-by", "co-authored-by", "Reviewed-by", "Signed-off-by"])
        #expect(mailmap.trailers.filter { $0.isKind(.coAuthoredBy) }.count == 2)
        #expect(mailmap.trailers.contains { $0.isKind(.reviewedBy) && $0.value == "Erin Reviewer <erin@example.com>" })
        #expect(mailmap.trailers.contains { $0.key.lowercased() == "signed-off-by" })
        #expect(mailmap.coAuthors == [Identity(name: "Dan Dev", email: "dan@example.net"),
                                      Identity(name: "Bob Baker", email: "BOB@example.com")])

        let root = try #require(records.first { $0.parents.isEmpty })
        #expect(root.summary == "Start the project")
        // .mailmap maps the old address and gives the canonical name.
        #expect(root.author.identity == Identity(name: "Alice Able", email: "alice@example.com"))
        #expect(root.files.map(\.kind) == [.added, .added])

        let merge = try #require(records.first { $0.isMerge })
        #expect(merge.parents.count == 2)
        #expect(merge.files.isEmpty, "merges get no line statistics by default")

        let notes = try #require(records.first { $0.summary == "Add notes" })
        #expect(notes.author.identity.name == "Car\u{FFFD}l", "invalid UTF-8 is repaired, not dropped")
        #expect(notes.committer.identity.name == "Alice Able")
        #expect(notes.committer.time - notes.author.time == 23 * 3600)

        let latin = try #require(records.first { $0.author.identity.email == "renee@example.org" })
        #expect(latin.author.identity.name == "Renée Latin", "a declared ISO-8859-1 commit is re-encoded as git log does")
        #expect(latin.summary == "Café notes")
    }

    @Test("merge statistics on request: the merge is diffed against its first parent")
    func mergeStatistics() throws {
        let repository = try Fixture.make("basic")
        let git = try GitRepository(path: repository.path)
        let tip = try #require(try git.head().commit)
        var merge: CommitRecord?
        _ = try HistoryReader.read(repositoryAt: repository.path, tip: tip,
                                   options: HistoryReadOptions(mergeStatistics: true)) { if $0.isMerge { merge = $0 } }
        let record = try #require(merge)
        // The side branch brought docs/guide.md (4 lines) into main.
        #expect(record.files == [FileChange(path: "docs/guide.md", kind: .added, lines: .counted(added: 4, deleted: 0))])
    }
}

@Suite("History reader")
struct HistoryReaderTests {
    @Test("a slow consumer never lets the workers read more than the bound ahead")
    func boundedReadAhead() throws {
        let repository = try Fixture.make("edge")
        let tip = try #require(try GitRepository(path: repository.path).head().commit)
        var delivered = 0
        let report = try HistoryReader.read(
            repositoryAt: repository.path, tip: tip,
            options: HistoryReadOptions(threads: 2, chunkSize: 1, chunksInFlight: 3)
        ) { _ in
            delivered += 1
            Thread.sleep(forTimeInterval: 0.01)
        }
        #expect(delivered == 11)
        #expect(report.walked == 11)
        #expect(report.chunkLimit == 3)
        #expect(report.peakChunksInFlight <= 3)
        #expect(report.peakChunksInFlight >= 2, "the workers did read ahead")
    }

    @Test("records arrive in walk order, newest first, whatever the threads")
    func order() throws {
        let repository = try Fixture.make("edge")
        let tip = try #require(try GitRepository(path: repository.path).head().commit)
        let expected = try Shell.git(["-C", repository.path, "rev-list", "HEAD"]).output
            .split(separator: "\n").map(String.init)
        for threads in [1, 3] {
            var ids: [String] = []
            _ = try HistoryReader.read(repositoryAt: repository.path, tip: tip,
                                       options: HistoryReadOptions(threads: threads, chunkSize: 2)) { ids.append($0.id.hex) }
            #expect(ids == expected)
        }
    }

    @Test("a consumer's error stops the read and comes back")
    func consumerError() throws {
        let repository = try Fixture.make("edge")
        let tip = try #require(try GitRepository(path: repository.path).head().commit)
        var seen = 0
        #expect(throws: TestFailure.self) {
            _ = try HistoryReader.read(repositoryAt: repository.path, tip: tip,
                                       options: HistoryReadOptions(threads: 2, chunkSize: 1)) { _ in
                seen += 1
                if seen == 3 { throw TestFailure("stop") }
            }
        }
        #expect(seen == 3)
    }

    @Test("time zones are kept with the time")
    func zones() throws {
        let folder = try Fixture.temporaryFolder().appendingPathComponent("zones")
        try Shell.git(["init", "-q", "-b", "main", folder.path])
        try Data("x\n".utf8).write(to: folder.appendingPathComponent("x"))
        try Shell.git(["-C", folder.path, "add", "x"])
        try Shell.git(["-C", folder.path, "-c", "user.name=Zed", "-c", "user.email=zed@example.com", "commit", "-q", "-m", "x",
                       "--date", "2024-03-01T12:00:00+05:30"])
        let tip = try #require(try GitRepository(path: folder.path).head().commit)
        var record: CommitRecord?
        _ = try HistoryReader.read(repositoryAt: folder.path, tip: tip, options: HistoryReadOptions()) { record = $0 }
        let author = try #require(record?.author)
        #expect(author.offsetMinutes == 330)
        #expect(UTCTime.iso8601(author.time) == "2024-03-01T06:30:00Z")
    }
}

@Suite("Tags")
struct TagTests {
    @Test("lightweight and annotated tags on commits, oldest first; tags on blobs left out")
    func tags() throws {
        let repository = try Fixture.make("basic")
        try Shell.git(["-C", repository.path, "tag", "v1", "HEAD~5"])
        try Shell.git(["-C", repository.path, "-c", "user.name=T", "-c", "user.email=t@x", "tag", "-a", "v2", "-m", "two", "HEAD"])
        let blob = try Shell.git(["-C", repository.path, "rev-parse", "HEAD:README.md"]).output.trimmingCharacters(in: .whitespacesAndNewlines)
        try Shell.git(["-C", repository.path, "tag", "readme-blob", blob])
        let tags = try GitRepository(path: repository.path).tags()
        #expect(tags.map(\.name) == ["v1", "v2"])
        let head = try Shell.git(["-C", repository.path, "rev-parse", "HEAD"]).output.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(tags.last?.commit.hex == head, "an annotated tag is peeled to its commit")
        #expect(tags.last.map { UTCTime.iso8601($0.time) } == "2024-01-11T10:00:00Z")
    }
}

@Suite("Declared encodings")
struct EncodingTests {
    @Test("any encoding git knows is re-encoded as git log does (iconv), e.g. ISO-8859-8 and Shift_JIS",
          arguments: [("ISO-8859-8", [0xF9, 0xEC, 0xE5, 0xED] as [UInt8], "שלום"), ("Shift_JIS", [0x93, 0xFA, 0x96, 0x7B], "日本")])
    func declared(encoding: String, bytes: [UInt8], expected: String) throws {
        let folder = try Fixture.temporaryFolder().appendingPathComponent("encoded")
        try Shell.git(["init", "-q", "-b", "main", folder.path])
        // A commit object written by hand, as older tools wrote them: the name in the declared encoding.
        let tree = try Shell.git(["-C", folder.path, "write-tree"]).output.trimmingCharacters(in: .whitespacesAndNewlines)
        let object = Data("tree \(tree)\nauthor ".utf8) + Data(bytes) + Data(" <n@x.test> 1700000000 +0200\ncommitter C <c@x.test> 1700000000 +0200\nencoding \(encoding)\n\nmessage\n".utf8)
        let file = folder.appendingPathComponent("commit.txt")
        try object.write(to: file)
        let id = try Shell.git(["-C", folder.path, "hash-object", "-w", "-t", "commit", "--literally", file.path]).output
            .trimmingCharacters(in: .whitespacesAndNewlines)
        try Shell.git(["-C", folder.path, "update-ref", "refs/heads/main", id])
        var record: CommitRecord?
        _ = try HistoryReader.read(repositoryAt: folder.path, tip: ObjectID(hex: id), options: HistoryReadOptions()) { record = $0 }
        #expect(record?.author.identity.name == expected)
        let git = try Shell.git(["-C", folder.path, "log", "-1", "--format=%an"]).output.trimmingCharacters(in: .newlines)
        #expect(git == expected, "git log agrees")
    }
}
