import Attribution
import ArgumentParser
import Foundation
import Pipeline

/// `innersource validate FILE`: checks a roster or aliases file and lists every problem with its line.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a pipeline, a roster (YAML or CSV) or an aliases file and list every problem with its line.",
        discussion: """
        The kind of file is told by its content: YAML with a top-level repositories: key is a pipeline (the \
        roster and aliases files it names are checked too), YAML with a top-level teams: key (or a .csv file with the \
        header email,team,from,to) is a roster, YAML with a top-level people: key is an aliases file. Each \
        problem is printed as FILE:LINE: error|warning: MESSAGE, then a summary line. Exits 0 when there are \
        only warnings or nothing, 2 with any error or when the file cannot be read.
        """
    )

    @Argument(help: "The pipeline, roster or aliases file to check.")
    var file: String

    func run() throws {
        if let text = try? String(contentsOfFile: file, encoding: .utf8), PipelineFile.looksLikePipeline(text) {
            return try validatePipeline()
        }
        let report = ConfigValidator.check(path: file)
        if report.kind == .unreadable {
            // Nothing was checked: one line on stderr names the file and the cause.
            let cause = report.problems.first.map { $0.message } ?? "cannot read the file"
            throw CommandFailure(status: 2, message: "\(file): \(cause)")
        }
        let lines = report.problems.map(\.description) + [report.summary]
        FileHandle.standardOutput.write(Data((lines.joined(separator: "\n") + "\n").utf8))
        if report.errorCount > 0 {
            let count = report.errorCount == 1 ? "1 error" : "\(report.errorCount) errors"
            throw CommandFailure(status: 2, message: "\(file) has \(count): it cannot be used until they are fixed")
        }
    }

    private func validatePipeline() throws {
        let report = PipelineValidator.check(path: file)
        var lines = report.problems.map(\.description)
        if report.errorCount > 0 {
            lines.append("\(file): \(report.errorCount) error(s), \(report.warningCount) warning(s)")
        } else {
            let sources = report.configuration?.sources.count ?? 0
            let warnings = report.warningCount > 0 ? ", \(report.warningCount) warning(s)" : ""
            lines.append("\(file): ok\(warnings) (pipeline: \(sources) repository source(s))")
        }
        FileHandle.standardOutput.write(Data((lines.joined(separator: "\n") + "\n").utf8))
        if report.errorCount > 0 {
            throw CommandFailure(status: 2, message: "\(file) has \(report.errorCount) error(s): it cannot be used until they are fixed")
        }
    }
}
