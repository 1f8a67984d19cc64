import Attribution
import Foundation
import Reporting

/// Runs `innersource roster convert FILE`: reads a roster in any format it reads (detected, or given) and
/// writes it as our YAML, on stdout or into a file. A roster with errors stops it with exit 2 and the first
/// problem as `FILE:LINE: error: ...`.
public enum RosterConvertRunner {
    public static func run(file: String, format: RosterFormat?, output: String?) throws(CommandFailure) {
        var problems = ProblemList(file: file)
        guard let text = ConfigText.read(file, into: &problems) else {
            throw CommandFailure(status: 2, message: ConfigError(problems: problems.sorted).summaryLine)
        }
        let result = RosterFile.read(text: text, path: file, format: format)
        guard let roster = result.value else {
            throw CommandFailure(status: 2, message: ConfigError(problems: result.problems).summaryLine)
        }
        for warning in result.warnings { Console.error(warning.description) }
        let detected = format ?? RosterFile.format(path: file, text: text) ?? .yaml
        let yaml = RosterYAML.text(roster, source: (file as NSString).lastPathComponent, format: detected)
        guard let output else { return try Console.write(yaml) }
        do {
            try AtomicFile.writeAll([(output, Data(yaml.utf8))])
        } catch {
            throw CommandFailure(status: 2, message: "\(output): \(error)")
        }
    }
}
