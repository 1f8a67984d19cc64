import ArgumentParser
import Foundation
import Pipeline

/// `innersource analyze [PATH]`: one repository, no configuration needed.
struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Analyse one repository's history: its facts and who contributed what.",
        discussion: """
        PATH is a work tree (or any folder inside one) or a bare repository; it defaults to the current \
        directory. Dates accept 2024-01-31, 2024-01-31T08:00:00Z, now, today and 'N days|weeks|months|years ago' \
        (counted back from --as-of). The window is half-open by author date: --since is included, --until is not.
        """,
        aliases: ["analyse"]
    )

    @Argument(help: "The repository to analyse.")
    var path: String = "."

    @Option(help: "How to print the results: table, json or markdown.")
    var format: AnalyzeInvocation.Display = .table

    @Option(name: .customLong("out"), help: "Also write every output file into this folder (see --write).")
    var outputFolder: String?

    @Option(name: .customLong("ref"), help: "Analyse the history of this revision instead of HEAD.")
    var revision: String?

    @Option(help: "The repository's name in the outputs (default: from its origin remote's URL, else its folder).")
    var name: String?

    @Option(help: "The owning team (default: CODEOWNERS' default rule through the roster, else the team with most commits).")
    var owner: String?

    // `.unconditional`: a negative number is this option's value, refused by validate(), not another option.
    @Option(parsing: .unconditional, help: "Worker threads (default: one per core).")
    var threads: Int?

    @Option(parsing: .unconditional, help: "Contributors listed in the table (0 for all).")
    var limit: Int = 25

    @Option(name: .customLong("cache"), help: ArgumentHelp("Keep what this run reads in this cache file (SQLite, as the batch's), so that the next run with it reads only what is new; the results are the same as without it.", valueName: "file"))
    var cachePath: String?

    @Flag(name: .customLong("suggest-codeowners"), help: "Print a suggested CODEOWNERS: for each component, the team that keeps it, beside the current rule, with the evidence (no file is written).")
    var suggestCodeOwners = false

    @OptionGroup var analysis: AnalysisOptions

    func validate() throws {
        if let threads, threads < 1 || threads > 256 { throw ValidationError("--threads must be from 1 to 256") }
        try checkOutputFolder(outputFolder)
        if analysis.formats != nil, outputFolder == nil {
            throw ValidationError("--write narrows what --out writes: give --out DIR too")
        }
        if limit < 0 { throw ValidationError("--limit must be 0 (all) or more") }
        if let cachePath {
            var isDirectory: ObjCBool = false
            if cachePath.isEmpty || (FileManager.default.fileExists(atPath: cachePath, isDirectory: &isDirectory) && isDirectory.boolValue) {
                throw ValidationError("--cache must name a file (it is created when absent), not a folder: \(cachePath)")
            }
            if !CommitCache.mayBeCache(at: cachePath) {
                throw ValidationError("--cache \(cachePath): not an innersource cache (not a SQLite database); name a new file or an earlier run's cache")
            }
        }
        if let name, name.trimmingCharacters(in: .whitespaces).isEmpty || name.contains(where: \.isNewline) {
            throw ValidationError("--name must be a name on one line, not empty")
        }
    }

    func run() throws {
        var invocation = AnalyzeInvocation()
        invocation.path = path
        invocation.name = name
        invocation.settings = analysis.settings
        invocation.revision = revision
        invocation.owner = owner
        invocation.threads = threads
        invocation.display = format
        invocation.limit = limit == 0 ? nil : limit
        invocation.outputFolder = outputFolder
        invocation.formats = analysis.formats
        invocation.suggestCodeOwners = suggestCodeOwners
        invocation.cachePath = cachePath
        try AnalyzeRunner.run(invocation)
    }
}
