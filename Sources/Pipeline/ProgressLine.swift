import Foundation
import InnerSourceModel

/// A live "N commits read" line on stderr while a long history is read, only when stderr is a terminal
/// (scheduler logs get no carriage-return noise). Redrawn at most every half second; cleared at the end.
final class ProgressLine {
    private let label: String
    private var lastDraw = Date.distantPast
    private var drawn = false

    private init(label: String) {
        self.label = label.asOneLine
    }

    deinit {
        if drawn { Console.writeToStandardError("\r\u{1B}[K") }
    }

    /// A progress callback for `Analyzer.analyze`, or nil when stderr is not a terminal.
    static func forTerminal(label: String) -> ((Int) -> Void)? {
        guard isatty(STDERR_FILENO) == 1 else { return nil }
        let line = ProgressLine(label: label)
        return { count in line.update(count) }
    }

    private func update(_ count: Int) {
        guard count % 256 == 0 else { return }
        let now = Date()
        guard now.timeIntervalSince(lastDraw) >= 0.5 else { return }
        lastDraw = now
        drawn = true
        Console.writeToStandardError("\r\u{1B}[K\(label): \(count) commits read")
    }
}
