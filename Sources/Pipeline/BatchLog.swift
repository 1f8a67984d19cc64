import Foundation
import InnerSourceModel

/// The run's log on stderr: a live bar on a terminal, one line per repository otherwise (for a
/// scheduler's log). Repository names and messages are printed as one line each with their control
/// characters replaced (`String.asOneLine`): a name cannot add lines to the log. Called from worker threads.
public final class BatchLog: @unchecked Sendable {
    private let lock = NSLock()
    private let terminal: Bool
    private var total = 0
    private var finished = 0
    private var failed = 0
    private var running: [String] = []
    private var barShown = false

    public init(terminal: Bool) {
        self.terminal = terminal
    }

    public func handle(_ event: BatchEvent) {
        lock.lock()
        defer { lock.unlock() }
        switch event {
        case .planned(let repositories, let jobs):
            total = repositories
            line("\(repositories) repositories to analyse, \(jobs) at a time")
        case .started(let repository):
            running.append(repository)
        case .finished(let report):
            running.removeAll { $0 == report.repository }
            finished = report.finishedCount
            if report.failure != nil { failed += 1 }
            // On a terminal the bar shows progress and only failures get a line of their own.
            if !terminal || report.failure != nil { line(describe(report)) }
        case .warning(let text):
            line("warning: " + text)
        }
        drawBar()
    }

    public func finish() {
        lock.lock()
        defer { lock.unlock() }
        if barShown { write("\r\u{1B}[K") }
        barShown = false
    }

    private func describe(_ report: RepositoryReport) -> String {
        let width = String(report.total).count
        let counter = "[\(String(repeating: " ", count: max(0, width - String(report.finishedCount).count)))\(report.finishedCount)/\(report.total)]"
        if let failure = report.failure {
            return "\(counter) \(report.repository): error: \(failure)"
        }
        let seconds = String(format: "%.1f s", report.seconds)
        let cache: String
        switch report.cacheUse {
        case .none, .bypassed: cache = "\(report.commitsRead) commits read"
        case .unchanged: cache = "unchanged, \(report.commitsFromCache) commits from the cache"
        case .extended: cache = "\(report.commitsRead) new commits read, \(report.commitsFromCache) from the cache"
        case .cold: cache = "\(report.commitsRead) commits read (cache filled)"
        case .rewritten: cache = "history rewritten: \(report.commitsRead) commits read again"
        case .memoised: cache = "unchanged since the last run, its analysis taken from the cache"
        case .shared: cache = "history shared with another repository: \(report.commitsFromCache) commits from the cache, \(report.commitsRead) read"
        }
        return "\(counter) \(report.repository): \(report.status.rawValue), \(cache), \(seconds)"
    }

    private func line(_ text: String) {
        if barShown { write("\r\u{1B}[K") }
        barShown = false
        write("innersource: " + text.asOneLine + "\n")
    }

    private func drawBar() {
        guard terminal, total > 0, finished < total else { return }
        let width = 24
        let filled = width * finished / total
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        let names = running.isEmpty ? "" : " · " + running.prefix(3).map(\.asOneLine).joined(separator: ", ") + (running.count > 3 ? ", ..." : "")
        let failures = failed > 0 ? " · \(failed) failed" : ""
        write("\r\u{1B}[K[\(bar)] \(finished)/\(total)\(failures)\(names)")
        barShown = true
    }

    private func write(_ text: String) {
        Console.writeToStandardError(text)
    }
}
