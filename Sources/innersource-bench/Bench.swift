/// innersource-bench: the proof of the speed target. It times `innersource analyze PATH --format json`
/// against the reference `git log --numstat --no-renames --no-merges` on the same repository, round after
/// round, and reports the median wall-time ratio (target: ours at or under 0.70x git's, change requests and
/// components on) and each side's peak
/// resident memory (target: ours below git's). Each child is spawned with posix_spawn and reaped with wait4,
/// so its rusage is its own. It is a measurement, not a test: a missed target still exits 0.
///
///     innersource-bench --repo PATH [--rounds N] [--innersource PATH] [--threads N] [--json]
///     innersource-bench --repo PATH --stage incremental [--rounds N] [--json]
///     innersource-bench --repo FOLDER --stage batch [--rounds N] [--json]   (FOLDER from scripts/make-batch-org.sh)
///     innersource-bench --repo PATH --stage analyze-cache [--rounds N] [--json]
///     innersource-bench --repo PATH --stage change-requests --warm-cache [--rounds N]
///
/// `--stage incremental` times `innersource run` on a one-repository pipeline: a cold run that fills the
/// cache, a warm run with nothing new, and a run with `--no-cache`, beside the same git log reference, and
/// reports the warm run's time as a ratio of the cold one (Incremental.swift). `--stage analyze-cache` times
/// `innersource analyze --cache FILE` with a cache its untimed warm-up filled (nothing new in the rounds)
/// against the same git log reference; `--warm-cache` gives the change-request stage's two children a cache
/// each, filled the same way, so that it measures what reconstruction adds to a warm run.
///
/// Exit status: 0 after a report, 1 when a measured command fails, 2 for bad arguments.

import ArgumentParser
import Foundation
import Glibc
import Ingest
import Scoring

// MARK: - Arguments

/// What to time.
enum Stage: String, ExpressibleByArgument, CaseIterable {
    /// The whole `innersource analyze` command.
    case analyze
    /// The ingestion stage alone (libgit2 reading every commit with line counts, as git log does), in a
    /// child of this executable.
    case ingest
    /// A cold, a warm and a `--no-cache` `innersource run` of a one-repository pipeline.
    case incremental
    /// `analyze` with change-request reconstruction against the same without it, both in a child of this
    /// executable: what reconstruction adds in time and memory.
    case changeRequests = "change-requests"
    /// `analyze` of a clone whose tip adds a CODEOWNERS of 50 rules, against the same clone's previous
    /// commit (no CODEOWNERS): what components add in time and memory.
    case components
    /// A cold and a warm `innersource run` over a folder of repositories (scripts/make-batch-org.sh), against
    /// `git log --numstat` over each of them in turn.
    case batch
    /// `innersource analyze --cache FILE` with the cache filled by the untimed warm-up: a repeated ad-hoc run.
    case analyzeCache = "analyze-cache"
}

/// What the command line asked for, checked.
struct Options {
    var repo: String
    var rounds = 3
    var innersource: String
    var threads: Int?
    var json = false
    var stage = Stage.analyze
    /// The change-request stage's children each keep a cache (filled by their warm-up).
    var warmCache = false
    /// The cache file of `--stage analyze-cache`.
    var cachePath: String?
}

/// A command failed or could not run: exit status 1.
struct BenchFailure: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}

/// The benchmark, and the hidden children it times.
@main
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "innersource-bench",
        abstract: "Time innersource against git log --numstat on one repository, and compare peak memory.",
        subcommands: [Measure.self, IngestChild.self, NumstatChild.self, TrailersChild.self, AnalyzeChild.self],
        defaultSubcommand: Measure.self)

    /// The one-line failure of a measured command ends the run with status 1.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let failure as BenchFailure {
            FileHandle.standardError.write(Data("innersource-bench: \(failure.description)\n".utf8))
            Foundation.exit(1)
        } catch {
            exit(withError: error)
        }
    }
}

