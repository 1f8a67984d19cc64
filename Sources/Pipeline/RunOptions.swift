import Attribution
import Components
import Foundation
import Ingest
import InnerSourceModel
import Reporting
import Scoring

/// A roster file's format (`--roster-format`): ours (YAML, CSV) or another tool's (org-data.json, SortingHat).
public typealias RosterFormat = RosterFile.Format

/// What a command asks of a run, as the user wrote it (`analyze`'s options, or a pipeline file with `run`'s
/// overrides): dates not yet anchored, files not yet read. `RunOptions` resolves it.
public struct RunSettings: Sendable {
    /// nil for now.
    public var asOf: DateArgument?
    public var since: DateArgument?
    public var until: DateArgument?
    public var roster: String?
    /// The roster's format when given (`--roster-format`, `roster_format:`); nil to detect it.
    public var rosterFormat: RosterFormat?
    public var aliases: String?
    /// Bot patterns added to the built-in list (or replacing it, without `defaultBots`).
    public var botPatterns: [String] = []
    public var defaultBots = true
    /// AI agent patterns added to the built-in list (or replacing it, without `defaultAgents`).
    public var agentPatterns: [String] = []
    public var defaultAgents = true
    /// Platform committers added to github.com's and gitlab.com's (`platform_committers:`, `--platform-committer`).
    public var platformCommitters: [String] = []
    /// Hosts whose addresses are noreply addresses beyond `users.noreply.*` (`noreply_hosts:`, `--noreply-host`).
    public var noreplyHosts: [String] = []
    public var pseudonymize = false
    public var pseudonymKeyFile: String?
    public var minimumGroupSize: Int?
    public var merges: MergePolicy = .count
    public var renames: RenamePolicy = .off
    /// Days after its newest commit a request head that did not land counts as declined (else pending).
    public var staleAfterDays: Int = RunOptions.defaultStaleAfterDays
    /// The newest runs the database's history keeps (`--history-keep`, `outputs: { history_keep }`); nil: all.
    public var historyKeep: Int?
    /// `--postgres URL`, or the pipeline's `outputs: { postgres: { url } }`: the PostgreSQL sink's database.
    public var postgresURL: String?
    /// Reconstruct change requests. Off only to measure what reconstruction costs (`make bench
    /// STAGE=change-requests`): every change-request figure is then empty and the headline counts commits.
    public var reconstructsChangeRequests = true
    /// The readiness checklist's thresholds (a pipeline's `thresholds:`).
    public var thresholds = ReadinessThresholds.standard
    /// Where the key is looked for when no key file is given.
    public var environment: [String: String] = ProcessInfo.processInfo.environment
    /// Where the window came from, for messages: `--since`/`--until`, or the pipeline's `window:`.
    public var windowSource: WindowSource = .commandLine
    /// `--components FILE`: components declared outside the repositories, before their own rules.
    public var componentsFile: String?
    /// The pipeline's `components:`, already read (`componentsFile` takes their place when both are given).
    public var components: [ConfiguredComponent] = []
    /// `--component-depth N`: a repository without ownership rules has its folders at this depth as
    /// components; 0 (the default) keeps it one component, the repository itself.
    public var componentDepth = 0
    /// `--owner-share`: the share of a rule's changes its declared team must make for `agrees`.
    public var declaredShare = RuleOwnership.defaultShare

    /// Where a run's window was written.
    public enum WindowSource: Sendable, Hashable {
        case commandLine
        /// The pipeline file at this path.
        case pipeline(String)
    }

    public init() {}
}

/// Why a run cannot start: a bad window, a roster or aliases file that cannot be used, a missing key. One
/// line naming the file or option; nothing has been read or written yet.
public struct RunSetupError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var description: String { message }

    public init(_ message: String) {
        self.message = message
    }
}

/// One run's configuration, resolved: the anchored window, the attribution set-up (roster, aliases, bots),
/// privacy, the history policies and what is particular to the command (a repository's revision and owner,
/// or a batch's sources, shallow policy and formats). Both `analyze` and `run` build one: it gives both their
/// configuration digest and the metadata every output records, so that a new option is added in one place.
public struct RunOptions: Sendable {
    /// What is particular to the command: part of the configuration digest.
    public enum Scope: Sendable, Hashable {
        /// `analyze`: one repository, at a revision (nil for HEAD), with an owner when one is given.
        case repository(revision: String?, owner: Team?)
        /// `run`: the pipeline's sources as written, its shallow policy and formats.
        case batch(sources: [CanonicalSource], shallow: ShallowPolicy, formats: Set<OutputFormat>)
    }

    /// A pipeline source as it stands in the configuration digest.
    public struct CanonicalSource: Encodable, Sendable, Hashable {
        var root: String?
        var path: String?
        var include: [String]?
        var exclude: [String]?
        var owner: String?
        /// Only when false (the default is left out, so that digests of pipelines without it stay the same).
        var followSymlinks: Bool?
        var name: String?
        var ref: String?
    }

