import ArgumentParser
import Attribution
import Foundation
import Ingest
import InnerSourceModel
import Pipeline
import Reporting
import Scoring

/// `innersource analyze [PATH]`: one repository, no configuration needed.
struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Analyse one repository's history: its facts and who contributed what.",
        discussion: """
        PATH is a work tree (or any folder inside one) or a bare repository; it defaults to the current \
        directory. Dates accept 2024-01-31, 2024-01-31T08:00:00Z, now, today and 'N days|weeks|months|years ago' \
        (counted back from --as-of). The window is half-open by author date: --since is included, --until is not.
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, json, markdown
    }

    @Argument(help: "The repository to analyse.")
    var path: String = "."

    @Option(help: "How to print the results: table, json or markdown.")
    var format: Format = .table

    @Option(name: .customLong("out"), help: "Also write every output file into this folder (see --formats).")
    var outputFolder: String?

    @Option(help: "With --out, write only these formats: csv, json, checklist, openmetrics, html, sqlite (comma-separated; default all).")
    var formats: String?

    @Option(help: "Only commits authored at or after this date.")
    var since: String?

    @Option(help: "Only commits authored before this date.")
    var until: String?

    @Option(name: .customLong("as-of"), help: "The time relative dates count back from (default: now).")
    var asOf: String?

    @Option(name: .customLong("ref"), help: "Analyse the history of this revision instead of HEAD.")
    var revision: String?

    @Option(help: "Roster of teams (YAML or CSV with email,team,from,to). Without it, teams are e-mail domains.")
    var roster: String?

    @Option(help: "Aliases file: several e-mails or names of one person (YAML).")
    var aliases: String?

    @Option(help: "The owning team (default: CODEOWNERS' * rule through the roster, else the team with most commits).")
    var owner: String?

    @Option(name: .customLong("bot"), help: "Also treat names or e-mails matching this pattern as bots (* matches anything; repeatable).")
    var botPatterns: [String] = []

    @Flag(name: .customLong("no-default-bots"), help: "Use only --bot patterns, not the built-in list of bots.")
    var noDefaultBots = false

    @Flag(help: "Write people under keyed pseudonyms (HMAC-SHA256; the key from \(Pseudonymizer.environmentVariable) or --pseudonym-key-file).")
    var pseudonymize = false

    @Option(name: .customLong("pseudonym-key-file"), help: "A file whose first line is the pseudonym key.")
    var pseudonymKeyFile: String?

    @Option(name: .customLong("min-group-size"), help: "Leave out team-level person counts below K (team flows).")
    var minimumGroupSize: Int?

    @Flag(name: .customLong("merge-stats"), help: "Count lines of merge commits against their first parent.")
    var mergeStatistics = false

    @Flag(name: .customLong("find-renames"), help: "Pair renamed files as `git log -M` does (default: a rename is a deletion and an addition, as --no-renames).")
    var findRenames = false

    @Option(help: "Worker threads (default: one per core).")
    var threads: Int?

    @Option(help: "Contributors listed in the table (0 for all).")
    var limit: Int = 25

    func validate() throws {
        if let threads, threads < 1 || threads > 256 { throw ValidationError("--threads must be from 1 to 256") }
        if let minimumGroupSize, minimumGroupSize < 1 { throw ValidationError("--min-group-size must be at least 1") }
        if let formats {
            let parsed = OutputFormat.parseList(formats)
            if let unknown = parsed.unknown {
                throw ValidationError("--formats: unknown format '\(unknown)'; choose from " + OutputFormat.allCases.map(\.rawValue).joined(separator: ", "))
            }
            if parsed.formats.isEmpty { throw ValidationError("--formats: name at least one format") }
            if outputFolder == nil { throw ValidationError("--formats narrows what --out writes: give --out DIR too") }
        }
        if owner?.lowercased() == "unaffiliated" {
            throw ValidationError("--owner: 'unaffiliated' is reserved for people no team claims; it cannot own a repository")
        }
        if limit < 0 { throw ValidationError("--limit must be 0 (all) or more") }
    }

    func run() throws {
        let anchor = try resolveAsOf()
        let window = TimeWindow(since: try since.map { try resolve($0, "--since", anchor) },
                                until: try until.map { try resolve($0, "--until", anchor) })
        if let start = window.since, let end = window.until, start >= end {
            throw CommandFailure(status: 2, message: "--since (\(UTCTime.iso8601(start))) must be before --until (\(UTCTime.iso8601(end)))")
        }
        let files: AttributionFiles
        let pseudonymizer: Pseudonymizer?
        do {
            files = try AttributionFiles.load(roster: roster, aliases: aliases)
            pseudonymizer = try AttributionFiles.pseudonymizer(requested: pseudonymize, keyFile: pseudonymKeyFile,
                                                               environment: ProcessInfo.processInfo.environment)
        } catch {
            throw CommandFailure(status: 2, message: error.message)
        }
        let bots = BotRules(patterns: (noDefaultBots ? [] : BotRules.defaultPatterns) + botPatterns)
        var ingest = IngestOptions(revision: revision, window: window, mergeStatistics: mergeStatistics, threads: threads)
        ingest.detectRenames = findRenames
        var request = AnalyzeRequest(
            path: path,
            ingest: ingest, asOf: anchor, owner: owner, roster: files.roster, rosterPath: roster, aliases: files.aliases,
            aliasesPath: aliases, bots: bots, pseudonymizer: pseudonymizer)
        request.minimumGroupSize = minimumGroupSize
        request.rosterDigest = files.rosterDigest
        request.aliasesDigest = files.aliasesDigest

        let analysis: RepositoryAnalysis
        do {
            analysis = try Analyzer.analyze(request, progress: ProgressLine.forTerminal(label: path))
        } catch let error as IngestError {
            throw CommandFailure(status: 2, message: error.description)
        }

        if let outputFolder {
            do {
                let chosen = formats.map { OutputFormat.parseList($0).formats } ?? Set(OutputFormat.allCases)
                try OutputFiles.write([analysis], run: request.runInfo, to: outputFolder, formats: chosen,
                                      scrub: pseudonymizer.map { p in { p.scrub($0) } })
            } catch {
                throw CommandFailure(status: 2, message: "\(error)")
            }
        }

        var output: Data
        switch format {
        case .table:
            output = Data(AnalysisText.render(analysis, run: request.runInfo, style: .table, limit: limit == 0 ? nil : limit,
                                              colour: isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil).utf8)
        case .markdown:
            output = Data(AnalysisText.render(analysis, run: request.runInfo, style: .markdown, limit: limit == 0 ? nil : limit).utf8)
        case .json:
            output = try SummaryDocument(run: request.runInfo, analyses: [analysis]).encoded()
        }
        if let pseudonymizer {
            output = Data(pseudonymizer.scrub(String(decoding: output, as: UTF8.self)).utf8)
        }
        FileHandle.standardOutput.write(output)
    }

    private func resolveAsOf() throws -> Int64 {
        let now = Int64(Date().timeIntervalSince1970)
        guard let asOf else { return now }
        return try resolve(asOf, "--as-of", now)
    }

    private func resolve(_ text: String, _ option: String, _ anchor: Int64) throws -> Int64 {
        do {
            return try DateSpec(parsing: text).resolve(asOf: anchor)
        } catch {
            throw CommandFailure(status: 2, message: "\(option): \(error)")
        }
    }
}