/// The benchmark itself (the default command).
struct Measure: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "measure", abstract: "Run the rounds and report.")

    @Option(help: "The repository to read.")
    var repo: String

    @Option(help: "Rounds, alternating which command runs first.")
    var rounds = 3

    @Option(help: "What to time.")
    var stage = Stage.analyze

    @Option(help: "The innersource binary (default: the one next to this executable).")
    var innersource: String?

    @Option(help: "Worker threads for innersource.")
    var threads: Int?

    @Flag(help: "Also print the figures as JSON.")
    var json = false

    @Flag(name: .customLong("warm-cache"), help: "Change-request stage: each child keeps a cache, filled by its warm-up.")
    var warmCache = false

    func validate() throws {
        guard rounds >= 1 else { throw ValidationError("--rounds must be a whole number of at least 1") }
        if let threads, threads < 1 { throw ValidationError("--threads must be a whole number of at least 1") }
        guard isDirectory(repo) else { throw ValidationError("--repo: no such directory: \(repo)") }
        let binary = innersource ?? defaultInnersourcePath()
        guard access(binary, X_OK) == 0, !isDirectory(binary) else {
            throw ValidationError("--innersource: not an executable file: \(binary)")
        }
    }

    func run() throws {
        var options = Options(repo: repo, rounds: rounds, innersource: innersource ?? defaultInnersourcePath(),
                              threads: threads, json: json, stage: stage, warmCache: warmCache)
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("innersource-bench-cache-\(getpid())")
        if stage == .analyzeCache || warmCache {
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
            options.cachePath = scratch.appendingPathComponent("cache.sqlite").path
        }
        defer { try? FileManager.default.removeItem(at: scratch) }
        if stage == .incremental {
            try runIncrementalBenchmark(options)
        } else if stage == .changeRequests {
            try runChangeRequestBenchmark(options)
        } else if stage == .components {
            try runComponentBenchmark(options)
        } else if stage == .batch {
            try runBatchBenchmark(options)
        } else {
            try runBenchmark(options)
        }
    }
}

/// The ingestion stage alone, as the measured child of `--stage ingest`: every commit of HEAD's history
/// read with its line counts and folded into totals (so that nothing is optimised away); the totals go to
/// stdout, which the benchmark discards.
struct IngestChild: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ingest-child", shouldDisplay: false)

    @Argument var repo: String
    @Argument var threads: Int?

    func run() throws {
        var tally = HistoryTally()
        do {
            _ = try Ingestor.ingest(repositoryAt: repo, options: IngestOptions(threads: threads)) { tally.add($0) }
        } catch {
            throw BenchFailure("\(error)")
        }
        print(tally.totals.commits, tally.totals.linesAdded, tally.totals.linesDeleted)
    }
}

func isDirectory(_ path: String) -> Bool {
    var directory: ObjCBool = false
    return FileManager.default.fileExists(atPath: path, isDirectory: &directory) && directory.boolValue
}

/// The `innersource` binary next to this executable.
func defaultInnersourcePath() -> String {
    let me = Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments.first ?? "innersource-bench")
    return me.deletingLastPathComponent().appendingPathComponent("innersource").path
}

// MARK: - Running one child

/// A command to run: `arguments[0]` is looked up on PATH when it has no slash.
struct Command {
    var label: String
    var arguments: [String]

    var display: String { arguments.joined(separator: " ") }
}

/// What one run of a command cost.
struct Measurement {
    var seconds: Double
    /// Peak resident set size of the child, in kilobytes (Linux's unit for ru_maxrss).
    var peakKilobytes: Int
}

/// Runs the command with stdout and stderr on /dev/null, waits for it, and returns its wall time and peak
/// memory. Throws a failure naming the command unless it exits with status 0.
func measure(_ command: Command) throws -> Measurement {
    let start = monotonicSeconds()
    let pid = try spawnSilently(command)
    let (status, usage) = try reap(pid, command)
    let elapsed = monotonicSeconds() - start
    try check(status, of: command)
    return Measurement(seconds: elapsed, peakKilobytes: Int(usage.ru_maxrss))
}

func monotonicSeconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
}

/// Starts the command with its output sent to /dev/null and returns its process id.
func spawnSilently(_ command: Command) throws -> pid_t {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0)
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0)

    let environment = ProcessInfo.processInfo.environment.map { "\($0.key)=\($0.value)" }
    var pid = pid_t()
    let error = withCStrings(command.arguments) { argv in
        withCStrings(environment) { envp in
            posix_spawnp(&pid, command.arguments[0], &actions, nil, argv, envp)
        }
    }
    guard error == 0 else {
        throw BenchFailure("cannot start '\(command.display)': \(String(cString: strerror(error)))")
    }
    return pid
}