    /// The time relative dates were anchored at, seconds since the epoch.
    public var asOf: Int64
    public var window: TimeWindow
    public var scope: Scope
    public var attribution: AttributionFiles
    /// The roster and aliases files as given.
    public var rosterPath: String?
    public var aliasesPath: String?
    public var bots: BotRules
    /// Which identities are AI agents.
    public var agents: AgentRules = .standard
    /// The code hosts' own identities: platform committers and noreply hosts.
    public var platform: PlatformIdentities = .standard
    public var pseudonymizer: Pseudonymizer?
    public var minimumGroupSize: Int?
    public var merges: MergePolicy
    public var renames: RenamePolicy
    /// Days after its newest commit a request head that did not land counts as declined (else pending).
    public var staleAfterDays: Int
    public static let defaultStaleAfterDays = 30
    /// Off only to measure what reconstruction costs.
    public var reconstructsChangeRequests = true
    /// The readiness checklist's thresholds.
    public var thresholds = ReadinessThresholds.standard
    /// Components declared for every repository (`--components`, the pipeline's `components:`).
    public var components: [ConfiguredComponent] = []
    /// Folder depth of the components of a repository without ownership rules; 0 for none.
    public var componentDepth = 0
    /// The share of a rule's changes its declared team must make for the verdict `agrees`.
    public var declaredShare = RuleOwnership.defaultShare

    public init(asOf: Int64, window: TimeWindow = .all, scope: Scope = .repository(revision: nil, owner: nil),
                attribution: AttributionFiles = AttributionFiles(), rosterPath: String? = nil, aliasesPath: String? = nil,
                bots: BotRules = .standard, pseudonymizer: Pseudonymizer? = nil, minimumGroupSize: Int? = nil,
                merges: MergePolicy = .count, renames: RenamePolicy = .off,
                staleAfterDays: Int = RunOptions.defaultStaleAfterDays) {
        self.asOf = asOf
        self.window = window
        self.scope = scope
        self.attribution = attribution
        self.rosterPath = rosterPath
        self.aliasesPath = aliasesPath
        self.bots = bots
        self.pseudonymizer = pseudonymizer
        self.minimumGroupSize = minimumGroupSize
        self.merges = merges
        self.renames = renames
        self.staleAfterDays = staleAfterDays
    }

    /// Resolves what a command asked for: anchors the dates at as-of (now unless given), checks the window,
    /// reads the roster and aliases files and the pseudonym key.
    /// - Parameter now: the clock, seconds since the epoch.
    public init(resolving settings: RunSettings, scope: Scope,
                now: Int64 = Int64(Date().timeIntervalSince1970)) throws(RunSetupError) {
        let asOf = settings.asOf?.spec.resolve(asOf: now) ?? now
        let window = TimeWindow(since: settings.since?.spec.resolve(asOf: asOf), until: settings.until?.spec.resolve(asOf: asOf))
        if let since = window.since, let until = window.until, since >= until {
            switch settings.windowSource {
            case .commandLine:
                throw RunSetupError("--since (\(UTCTime.iso8601(since))) must be before --until (\(UTCTime.iso8601(until)))")
            case .pipeline(let file):
                throw RunSetupError("\(file): window: since (\(UTCTime.iso8601(since))) must be before until (\(UTCTime.iso8601(until)))")
            }
        }
        let files: AttributionFiles
        let pseudonymizer: Pseudonymizer?
        do {
            files = try AttributionFiles.load(roster: settings.roster, rosterFormat: settings.rosterFormat, aliases: settings.aliases)
            pseudonymizer = try AttributionFiles.pseudonymizer(requested: settings.pseudonymize, keyFile: settings.pseudonymKeyFile,
                                                               environment: settings.environment)
        } catch {
            throw RunSetupError(error.message)
        }
        self.init(asOf: asOf, window: window, scope: scope, attribution: files, rosterPath: settings.roster,
                  aliasesPath: settings.aliases, bots: BotRules(extra: settings.botPatterns, defaults: settings.defaultBots),
                  pseudonymizer: pseudonymizer, minimumGroupSize: settings.minimumGroupSize, merges: settings.merges,
                  renames: settings.renames, staleAfterDays: settings.staleAfterDays)
        reconstructsChangeRequests = settings.reconstructsChangeRequests
        thresholds = settings.thresholds
        agents = AgentRules(extra: settings.agentPatterns, defaults: settings.defaultAgents)
        platform = PlatformIdentities(extraCommitters: settings.platformCommitters, noreplyHosts: settings.noreplyHosts)
        componentDepth = settings.componentDepth
        declaredShare = settings.declaredShare
        components = settings.components
        if let file = settings.componentsFile {
            do {
                components = try ComponentsFile.read(path: file)
            } catch {
                throw RunSetupError(error.description)
            }
        }
    }

