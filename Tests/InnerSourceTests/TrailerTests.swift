import Foundation
@testable import Git
import Ingest
import InnerSourceModel
import Testing

/// Trailers as git reads them: every commit's trailers against `git log --format=%(trailers:only,unfold)`, on
/// the trailers fixture (every rule of trailer.c), the other fixtures and this project's own history.
@Suite("Trailers agree with git log")
struct TrailerTests {
    /// `git log`'s trailers per commit, as `key: value` lines.
    static func git(_ repository: URL) throws -> [String: [String]] {
        let log = try Shell.git(["-C", repository.path, "log", "--format=%x01%H%n%(trailers:only,unfold)"]).output
        var result: [String: [String]] = [:]
        for block in log.split(separator: "\u{1}") {
            let lines = block.split(separator: "\n").map(String.init)
            guard let id = lines.first else { continue }
            result[id] = lines.dropFirst().filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        }
        return result
    }

    static func ours(_ repository: URL) throws -> [String: [String]] {
        var result: [String: [String]] = [:]
        _ = try Ingestor.ingest(repositoryAt: repository.path, options: IngestOptions(includeOutsideWindow: true)) { record in
            result[record.id.hex] = record.trailers.map { "\($0.key): \($0.value)" }
        }
        return result
    }

    @Test("every commit's trailers, as git reads them", arguments: ["trailers", "basic", "teams", "edge"])
    func fixtures(name: String) throws {
        let repository = try Fixture.make(name)
        let git = try Self.git(repository), ours = try Self.ours(repository)
        #expect(Set(git.keys) == Set(ours.keys))
        for (commit, trailers) in git.sorted(by: { $0.key < $1.key }) {
            #expect(ours[commit] == trailers, "\(name) \(commit.prefix(10)): git \(trailers), ours \(ours[commit] ?? [])")
        }
    }

    @Test("this project's own history")
    func ownHistory() throws {
        let git = try Self.git(Package.root), ours = try Self.ours(Package.root)
        for (commit, trailers) in git where ours[commit] != trailers {
            Issue.record("\(commit.prefix(10)): git \(trailers), ours \(ours[commit] ?? [])")
        }
    }

    /// GitHub's squash message puts `---------` before the co-authors; libgit2 1.5's parser returned nothing.
    @Test("the co-authors of the trailers fixture, by construction: 10 credits to 10 people")
    func coAuthors() throws {
        let repository = try Fixture.make("trailers")
        let result = try Shell.innersource(["analyze", repository.path, "--format", "json", "--as-of", "2024-06-01"])
        try #require(result.status == 0, "\(result.errors)")
        let summary = try jsonObject(result.stdout)
        let contributors = try #require(summary["contributors"] as? [[String: Any]])
        let credits = contributors.compactMap { $0["coauthored_commits"] as? Int }.reduce(0, +)
        #expect(credits == 10)
        let names = Set(contributors.filter { ($0["coauthored_commits"] as? Int ?? 0) > 0 }.compactMap { $0["email"] as? String })
        #expect(names == ["bea@example.com", "cal@example.org", "dee@example.com", "gus@example.com", "ida@example.com",
                          "jo@example.com", "kim@example.com", "max@example.com", "ned@example.com", "ola@example.com"])
    }

    @Test("the rules of trailer.c, one by one", arguments: [
        ("Title\n\nKey: value\n", ["Key: value"]),
        ("Title\n\nKey: value", ["Key: value"]),
        ("Key: a title is never a trailer\n", []),
        ("Title\nKey: still the title\n", []),
        ("Title\n\nprose\n\nKey: value\n\n", ["Key: value"]),
        ("Title\n\nKey: one\n  two\n\tthree\n", ["Key: one two three"]),
        ("Title\n\nKey: value\nprose\n", []),
        ("Title\n\nSigned-off-by: A <a@x>\nprose\nprose\nKey: v\n", ["Signed-off-by: A <a@x>", "Key: v"]),
        ("Title\n\nSigned-off-by: A <a@x>\nprose\nprose\nprose\n", ["Signed-off-by: A <a@x>"]),
        ("Title\n\nSigned-off-by: A <a@x>\np\np\np\np\n", []),
        ("Title\n\nBug #43\nKey: v\n", []),
        ("Title\n\nKey : spaced\n", ["Key: spaced"]),
        ("Title\n\n-Key: dash first\n", ["-Key: dash first"]),
        ("Title\n\nKey:\n", ["Key: "]),
        ("Title\n\n# comment\nKey: v\n# another\n", ["Key: v"]),
        ("Title\n\nKey: v\n# ------------------------ >8 ------------------------\nOther: w\n", ["Key: v"]),
        ("Title\n\nKey: v\nConflicts:\n\ta.txt\n", ["Key: v"]),
        ("Title\n\n---------\n\nCo-authored-by: B <b@x>\n", ["Co-authored-by: B <b@x>"]),
        ("Title\n\nKey: v\r\n", ["Key: v"]),
        ("\n  \nTitle\n\nKey: v\n", ["Key: v"]),
        ("Title\n\n Indented: not a trailer\n", []),
    ] as [(String, [String])])
    func rules(message: String, expected: [String]) {
        #expect(TrailerParser.trailers(in: message).map { "\($0.key): \($0.value)" } == expected)
    }
}
