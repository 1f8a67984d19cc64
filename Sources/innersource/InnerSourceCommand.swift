import ArgumentParser
import Foundation
import InnerSourceModel

/// The `innersource` executable: parses arguments and hands over to the Pipeline module. Exit statuses
/// follow ARCHITECTURE.md: 0 done, 1 results written with some repositories failed, 2 bad arguments or
/// input that stopped the command before anything was written.
@main
struct InnerSourceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "innersource",
        abstract: "Measure how much teams build on each other's code, from git history.",
        version: ToolInfo.version,
        subcommands: [AnalyzeCommand.self, RunCommand.self, MergeCommand.self, ValidateCommand.self]
    )

    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let failure as CommandFailure {
            standardError(failure.message)
            Foundation.exit(failure.status)
        } catch {
            // Help and --version exit 0 through argument-parser; every usage error exits 2.
            if exitCode(for: error) == .success { exit(withError: error) }
            standardError(fullMessage(for: error))
            Foundation.exit(2)
        }
    }
}

/// A failure the command reports in one line, with the exit status ARCHITECTURE.md assigns to it.
struct CommandFailure: Error {
    var status: Int32
    var message: String
}

func standardError(_ text: String) {
    let line = text.hasSuffix("\n") ? text : text + "\n"
    FileHandle.standardError.write(Data(("innersource: " + line).utf8))
}