    /// The ingestion options of one repository of this run.
    func ingestOptions(revision: String?, shallow: ShallowPolicy, threads: Int?) -> IngestOptions {
        IngestOptions(revision: revision, window: window, merges: merges, renames: renames, shallow: shallow, threads: threads)
    }

    /// How the outputs are pseudonymised: not at all without a pseudonymizer; else free text loses every
    /// e-mail and personal handle the pattern finds and every one the run knows: `identities` (what the
    /// repositories showed) and the roster's and aliases file's.
    public func privacy(knowing identities: KnownIdentities) -> OutputPrivacy {
        guard let pseudonymizer else { return .none }
        var known = identities
        known.formUnion(KnownIdentities(roster: attribution.roster, aliases: attribution.aliases))
        let scrubber = TextScrubber(pseudonymizer: pseudonymizer, known: known)
        return OutputPrivacy(scrub: { scrubber.scrub($0) })
    }

    /// The options that shape the results, in a canonical form (sorted keys, absent values left out); the
    /// configuration digest is its SHA-256. Never the pseudonym key.
    struct CanonicalConfiguration: Encodable {
        var sources: [CanonicalSource]?
        var revision: String?
        var since: Int64?
        var until: Int64?
        var mergeStatistics: Bool
        var detectRenames: Bool
        var shallow: String?
        var owner: String?
        var roster: String?
        var aliases: String?
        var botPatterns: [String]
        var pseudonymized: Bool
        var minimumGroupSize: Int?
        var formats: [String]?
        /// Left out at its default, so that a configuration that does not set it keeps its digest.
        var staleAfterDays: Int?
        /// The thresholds that differ from the defaults; left out when none does.
        var thresholds: [String: Double]?
        /// Left out at the built-in list, for the same reason.
        var agentPatterns: [String]?
        /// Left out at their defaults, for the same reason.
        var platformCommitters: [String]?
        var noreplyHosts: [String]?
        /// The configured components and the folder depth, each left out when not set.
        var components: [ConfiguredComponent]?
        var componentDepth: Int?
        var declaredShare: Double?
    }

    /// SHA-256 of everything that shapes the results apart from the repositories and the as-of time: the
    /// same for every shard of a run.
    public var configurationDigest: String {
        var canonical = CanonicalConfiguration(
            since: window.since, until: window.until, mergeStatistics: merges == .measure, detectRenames: renames == .detect,
            roster: attribution.rosterDigest, aliases: attribution.aliasesDigest, botPatterns: bots.patterns,
            pseudonymized: pseudonymizer != nil, minimumGroupSize: minimumGroupSize,
            staleAfterDays: staleAfterDays == Self.defaultStaleAfterDays ? nil : staleAfterDays,
            thresholds: thresholds.changed.isEmpty ? nil : thresholds.changed,
            agentPatterns: agents.isStandard ? nil : agents.patterns,
            platformCommitters: platform.committers == PlatformIdentities.defaultCommitters ? nil : platform.committers,
            noreplyHosts: platform.noreplyHosts.isEmpty ? nil : platform.noreplyHosts)
        canonical.components = components.isEmpty ? nil : components
        canonical.componentDepth = componentDepth == 0 ? nil : componentDepth
        canonical.declaredShare = declaredShare == RuleOwnership.defaultShare ? nil : declaredShare
        switch scope {
        case .repository(let revision, let owner):
            canonical.revision = revision
            canonical.owner = owner?.name
        case .batch(let sources, let shallow, let formats):
            canonical.sources = sources
            canonical.shallow = shallow.rawValue
            canonical.formats = formats.map(\.rawValue).sorted()
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Digest.sha256Hex((try? encoder.encode(canonical)) ?? Data())
    }

    /// The facts about the run that every output records.
    public var runInfo: RunInfo {
        var revision: String?, owner: Team?
        if case .repository(let analysedRevision, let configuredOwner) = scope {
            revision = analysedRevision
            owner = configuredOwner
        }
        var info = RunInfo(toolVersion: ToolInfo.version, asOf: asOf, revision: revision, since: window.since,
                           until: window.until, mergeStatistics: merges == .measure, roster: rosterPath,
                           aliases: aliasesPath, owner: owner, botPatterns: bots.patterns)
        info.pseudonymized = pseudonymizer != nil
        info.pseudonymKeyCheck = pseudonymizer?.keyCheck
        info.detectRenames = renames == .detect
        info.minimumGroupSize = minimumGroupSize
        info.staleAfterDays = staleAfterDays
        info.thresholds = thresholds
        info.agentPatterns = agents.patterns
        info.platformCommitters = platform.committers
        info.noreplyHosts = platform.noreplyHosts
        info.configurationDigest = configurationDigest
        return info
    }
}
