import Foundation
import Testing

/// What the commands say when something is wrong: one line on stderr, naming the file, repository or
/// option and what to do, exit status 2 when nothing was written.
@Suite("Command-line messages")
struct CommandMessageTests {
    /// The lines a failing command printed on stderr.
    static func lines(_ result: ProcessResult) -> [Substring] {
        result.errors.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
    }

    /// Asserts the one-line failure: status 2, one stderr line holding every `text`, nothing on stdout.
    static func expectOneLineFailure(_ result: ProcessResult, _ texts: String..., sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status == 2, "exit \(result.status): \(result.errors)", sourceLocation: sourceLocation)
        #expect(lines(result).count == 1, "one line: \(result.errors.debugDescription)", sourceLocation: sourceLocation)
        #expect(result.errors.hasPrefix("innersource: "), "\(result.errors)", sourceLocation: sourceLocation)
        for text in texts {
            #expect(result.errors.contains(text), "\(result.errors) should say \(text)", sourceLocation: sourceLocation)
        }
        #expect(result.stdout.isEmpty, "nothing on stdout: \(result.output)", sourceLocation: sourceLocation)
    }

    @Test("a folder that is no repository is said to be so once")
    func notARepositoryOnce() throws {
        let folder = try Fixture.temporaryFolder().appendingPathComponent("plain")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let result = try Shell.innersource(["analyze", folder.path])
        Self.expectOneLineFailure(result, folder.path)
        #expect(result.errors.components(separatedBy: "not a git repository").count == 2, "said once: \(result.errors)")
    }

    @Test("a repository this user cannot read is named as permission denied, not as no repository")
    func unreadableRepository() throws {
        let basic = try Fixture.make("basic")
        #expect(chmod(basic.path, 0) == 0)
        defer { _ = chmod(basic.path, 0o755) }
        let result = try Shell.innersourceWithoutPrivileges(["analyze", basic.path])
        Self.expectOneLineFailure(result, basic.path, "permission denied")
        #expect(!result.errors.contains("not a git repository"), "\(result.errors)")

        // A work tree whose .git this user cannot read.
        _ = chmod(basic.path, 0o755)
        let git = basic.appendingPathComponent(".git").path
        #expect(chmod(git, 0) == 0)
        defer { _ = chmod(git, 0o755) }
        let inner = try Shell.innersourceWithoutPrivileges(["analyze", basic.path])
        Self.expectOneLineFailure(inner, git, "permission denied")
    }

    @Test("a roster that is a device or a pipe is not a regular file", arguments: ["device", "fifo"])
    func rosterNotARegularFile(kind: String) throws {
        let basic = try Fixture.make("basic")
        var roster = "/dev/zero"
        if kind == "fifo" {
            roster = try Fixture.temporaryFolder().appendingPathComponent("roster.yml").path
            #expect(mkfifo(roster, 0o644) == 0)
        }
        // timeout(1): reading a pipe nobody writes to would wait for ever.
        let analyze = try Shell.run("/usr/bin/timeout", ["20", Package.executable.path, "analyze", basic.path, "--roster", roster])
        Self.expectOneLineFailure(analyze, roster, "not a regular file")
        #expect(!analyze.errors.contains("permission"), "\(analyze.errors)")
        #expect(!analyze.errors.contains("validate"), "nothing to validate in a device: \(analyze.errors)")
        let validate = try Shell.run("/usr/bin/timeout", ["20", Package.executable.path, "validate", roster])
        Self.expectOneLineFailure(validate, roster, "not a regular file")
    }

    @Test("counted nouns are spelled with Format.count: 1 error, 2 warnings, 1 repository source")
    func countedNouns() throws {
        let broken = try Fixture.file("broken.yml", "version: 1\nrepositories:\n  - root: /no/such/root\n    exclud: []\noutputs: {dir: out}\n")
        let result = try Shell.innersource(["validate", broken.path])
        #expect(result.status == 2)
        #expect(result.output.contains("broken.yml: 1 error, 1 warning\n"), "\(result.output)")
        #expect(result.errors.contains("has 1 error:"), "\(result.errors)")
        #expect(!(result.output + result.errors).contains("(s)"), "\(result.output)\(result.errors)")

        let good = try Fixture.file("good.yml", "version: 1\nrepositories:\n  - root: /tmp\noutputs: {dir: out}\n")
        let fine = try Shell.innersource(["validate", good.path])
        #expect(fine.status == 0, "\(fine.errors)")
        #expect(fine.output.hasSuffix("good.yml: ok (pipeline: 1 repository source)\n"), "\(fine.output)")
    }

    @Test("a run with one failed repository and a merge of one shard count in the singular")
    func singularCounts() throws {
        let org = try Organisation()
        let pipeline = try Fixture.file("one.yml", """
            version: 1
            repositories:
              - path: \(org.repository("broken").path)
            outputs: { dir: "${INNERSOURCE_OUT}", formats: [csv] }
            """)
        let folder = pipeline.deletingLastPathComponent()
        let output = folder.appendingPathComponent("out")
        let run = try org.run(into: output, pipeline: pipeline.path)
        #expect(run.status == 1, "\(run.errors)")
        #expect(run.output.contains("0 of 1 repository analysed"), "\(run.output)")
        #expect(run.errors.hasSuffix("innersource: 1 repository could not be analysed\n"), "\(run.errors)")
        let merge = try Shell.innersource(["merge", output.path, "--out", folder.appendingPathComponent("merged").path])
        #expect(merge.output.hasPrefix("merged 1 shard: 1 repository into "), "\(merge.output)")
    }

    @Test("`run` of a pipeline that does not exist says so, and suggests no validation of it")
    func missingPipeline() throws {
        let folder = try Fixture.temporaryFolder()
        let result = try Shell.innersource(["run", "nope.yml"], in: folder)
        Self.expectOneLineFailure(result, "nope.yml", "does not exist")
        #expect(!result.errors.contains("validate"), "\(result.errors)")
    }

    @Test("a bad pipeline is one line: the first error, how many more, and the command that lists them")
    func badPipelineOneLine() throws {
        let pipeline = try Fixture.file("bad.yml", "version: 1\nrepositories:\n  - root: /tmp\n    exclud: []\noutputs: { dir: out, formatz: [csv] }\nwindoww: {}\n")
        let folder = pipeline.deletingLastPathComponent()
        let result = try Shell.innersource(["run", pipeline.path])
        Self.expectOneLineFailure(result, "bad.yml:4: error: unknown key 'exclud'", "(and 2 more errors)",
                                  "run `innersource validate \(pipeline.path)` to see every problem")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out").path))
    }

    @Test("a bad roster's hint names the roster, not FILE")
    func rosterHintNamesTheFile() throws {
        let roster = try Fixture.file("teams.yml", "teams:\n  payments:\n    members: [not-an-email, also-not]\n")
        let result = try Shell.innersource(["analyze", try Fixture.make("basic").path, "--roster", roster.path])
        Self.expectOneLineFailure(result, "teams.yml:3: error", "(and 1 more error)",
                                  "run `innersource validate \(roster.path)` to see every problem")
        #expect(!result.errors.contains("FILE"), "\(result.errors)")
    }

    @Test("a multi-line YAML value is quoted by its first line: problems stay one line")
    func blockScalarInAliases() throws {
        let aliases = try Fixture.file("people.yml", """
            people:
              - name: Alice Able
                email: alice@example.com
                aliases:
                  - |
                    alice@
                    second line of the value
            """)
        let analyze = try Shell.innersource(["analyze", try Fixture.make("basic").path, "--aliases", aliases.path])
        Self.expectOneLineFailure(analyze, "people.yml:", "error: 'alice@…' is not an e-mail address")
        #expect(!analyze.errors.contains("second line"), "\(analyze.errors)")
        let validate = try Shell.innersource(["validate", aliases.path])
        #expect(validate.status == 2)
        #expect(validate.output.split(separator: "\n").count == 2, "the problem and the summary: \(validate.output)")
    }
}
