import Attribution
import Foundation
import Pipeline
import Reporting
import Scoring
import Testing

/// Paths of the package under test.
enum Package {
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var fixtures: URL { root.appendingPathComponent("fixtures") }

    /// The `innersource` executable built next to the test bundle.
    static var executable: URL {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("innersource"),
            root.appendingPathComponent(".build/debug/innersource"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[1]
    }
}

/// The result of a process run to completion.
struct ProcessResult {
    var status: Int32
    var stdout: Data
    var stderr: Data

    var output: String { String(decoding: stdout, as: UTF8.self) }
    var errors: String { String(decoding: stderr, as: UTF8.self) }
}

/// Runs programs for the tests: git as the oracle, the fixture scripts, and `innersource` end to end.
enum Shell {
    static let environment: [String: String] = {
        var env = ProcessInfo.processInfo.environment
        env["GIT_CONFIG_NOSYSTEM"] = "1"
        env["GIT_CONFIG_GLOBAL"] = "/dev/null"
        env["TZ"] = "UTC"
        env["LC_ALL"] = "C"
        return env
    }()

    @discardableResult
    static func run(_ executable: String, _ arguments: [String], in directory: URL? = nil,
                    environment extra: [String: String] = [:]) throws -> ProcessResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment.merging(extra) { $1 }
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read both pipes while the process runs, so that a full pipe never blocks it.
        let group = DispatchGroup()
        nonisolated(unsafe) var errData = Data()
        group.enter()
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return ProcessResult(status: process.terminationStatus, stdout: outData, stderr: errData)
    }

    /// Runs git and requires success.
    @discardableResult
    static func git(_ arguments: [String], in directory: URL? = nil) throws -> ProcessResult {
        let result = try run("/usr/bin/env", ["git"] + arguments, in: directory)
        guard result.status == 0 else {
            throw TestFailure("git \(arguments.joined(separator: " ")) failed (\(result.status)): \(result.errors)")
        }
        return result
    }

    static func innersource(_ arguments: [String], in directory: URL? = nil,
                            environment: [String: String] = [:]) throws -> ProcessResult {
        try run(Package.executable.path, arguments, in: directory, environment: environment)
    }

