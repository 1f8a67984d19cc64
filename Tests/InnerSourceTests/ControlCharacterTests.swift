import Foundation
import Testing

/// Names are untrusted: people and repositories may carry terminal control characters and line breaks.
/// Terminal text, Markdown and the scheduler's log print them replaced (U+FFFD), never as they are.
@Suite("Control characters in names")
struct ControlCharacterTests {
    @Test("names with control characters print no control character: table, Markdown, checklist.md", arguments: ["table", "markdown"])
    func controlCharacters(format: String) throws {
        let repository = try Fixture.make("control-characters", folder: "repo\u{1B}]0;title\u{07}\u{9B}31m")
        let out = try Fixture.temporaryFolder().appendingPathComponent("out")
        let result = try Shell.innersource(["analyze", repository.path, "--format", format, "--limit", "0", "--out", out.path])
        #expect(result.status == 0, "\(result.errors)")
        let checklist = try String(contentsOf: out.appendingPathComponent("checklist.md"), encoding: .utf8)
        for (label, text) in [(format, result.output), ("checklist.md", checklist)] {
            let controls = text.unicodeScalars.filter { scalar in
                scalar != "\n" && (scalar.value < 0x20 || scalar.value == 0x7F || (0x80..<0xA0).contains(scalar.value))
            }
            #expect(controls.isEmpty, "\(label) prints \(controls.map { String(format: "U+%04X", $0.value) })")
            #expect(text.contains("\u{FFFD}"), "\(label): a replaced character marks each control")
        }
        #expect(result.output.contains("Eve \u{FFFD}[31mRed\u{FFFD}[0m\u{FFFD} Evans"), "\(result.output)")
    }

    @Test("a newline in a repository's name stays inside its log line and its checklist.md heading")
    func newlineInRepositoryName() throws {
        let root = try Fixture.temporaryFolder().appendingPathComponent("git")
        let name = "evil\ninnersource: [9/9] forged: ok"
        let repository = root.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try Shell.run("/bin/bash", [Package.fixtures.appendingPathComponent("repos/basic.sh").path, repository.path])
        let pipeline = root.deletingLastPathComponent().appendingPathComponent("pipeline.yml")
        let output = root.deletingLastPathComponent().appendingPathComponent("out")
        try "version: 1\nrepositories:\n  - root: \(root.path)\noutputs: { dir: \(output.path), formats: [checklist] }\n"
            .write(to: pipeline, atomically: true, encoding: .utf8)
        let result = try Shell.innersource(["run", pipeline.path])
        #expect(result.status == 0, "\(result.errors)")
        for line in result.errors.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
            #expect(line.hasPrefix("innersource: "), "an injected line: \(line.debugDescription)")
            #expect(!line.hasPrefix("innersource: [9/9]"), "a forged line: \(line)")
        }
        #expect(result.errors.contains("evil\u{FFFD}innersource: [9/9] forged: ok: ok,"), "\(result.errors)")
        let checklist = try String(contentsOf: output.appendingPathComponent("checklist.md"), encoding: .utf8)
        #expect(checklist.contains("\n## Repository evil\u{FFFD}innersource: [9/9] forged: ok\n"), "\(checklist)")
        #expect(!checklist.contains("\ninnersource: "), "\(checklist)")
    }
}
