import Foundation
import Testing

/// "Partial clone" is said only when objects the analysis needed are absent, counted against git's own
/// listing of the clone; a complete clone that merely has a promisor pack (as every mirror fetched with a
/// filter does) is not called partial, and absent objects without a promisor are called damage.
@Suite("partial clones")
struct PartialCloneTests {
    static func absent(_ repository: [String: Any]) throws -> [String: Int] {
        try #require(repository["absent_objects"] as? [String: Int])
    }

    static func text(_ repository: URL) throws -> String {
        let result = try Shell.innersource(["analyze", repository.path, "--as-of", AnalyzeCommandTests.asOf])
        try #require(result.status == 0, "exit \(result.status): \(result.errors)")
        return result.output
    }

    @Test("a clone without blobs: every changed file and every file at the tip counted as git lists them")
    func withoutBlobs() throws {
        let basic = try Fixture.make("basic")
        let partial = try Fixture.clone(basic, name: "partial.git", options: ["--bare", "--filter=blob:none"])
        let repository = try AnalyzeCommandTests.repository(try AnalyzeCommandTests.analyzeJSON(partial))
        #expect(repository["partial_clone"] as? Bool == true)
        let absent = try Self.absent(repository)

        // Every blob is absent: each changed file of each non-merge commit lacks one.
        let numstat = try GitOracle.numstat(basic)
        #expect(absent["changed_files"] == numstat.values.map(\.count).reduce(0, +))
        #expect(absent["commits_with_unknown_lines"] == numstat.values.filter { !$0.isEmpty }.count)
        #expect(absent["commits_with_unknown_files"] == 0, "trees are all there")
        #expect(repository["unknown_file_changes"] as? Int == absent["changed_files"])

        // The files at the tip: the documents (and .mailmap, read for identities) and every other blob.
        let complete = try AnalyzeCommandTests.repository(try AnalyzeCommandTests.analyzeJSON(basic))
        let documents = (complete["documents"] as? [String] ?? []).count + 1
        let blobsAtTip = try Shell.git(["-C", basic.path, "ls-tree", "-r", "HEAD"]).output
            .split(separator: "\n").filter { $0.split(separator: " ")[1] == "blob" }.count
        #expect(absent["documents"] == documents)
        #expect(absent["other_files"] == blobsAtTip - documents)

        let text = try Self.text(partial)
        let clone = try #require(text.split(separator: "\n").first { $0.hasPrefix("  clone ") }, "a clone line: \(text)")
        #expect(clone.contains("partial, absent: blobs of \(absent["changed_files"]!) changed files"), "\(clone)")
        #expect(clone.contains("blobs of \(blobsAtTip) files at the analysed revision (\(documents) of them documents)"), "\(clone)")
        #expect(clone.contains("without --filter"), "says how to count them: \(clone)")
        #expect(text.contains("none readable, \(documents) absent from the clone"), "\(text)")
    }

    @Test("a complete clone with a promisor pack is not called partial")
    func completeWithPromisorPack() throws {
        let basic = try Fixture.make("basic")
        let mirror = try Fixture.clone(basic, name: "mirror.git", options: ["--mirror"])
        let packs = mirror.appendingPathComponent("objects/pack")
        let pack = try #require(try FileManager.default.contentsOfDirectory(atPath: packs.path).first { $0.hasSuffix(".pack") })
        // What a fetch from a promisor remote leaves: an empty .promisor file beside the pack.
        try Data().write(to: packs.appendingPathComponent(pack.replacingOccurrences(of: ".pack", with: ".promisor")))
        #expect(try Shell.git(["-C", mirror.path, "rev-list", "--objects", "--missing=print", "--all"]).output
            .split(separator: "\n").filter { $0.hasPrefix("?") }.isEmpty, "git finds nothing missing")

        let repository = try AnalyzeCommandTests.repository(try AnalyzeCommandTests.analyzeJSON(mirror))
        #expect(repository["partial_clone"] as? Bool == false)
        #expect(try Self.absent(repository).values.allSatisfy { $0 == 0 })
        let text = try Self.text(mirror)
        #expect(!text.contains("partial"), "\(text)")
        #expect(!text.split(separator: "\n").contains { $0.hasPrefix("  clone ") }, "no clone line: \(text)")
    }

    @Test("a blob lost from a clone with no promisor is damage, not a partial clone")
    func damaged() throws {
        let basic = try Fixture.make("basic")
        // notes.txt's only version, added by commit 7 and still at the tip: a loose object in the fixture.
        let blob = try Shell.git(["-C", basic.path, "rev-parse", "HEAD:notes.txt"]).output
            .trimmingCharacters(in: .whitespacesAndNewlines)
        try FileManager.default.removeItem(at: basic.appendingPathComponent(".git/objects/\(blob.prefix(2))/\(blob.dropFirst(2))"))
        let repository = try AnalyzeCommandTests.repository(try AnalyzeCommandTests.analyzeJSON(basic))
        #expect(repository["partial_clone"] as? Bool == false)
        let absent = try Self.absent(repository)
        #expect(absent["changed_files"] == 1)
        #expect(absent["commits_with_unknown_lines"] == 1)
        #expect(absent["other_files"] == 1)
        let text = try Self.text(basic)
        #expect(text.contains("damaged, absent: blobs of 1 changed file in 1 commit (lines unknown), blobs of 1 file at the analysed revision"), "\(text)")
        #expect(text.contains("git fsck"), "\(text)")
    }
}
