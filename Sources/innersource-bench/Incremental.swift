import ArgumentParser
import Foundation
import Ingest

// MARK: - Incremental runs (`--stage incremental`)

/// One round of the incremental benchmark.
struct IncrementalRound {
    var git: Measurement
    /// `innersource run` on an empty outputs folder: reads everything and fills the cache.
    var cold: Measurement
    /// The same again with nothing new: everything from the cache.
    var warm: Measurement
    /// `innersource run --no-cache`: reads everything, no cache.
    var noCache: Measurement
}

/// Figures of the incremental benchmark.
struct IncrementalSummary: Encodable {
    var repo: String
    var commits: Int
    var rounds: Int
    var gitMedianSeconds: Double
    var coldMedianSeconds: Double
    var warmMedianSeconds: Double
    var noCacheMedianSeconds: Double
    /// The figure the batch is judged on: warm / cold.
    var warmToColdRatio: Double
    var warmToGitRatio: Double
    var coldToNoCacheRatio: Double
    var gitPeakMB: Double
    var coldPeakMB: Double
    var warmPeakMB: Double
    var cacheMB: Double
}

/// Cold, warm and no-cache batch runs (`innersource run`) of a one-repository pipeline, with the same
/// git log reference beside them, in the same rounds.
func runIncrementalBenchmark(_ options: Options) throws {
    let commits = try commitCount(options.repo)
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("innersource-bench-\(getpid())")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let output = folder.appendingPathComponent("out")
    let pipeline = folder.appendingPathComponent("pipeline.yml")
    let absolute = URL(fileURLWithPath: options.repo).standardizedFileURL.path
    // As-of pinned, so that every run measures the same window.
    let asOf = ISO8601DateFormatter().string(from: Date())
    let text = [
        "version: 1",
        "repositories:",
        "  - path: \"\(absolute)\"",
        "window: { since: 365 days ago, as_of: \"\(asOf)\" }",
        "outputs: { dir: \"\(output.path)\" }",
    ].joined(separator: "\n") + "\n"
    try text.write(to: pipeline, atomically: true, encoding: .utf8)
    let run = [options.innersource, "run", pipeline.path]
    let git = gitCommand(options)
    let cached = Command(label: "run", arguments: run)
    let noCache = Command(label: "no-cache", arguments: run + ["--no-cache"])
    print("innersource-bench (incremental)")
    print("Repository: \(options.repo) (\(commits) commits)")
    print("Reference:  \(git.display)")
    print("Cold:       \(cached.display)  (empty outputs folder: reads everything, fills the cache)")
    print("Warm:       \(cached.display)  (again, nothing new: everything from the cache)")
    print("No cache:   \(noCache.display)")
    print("Warm-up: one untimed git log and one untimed cold run first (not counted).")
    _ = try measure(git)
    try? FileManager.default.removeItem(at: output)
    _ = try measure(cached)

    var rounds: [IncrementalRound] = []
    for _ in 1...options.rounds {
        let gitRun = try measure(git)
        try? FileManager.default.removeItem(at: output)
        let coldRun = try measure(cached)
        let warmRun = try measure(cached)
        let noCacheRun = try measure(noCache)
        rounds.append(IncrementalRound(git: gitRun, cold: coldRun, warm: warmRun, noCache: noCacheRun))
    }
    let cacheFile = output.appendingPathComponent(".cache/innersource-cache.sqlite").path
    let cacheBytes = (try? FileManager.default.attributesOfItem(atPath: cacheFile)[.size] as? Int) ?? 0
    print("")
    print(pad("Round", 7) + pad("git", 11) + pad("cold", 11) + pad("warm", 11) + pad("no cache", 11) + "warm peak")
    for (index, round) in rounds.enumerated() {
        print(pad(String(index + 1), 7) + pad(seconds(round.git.seconds), 11) + pad(seconds(round.cold.seconds), 11)
              + pad(seconds(round.warm.seconds), 11) + pad(seconds(round.noCache.seconds), 11)
              + mb(kilobytes: round.warm.peakKilobytes))
    }
    let gitMedian = median(rounds.map(\.git.seconds)), coldMedian = median(rounds.map(\.cold.seconds))
    let warmMedian = median(rounds.map(\.warm.seconds)), noCacheMedian = median(rounds.map(\.noCache.seconds))
    let summary = IncrementalSummary(
        repo: options.repo, commits: commits, rounds: rounds.count, gitMedianSeconds: gitMedian,
        coldMedianSeconds: coldMedian, warmMedianSeconds: warmMedian, noCacheMedianSeconds: noCacheMedian,
        warmToColdRatio: warmMedian / coldMedian, warmToGitRatio: warmMedian / gitMedian,
        coldToNoCacheRatio: coldMedian / noCacheMedian,
        gitPeakMB: megabytes(rounds.map(\.git.peakKilobytes).max() ?? 0),
        coldPeakMB: megabytes(rounds.map(\.cold.peakKilobytes).max() ?? 0),
        warmPeakMB: megabytes(rounds.map(\.warm.peakKilobytes).max() ?? 0),
        cacheMB: Double(cacheBytes) / 1_048_576)
    print("")
    print("Median wall time: git \(seconds(gitMedian)), cold \(seconds(coldMedian)), warm \(seconds(warmMedian)), "
          + "no cache \(seconds(noCacheMedian))")
    print("Warm run / cold run: " + String(format: "%.3f", summary.warmToColdRatio))
    print("Warm run / git log:  " + String(format: "%.3f", summary.warmToGitRatio))
    print("Cold run (filling the cache) / run without cache: " + String(format: "%.3f", summary.coldToNoCacheRatio))
    print("Peak memory: git \(mb(summary.gitPeakMB)), cold \(mb(summary.coldPeakMB)), warm \(mb(summary.warmPeakMB)); "
          + "cache file \(mb(summary.cacheMB))")
    if options.json { try printJSON(summary) }
}

