import Foundation
import Git
import InnerSourceModel

/// The progress of a long `analyze` on stderr, only when stderr is a terminal (scheduler logs get no
/// carriage-return noise): commits read of the history's total, the percentage and the time left, redrawn at
/// most every half second, then one line that stays: the commits read and the seconds taken.
final class ProgressLine: @unchecked Sendable {
    private let label: String
    private let start = Date()
    private var lastDraw = Date.distantPast
    private var drawn = false
    private let lock = NSLock()
    /// Counted on a thread of its own while the history is read.
    private var total: Int?

    private init(label: String) {
        self.label = label.asOneLine
    }

    /// The progress of reading the history of `revision` in the repository at `path`, or nil when stderr is
    /// not a terminal. The history's size is counted on a thread of its own.
    static func forTerminal(label: String, path: String, revision: String?) -> ProgressLine? {
        guard Console.errorIsTerminal else { return nil }
        let line = ProgressLine(label: label)
        let counter = Thread {
            let count = HistoryReader.countCommits(repositoryAt: path, revision: revision)
            line.lock.lock()
            line.total = count
            line.lock.unlock()
        }
        counter.start()
        return line
    }

    /// Called after each commit read.
    func update(_ count: Int) {
        guard count % 256 == 0 else { return }
        let now = Date()
        guard now.timeIntervalSince(lastDraw) >= 0.5 else { return }
        lastDraw = now
        drawn = true
        lock.lock()
        let known = total
        lock.unlock()
        write("\r\u{1B}[K" + Self.describe(label: label, read: count, total: known, elapsed: now.timeIntervalSince(start)))
    }

    /// Clears the live line and writes the line that stays.
    func finish(commits: Int) {
        let seconds = Date().timeIntervalSince(start)
        write((drawn ? "\r\u{1B}[K" : "") + "\(label): \(Format.grouped(commits)) commit\(commits == 1 ? "" : "s") read in "
              + String(format: "%.1f", seconds) + " s\n")
    }

    /// `app: 12,800 of 81,966 commits read (15%), about 40 s left`, or without a total `app: 12,800 commits read`.
    static func describe(label: String, read: Int, total: Int?, elapsed: Double) -> String {
        guard let total, total > 0, read <= total else { return "\(label): \(Format.grouped(read)) commits read" }
        var text = "\(label): \(Format.grouped(read)) of \(Format.grouped(total)) commits read (\(read * 100 / total)%)"
        if read > 0, elapsed > 0 {
            let left = Double(total - read) / (Double(read) / elapsed)
            text += left >= 90 ? ", about \(Int((left / 60).rounded())) min left" : ", about \(Int(left.rounded())) s left"
        }
        return text
    }

    private func write(_ text: String) {
        Console.writeToStandardError(text)
    }
}