/// Calls `body` with a NULL-terminated C array of copies of `strings`, freed afterwards.
func withCStrings<Result>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> Result) -> Result {
    let copies = strings.map { strdup($0) } + [nil]
    defer { copies.forEach { free($0) } }
    return body(copies)
}

/// Waits for the child and returns its wait status and its own resource usage.
func reap(_ pid: pid_t, _ command: Command) throws -> (status: Int32, usage: rusage) {
    var status: Int32 = 0
    var usage = rusage()
    while wait4(pid, &status, 0, &usage) == -1 {
        guard errno == EINTR else {
            throw BenchFailure("cannot wait for '\(command.display)': \(String(cString: strerror(errno)))")
        }
    }
    return (status, usage)
}

/// Throws a one-line failure unless the wait status says the child exited with 0.
/// (WIFEXITED and friends are C macros, so the status bits are decoded here.)
func check(_ status: Int32, of command: Command) throws {
    let signal = status & 0x7f
    let exitStatus = (status >> 8) & 0xff
    if signal == 0 && exitStatus == 0 { return }
    let how = signal == 0 ? "exited with status \(exitStatus)" : "was killed by signal \(signal)"
    throw BenchFailure("'\(command.display)' \(how)")
}

// MARK: - The benchmark

/// One round: both commands' measurements, and which ran first.
struct Round {
    var gitFirst: Bool
    var git: Measurement
    var ours: Measurement
}

/// The reference: git reading the same history with per-file line counts.
func gitCommand(_ options: Options) -> Command {
    Command(label: "git", arguments: ["git", "-C", options.repo, "log", "--numstat", "--no-renames", "--no-merges"])
}

func oursCommand(_ options: Options) -> Command {
    if options.stage == .ingest {
        let me = Bundle.main.executablePath ?? CommandLine.arguments.first ?? "innersource-bench"
        var arguments = [me, "ingest-child", options.repo]
        if let threads = options.threads { arguments += [String(threads)] }
        return Command(label: "ours", arguments: arguments)
    }
    var arguments = [options.innersource, "analyze", options.repo, "--format", "json"]
    if let threads = options.threads { arguments += ["--threads", String(threads)] }
    if options.stage == .analyzeCache, let cache = options.cachePath { arguments += ["--cache", cache] }
    return Command(label: "ours", arguments: arguments)
}

/// `git rev-list --count HEAD` (not measured, so Foundation.Process is fine here).
func commitCount(_ repo: String) throws -> Int {
    let command = Command(label: "git", arguments: ["git", "-C", repo, "rev-list", "--count", "HEAD"])
    let process = Process()
    let output = Pipe()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = command.arguments
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    do { try process.run() } catch {
        throw BenchFailure("cannot start '\(command.display)': \(error.localizedDescription)")
    }
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationReason == .exit, process.terminationStatus == 0 else {
        throw BenchFailure("'\(command.display)' exited with status \(process.terminationStatus)")
    }
    let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    guard let count = Int(text) else { throw BenchFailure("'\(command.display)' printed '\(text)', not a count") }
    return count
}

/// Runs the rounds, alternating which command goes first: git first in odd rounds, ours first in even ones.
func runRounds(_ options: Options, git: Command, ours: Command) throws -> [Round] {
    try (1...options.rounds).map { number in
        let gitFirst = number % 2 == 1
        if gitFirst {
            let gitRun = try measure(git)
            return Round(gitFirst: true, git: gitRun, ours: try measure(ours))
        }
        let oursRun = try measure(ours)
        return Round(gitFirst: false, git: try measure(git), ours: oursRun)
    }
}

// MARK: - Figures and report

/// The figures the targets are judged on.
struct Summary: Encodable {
    var repo: String
    var commits: Int
    var rounds: Int
    var threads: Int?
    var gitMedianSeconds: Double
    var oursMedianSeconds: Double
    var timeRatio: Double
    var gitPeakMB: Double
    var oursPeakMB: Double
    var timeTargetMet: Bool
    var memoryTargetMet: Bool

