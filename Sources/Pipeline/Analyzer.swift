import Attribution
import Foundation
import Ingest
import InnerSourceModel
import Scoring

/// What `innersource analyze` asks for: one repository, the ingestion options, the attribution set-up
/// and the as-of time.
public struct AnalyzeRequest: Sendable {
    public var path: String
    public var ingest: IngestOptions
    /// Seconds since the epoch that relative dates were anchored at.
    public var asOf: Int64
    /// The owning team, when configured (`--owner`).
    public var owner: String?
    public var roster: Roster?
    public var rosterPath: String?
    public var aliases: Aliases
    public var aliasesPath: String?
    public var bots: BotRules
    /// Write people under keyed pseudonyms.
    public var pseudonymizer: Pseudonymizer?
    /// Leave out team-level person counts below this.
    public var minimumGroupSize: Int?
    /// SHA-256 of the roster's and the aliases file's bytes, for the configuration digest.
    public var rosterDigest: String?
    public var aliasesDigest: String?
    /// The name rows are keyed by; nil for the folder name (a batch names repositories by their identity).
    public var name: String?

    public init(path: String, ingest: IngestOptions, asOf: Int64, owner: String? = nil, roster: Roster? = nil,
                rosterPath: String? = nil, aliases: Aliases = .none, aliasesPath: String? = nil, bots: BotRules = .standard,
                pseudonymizer: Pseudonymizer? = nil) {
        self.path = path
        self.ingest = ingest
        self.asOf = asOf
        self.owner = owner
        self.roster = roster
        self.rosterPath = rosterPath
        self.aliases = aliases
        self.aliasesPath = aliasesPath
        self.bots = bots
        self.pseudonymizer = pseudonymizer
    }

    /// The options that shape the results, in a canonical form (sorted keys); the digest is its SHA-256.
    struct CanonicalConfiguration: Encodable {
        var revision: String?
        var since: Int64?
        var until: Int64?
        var mergeStatistics: Bool
        var detectRenames: Bool
        var owner: String?
        var roster: String?
        var aliases: String?
        var botPatterns: [String]
        var pseudonymized: Bool
        var minimumGroupSize: Int?
    }

    public var configurationDigest: String {
        let canonical = CanonicalConfiguration(
            revision: ingest.revision, since: ingest.window.since, until: ingest.window.until,
            mergeStatistics: ingest.mergeStatistics, detectRenames: ingest.detectRenames, owner: owner, roster: rosterDigest, aliases: aliasesDigest,
            botPatterns: bots.patterns, pseudonymized: pseudonymizer != nil, minimumGroupSize: minimumGroupSize)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Digest.sha256Hex((try? encoder.encode(canonical)) ?? Data())
    }

    public var runInfo: RunInfo {
        var info = RunInfo(toolVersion: ToolInfo.version, asOf: asOf, revision: ingest.revision, since: ingest.window.since,
                           until: ingest.window.until, mergeStatistics: ingest.mergeStatistics, roster: rosterPath,
                           aliases: aliasesPath, owner: owner, botPatterns: bots.patterns)
        info.pseudonymized = pseudonymizer != nil
        info.detectRenames = ingest.detectRenames
        info.minimumGroupSize = minimumGroupSize
        info.configurationDigest = configurationDigest
        return info
    }
}

/// One repository's analysis, and how much of its history was read rather than taken from the cache.
public struct AnalysisOutcome: Sendable {
    public var analysis: RepositoryAnalysis
    public var commitsRead: Int
    public var commitsFromCache: Int
    public var cacheUse: CacheUse
    /// Why the cache could not be updated, when it could not (the analysis is complete).
    public var cacheError: String?
}

/// Runs the stages for one repository: ingest the history as a stream, attribute every commit to people
/// and teams, decide the owner, and score.
public enum Analyzer {
    /// - Throws: `IngestError` when the repository cannot be opened or its history cannot be read.
    /// - Parameter progress: called on the calling thread with the number of commits read so far, after
    ///   each commit (throttle in the callee).
    public static func analyze(_ request: AnalyzeRequest, progress: ((Int) -> Void)? = nil) throws -> RepositoryAnalysis {
        try analyze(request, store: nil, progress: progress).analysis
    }

