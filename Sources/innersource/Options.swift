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

    @Option(name: .customLong("history-keep"), parsing: .unconditional,
            help: ArgumentHelp("The database's run history keeps the newest N runs (default: every run).", valueName: "N"))
    var historyKeep: Int?

    @Option(name: .customLong("postgres"),
            help: ArgumentHelp("Also write the tables and run history into this PostgreSQL database (postgresql://user@host/db; a password is better in ~/.pgpass or PGPASSWORD).", valueName: "url"))
    var postgresURL: String?

    func validate() throws {
        if let historyKeep, historyKeep < 1 { throw ValidationError("--history-keep must be at least 1") }
    }
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

    @Option(name: .customLong("roster-format"), help: ArgumentHelp("The roster's format: yaml, csv, org-data (measure-innersource's org-data.json), sortinghat (a SortingHat JSON export), gitdm (CNCF gitdm affiliations), backstage (Backstage Group and User entities); default: detected.", valueName: "format"),
            transform: { text in
                guard let format = RosterFormat(rawValue: text) else {
                    throw ValidationError("--roster-format must be one of \(RosterFormat.allCases.map(\.rawValue).joined(separator: ", ")), not '\(text)'")
                }
                return format
            })
    var rosterFormat: RosterFormat?

    @Option(help: "Aliases file: several e-mails or names of one person (YAML).")
    var aliases: String?

    @Option(name: .customLong("bot"), help: "Also treat names or e-mails matching this pattern as bots (* matches anything; repeatable).")
    var botPatterns: [String] = []

    @Flag(name: .customLong("no-default-bots"), help: "Use only --bot patterns, not the built-in list of bots.")
    var noDefaultBots = false

    @Option(name: .customLong("agent"), help: "Also treat names or e-mails matching this pattern as AI agents: never people, their commits marked agent-assisted (* matches anything; repeatable).")
    var agentPatterns: [String] = []

    @Flag(name: .customLong("no-default-agents"), help: "Use only --agent patterns, not the built-in list of AI agents.")
    var noDefaultAgents = false

    @Option(name: .customLong("platform-committer"), help: ArgumentHelp("Also treat this committer e-mail as the platform landing web commits, as GitHub's noreply@github.com and GitLab's noreply@gitlab.com are (an Enterprise Server's web-flow; * matches anything; repeatable).", valueName: "pattern"))
    var platformCommitters: [String] = []

    @Option(name: .customLong("noreply-host"), help: ArgumentHelp("Also treat addresses at this host as a code host's noreply addresses (a GitLab instance's commit e-mail host; users.noreply.* always is; repeatable).", valueName: "host"))
    var noreplyHosts: [String] = []

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
        settings.rosterFormat = rosterFormat
        settings.aliases = aliases
        settings.botPatterns = botPatterns
        settings.defaultBots = !noDefaultBots
        settings.agentPatterns = agentPatterns
        settings.defaultAgents = !noDefaultAgents
        settings.platformCommitters = platformCommitters
        settings.noreplyHosts = noreplyHosts
        settings.pseudonymize = pseudonymize
        settings.pseudonymKeyFile = common.pseudonymKeyFile
        settings.minimumGroupSize = minimumGroupSize
        settings.merges = mergeStatistics ? .measure : .count
        settings.renames = findRenames ? .detect : .off
        if let staleAfterDays { settings.staleAfterDays = staleAfterDays }
        settings.historyKeep = common.historyKeep
        settings.postgresURL = common.postgresURL
        settings.componentsFile = componentsFile
        if let componentDepth { settings.componentDepth = componentDepth }
        if let declaredShare { settings.declaredShare = declaredShare }
        return settings
    }
}

extension AnalyzeInvocation.Display: ExpressibleByArgument {}
