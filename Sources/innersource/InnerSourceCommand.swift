import ArgumentParser
import Foundation
import Pipeline

/// The `innersource` executable: parses arguments and hands over to the Pipeline module's runners. Exit
/// statuses (docs/ARCHITECTURE.md): 0 done, 1 results written with some repositories failed, 2 bad arguments
/// or input that stopped the command before anything was written.
@main
struct InnerSourceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "innersource",
        abstract: "Measure how much teams build on each other's code, from git history.",
        version: ToolVersion.current,
        subcommands: [AnalyzeCommand.self, RunCommand.self, MergeCommand.self, ValidateCommand.self]
    )

    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let failure as CommandFailure {
            Console.error(failure.message)
            Foundation.exit(failure.status)
        } catch {
            // Help and --version exit 0 through argument-parser; every usage error exits 2.
            if exitCode(for: error) == .success { exit(withError: error) }
            Console.error(fullMessage(for: error))
            Foundation.exit(2)
        }
    }
}