    /// Analyses with an incremental store: what it holds is not read again, what is read goes into it.
    /// The analysis is exactly the one without a store.
    public static func analyze(_ request: AnalyzeRequest, store: (any CommitFactStore)?,
                               progress: ((Int) -> Void)? = nil) throws -> AnalysisOutcome {
        var attributor = Attributor(aliases: request.aliases, roster: request.roster, bots: request.bots,
                                    pseudonymizer: request.pseudonymizer)
        var tally = HistoryTally()
        var authorship = AuthorshipTally()
        var attributed: [AttributedCommit] = []
        var reviewedCommits = 0
        var ingest = request.ingest
        // Commits before the window are read without diffs, to know who contributed first when.
        ingest.includeOutsideWindow = true
        var read = 0
        let result = try Ingestor.ingest(repositoryAt: request.path, options: ingest, store: store) { record in
            read += 1
            progress?(read)
            let commit = attributor.attribute(record, inWindow: record.inWindow)
            attributed.append(commit)
            if record.inWindow && (record.isMerge || !commit.isBot) { tally.add(record) }
            if record.inWindow && record.trailers.contains(where: { $0.isKind(.reviewedBy) }) { reviewedCommits += 1 }
            if !record.isMerge && !commit.isBot {
                authorship.add(author: commit.author.key, display: commit.author.identity.display,
                               time: commit.authorTime, files: record.files)
            }
        }
        let ownership = OwnershipResolver.resolve(
            configured: request.owner, documents: result.snapshot.documents, roster: request.roster,
            asOf: request.asOf, commitsByTeam: CrossTeam.commitsByTeam(attributed))
        let name = request.name ?? repositoryName(result.snapshot)
        var flows = TeamFlowTable()
        flows.add(repository: name, commits: attributed, owner: ownership.team)
        var analysis = RepositoryAnalysis(
            name: name, snapshot: result.snapshot, commitsWalked: result.commitsWalked, totals: tally.totals,
            ownership: ownership, crossTeam: CrossTeam.figures(attributed, owner: ownership.team),
            concentration: Concentration.figures(attributed, windowEnd: request.ingest.window.until ?? request.asOf,
                                                 truck: authorship.truckFactor(headPaths: result.snapshot.paths,
                                                                              binaryPaths: result.snapshot.binaryPaths)),
            rhythm: WorkRhythmAnalysis.compute(attributed, tags: result.snapshot.tags),
            contributors: CrossTeam.contributors(attributed), monthly: CrossTeam.monthly(attributed, owner: ownership.team),
            teamFlows: flows, findings: result.findings)
        score(&analysis, request: request, attributed: attributed, reviewedCommits: reviewedCommits)
        return AnalysisOutcome(analysis: analysis, commitsRead: result.commitsRead, commitsFromCache: result.commitsFromStore,
                               cacheUse: result.cacheUse, cacheError: result.cacheError)
    }

    /// Barriers, the openness score and the repository's own checklist, from everything measured.
    static func score(_ analysis: inout RepositoryAnalysis, request: AnalyzeRequest, attributed: [AttributedCommit],
                      reviewedCommits: Int) {
        if request.pseudonymizer != nil { analysis.hygiene = analysis.hygiene.withoutExcerpts() }
        let context = BarrierContext(analysis: analysis, run: request.runInfo)
        // An empty repository has nothing a newcomer could run into yet: its status says it all.
        analysis.barriers = analysis.status == "empty" ? [] : Barriers.evaluate(context)
        let documentation = DocumentationSignals(hygiene: analysis.hygiene)
        analysis.openness = OpennessScore.compute(
            crossTeam: analysis.crossTeam, concentration: analysis.concentration, documentation: documentation,
            barrierSeverities: analysis.barriers.map(\.severity.rawValue))
        let ours = request.roster == nil ? 0
            : CrossTeam.counted(attributed).filter { $0.author.team != Teams.unaffiliated }.count
        let input = ReadinessInput(
            repository: analysis.name, crossTeam: analysis.crossTeam, concentration: analysis.concentration,
            rhythm: analysis.rhythm, documentation: documentation, remotes: analysis.snapshot.remotes.map(\.url),
            rosterGiven: request.roster != nil, commitsByRosterPeople: ours, reviewedCommits: reviewedCommits)
        analysis.readiness = input
        analysis.checklist = Readiness.checklist(for: input)
    }

    /// The folder name of the work tree, or of a bare repository without its `.git` suffix.
    static func repositoryName(_ snapshot: RepositorySnapshot) -> String {
        var components = snapshot.gitDirectory.split(separator: "/").map(String.init)
        if !snapshot.isBare, components.last == ".git" { components.removeLast() }
        guard var name = components.last else { return snapshot.path }
        if snapshot.isBare, name.hasSuffix(".git"), name.count > 4 { name.removeLast(4) }
        return name
    }
}