// MARK: - Per-commit numstat (`numstat REPO [--find-renames]`), for cross-checks against git

/// Prints every non-merge commit's files as `git log --numstat -z` would (renames as `A\tD\t\0old\0new\0`),
/// one commit per block starting with `\u{1}ID\n`, so that scripts/crosscheck-renames.py can compare them.
struct NumstatChild: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "numstat", shouldDisplay: false)

    @Argument var repo: String
    @Flag(name: .customLong("find-renames")) var findRenames = false

    func run() throws {
        var output = Data()
        do {
            _ = try Ingestor.ingest(repositoryAt: repo, options: IngestOptions(renames: findRenames ? .detect : .off)) { record in
                guard !record.isMerge else { return }
                output.append(contentsOf: Array("\0\u{1}\(record.id.hex)\n".utf8))
                for file in record.files {
                    let counts: String
                    switch file.lines {
                    case .binary: counts = "-\t-\t"
                    default: counts = "\(file.lines.added)\t\(file.lines.deleted)\t"
                    }
                    if let old = file.oldPath {
                        output.append(contentsOf: Array("\(counts)\0\(old)\0\(file.path)\0".utf8))
                    } else {
                        output.append(contentsOf: Array("\(counts)\(file.path)\0".utf8))
                    }
                }
                if output.count > 1 << 20 {
                    FileHandle.standardOutput.write(output)
                    output.removeAll(keepingCapacity: true)
                }
            }
        } catch {
            throw BenchFailure("\(error)")
        }
        FileHandle.standardOutput.write(output)
    }
}

// MARK: - Per-commit trailers (`trailers REPO`), for cross-checks against git

/// Prints every commit's trailers as ingestion reads them, one commit per block starting with `\u{1}ID\n`,
/// each trailer as `key: value\n` (what `git log --format=%x01%H%n%(trailers:only,unfold)` prints), so that
/// scripts/crosscheck-trailers.py can compare them.
struct TrailersChild: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "trailers", shouldDisplay: false)

    @Argument var repo: String

    func run() throws {
        var output = Data()
        do {
            _ = try Ingestor.ingest(repositoryAt: repo, options: IngestOptions(includeOutsideWindow: true)) { record in
                output.append(contentsOf: Array("\u{1}\(record.id.hex)\n".utf8))
                for trailer in record.trailers { output.append(contentsOf: Array("\(trailer.key): \(trailer.value)\n".utf8)) }
                if output.count > 1 << 20 {
                    FileHandle.standardOutput.write(output)
                    output.removeAll(keepingCapacity: true)
                }
            }
        } catch {
            throw BenchFailure("\(error)")
        }
        FileHandle.standardOutput.write(output)
    }
}
