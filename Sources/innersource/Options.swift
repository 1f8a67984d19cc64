import ArgumentParser
import Foundation
import Pipeline

/// Refuses an empty or blank `--out` (an unset variable in a cron line, `--out "$OUTDIR"`): the files would
/// be written into the root folder.
func checkOutputFolder(_ folder: String?) throws {
    if let folder, folder.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
        throw ValidationError("--out is empty: name the folder to write into (is a variable such as $OUTDIR unset?)")
    }
}

/// Options every command that runs an analysis shares: the anchor of relative dates and the pseudonym key.
struct CommonOptions: ParsableArguments {
    @Option(name: .customLong("as-of"), help: "The time relative dates count back from (default: now).",
            transform: DateArgument.init(parsing:))
    var asOf: DateArgument?

    @Option(name: .customLong("pseudonym-key-file"), help: "A file holding the pseudonym key: its bytes, one trailing newline removed (at least 16 bytes, 8 different ones).")
    var pseudonymKeyFile: String?
}

/// The options of one analysis: window, attribution, bots, privacy, history policies and the formats
/// written (a pipeline file gives the same for `run`).
struct AnalysisOptions: ParsableArguments {
    @OptionGroup var common: CommonOptions

    @Option(help: "Only commits authored at or after this date.", transform: DateArgument.init(parsing:))
    var since: DateArgument?

    @Option(help: "Only commits authored before this date.", transform: DateArgument.init(parsing:))
    var until: DateArgument?

    @Option(help: "Roster of teams (YAML or CSV with email,team,from,to). Without it, teams are e-mail domains.")
    var roster: String?

    @Option(help: "Aliases file: several e-mails or names of one person (YAML).")
    var aliases: String?

    @Option(name: .customLong("bot"), help: "Also treat names or e-mails matching this pattern as bots (* matches anything; repeatable).")
    var botPatterns: [String] = []

    @Flag(name: .customLong("no-default-bots"), help: "Use only --bot patterns, not the built-in list of bots.")
    var noDefaultBots = false

    @Flag(help: "Write people under keyed pseudonyms (HMAC-SHA256; the key from INNERSOURCE_PSEUDONYM_KEY or --pseudonym-key-file).")
    var pseudonymize = false

    @Option(name: .customLong("min-group-size"), parsing: .unconditional, help: "Leave out team-level person counts below K (team flows).")
    var minimumGroupSize: Int?

    @Flag(name: .customLong("merge-stats"), help: "Count lines of merge commits against their first parent.")
    var mergeStatistics = false

    @Flag(name: .customLong("find-renames"), help: "Pair renamed files as `git log -M` does (default: a rename is a deletion and an addition, as --no-renames).")
    var findRenames = false

    @Option(name: .customLong("stale-after"), parsing: .unconditional,
            help: ArgumentHelp("A pull or merge request head that did not land counts as declined when its newest commit is older than this many days, else as pending (default \(RunOptions.defaultStaleAfterDays)).", valueName: "days"))
    var staleAfterDays: Int?

    @Option(name: .customLong("components"), help: ArgumentHelp("A components file (YAML: name, paths, owner): components declared before the repositories' own CODEOWNERS, OWNERS and catalog files.", valueName: "file"))
    var componentsFile: String?

    @Option(name: .customLong("component-depth"), parsing: .unconditional,
            help: ArgumentHelp("A repository without ownership rules has its folders at this depth as components (default 0: it is one component).", valueName: "depth"))
    var componentDepth: Int?

    @Option(name: .customLong("owner-share"), parsing: .unconditional,
            help: ArgumentHelp("The share of a rule's changes its declared team must make for the verdict agrees, from 0 to 1 (default 0.5).", valueName: "share"))
    var declaredShare: Double?

    @Option(name: [.customLong("write"), .customLong("formats")],
            help: ArgumentHelp("With --out, write only these formats: \(FormatList.names.joined(separator: ", ")) (comma-separated; default all). --formats is the old name.",
                               valueName: "formats"),
            transform: FormatList.init(parsing:))
    var formats: FormatList?

    func validate() throws {
        if let minimumGroupSize, minimumGroupSize < 1 { throw ValidationError("--min-group-size must be at least 1") }
        if let staleAfterDays, staleAfterDays < 1 || staleAfterDays > 36_500 {
            throw ValidationError("--stale-after must be a number of days from 1 to 36500")
        }
        if let componentDepth, componentDepth < 0 || componentDepth > 32 {
            throw ValidationError("--component-depth must be a number of folders from 0 to 32")
        }
        if let declaredShare, !(declaredShare > 0 && declaredShare <= 1) {
            throw ValidationError("--owner-share must be a share above 0 and at most 1, such as 0.5")
        }
    }

    /// The run's settings as these options give them.
    var settings: RunSettings {
        var settings = RunSettings()
        settings.asOf = common.asOf
        settings.since = since
        settings.until = until
        settings.roster = roster
        settings.aliases = aliases
        settings.botPatterns = botPatterns
        settings.defaultBots = !noDefaultBots
        settings.pseudonymize = pseudonymize
        settings.pseudonymKeyFile = common.pseudonymKeyFile
        settings.minimumGroupSize = minimumGroupSize
        settings.merges = mergeStatistics ? .measure : .count
        settings.renames = findRenames ? .detect : .off
        if let staleAfterDays { settings.staleAfterDays = staleAfterDays }
        settings.componentsFile = componentsFile
        if let componentDepth { settings.componentDepth = componentDepth }
        if let declaredShare { settings.declaredShare = declaredShare }
        return settings
    }
}

extension AnalyzeInvocation.Display: ExpressibleByArgument {}
