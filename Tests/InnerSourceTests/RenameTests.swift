import Foundation
import Testing
@testable import Ingest
import InnerSourceModel

/// `git log --numstat -M` as the oracle of rename detection.
enum RenameOracle {
    struct Entry: Hashable, CustomStringConvertible {
        var path: String
        var oldPath: String?
        var added: Int?
        var deleted: Int?
        var description: String {
            "\(added.map(String.init) ?? "-")\t\(deleted.map(String.init) ?? "-")\t\(oldPath.map { "\($0) => " } ?? "")\(path)"
        }
    }

    /// Each non-merge commit's entries, renames paired (`-M`, git's default similarity of 50%).
    static func numstat(_ repository: URL) throws -> [String: Set<Entry>] {
        let log = try Shell.git(["-C", repository.path, "-c", "core.quotepath=off", "-c", "diff.renameLimit=1000", "log",
                                 "--numstat", "-M", "--no-merges", "-z", "--format=%x01%H"]).stdout
        var result: [String: Set<Entry>] = [:]
        var current: String?
        var tokens = log.split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }[...]
        while var token = tokens.popFirst() {
            if let marker = token.firstIndex(of: "\u{1}") {
                let lines = token[token.index(after: marker)...].split(separator: "\n", omittingEmptySubsequences: false)
                current = String(lines[0])
                result[current!] = result[current!] ?? []
                token = lines.dropFirst().joined(separator: "\n")
            }
            token = token.trimmingCharacters(in: .newlines)
            guard !token.isEmpty, let commit = current else { continue }
            let parts = token.split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count == 3 else { continue }
            var entry = Entry(path: String(parts[2]), oldPath: nil, added: Int(parts[0]), deleted: Int(parts[1]))
            if parts[2].isEmpty, let old = tokens.popFirst(), let new = tokens.popFirst() {
                entry.oldPath = old
                entry.path = new
            }
            result[commit, default: []].insert(entry)
        }
        return result
    }

    /// Ours, as the same entries.
    static func ours(_ repository: URL) throws -> [String: Set<Entry>] {
        let options = IngestOptions(renames: .detect)
        var result: [String: Set<Entry>] = [:]
        _ = try Ingestor.ingest(repositoryAt: repository.path, options: options) { record in
            guard !record.isMerge else { return }
            result[record.id.hex] = Set(record.files.map { file in
                let counted: (Int?, Int?) = file.lines == .binary ? (nil, nil) : (file.lines.added, file.lines.deleted)
                return Entry(path: file.path, oldPath: file.oldPath, added: counted.0, deleted: counted.1)
            })
        }
        return result
    }

    /// The commits where ours and git's differ.
    static func differences(_ repository: URL) throws -> [String] {
        let git = try numstat(repository), mine = try ours(repository)
        return Set(git.keys).union(mine.keys).sorted().compactMap { commit in
            let a = git[commit] ?? [], b = mine[commit] ?? []
            guard a != b else { return nil }
            return "\(commit.prefix(7)): git \(a.sorted { $0.description < $1.description }) ours \(b.sorted { $0.description < $1.description })"
        }
    }
}

@Suite("Rename detection against git log -M")
struct RenameTests {
    @Test("every kind of rename in the renames fixture is paired as git pairs it")
    func fixture() throws {
        let repository = try Fixture.make("renames")
        let differences = try RenameOracle.differences(repository)
        #expect(differences.isEmpty, "\(differences.joined(separator: "\n"))")
        let entries: [RenameOracle.Entry] = try RenameOracle.ours(repository).values.flatMap { $0 }
        let edited = RenameOracle.Entry(path: "b2.txt", oldPath: "b.txt", added: 2, deleted: 2)
        let binary = RenameOracle.Entry(path: "images/img.bin", oldPath: "img.bin", added: nil, deleted: nil)
        #expect(entries.contains(edited))
        #expect(entries.contains(binary), "a binary rename")
        let rewrites = entries.filter { $0.oldPath == "dir/c.txt" }
        #expect(rewrites.isEmpty, "a rewrite is not a rename")
    }

    @Test("the basic and edge fixtures and this project's own history agree with git log -M")
    func histories() throws {
        for repository in [try Fixture.make("basic"), try Fixture.make("edge"), Package.root] {
            guard FileManager.default.fileExists(atPath: repository.appendingPathComponent(".git").path) else { continue }
            let differences = try RenameOracle.differences(repository)
            #expect(differences.isEmpty, "\(repository.lastPathComponent): \(differences.prefix(5).joined(separator: "\n"))")
        }
    }

