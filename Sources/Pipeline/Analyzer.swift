import Attribution
import CodeOwners
import Foundation
import Ingest
import InnerSourceModel
import Reporting
import Scoring

/// One repository to analyse within a run: where it is, what it is called, and what is particular to it.
public struct AnalysisTarget: Sendable {
    public var path: String
    /// The name rows are keyed by; nil for the folder name (a batch names repositories by their identity).
    public var name: String?
    /// The revision analysed; nil for HEAD.
    public var revision: String?
    /// The owning team, when configured (`--owner`, a pipeline's `owner:`).
    public var owner: Team?
    public var shallow: ShallowPolicy
    /// Worker threads reading its history; nil for one per core.
    public var threads: Int?

    public init(path: String, name: String? = nil, revision: String? = nil, owner: Team? = nil,
                shallow: ShallowPolicy = .analyze, threads: Int? = nil) {
        self.path = path
        self.name = name
        self.revision = revision
        self.owner = owner
        self.shallow = shallow
        self.threads = threads
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
    /// When pseudonymising, the e-mails and handles the repository showed (its people and CODEOWNERS owners),
    /// which its outputs' free text must not hold.
    public var identities = KnownIdentities()
}

/// Runs the stages for one repository: ingest the history as a stream, attribute every commit to people
/// and teams, decide the owner, measure, and score.
public enum Analyzer {
    /// Analyses with an incremental store when one is given: what it holds is not read again, what is read
    /// goes into it. The analysis is exactly the one without a store.
    /// - Throws: `IngestError` when the repository cannot be opened or its history cannot be read.
    /// - Parameter progress: called on the calling thread with the number of commits read so far, after
    ///   each commit (throttle in the callee).
    public static func analyze(_ target: AnalysisTarget, options: RunOptions, store: (any CommitFactStore)? = nil,
                               progress: ((Int) -> Void)? = nil) throws -> AnalysisOutcome {
        var attributor = Attributor(aliases: options.attribution.aliases, roster: options.attribution.roster,
                                    bots: options.bots, pseudonymizer: options.pseudonymizer)
        var tally = HistoryTally()
        var authorship = AuthorshipTally()
        var attributed: [AttributedCommit] = []
        var reviewedCommits = 0
        var ingest = options.ingestOptions(revision: target.revision, shallow: target.shallow, threads: target.threads)
        // Commits before the window are read without diffs, to know who contributed first when.
        ingest.includeOutsideWindow = true
        var read = 0
        let result = try Ingestor.ingest(repositoryAt: target.path, options: ingest, store: store) { record in
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
        let roster = options.attribution.roster
        let ownership = OwnershipResolver.resolve(
            configured: target.owner, documents: result.snapshot.documents, roster: roster,
            asOf: options.asOf, commitsByTeam: CrossTeam.commitsByTeam(attributed))
        let name = target.name ?? repositoryName(result.snapshot)
        var flows = TeamFlowTable()
        flows.add(repository: name, commits: attributed, owner: ownership.team)
        let hygiene = Hygiene.assess(result.snapshot)
        let truck = authorship.truckFactor(headPaths: result.snapshot.paths, binaryPaths: result.snapshot.binaryPaths)
        let measured = RepositoryMeasurements(
            name: name, snapshot: result.snapshot, commitsWalked: result.commitsWalked, totals: tally.totals,
            ownership: ownership, crossTeam: CrossTeam.figures(attributed, owner: ownership.team),
            concentration: Concentration.figures(attributed, windowEnd: options.window.until ?? options.asOf, truck: truck),
            rhythm: WorkRhythmAnalysis.compute(attributed, tags: result.snapshot.tags),
            contributors: CrossTeam.contributors(attributed), monthly: CrossTeam.monthly(attributed, owner: ownership.team),
            teamFlows: flows, findings: result.findings,
            // Quoted lines of documents may name people: pseudonymised outputs keep only paths and lines.
            hygiene: options.pseudonymizer == nil ? hygiene : hygiene.withoutExcerpts(),
            rosterGiven: roster != nil,
            commitsByRosterPeople: roster == nil ? 0 : CrossTeam.counted(attributed).filter { !$0.author.team.isUnaffiliated }.count,
            reviewedCommits: reviewedCommits)
        let analysis = RepositoryAnalysis(scoring: measured, asOf: options.asOf, since: options.window.since,
                                          until: options.window.until)
        var identities = attributor.seen
        if options.pseudonymizer != nil {
            for document in result.snapshot.documents where CodeOwnersFile.locations.contains(document.path) {
                identities.insert(codeOwners: CodeOwnersFile(path: document.path, text: document.text))
            }
        }
        return AnalysisOutcome(analysis: analysis, commitsRead: result.commitsRead, commitsFromCache: result.commitsFromStore,
                               cacheUse: result.cacheUse, cacheError: result.cacheError, identities: identities)
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
