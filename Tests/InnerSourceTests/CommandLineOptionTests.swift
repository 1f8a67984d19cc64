import Foundation
import Testing

/// The spellings, names and values the commands accept, and those they refuse before any work.
@Suite("Command-line options")
struct CommandLineOptionTests {
    @Test("`analyse`, as the help spells it, is `analyze`")
    func britishSpelling() throws {
        let basic = try Fixture.make("basic")
        let american = try Shell.innersource(["analyze", basic.path, "--as-of", "2024-06-01T00:00:00Z"])
        let british = try Shell.innersource(["analyse", basic.path, "--as-of", "2024-06-01T00:00:00Z"])
        #expect(british.status == 0, "\(british.errors)")
        #expect(british.output == american.output)
        #expect(try Shell.innersource(["--help"]).output.contains("analyse"), "the alias is listed")
    }

    @Test("a negative number reaches validation and is refused by name", arguments: [
        (["analyze", "--limit", "-1"], "--limit must be 0 (all) or more"),
        (["analyze", "--threads", "-2"], "--threads must be from 1 to 256"),
        (["analyze", "--min-group-size", "-3"], "--min-group-size must be at least 1"),
        (["run", "pipeline.yml", "--jobs", "-1"], "--jobs must be from 1 to 256"),
    ])
    func negativeNumbers(arguments: [String], message: String) throws {
        let result = try Shell.innersource(arguments, in: try Fixture.temporaryFolder())
        #expect(result.status == 2, "\(result.errors)")
        #expect(result.errors.contains(message), "\(result.errors)")
        #expect(!result.errors.contains("Missing value"), "\(result.errors)")
    }

    @Test("--write names the formats --out writes; --formats still works", arguments: ["--write", "--formats"])
    func writeOption(option: String) throws {
        let out = try Fixture.temporaryFolder().appendingPathComponent("out")
        let result = try Shell.innersource(["analyze", try Fixture.make("basic").path, "--out", out.path, option, "json,checklist"])
        #expect(result.status == 0, "\(result.errors)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).sorted() == ["checklist.json", "checklist.md", "summary.json"])
        let alone = try Shell.innersource(["analyze", ".", option, "csv"])
        #expect(alone.status == 2)
        #expect(alone.errors.contains("--write narrows what --out writes"), "\(alone.errors)")
        #expect(try Shell.innersource(["analyze", "--help"]).output.contains("--write"))
    }

    @Test("an empty or blank --out is refused before anything is written", arguments: ["analyze", "merge"], ["", " ", "\t"])
    func emptyOutputFolder(command: String, folder: String) throws {
        let work = try Fixture.temporaryFolder()
        let arguments: [String]
        if command == "analyze" {
            arguments = ["analyze", try Fixture.make("basic").path, "--out", folder]
        } else {
            let shard = work.appendingPathComponent("shard")
            let org = try Organisation()
            try org.run(into: shard, ["--no-cache"])
            arguments = ["merge", shard.path, "--out", folder]
        }
        let before = try FileManager.default.contentsOfDirectory(atPath: work.path)
        let result = try Shell.innersource(arguments, in: work)
        #expect(result.status == 2, "\(result.errors)")
        #expect(result.errors.contains("--out is empty"), "\(result.errors)")
        #expect(result.stdout.isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: work.path) == before, "nothing written")
    }
}