    @Test("a damaged blob makes its file similar to nothing: the repository is still analysed")
    func damagedBlob() throws {
        let folder = try Fixture.temporaryFolder().appendingPathComponent("repo")
        try Shell.git(["init", "-q", "-b", "main", folder.path])
        let lines = (1...20).map { "line \($0) of a file long enough to compare" }.joined(separator: "\n") + "\n"
        try lines.write(to: folder.appendingPathComponent("a.txt"), atomically: true, encoding: .utf8)
        func commit(_ message: String, _ date: String) throws {
            try Shell.git(["-C", folder.path, "add", "-A"])
            try Shell.run("/usr/bin/env", ["git", "-C", folder.path, "-c", "user.name=Ann", "-c", "user.email=ann@example.com",
                                           "commit", "-q", "-m", message, "--date", date], environment: ["GIT_COMMITTER_DATE": date])
        }
        try commit("Start", "2020-01-01T10:00:00Z")
        try Shell.git(["-C", folder.path, "rm", "-q", "a.txt"])
        try (lines + "one more\n").write(to: folder.appendingPathComponent("b.txt"), atomically: true, encoding: .utf8)
        try commit("Rename with an edit", "2020-02-01T10:00:00Z")
        try "new\n".write(to: folder.appendingPathComponent("c.txt"), atomically: true, encoding: .utf8)
        try commit("Recent", "2024-06-01T10:00:00Z")
        let blob = try Shell.git(["-C", folder.path, "rev-parse", "HEAD~2:a.txt"]).output.trimmingCharacters(in: .whitespacesAndNewlines)
        let object = folder.appendingPathComponent(".git/objects/\(blob.prefix(2))/\(blob.dropFirst(2))")
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: object.path)
        try Data(repeating: 0x42, count: 40).write(to: object)
        let result = try Shell.innersource(["analyze", folder.path, "--find-renames", "--since", "2024-01-01", "--as-of", "2024-12-31",
                                            "--format", "json"])
        #expect(result.status == 0, "\(result.errors)")
    }

    @Test("a 100664 mode (trees written by 2005's git) is 100644: no change, renames on or off")
    func canonicalModes() throws {
        let folder = try Fixture.temporaryFolder().appendingPathComponent("repo")
        try Shell.git(["init", "-q", "-b", "main", folder.path])
        func hash(_ text: String) throws -> String {
            let file = folder.appendingPathComponent("blob.tmp")
            try text.write(to: file, atomically: true, encoding: .utf8)
            return try Shell.git(["-C", folder.path, "hash-object", "-w", file.path]).output.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let same = try hash("same\n"), first = try hash("one\n"), second = try hash("two\n")
        func tree(_ mode: String, _ other: String) throws -> String {
            let listing = "\(mode) blob \(same)\tkept.txt\n100644 blob \(other)\tother.txt\n"
            let path = folder.appendingPathComponent("listing.tmp")
            try listing.write(to: path, atomically: true, encoding: .utf8)
            return try Shell.run("/bin/sh", ["-c", "git -C '\(folder.path)' mktree < '\(path.path)'"]).output
                .trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let environment = ["GIT_AUTHOR_NAME": "Ann", "GIT_AUTHOR_EMAIL": "ann@example.com", "GIT_COMMITTER_NAME": "Ann",
                           "GIT_COMMITTER_EMAIL": "ann@example.com", "GIT_AUTHOR_DATE": "2005-05-01T10:00:00Z",
                           "GIT_COMMITTER_DATE": "2005-05-01T10:00:00Z"]
        let root = try Shell.run("/usr/bin/env", ["git", "-C", folder.path, "commit-tree", try tree("100664", first), "-m", "Old mode"],
                                 environment: environment).output.trimmingCharacters(in: .whitespacesAndNewlines)
        let next = try Shell.run("/usr/bin/env", ["git", "-C", folder.path, "commit-tree", try tree("100644", second), "-p", root, "-m", "New mode"],
                                 environment: environment).output.trimmingCharacters(in: .whitespacesAndNewlines)
        try Shell.git(["-C", folder.path, "update-ref", "refs/heads/main", next])
        #expect(try RenameOracle.differences(folder).isEmpty)
        let plain = try GitOracle.numstat(folder)
        var ours: [String: Set<String>] = [:]
        _ = try Ingestor.ingest(repositoryAt: folder.path) { record in ours[record.id.hex] = Set(record.files.map(\.path)) }
        #expect(Set(plain[next]?.map(\.path) ?? []) == ["other.txt"])
        #expect(ours[next] == ["other.txt"], "the mode alone is no change: \(ours[next] ?? [])")
    }

    @Test("renames off: a rename is a deletion and an addition, as git log --no-renames")
    func off() throws {
        let repository = try Fixture.make("renames")
        var kinds: Set<FileChange.Kind> = []
        _ = try Ingestor.ingest(repositoryAt: repository.path) { record in kinds.formUnion(record.files.map(\.kind)) }
        #expect(!kinds.contains(.renamed))
    }

    @Test("the rename policy is part of the configuration digest and of summary.json's options")
    func recorded() throws {
        let repository = try Fixture.make("renames")
        let plain = try Shell.innersource(["analyze", repository.path, "--format", "json", "--as-of", "2025-01-01"])
        let renames = try Shell.innersource(["analyze", repository.path, "--format", "json", "--as-of", "2025-01-01", "--find-renames"])
        let a = try jsonObject(plain.stdout), b = try jsonObject(renames.stdout)
        #expect((a["options"] as? [String: Any])?["detect_renames"] as? Bool == false)
        #expect((b["options"] as? [String: Any])?["detect_renames"] as? Bool == true)
        #expect(a["configuration_digest"] as? String != b["configuration_digest"] as? String)
        // Lines: a rename of 20 lines with 2 changed counts 2 + 2, not 20 + 20.
        let linesPlain = ((a["repositories"] as? [[String: Any]])?.first?["lines_added"] as? Int) ?? -1
        let linesRenames = ((b["repositories"] as? [[String: Any]])?.first?["lines_added"] as? Int) ?? -1
        #expect(linesRenames < linesPlain, "\(linesRenames) vs \(linesPlain)")
    }
}
