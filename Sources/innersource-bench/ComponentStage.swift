import Foundation

/// What components add to `analyze`: a bare clone of the repository (`git clone --bare --no-hardlinks`, in a
/// temporary folder; the repository itself is never written) whose tip gets one more commit adding a
/// `.github/CODEOWNERS` of 50 rules over its folders, analysed at that commit (with components) and at its
/// parent (the same history without CODEOWNERS), in alternating rounds after a warm-up of each, with each
/// child's peak memory. Targets: at most 20% more time, at most 25% more memory.
func runComponentBenchmark(_ options: Options) throws {
    let clone = NSTemporaryDirectory() + "innersource-bench-components-\(getpid())"
    defer { try? FileManager.default.removeItem(atPath: clone) }
    try git(["clone", "-q", "--bare", "--no-hardlinks", options.repo, clone])
    let rules = try codeOwnersRules(clone, count: 50)
    try addCodeOwners(rules.joined(separator: "\n") + "\n", to: clone)
    let me = Bundle.main.executablePath ?? CommandLine.arguments.first ?? "innersource-bench"
    func child(_ label: String, ref: String?) -> Command {
        var arguments = [me, "analyze-child", clone, "on"]
        if let ref { arguments += ["--ref", ref] }
        if let threads = options.threads { arguments += ["--threads", String(threads)] }
        return Command(label: label, arguments: arguments)
    }
    let without = child("without", ref: "HEAD~1"), with = child("with", ref: nil)
    let commits = try commitCount(options.repo)
    print("innersource-bench: components from a CODEOWNERS of \(rules.count) rules")
    print("Repository: \(options.repo) (\(commits) commits), cloned to \(clone) with one commit adding .github/CODEOWNERS")
    print("Without:    \(without.display)")
    print("With:       \(with.display)")
    let rounds = try withAndWithout(without, with, rounds: options.rounds)
    let offTime = median(rounds.map(\.without.seconds)), onTime = median(rounds.map(\.with.seconds))
    let offPeak = median(rounds.map { Double($0.without.peakKilobytes) }), onPeak = median(rounds.map { Double($0.with.peakKilobytes) })
    let timeRatio = onTime / offTime, memoryRatio = onPeak / max(1, offPeak)
    print("")
    print("Median wall time: without \(seconds(offTime)), with \(seconds(onTime)): " + String(format: "%+.1f%%", (timeRatio - 1) * 100))
    print("Median peak memory: without \(mb(kilobytes: Int(offPeak))), with \(mb(kilobytes: Int(onPeak))): "
          + String(format: "%+.1f%%", (memoryRatio - 1) * 100))
    print("Verdict: at most 20% more time: \(yesNo(timeRatio <= 1.20)); at most 25% more memory: \(yesNo(memoryRatio <= 1.25))")
}

/// `count` CODEOWNERS rules over the repository's folders at HEAD, deterministic: a default rule, then
/// its folders with most files first (depth 1, then 2, then 3), each owned by one of five teams, and a few
/// extension rules matched at any depth.
func codeOwnersRules(_ repository: String, count: Int) throws -> [String] {
    let paths = try gitOutput(["--git-dir", repository, "ls-tree", "-r", "--name-only", "HEAD"]).split(separator: "\n")
    var files: [String: Int] = [:]
    for path in paths {
        let parts = path.split(separator: "/")
        for depth in 1..<min(parts.count, 4) { files[parts.prefix(depth).joined(separator: "/"), default: 0] += 1 }
    }
    let folders = files.sorted { (($0.key.split(separator: "/").count, -$0.value, $0.key)) < (($1.key.split(separator: "/").count, -$1.value, $1.key)) }
    var rules = ["* @bench/core", "*.sh @bench/tools", "*.md @bench/docs", "*.txt @bench/docs"]
    for (index, folder) in folders.prefix(max(0, count - rules.count)).enumerated() {
        rules.append("/\(folder.key)/ @bench/team\(index % 5)")
    }
    return rules
}

/// Commits `text` as `.github/CODEOWNERS` on top of the bare repository's HEAD, with fixed names and dates.
func addCodeOwners(_ text: String, to repository: String) throws {
    let index = repository + "/bench-index"
    let environment = ["GIT_INDEX_FILE": index, "GIT_AUTHOR_NAME": "Bench", "GIT_AUTHOR_EMAIL": "bench@example.test",
                       "GIT_COMMITTER_NAME": "Bench", "GIT_COMMITTER_EMAIL": "bench@example.test",
                       "GIT_AUTHOR_DATE": "2020-01-01T00:00:00Z", "GIT_COMMITTER_DATE": "2020-01-01T00:00:00Z"]
    let file = repository + "/bench-CODEOWNERS"
    try Data(text.utf8).write(to: URL(fileURLWithPath: file))
    try gitOutput(["--git-dir", repository, "read-tree", "HEAD"], environment: environment)
    let blob = try gitOutput(["--git-dir", repository, "hash-object", "-w", file]).trimmingCharacters(in: .whitespacesAndNewlines)
    try gitOutput(["--git-dir", repository, "update-index", "--add", "--cacheinfo", "100644,\(blob),.github/CODEOWNERS"], environment: environment)
    let tree = try gitOutput(["--git-dir", repository, "write-tree"], environment: environment).trimmingCharacters(in: .whitespacesAndNewlines)
    let commit = try gitOutput(["--git-dir", repository, "commit-tree", tree, "-p", "HEAD", "-m", "Add CODEOWNERS"],
                               environment: environment).trimmingCharacters(in: .whitespacesAndNewlines)
    try gitOutput(["--git-dir", repository, "update-ref", "HEAD", commit])
}

func git(_ arguments: [String]) throws {
    try gitOutput(arguments)
}

/// Runs git and returns its stdout; throws a failure naming the command when it fails.
@discardableResult
func gitOutput(_ arguments: [String], environment: [String: String] = [:]) throws -> String {
    let process = Process()
    let output = Pipe()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["git"] + arguments
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw BenchFailure("git \(arguments.joined(separator: " ")) exited \(process.terminationStatus)")
    }
    return String(decoding: data, as: UTF8.self)
}
