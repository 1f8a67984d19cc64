import Foundation
import Testing

/// Standard streams that cannot be written: a full device, a closed descriptor, a pipe whose reader has
/// gone. Every command ends with exit status 2 and one line on stderr, never a crash or a signal.
@Suite("Standard streams that cannot be written")
struct StandardStreamTests {
    /// Each command that prints on stdout, with arguments that succeed when stdout can be written.
    static func commands() throws -> [(name: String, arguments: [String])] {
        let basic = try Fixture.make("basic").path
        let roster = Package.fixtures.appendingPathComponent("teams/roster.yml").path
        return [
            ("analyze", ["analyze", basic]),
            ("analyze json", ["analyze", basic, "--format", "json"]),
            ("validate", ["validate", roster]),
            ("validate pipeline", ["validate", Package.fixtures.appendingPathComponent("org/pipeline.yml").path]),
            ("help", ["--help"]),
            ("version", ["--version"]),
        ]
    }

    static func expectFailure(_ result: ProcessResult, _ label: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status == 2, "\(label): exit \(result.status): \(result.errors)", sourceLocation: sourceLocation)
        let lines = result.errors.split(separator: "\n")
        #expect(lines.count == 1, "\(label): one line: \(result.errors.debugDescription)", sourceLocation: sourceLocation)
        #expect(result.errors.hasPrefix("innersource: cannot write to standard output"), "\(label): \(result.errors)",
                sourceLocation: sourceLocation)
    }

    @Test("stdout on /dev/full: exit 2 and one line")
    func fullDevice() throws {
        for (label, arguments) in try Self.commands() {
            let quoted = arguments.map { "'\($0)'" }.joined(separator: " ")
            let result = try Shell.run("/bin/sh", ["-c", "exec \"$0\" \(quoted) >/dev/full", Package.executable.path])
            Self.expectFailure(result, label)
        }
    }

    @Test("stdout closed: exit 2 and one line")
    func closed() throws {
        for (label, arguments) in try Self.commands() {
            Self.expectFailure(try Shell.innersourceWithClosedStdout(arguments), label)
        }
    }

    @Test("stdout a pipe nobody reads: exit 2 and one line, not death by SIGPIPE")
    func brokenPipe() throws {
        for (label, arguments) in try Self.commands() {
            let result = try Shell.innersourceIntoBrokenPipe(arguments)
            Self.expectFailure(result, label)
            #expect(result.errors.contains(String(cString: strerror(EPIPE))), "\(label): \(result.errors)")
        }
    }

    @Test("a closed stdout is never taken by a file the command opens: --out files stay whole")
    func closedStdoutWithFiles() throws {
        let out = try Fixture.temporaryFolder().appendingPathComponent("out")
        let basic = try Fixture.make("basic").path
        let asOf = ["--as-of", "2024-06-01T00:00:00Z"]
        let result = try Shell.innersourceWithClosedStdout(["analyze", basic, "--out", out.path, "--format", "json"] + asOf)
        Self.expectFailure(result, "analyze --out")
        let reference = try Fixture.temporaryFolder().appendingPathComponent("reference")
        #expect(try Shell.innersource(["analyze", basic, "--out", reference.path] + asOf).status == 0)
        for name in try FileManager.default.contentsOfDirectory(atPath: reference.path) {
            #expect(try Data(contentsOf: out.appendingPathComponent(name)) == Data(contentsOf: reference.appendingPathComponent(name)),
                    "\(name) holds only its own bytes")
        }
    }

    @Test("a batch whose stderr cannot be written still runs, exits by its own status, and its log goes into no file",
          arguments: ["2>/dev/full", "2>&-"])
    func batchWithUnwritableStderr(redirection: String) throws {
        let org = try Organisation()
        let output = try Fixture.temporaryFolder().appendingPathComponent("out")
        let command = "INNERSOURCE_ORG='\(org.folder.path)' INNERSOURCE_OUT='\(output.path)' exec \"$0\" run '\(Organisation.pipeline)' --jobs 1 \(redirection)"
        let result = try Shell.run("/bin/sh", ["-c", command, Package.executable.path])
        #expect(result.status == 1, "some repositories of the fixture organisation fail: exit \(result.status)")
        #expect(result.output.contains("4 of 6 repositories analysed"), "\(result.output)")
        let files = try FileManager.default.subpathsOfDirectory(atPath: output.path)
        for file in files {
            let data = (try? Data(contentsOf: output.appendingPathComponent(file))) ?? Data()
            #expect(data.range(of: Data("repositories to analyse".utf8)) == nil, "the log went into \(file)")
        }
        // The cache is whole: a second run takes every commit from it.
        let again = try org.run(into: output)
        #expect(again.status == 1, "\(again.errors)")
        #expect(try Organisation.batch(output)["commits_read"] as? Int == 0, "\(again.errors)")
    }
}
