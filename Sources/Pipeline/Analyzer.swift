import Attribution
import CodeOwners
import Components
import Foundation
import Git
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
    /// The repository's entry of the facts file, when the analysis was decoded from it (`AnalysisMemo`):
    /// the facts file takes these bytes instead of encoding the analysis again.
    var encodedFacts: Data?
}

/// Runs the stages for one repository: ingest the history as a stream, attribute every commit to people
/// and teams, decide the owner, measure, and score.
public enum Analyzer {
    /// Analyses with an incremental store when one is given: what it holds is not read again, what is read
    /// goes into it. The analysis is exactly the one without a store.
    /// - Throws: `IngestError` when the repository cannot be opened or its history cannot be read.
    /// - Parameter progress: called on the calling thread with the number of commits read so far, after
    ///   each commit (throttle in the callee).
    /// - Parameter proposalStore: where change-request reconstruction finds and keeps the lines of heads'
    ///   changes and commits' patch ids (a batch's cache); nil to compute them all.
    /// - Parameter hygieneMemo: where hygiene reports are found and kept by the tree they were assessed on.
    /// - Parameter classificationMemo: where the binary classification of the blobs at HEAD is found and
    ///   kept by those blobs.
    public static func analyze(_ target: AnalysisTarget, options: RunOptions, store: (any CommitFactStore)? = nil,
                               proposalStore: (any ProposalFactStore)? = nil, hygieneMemo: (any HygieneMemo)? = nil,
                               classificationMemo: (any BinaryClassificationMemo)? = nil,
                               progress: ((Int) -> Void)? = nil) throws -> AnalysisOutcome {
        var attributor = Attributor(aliases: options.attribution.aliases, roster: options.attribution.roster,
                                    bots: options.bots, pseudonymizer: options.pseudonymizer, agents: options.agents,
                                    platform: options.platform)
        var tally = HistoryTally()
        var authorship = AuthorshipTally()
        var attributed: [AttributedCommit] = []
        var links: [ChangeRequestLinks] = []
        var reviewedCommits = 0
        var ingest = options.ingestOptions(revision: target.revision, shallow: target.shallow, threads: target.threads)
        // Commits before the window are read without diffs, to know who contributed first when.
        ingest.includeOutsideWindow = true
        var read = 0
        // Components: the rules at HEAD, read before the first commit; each commit's share of each component
        // kept beside it (nothing at all for a repository without rules).
        var components: ComponentLookup?
        var touches: [[ComponentTouch]] = []
        // The request heads, listed once: with any, the history read keeps its line counts by pair of blobs,
        // which the heads that did not land meet again (a proposal re-opened and landed, files added whole).
        let heads = options.reconstructsChangeRequests ? ProposalReading.heads(repositoryAt: target.path) : []
        var lineCache = heads.isEmpty ? nil : BlobPairLineCache()
        let result = try Ingestor.ingest(repositoryAt: target.path, options: ingest, store: store, lineCache: lineCache,
                                         classificationMemo: classificationMemo, treeRead: { snapshot, ownership in
            components = componentLookup(snapshot: snapshot, ownership: ownership, options: options)
        }) { record in
            read += 1
            progress?(read)
            let commit = attributor.attribute(record, inWindow: record.inWindow)
            attributed.append(commit)
            if components != nil {
                touches.append(record.inWindow && !record.isMerge && !commit.isBot
                    ? ComponentTouch.touches(of: record.files) { components!.component(of: $0) } : [])
            }
            if options.reconstructsChangeRequests {
                links.append(ChangeRequestLinks(record: record) { attributor.person($0, at: $1) })
            }
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
        // The truck factor first: its per-file authorship is the largest thing held, and is not needed after.
        let truck = authorship.truckFactor(headPaths: result.snapshot.paths, binaryPaths: result.snapshot.binaryPaths)
        var componentFiles = ComponentFiles()
        if components != nil {
            componentFiles = ComponentFiles(lookup: &components!, snapshot: result.snapshot, authorship: authorship)
        }
        authorship = AuthorshipTally()
        let name = target.name ?? repositoryName(result.snapshot)
        // Hygiene needs the snapshot only: assessed beside change-request reconstruction, whose single-threaded
        // parts leave a core free.
        let pendingHygiene = MemoisedHygiene.start(result.snapshot, memo: hygieneMemo)
        // Heads' commits, patches and diffs lie all over the pack: read under a bounded pack mapping.
        let requests = options.reconstructsChangeRequests
            ? ProposalReading.withBoundedPackMapping {
                reconstructChangeRequests(at: target.path, heads: heads, snapshot: result.snapshot, commits: attributed,
                                          links: links, attributor: &attributor, owner: ownership.team, options: options,
                                          store: proposalStore, revision: target.revision,
                                          lineCache: lineCache)
            }
            : ChangeRequestOutcome(changeRequests: [], figures: ChangeRequestFigures(), mergeLandings: [:], findings: [])
        links = []
        lineCache = nil
        for (position, commit) in attributed.enumerated() {
            guard let landing = requests.mergeLandings[commit.id] else { continue }
            attributed[position].mergedBy = landing.lander
            attributed[position].mergedThroughPlatform = landing.throughPlatform
            attributed[position].landingTime = landing.time
        }
        var findings = result.findings
        findings += requests.findings
        if let problems = components?.rules.problems, !problems.isEmpty {
            findings.append(Finding(kind: .invalidOwnershipRules,
                                    message: "\(Format.count(problems.count, "ownership rule")) at HEAD cannot be used and match nothing: \(problems[0])",
                                    count: problems.count, examples: Array(problems.sorted().prefix(5))))
        }
        var snapshot = result.snapshot
        snapshot.absentObjects.requestFiles = requests.absentRequestFiles
        snapshot.absentObjects.requestHeads = requests.absentRequestHeads
        var flows = TeamFlowTable()
        flows.add(repository: name, commits: attributed, owner: ownership.team)
        flows.add(repository: name, changeRequests: requests.changeRequests, owner: ownership.team)
        let hygiene = pendingHygiene.report()
        // The window's last moment: --until (exclusive) when it comes before the as-of time.
        let windowEnd = options.window.lastMoment(asOf: options.asOf)
        let measured = RepositoryMeasurements(
            name: name, snapshot: snapshot, commitsWalked: result.commitsWalked, totals: tally.totals,
            ownership: ownership, crossTeam: CrossTeam.figures(attributed, owner: ownership.team, changeRequests: requests.figures),
            concentration: Concentration.figures(attributed, windowEnd: options.window.until ?? options.asOf, truck: truck,
                                                 inactiveDays: Int64(options.thresholds.inactiveCoreDays)),
            rhythm: WorkRhythmAnalysis.compute(attributed, tags: result.snapshot.tags,
                                               workStartHour: options.thresholds.workingHoursStart,
                                               workEndHour: options.thresholds.workingHoursEnd),
            contributors: CrossTeam.contributors(attributed),
            monthly: CrossTeam.monthly(attributed, owner: ownership.team, since: options.window.since, through: windowEnd),
            teamFlows: flows, findings: findings.sorted { ($0.kind.rawValue, $0.message) < ($1.kind.rawValue, $1.message) },
            // Quoted lines of documents may name people: pseudonymised outputs keep only paths and lines.
            hygiene: options.pseudonymizer == nil ? hygiene : hygiene.withoutExcerpts(),
            rosterGiven: roster != nil,
            commitsByRosterPeople: roster == nil ? 0 : CrossTeam.counted(attributed).filter { !$0.author.team.isUnaffiliated }.count,
            reviewedCommits: reviewedCommits, changeRequests: requests.changeRequests)
        var measuredWithComponents = measured
        if let components {
            measuredWithComponents.components = componentFigures(components.rules, files: componentFiles, commits: attributed,
                                                                 touches: touches, options: options, windowEnd: windowEnd,
                                                                 repository: name, changeRequests: requests.changeRequests,
                                                                 landedCommits: requests.landedCommits)
            measuredWithComponents.declaredShare = options.declaredShare
        }
        let analysis = RepositoryAnalysis(scoring: measuredWithComponents, asOf: options.asOf, since: options.window.since,
                                          until: options.window.until, thresholds: options.thresholds)
        var identities = attributor.seen
        if options.pseudonymizer != nil {
            for document in result.snapshot.documents where CodeOwnersFile.locations.contains(document.path) {
                identities.insert(codeOwners: CodeOwnersFile(path: document.path, text: document.text))
            }
            // OWNERS files and configured components name people too.
            for rule in components?.rules.rules ?? [] where rule.source != .catalog {
                for owner in rule.owners { identities.insert(owner: owner) }
            }
        }
        return AnalysisOutcome(analysis: analysis, commitsRead: result.commitsRead, commitsFromCache: result.commitsFromStore,
                               cacheUse: result.cacheUse, cacheError: result.cacheError, identities: identities)
    }

    /// What change-request reconstruction gives one repository.
    struct ChangeRequestOutcome {
        var changeRequests: [ChangeRequest]
        var figures: ChangeRequestFigures
        var mergeLandings: [ObjectID: MergeLanding]
        var findings: [Finding]
        /// Changed files of heads that did not land whose blob is absent, and those heads.
        var absentRequestFiles = 0
        var absentRequestHeads = 0
        /// The positions (in the analysed commits) of each landed request's commits.
        var landedCommits: [String: [Int]] = [:]
    }

    /// Reconstructs the repository's change requests: the analysed history's first-parent chain, the
    /// request heads the repository keeps (their commits read afresh, without diffs), patch ids only for heads
    /// not landed otherwise, and the lines of the heads that did not land (what `lineCache` holds of the
    /// history's line counts is not counted again).
    static func reconstructChangeRequests(
        at path: String, heads: [ProposalHead], snapshot: RepositorySnapshot, commits: [AttributedCommit],
        links: [ChangeRequestLinks], attributor: inout Attributor, owner: Team?, options: RunOptions,
        store: (any ProposalFactStore)? = nil, revision: String? = nil, lineCache: BlobPairLineCache? = nil
    ) -> ChangeRequestOutcome {
        let repository = CommitCache.key(path: path, revision: revision)
        let scope = store.flatMap { store in
            heads.isEmpty ? nil : ProposalReading.readingContext(repositoryAt: path, paths: snapshot.paths).map { context in
                let own = snapshot.hasPromisor
                    ? context + "\n" + partialCloneContext(gitDirectory: snapshot.gitDirectory, repository: repository)
                    : context
                return ProposalFactScope(store: store, context: own, repository: repository)
            }
        }
        var analysed: Set<ObjectID> = []
        analysed.reserveCapacity(commits.count)
        for commit in commits { analysed.insert(commit.id) }
        var proposalCommits: [AttributedCommit] = [], proposalLinks: [ChangeRequestLinks] = []
        let failure = ProposalReading.commits(repositoryAt: path, heads: heads, isAnalysed: { analysed.contains($0) },
                                              scope: scope) { record in
            guard record.hasShowableDates else { return }
            proposalCommits.append(attributor.attribute(record, inWindow: options.window.contains(record.author.time)))
            proposalLinks.append(ChangeRequestLinks(record: record) { attributor.person($0, at: $1) })
        }
        analysed = []
        let graph = ChangeRequestGraph(ChangeRequestHistory(
            commits: commits, links: links, tip: snapshot.tip, heads: heads, proposalCommits: proposalCommits,
            proposalLinks: proposalLinks))
        let patchIDs = ProposalReading.patchIDs(repositoryAt: path, commits: graph.patchCandidates.flatMap { [$0.proposal, $0.chain] },
                                                scope: scope)
        let counted = ProposalReading.lineChanges(
            repositoryAt: path, heads: graph.unlandedHeads(patchIDs: patchIDs, window: options.window),
            attributesAt: snapshot.tip, tipPaths: snapshot.paths, scope: scope, lineCache: lineCache)
        // A head's change with a blob absent has unknown lines, not the sum of the files that could be read.
        var lineChanges: [String: (added: Int, deleted: Int)?] = [:]
        var absentFiles = 0, absentHeads: [String] = []
        for (ref, lines) in counted {
            guard let lines else {
                lineChanges[ref] = .some(nil)
                continue
            }
            if lines.absentFiles > 0 {
                absentFiles += lines.absentFiles
                absentHeads.append(ref)
                lineChanges[ref] = .some(nil)
            } else {
                lineChanges[ref] = (lines.added, lines.deleted)
            }
        }
        let extraLines = ProposalReading.linesOf(repositoryAt: path, commits: graph.commitsNeedingLines(window: options.window),
                                                 attributesAt: snapshot.tip, tipPaths: snapshot.paths)
        let reconstruction = graph.reconstruct(
            patchIDs: patchIDs, lineChanges: lineChanges, extraLines: extraLines, owner: owner,
            staleAfterDays: options.staleAfterDays, asOf: options.asOf, window: options.window)
        var findings: [Finding] = []
        var unreadable = reconstruction.unreadableHeads.count
        if let failure {
            unreadable = heads.count
            findings.append(Finding(kind: .unreadableRequestHeads,
                                    message: "the \(Format.count(heads.count, "request head")) could not be read (\(failure)): proposals that never landed are not counted",
                                    count: heads.count, examples: heads.prefix(5).map(\.ref)))
        } else if unreadable > 0 {
            findings.append(Finding(kind: .unreadableRequestHeads,
                                    message: "\(Format.count(unreadable, "request head")) point at commits absent from this clone: they are in no change-request figure",
                                    count: unreadable, examples: reconstruction.unreadableHeads.prefix(5).map(\.ref)))
        }
        if absentFiles > 0 {
            absentHeads.sort()
            findings.append(Finding(kind: .missingBlobs,
                                    message: "\(Format.count(absentFiles, "changed file")) in \(Format.count(absentHeads.count, "request head")) that did not land have no blob in this clone: those requests' lines are unknown",
                                    count: absentFiles, examples: Array(absentHeads.prefix(5))))
        }
        let figures = ChangeRequestFigures.compute(
            reconstruction.changeRequests, owner: owner, headsFound: reconstruction.headsFound,
            headsLanded: reconstruction.headsLanded, unreadableHeads: unreadable)
        return ChangeRequestOutcome(changeRequests: reconstruction.changeRequests, figures: figures,
                                    mergeLandings: reconstruction.mergeLandings, findings: findings,
                                    absentRequestFiles: absentFiles, absentRequestHeads: absentHeads.count,
                                    landedCommits: reconstruction.landedCommits)
    }

    /// What keeps a partial clone's change-request facts to itself: another repository's answers would hide
    /// what it lacks, while its own (complete ones only are kept) are what it read from its own objects. The
    /// object folder's identity (device and inode) is part of it, so that a clone made again at the same path
    /// (with fewer blobs) does not take the facts of the one before, unless the file system gave the new
    /// folder the old one's inode.
    static func partialCloneContext(gitDirectory: String, repository: String) -> String {
        let objects = (gitDirectory.hasSuffix("/") ? gitDirectory : gitDirectory + "/") + "objects"
        let attributes = try? FileManager.default.attributesOfItem(atPath: objects)
        let device = (attributes?[.systemNumber] as? NSNumber)?.uint64Value ?? 0
        let inode = (attributes?[.systemFileNumber] as? NSNumber)?.uint64Value ?? 0
        return "partial clone=\(repository) objects=\(device):\(inode)"
    }

    /// The name of a repository analysed on its own: the last part of its `origin` remote's URL (or the first
    /// remote's), without `.git`, when it has one; else the folder name of the work tree, or of a bare
    /// repository without its `.git` suffix (a mirror in a folder called `repo` is better named by its remote).
    static func repositoryName(_ snapshot: RepositorySnapshot) -> String {
        let remote = snapshot.remotes.first { $0.name == "origin" } ?? snapshot.remotes.first
        if let url = remote?.url, let name = name(fromRemoteURL: url) { return name }
        return folderName(snapshot)
    }

    /// `https://host/org/app.git`, `git@host:org/app`, `/srv/git/app.git/` → `app`; nil when nothing is left.
    static func name(fromRemoteURL url: String) -> String? {
        var path = url
        while path.hasSuffix("/") { path.removeLast() }
        var last = String(path.split(whereSeparator: { $0 == "/" || $0 == ":" || $0 == "\\" }).last ?? "")
        if last.hasSuffix(".git") { last.removeLast(4) }
        return last.isEmpty || last == "." || last == ".." ? nil : last
    }

    static func folderName(_ snapshot: RepositorySnapshot) -> String {
        var components = snapshot.gitDirectory.split(separator: "/").map(String.init)
        if !snapshot.isBare, components.last == ".git" { components.removeLast() }
        guard var name = components.last else { return snapshot.path }
        if snapshot.isBare, name.hasSuffix(".git"), name.count > 4 { name.removeLast(4) }
        return name
    }
}
