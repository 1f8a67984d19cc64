import Attribution
import Foundation
import InnerSourceModel

/// Runs `innersource validate FILE`: a pipeline (and the roster and aliases files it names), a roster or an
/// aliases file, every problem printed as `FILE:LINE: error|warning: MESSAGE`, then a summary line. Exit
/// status 2 with any error or when the file cannot be read.
public enum ValidateRunner {
    public static func run(file: String) throws(CommandFailure) {
        if ConfigText.isRegularFile(file), let text = try? String(contentsOfFile: file, encoding: .utf8),
           PipelineFile.looksLikePipeline(text) {
            return try validatePipeline(file)
        }
        let report = ConfigValidator.check(path: file)
        if report.kind == .unreadable {
            // Nothing was checked: one line on stderr names the file and the cause.
            let cause = report.problems.first.map { $0.message } ?? "cannot read the file"
            throw CommandFailure(status: 2, message: "\(file): \(cause)")
        }
        let lines = report.problems.map(\.description) + [report.summary]
        try Console.write(lines.joined(separator: "\n") + "\n")
        if report.errorCount > 0 { throw unusable(file, errors: report.errorCount) }
    }

    private static func validatePipeline(_ file: String) throws(CommandFailure) {
        let report = PipelineValidator.check(path: file)
        var lines = report.problems.map(\.description)
        if report.errorCount > 0 {
            lines.append("\(file): \(Format.count(report.errorCount, "error")), \(Format.count(report.warningCount, "warning"))")
        } else {
            let sources = report.configuration?.sources.count ?? 0
            let warnings = report.warningCount > 0 ? ", \(Format.count(report.warningCount, "warning"))" : ""
            lines.append("\(file): ok\(warnings) (pipeline: \(Format.count(sources, "repository source")))")
        }
        try Console.write(lines.joined(separator: "\n") + "\n")
        if report.errorCount > 0 { throw unusable(file, errors: report.errorCount) }
    }

    /// Exit status 2 after the problems were listed: the file has errors.
    private static func unusable(_ file: String, errors: Int) -> CommandFailure {
        CommandFailure(status: 2, message: "\(file) has \(Format.count(errors, "error")): it cannot be used until they are fixed")
    }
}
