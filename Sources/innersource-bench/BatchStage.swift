import Foundation

// MARK: - A batch over many small repositories (`--stage batch`)

/// One round of the batch benchmark.
struct BatchRound {
    /// `git log --numstat --no-renames --no-merges` over each repository in turn: the sum of their wall times,
    /// the largest peak.
    var git: Measurement
    /// `innersource run` into an empty outputs folder (no cache yet).
    var cold: Measurement
    /// The same again, nothing new.
    var warm: Measurement
}

/// Figures of the batch benchmark.
struct BatchSummary: Encodable {
    var folder: String
    var repositories: Int
    var commits: Int
    var rounds: Int
    var gitMedianSeconds: Double
    var coldMedianSeconds: Double
    var warmMedianSeconds: Double
    /// The figures the batch is judged on: cold / git (target 0.5) and warm / cold (target 0.1).
    var coldToGitRatio: Double
    var warmToColdRatio: Double
    var gitPeakMB: Double
    var coldPeakMB: Double
    var warmPeakMB: Double

    static let coldTarget = 0.5
    static let warmTarget = 0.1
}

/// The repositories of a folder built by scripts/make-batch-org.sh (`FOLDER/repos/*.git`), sorted.
func batchRepositories(_ folder: String) throws -> [String] {
    let repos = (folder as NSString).appendingPathComponent("repos")
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: repos) else {
        throw BenchFailure("\(repos): no such folder; build the organisation with scripts/make-batch-org.sh \(folder) SOURCE...")
    }
    let found = names.filter { $0.hasSuffix(".git") }.sorted().map { (repos as NSString).appendingPathComponent($0) }
    guard !found.isEmpty else { throw BenchFailure("\(repos) holds no *.git repository (scripts/make-batch-org.sh builds them)") }
    return found
}

/// Cold and warm `innersource run` over every repository of the folder (one pipeline discovering them), beside
/// `git log --numstat` run over each of them in turn, in the same rounds.
func runBatchBenchmark(_ options: Options) throws {
    let repositories = try batchRepositories(options.repo)
    let commits = try repositories.reduce(0) { $0 + (try commitCount($1)) }
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("innersource-bench-batch-\(getpid())")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let output = folder.appendingPathComponent("out")
    let pipeline = folder.appendingPathComponent("pipeline.yml")
    let root = URL(fileURLWithPath: options.repo).standardizedFileURL.appendingPathComponent("repos").path
    // As-of pinned, so that every run measures the same window; every file format.
    let asOf = ISO8601DateFormatter().string(from: Date())
    try """
        version: 1
        repositories:
          - root: "\(root)"
        window: { since: 365 days ago, as_of: "\(asOf)" }
        outputs: { dir: "\(output.path)", formats: [csv, json, checklist, html, prometheus, sqlite] }

        """.write(to: pipeline, atomically: true, encoding: .utf8)
    let run = Command(label: "run", arguments: [options.innersource, "run", pipeline.path])
    let gits = repositories.map { Command(label: "git", arguments: ["git", "-C", $0, "log", "--numstat", "--no-renames", "--no-merges"]) }
    func gitOverEach() throws -> Measurement {
        var total = 0.0, peak = 0
        for command in gits {
            let one = try measure(command)
            total += one.seconds
            peak = max(peak, one.peakKilobytes)
        }
        return Measurement(seconds: total, peakKilobytes: peak)
    }
    print("innersource-bench (batch)")
    print("Folder:     \(options.repo) (\(repositories.count) repositories, \(commits) commits in all)")
    print("Reference:  git log --numstat --no-renames --no-merges over each repository in turn (times summed)")
    print("Cold:       \(run.display)  (empty outputs folder, no cache)")
    print("Warm:       \(run.display)  (again, nothing new)")
    print("Warm-up: one untimed git pass and one untimed cold run first (not counted).")
    _ = try gitOverEach()
    try? FileManager.default.removeItem(at: output)
    _ = try measure(run)

    var rounds: [BatchRound] = []
    for number in 1...options.rounds {
        // Alternate which goes first, as the other stages do.
        var git: Measurement
        try? FileManager.default.removeItem(at: output)
        if number % 2 == 1 {
            git = try gitOverEach()
            let cold = try measure(run)
            rounds.append(BatchRound(git: git, cold: cold, warm: try measure(run)))
        } else {
            let cold = try measure(run)
            let warm = try measure(run)
            git = try gitOverEach()
            rounds.append(BatchRound(git: git, cold: cold, warm: warm))
        }
    }
    print("")
    print(pad("Round", 7) + pad("git", 11) + pad("cold", 11) + pad("warm", 11) + pad("git peak", 12) + pad("cold peak", 12) + "warm peak")
    for (index, round) in rounds.enumerated() {
        print(pad(String(index + 1), 7) + pad(seconds(round.git.seconds), 11) + pad(seconds(round.cold.seconds), 11)
              + pad(seconds(round.warm.seconds), 11) + pad(mb(kilobytes: round.git.peakKilobytes), 12)
              + pad(mb(kilobytes: round.cold.peakKilobytes), 12) + mb(kilobytes: round.warm.peakKilobytes))
    }
    let gitMedian = median(rounds.map(\.git.seconds)), coldMedian = median(rounds.map(\.cold.seconds))
    let warmMedian = median(rounds.map(\.warm.seconds))
    let summary = BatchSummary(
        folder: options.repo, repositories: repositories.count, commits: commits, rounds: rounds.count,
        gitMedianSeconds: gitMedian, coldMedianSeconds: coldMedian, warmMedianSeconds: warmMedian,
        coldToGitRatio: coldMedian / gitMedian, warmToColdRatio: warmMedian / coldMedian,
        gitPeakMB: megabytes(rounds.map(\.git.peakKilobytes).max() ?? 0),
        coldPeakMB: megabytes(rounds.map(\.cold.peakKilobytes).max() ?? 0),
        warmPeakMB: megabytes(rounds.map(\.warm.peakKilobytes).max() ?? 0))
    print("")
    print("Median wall time: git over each \(seconds(gitMedian)), cold \(seconds(coldMedian)), warm \(seconds(warmMedian))")
    print("Cold run / git: " + String(format: "%.3f", summary.coldToGitRatio) + " (target <= "
          + String(format: "%.2f", BatchSummary.coldTarget) + ": \(yesNo(summary.coldToGitRatio <= BatchSummary.coldTarget)))")
    print("Warm run / cold run: " + String(format: "%.3f", summary.warmToColdRatio) + " (target <= "
          + String(format: "%.2f", BatchSummary.warmTarget) + ": \(yesNo(summary.warmToColdRatio <= BatchSummary.warmTarget)))")
    print("Peak memory: git \(mb(summary.gitPeakMB)) (largest one), cold \(mb(summary.coldPeakMB)), warm \(mb(summary.warmPeakMB))")
    if options.json { try printJSON(summary) }
}