    /// `innersource` as a user without privileges: as `nobody` (through setpriv) when the tests run as root,
    /// who reads every file whatever its mode; as the current user otherwise. Its home is an empty folder.
    static func innersourceWithoutPrivileges(_ arguments: [String]) throws -> ProcessResult {
        let home = try Fixture.temporaryFolder().path
        guard getuid() == 0 else { return try innersource(arguments, environment: ["HOME": home]) }
        _ = chmod(home, 0o777)
        return try run("/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", "--",
                                            Package.executable.path] + arguments, environment: ["HOME": home])
    }

    /// `innersource` whose stdout is the write end of a pipe nobody reads (SIGPIPE in its default
    /// disposition, as a shell gives it): what `innersource ... | head -1` meets once head has exited.
    static func innersourceIntoBrokenPipe(_ arguments: [String]) throws -> ProcessResult {
        let script = """
            import os, subprocess, sys
            read, write = os.pipe()
            os.close(read)
            result = subprocess.run(sys.argv[1:], stdout=write, stderr=subprocess.PIPE, restore_signals=True)
            sys.stderr.buffer.write(result.stderr)
            sys.exit(128 - result.returncode if result.returncode < 0 else result.returncode)
            """
        return try run("/usr/bin/env", ["python3", "-c", script, Package.executable.path] + arguments)
    }

    /// `innersource` started with its stdout closed (`>&-`), as a careless cron line or daemon starts it.
    static func innersourceWithClosedStdout(_ arguments: [String]) throws -> ProcessResult {
        try run("/bin/sh", ["-c", "exec \"$0\" \"$@\" >&-", Package.executable.path] + arguments)
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Fixture repositories, built afresh by their scripts under fixtures/repos into a temporary folder.
enum Fixture {
    /// A new temporary folder, removed when the process ends is not guaranteed: callers keep it small.
    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("innersource-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A new file `name` holding `text`, alone in a new temporary folder (a pipeline, roster or aliases file).
    static func file(_ name: String, _ text: String) throws -> URL {
        let file = try temporaryFolder().appendingPathComponent(name)
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    /// Builds fixture `name` (fixtures/repos/NAME.sh) and returns its path, a folder named `folder`
    /// (default: the fixture's name).
    static func make(_ name: String, folder: String? = nil) throws -> URL {
        let target = try temporaryFolder().appendingPathComponent(folder ?? name)
        let script = Package.fixtures.appendingPathComponent("repos/\(name).sh")
        let result = try Shell.run("/bin/bash", [script.path, target.path])
        guard result.status == 0 else {
            throw TestFailure("fixture \(name) failed (\(result.status)): \(result.errors)")
        }
        return target
    }

    /// An empty repository: `git init` and nothing else.
    static func empty(bare: Bool = false) throws -> URL {
        let target = try temporaryFolder().appendingPathComponent("empty")
        try Shell.git(["init", "-q", "-b", "main"] + (bare ? ["--bare"] : []) + [target.path])
        return target
    }

    /// A clone of `source` made with extra `git clone` options (bare, shallow, partial...).
    static func clone(_ source: URL, name: String, options: [String]) throws -> URL {
        let target = try temporaryFolder().appendingPathComponent(name)
        // The serving side must allow filters for a partial clone.
        try Shell.git(["-C", source.path, "config", "uploadpack.allowFilter", "true"])
        try Shell.git(["-c", "protocol.file.allow=always", "clone", "-q"]
                      + options + ["file://" + source.path, target.path])
        return target
    }
}

/// `git log` as the independent oracle of what ingestion must find.
enum GitOracle {
    struct FileStat: Hashable, CustomStringConvertible {
        var path: String
        /// nil for binary (`-`).
        var added: Int?
        var deleted: Int?
        var description: String { "\(added.map(String.init) ?? "-")\t\(deleted.map(String.init) ?? "-")\t\(path)" }
    }

    /// `git log --numstat --no-renames --no-merges`: each non-merge commit's files with line counts.
    static func numstat(_ repository: URL, extra: [String] = []) throws -> [String: [FileStat]] {
        let log = try Shell.git(["-C", repository.path, "-c", "core.quotepath=off", "log", "--numstat", "--no-renames",
                                 "--no-merges", "-z", "--format=%x01%H"] + extra).stdout
        var result: [String: [FileStat]] = [:]
        var current: String?
        // With -z each numstat entry ends in NUL; the commit header starts with \u{1}.
        for field in log.split(separator: 0, omittingEmptySubsequences: false) {
            var text = String(decoding: field, as: UTF8.self)
            if let marker = text.firstIndex(of: "\u{1}") {
                let header = text[text.index(after: marker)...]
                let lines = header.split(separator: "\n", omittingEmptySubsequences: false)
                let commit = String(lines[0])
                current = commit
                result[commit] = result[commit] ?? []
                text = lines.dropFirst().joined(separator: "\n")
            }
            text = text.trimmingCharacters(in: .newlines)
            guard !text.isEmpty, let commit = current else { continue }
            let parts = text.split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count == 3 else { continue }
            result[commit, default: []].append(FileStat(path: String(parts[2]), added: Int(parts[0]), deleted: Int(parts[1])))
        }
        return result
    }

    struct PersonTotals: Hashable {
        var commits = 0
        var added = 0
        var deleted = 0
    }

    /// Per person (lower-cased e-mail after .mailmap): commits and lines, from
    /// `git log --numstat --no-renames --no-merges --use-mailmap`.
    static func people(_ repository: URL, extra: [String] = []) throws -> [String: PersonTotals] {
        let log = try Shell.git(["-C", repository.path, "log", "--numstat", "--no-renames", "--no-merges",
                                 "--use-mailmap", "--format=%x01%aE"] + extra).stdout
        var result: [String: PersonTotals] = [:]
        var current = ""
        for line in log.split(separator: UInt8(ascii: "\n")) {
            if line.first == 1 {
                current = String(decoding: line.dropFirst(), as: UTF8.self).lowercased()
                result[current, default: PersonTotals()].commits += 1
                continue
            }
            let parts = line.split(separator: UInt8(ascii: "\t"), maxSplits: 2)
            guard parts.count == 3 else { continue }
            result[current, default: PersonTotals()].added += Int(String(decoding: parts[0], as: UTF8.self)) ?? 0
            result[current, default: PersonTotals()].deleted += Int(String(decoding: parts[1], as: UTF8.self)) ?? 0
        }
        return result
    }
}

/// Reads a JSON document as nested dictionaries, for checks against expected files.
func jsonObject(_ data: Data) throws -> [String: Any] {
    guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
        throw TestFailure("not a JSON object: \(String(decoding: data.prefix(200), as: UTF8.self))")
    }
    return object
}

/// Analyses a repository in process, as `innersource analyze` does, with a roster and aliases given as values.
enum InProcess {
    static func analyze(_ path: String, asOf: Int64, roster: Roster? = nil, aliases: Aliases = .none,
                        progress: ((Int) -> Void)? = nil) throws -> (RepositoryAnalysis, RunInfo) {
        let options = RunOptions(asOf: asOf, attribution: AttributionFiles(roster: roster, aliases: aliases))
        let outcome = try Analyzer.analyze(AnalysisTarget(path: path), options: options, progress: progress)
        return (outcome.analysis, options.runInfo)
    }

    /// A table of the outputs (`repositories`, `contributors`, ...) as its CSV file holds it.
    static func csv(_ name: String, _ analyses: [RepositoryAnalysis], run: RunInfo) throws -> CSVTable {
        let table = try #require(OutputTable.named(name), "no table \(name)")
        return table.csv(OutputRun(analyses: analyses, info: run))
    }
}
