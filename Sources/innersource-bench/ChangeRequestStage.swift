import ArgumentParser
import Foundation
import Pipeline

/// `innersource analyze REPO --format json` in this executable, with change-request reconstruction on or
/// off: the measured child of `--stage change-requests` (the summary goes to stdout, which the benchmark
/// discards).
struct AnalyzeChild: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "analyze-child", shouldDisplay: false)

    @Argument var repo: String
    @Argument(help: "on or off") var changeRequests: String
    @Option var threads: Int?
    /// The revision analysed (the components stage analyses a commit without CODEOWNERS too).
    @Option var ref: String?
    /// A cache file (`analyze --cache`).
    @Option var cache: String?

    func run() throws {
        var invocation = AnalyzeInvocation()
        invocation.path = repo
        invocation.revision = ref
        invocation.display = .json
        invocation.threads = threads
        invocation.settings.reconstructsChangeRequests = changeRequests == "on"
        invocation.cachePath = cache
        do {
            try AnalyzeRunner.run(invocation)
        } catch {
            throw BenchFailure(error.message)
        }
    }
}

/// What change-request reconstruction adds to `analyze`: the same analysis with it and without it, in
/// alternating rounds after a warm-up of each, with each child's peak memory. Targets: at most 15% more
/// time, at most 10% more memory.
func runChangeRequestBenchmark(_ options: Options) throws {
    let me = Bundle.main.executablePath ?? CommandLine.arguments.first ?? "innersource-bench"
    func child(_ state: String) -> Command {
        var arguments = [me, "analyze-child", options.repo, state]
        if let threads = options.threads { arguments += ["--threads", String(threads)] }
        // One cache for each: the warm-up run fills it.
        if options.warmCache, let cache = options.cachePath { arguments += ["--cache", cache + "-" + state] }
        return Command(label: state, arguments: arguments)
    }
    let without = child("off"), with = child("on")
    let commits = try commitCount(options.repo)
    let heads = try headCount(options.repo)
    print("innersource-bench: change-request reconstruction" + (options.warmCache ? ", warm caches (each filled by its warm-up)" : ""))
    print("Repository: \(options.repo) (\(commits) commits, \(heads) request heads)")
    print("Without:    \(without.display)")
    print("With:       \(with.display)")
    let rounds = try withAndWithout(without, with, rounds: options.rounds)
    let offTime = median(rounds.map(\.without.seconds)), onTime = median(rounds.map(\.with.seconds))
    let offPeak = rounds.map(\.without.peakKilobytes).max() ?? 0, onPeak = rounds.map(\.with.peakKilobytes).max() ?? 0
    let timeRatio = onTime / offTime, memoryRatio = Double(onPeak) / Double(max(1, offPeak))
    print("")
    print("Median wall time: without \(seconds(offTime)), with \(seconds(onTime)): +" + String(format: "%.1f%%", (timeRatio - 1) * 100))
    print("Peak memory (max over rounds): without \(mb(kilobytes: offPeak)), with \(mb(kilobytes: onPeak)): +"
          + String(format: "%.1f%%", (memoryRatio - 1) * 100))
    print("Verdict: at most 15% more time: \(yesNo(timeRatio <= 1.15)); at most 10% more memory: \(yesNo(memoryRatio <= 1.10))")
}

/// Pull and merge request heads and Gerrit patch sets, as `git for-each-ref` lists them.
func headCount(_ repo: String) throws -> Int {
    let process = Process()
    let output = Pipe()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["git", "-C", repo, "for-each-ref", "--format=%(refname)", "refs/pull", "refs/merge-requests", "refs/changes"]
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self).split(separator: "\n").filter { !$0.hasSuffix("/merge") }.count
}

/// One round of a with-and-without benchmark: which ran first, and both measurements.
typealias PairedRound = (withoutFirst: Bool, without: Measurement, with: Measurement)

/// Runs `without` and `with` once each untimed, then `rounds` rounds alternating which runs first, and
/// prints the rounds' table: the loop of every stage that measures what one feature adds.
func withAndWithout(_ without: Command, _ with: Command, rounds count: Int) throws -> [PairedRound] {
    print("Warm-up: one untimed run of each first (not counted); \(count) round(s), alternating which runs first.")
    _ = try measure(without)
    _ = try measure(with)
    var rounds: [PairedRound] = []
    for number in 1...count {
        if number % 2 == 1 {
            let off = try measure(without)
            rounds.append((true, off, try measure(with)))
        } else {
            let on = try measure(with)
            rounds.append((false, try measure(without), on))
        }
    }
    print("")
    print(pad("Round", 7) + pad("First", 9) + pad("without", 11) + pad("peak", 12) + pad("with", 11) + "peak")
    for (index, round) in rounds.enumerated() {
        print(pad(String(index + 1), 7) + pad(round.withoutFirst ? "without" : "with", 9)
              + pad(seconds(round.without.seconds), 11) + pad(mb(kilobytes: round.without.peakKilobytes), 12)
              + pad(seconds(round.with.seconds), 11) + mb(kilobytes: round.with.peakKilobytes))
    }
    return rounds
}