    static let timeTarget = 0.70

    init(options: Options, commits: Int, rounds: [Round]) {
        repo = options.repo
        self.commits = commits
        self.rounds = rounds.count
        threads = options.threads
        gitMedianSeconds = median(rounds.map(\.git.seconds))
        oursMedianSeconds = median(rounds.map(\.ours.seconds))
        timeRatio = oursMedianSeconds / gitMedianSeconds
        let gitPeak = rounds.map(\.git.peakKilobytes).max() ?? 0
        let oursPeak = rounds.map(\.ours.peakKilobytes).max() ?? 0
        gitPeakMB = megabytes(gitPeak)
        oursPeakMB = megabytes(oursPeak)
        timeTargetMet = timeRatio <= Self.timeTarget
        memoryTargetMet = oursPeak < gitPeak
    }
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return 0 }
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

func megabytes(_ kilobytes: Int) -> Double { Double(kilobytes) / 1024 }

func seconds(_ value: Double) -> String { String(format: "%.3f s", value) }

func mb(_ value: Double) -> String { String(format: "%.1f MB", value) }

func mb(kilobytes: Int) -> String { mb(megabytes(kilobytes)) }

func yesNo(_ value: Bool) -> String { value ? "yes" : "no" }

func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
}

func printHeader(_ options: Options, commits: Int, git: Command, ours: Command) {
    print("innersource-bench")
    print("Repository: \(options.repo) (\(commits) commits)")
    print("Reference:  \(git.display)")
    print("Ours:       \(ours.display)" + (options.stage == .ingest ? "  (the ingestion stage alone)" : "")
          + (options.stage == .analyzeCache ? "  (the cache filled by the warm-up: nothing new in the rounds)" : ""))
    print("Output of both goes to /dev/null; \(options.rounds) round(s), alternating which runs first.")
}

func printRounds(_ rounds: [Round]) {
    print("")
    print(pad("Round", 7) + pad("First", 7) + pad("git time", 11) + pad("git peak", 12)
          + pad("ours time", 11) + "ours peak")
    for (index, round) in rounds.enumerated() {
        print(pad(String(index + 1), 7) + pad(round.gitFirst ? "git" : "ours", 7)
              + pad(seconds(round.git.seconds), 11) + pad(mb(kilobytes: round.git.peakKilobytes), 12)
              + pad(seconds(round.ours.seconds), 11) + mb(kilobytes: round.ours.peakKilobytes))
    }
}

func printSummary(_ summary: Summary) {
    print("")
    print("Median wall time:  git \(seconds(summary.gitMedianSeconds)), ours \(seconds(summary.oursMedianSeconds))")
    print("Time ratio ours/git: " + String(format: "%.2f", summary.timeRatio))
    print("Peak memory (max over rounds): git \(mb(summary.gitPeakMB)), ours \(mb(summary.oursPeakMB))")
    print("Verdict: time ratio <= " + String(format: "%.2f", Summary.timeTarget) + ": \(yesNo(summary.timeTargetMet)); "
          + "memory below git's: \(yesNo(summary.memoryTargetMet))")
}

/// Prints a benchmark's figures as one line of JSON (sorted, snake-case keys), after its report.
func printJSON(_ summary: some Encodable) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    encoder.keyEncodingStrategy = .convertToSnakeCase
    print(String(decoding: try encoder.encode(summary), as: UTF8.self))
}

/// The whole benchmark: warm-up, rounds, report.
func runBenchmark(_ options: Options) throws {
    let git = gitCommand(options)
    let ours = oursCommand(options)
    let commits = try commitCount(options.repo)
    printHeader(options, commits: commits, git: git, ours: ours)

    print("Warm-up: one untimed run of each first, to warm the page cache (not counted).")
    _ = try measure(git)
    _ = try measure(ours)

    let rounds = try runRounds(options, git: git, ours: ours)
    printRounds(rounds)
    let summary = Summary(options: options, commits: commits, rounds: rounds)
    printSummary(summary)
    if options.json { try printJSON(summary) }
}
