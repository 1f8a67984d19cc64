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
        subcommands: [AnalyzeCommand.self, RunCommand.self, MergeCommand.self, ValidateCommand.self, IdentitiesCommand.self, RosterCommand.self]
    )

    static func main() {
        Console.prepare()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let failure as CommandFailure {
            fail(failure)
        } catch where exitCode(for: error) == .success {
            // Help and --version: printed on stdout like any output, exit 0.
            let text = fullMessage(for: error)
            do {
                if !text.isEmpty { try Console.write(text + "\n") }
            } catch {
                fail(error)
            }
        } catch {
            // Every usage error exits 2.
            Console.error(fullMessage(for: error))
            Foundation.exit(2)
        }
    }

    /// Ends the command as `failure` says: its line on stderr, its exit status.
    private static func fail(_ failure: CommandFailure) -> Never {
        Console.error(failure.message)
        Foundation.exit(failure.status)
    }
}
