import Foundation
import Git
import InnerSourceModel

/// The outcome of ingesting one repository, besides the stream of commit records.
public struct IngestResult: Sendable, Hashable {
    public var snapshot: RepositorySnapshot
    /// Commits reachable from the analysed revision.
    public var commitsWalked: Int
    /// Commits inside the window (delivered to the consumer).
    public var commitsInWindow: Int
    public var findings: [Finding]
    /// Commits read from the repository in this run, and commits taken from the store instead.
    public var commitsRead: Int = 0
    public var commitsFromStore: Int = 0
    public var cacheUse: CacheUse = .none
    /// Why the store could not be updated (the results are complete; the next run reads more).
    public var cacheError: String?
    /// OWNERS files and catalog descriptors at the analysed revision, in any folder (beside the documents
    /// of the snapshot), for the components; sorted by path.
    public var ownershipDocuments: [HeadDocument] = []
}

/// Ingest stage: opens a repository, takes the snapshot of its analysed revision and streams every commit
/// in the window to a consumer, collecting findings about missing or cut-off data on the way.
public enum Ingestor {
    /// How many example ids or paths a finding carries.
    static let exampleLimit = 5

    /// The version of what ingestion reads of a commit (its identities, trailers, files and lines), bumped
    /// whenever a reading rule changes, so that facts cached under an older rule are read again: 2, trailers
    /// as git reads them; 3, GitLab's `See merge request` line.
    public static let readingRulesVersion = 3

    /// - Parameter store: an incremental run's store: commits reachable from its tip are taken from it
    ///   instead of being read, and what is read is staged into it. The records delivered are exactly
    ///   those a read without a store gives (in another order).
    /// - Parameter treeRead: called once the tree at the tip is read, before the first commit is delivered,
    ///   with the snapshot so far and the ownership documents (so that commits can be placed in components
    ///   as they stream). Its binary paths and absent-file counts then hold the documents' only: the other
    ///   blobs at HEAD are classified while the history is read, and the result has them all.
    /// - Parameter lineCache: where the line counts of the history's file changes are kept, for the request
    ///   heads' line counting that follows (`ProposalReading.lineChanges`); nil: none kept.
    /// - Parameter classificationMemo: where the binary classification of the blobs at HEAD is found and
    ///   kept by the blobs it was made from; taken only when every one of them is in the repository.
    public static func ingest(
        repositoryAt path: String, options: IngestOptions = IngestOptions(), store: (any CommitFactStore)? = nil,
        lineCache: BlobPairLineCache? = nil, classificationMemo: (any BinaryClassificationMemo)? = nil,
        treeRead: ((RepositorySnapshot, [HeadDocument]) -> Void)? = nil,
        deliver: (CommitRecord) throws -> Void
    ) throws -> IngestResult {
        let repository = try open(path)
        let (head, tip) = try analysedRevision(of: repository, path: path, options: options)
        try refuseShallowIfAsked(repository, path: path, options: options)
        var snapshot = RepositorySnapshot(
            path: absolute(path), gitDirectory: repository.gitDirectory, isBare: repository.isBare,
            isShallow: repository.isShallow, hasPromisor: repository.hasPromisor, head: head,
            revision: options.revision ?? "HEAD", tip: tip, remotes: (try? repository.remotes()) ?? [],
            paths: [], documents: []
        )
        // A tag on a commit whose date no output can show is left out with its commit.
        snapshot.tags = ((try? repository.tags()) ?? []).filter { CommitRecord.showableTimes.contains($0.time) }
        let configuration = configurationFindings()
        guard let tip else {
            let empty = Finding(kind: .emptyRepository,
                                message: "the repository has no commits yet (branch \(head.branch ?? "HEAD") is unborn)",
                                count: 0, examples: [])
            return IngestResult(snapshot: snapshot, commitsWalked: 0, commitsInWindow: 0, findings: [empty] + configuration)
        }
        var ownershipDocuments: [HeadDocument] = []
        var toClassify: [GitRepository.BlobAtPath] = []
        var findings = try readTree(at: tip, of: repository, path: path, into: &snapshot, ownership: &ownershipDocuments,
                                    toClassify: &toClassify)
            + configuration
        // Telling binary files from text at HEAD reads every blob there: done on a thread of its own while the
        // history is read, since nothing needs it before the history has been read; or taken from the memo.
        let remembered = classificationMemo.flatMap { rememberedClassification(of: toClassify, in: repository, memo: $0) }
        let classification = remembered.map { PendingValue(ready: .success(($0, 0))) }
            ?? classifyLater(path: path, blobs: toClassify)
        treeRead?(snapshot, ownershipDocuments)
        let history: HistoryOutcome
        do {
            history = try readHistory(of: repository, path: path, tip: tip, paths: snapshot.paths, options: options,
                                      store: store, lineCache: lineCache, deliver: deliver)
        } catch {
            // A blob at HEAD that cannot be read stopped the run before the history was read, and still comes first.
            if case .failure(let classifying) = classification.value() {
                throw IngestError(repository: path, reason: .unreadableHistory, cause: classifying)
            }
            throw error
        }
        switch classification.value() {
        case .success(let classified):
            snapshot.binaryPaths.formUnion(classified.binaryPaths)
            snapshot.absentObjects.otherFiles += classified.absent
            // Only a classification that read every blob stands for these blobs in another clone.
            if let classificationMemo, remembered == nil, classified.absent == 0, !toClassify.isEmpty {
                classificationMemo.keepBinaryPaths(classified.binaryPaths, of: toClassify)
            }
        case .failure(let error):
            throw IngestError(repository: path, reason: .unreadableHistory, cause: error)
        }
        findings += history.findings(shallowBoundary: repository.shallowBoundary)
        history.missing.count(into: &snapshot.absentObjects)
        var result = IngestResult(snapshot: snapshot, commitsWalked: history.walked, commitsInWindow: history.inWindow,
                                  findings: findings.sorted { ($0.kind.rawValue, $0.message) < ($1.kind.rawValue, $1.message) })
        result.commitsRead = history.read
        result.commitsFromStore = history.fromStore
        result.cacheUse = history.cacheUse
        result.cacheError = history.cacheError
        result.ownershipDocuments = ownershipDocuments
        return result
    }

    /// The repository at `path`, or why it is none.
    static func open(_ path: String) throws(IngestError) -> GitRepository {
        do {
            return try GitRepository(path: path)
        } catch {
            throw IngestError(repository: path, reason: .notARepository, cause: error)
        }
    }

    /// The configuration files outside the repository that were read as absent, as one finding.
    static func configurationFindings() -> [Finding] {
        let unreadable = GitRepository.unreadableConfigurations
        guard !unreadable.isEmpty else { return [] }
        let described = unreadable.map { "\($0.path) (\($0.reason))" }.joined(separator: ", ")
        return [Finding(kind: .unreadableConfiguration,
                        message: "git configuration outside the repository cannot be read and was read as absent: \(described)",
                        count: unreadable.count, examples: unreadable.map(\.path).sorted())]
    }

    /// Where HEAD points, and the commit whose history is read (nil for an empty repository).
    static func analysedRevision(of repository: GitRepository, path: String,
                                 options: IngestOptions) throws(IngestError) -> (head: HeadState, tip: ObjectID?) {
        guard let revision = options.revision else {
            do {
                let head = try repository.head()
                return (head, head.commit)
            } catch {
                throw IngestError(repository: path, reason: .unreadableHistory, cause: error)
            }
        }
        let tip: ObjectID
        do {
            tip = try repository.resolveCommit(revision)
        } catch {
            throw IngestError(repository: path, reason: .unknownRevision, cause: error)
        }
        // HEAD is only a fact about the repository when another revision is analysed: a broken
        // HEAD does not stop the analysis of a readable one.
        return ((try? repository.head()) ?? .detached(commit: tip), tip)
    }

    static func refuseShallowIfAsked(_ repository: GitRepository, path: String, options: IngestOptions) throws(IngestError) {
        guard options.shallow == .fail, repository.isShallow else { return }
        let boundary = repository.shallowBoundary
        throw IngestError(repository: path, reason: .shallowClone,
                          cause: GitError(code: .other(-1), function: "shallow",
                                          subject: Format.count(boundary.count, "boundary commit"), message: "shallow clone"))
    }

    /// Lists the tree at `tip` into the snapshot (paths, documents, binary paths), with findings for the
    /// documents whose blobs are absent.
    static func readTree(at tip: ObjectID, of repository: GitRepository, path: String,
                         into snapshot: inout RepositorySnapshot, ownership: inout [HeadDocument],
                         toClassify: inout [GitRepository.BlobAtPath]) throws(IngestError) -> [Finding] {
        var listing: GitRepository.TreeListing
        do {
            listing = try repository.listTree(of: tip, classifyBinary: true, deferringClassification: true) {
                DocumentLocations.isDocument($0) || DocumentLocations.isOwnershipFile($0)
            }
        } catch {
            throw IngestError(repository: path, reason: .unreadableHistory, cause: error)
        }
        // Ownership files outside the documents' folders are not documents: the snapshot is as without them.
        ownership = listing.documents.filter { DocumentLocations.isOwnershipFile($0.path) }
        listing.documents.removeAll { !DocumentLocations.isDocument($0.path) }
        let missingOwnership = listing.missingDocuments.filter { !DocumentLocations.isDocument($0) }
        listing.missingDocuments.removeAll { !DocumentLocations.isDocument($0) }
        snapshot.binaryPaths = listing.binaryPaths
        toClassify = listing.blobsToClassify
        snapshot.paths = listing.paths
        snapshot.documents = listing.documents.filter { $0.path != ".mailmap" }
        snapshot.absentObjects.documents = listing.missingDocuments.count
        snapshot.absentObjects.otherFiles = listing.unclassifiedPaths + missingOwnership.count
        var findings: [Finding] = []
        if !missingOwnership.isEmpty {
            findings.append(Finding(kind: .missingBlobs,
                                    message: "ownership files at HEAD could not be read: their blobs are not in this clone, and their folders' components are decided without them",
                                    count: missingOwnership.count, examples: Array(missingOwnership.prefix(exampleLimit))))
        }
        let missingDocuments = listing.missingDocuments.filter { $0 != ".mailmap" }
        if !missingDocuments.isEmpty {
            findings.append(Finding(kind: .missingBlobs,
                                    message: "documents at HEAD could not be read: their blobs are not in this clone",
                                    count: missingDocuments.count,
                                    examples: Array(missingDocuments.prefix(exampleLimit))))
        }
        if listing.missingDocuments.contains(".mailmap") {
            findings.append(Finding(kind: .missingBlobs,
                                    message: "the .mailmap blob is not in this clone: identities it would merge are counted apart",
                                    count: 1, examples: [".mailmap"]))
        }
        return findings
    }

    /// The binary paths among `blobs` the memo keeps, when it keeps a classification of exactly these blobs
    /// and the repository has every one of them (what a clone lacks is counted as absent, as a read would).
    /// Having is not reading: a blob that is there but damaged is not read, as the cache's commits are not.
    static func rememberedClassification(of blobs: [GitRepository.BlobAtPath], in repository: GitRepository,
                                         memo: any BinaryClassificationMemo) -> Set<String>? {
        guard !blobs.isEmpty, let binary = memo.storedBinaryPaths(of: blobs),
              blobs.allSatisfy({ repository.hasObject($0.id) }) else { return nil }
        return binary
    }

    /// The binary classification of the blobs at HEAD `readTree` did not read, made on a thread of its own
    /// with its own repository handle.
    static func classifyLater(path: String, blobs: [GitRepository.BlobAtPath])
        -> PendingValue<Result<(binaryPaths: Set<String>, absent: Int), GitError>> {
        guard !blobs.isEmpty else { return PendingValue(ready: .success(([], 0))) }
        return PendingValue {
            do throws(GitError) {
                return .success(try GitRepository(path: path).classifyBinary(blobs))
            } catch {
                return .failure(error)
            }
        }
    }

    /// What reading a history gave besides the records.
    struct HistoryOutcome {
        var walked = 0
        var inWindow = 0
        var read = 0
        var fromStore = 0
        var cacheUse = CacheUse.none
        var cacheError: String?
        var missing = MissingData()
        /// Sorted.
        var undecodable: [ObjectID] = []
        /// Commits set aside for dates no output can show.
        var impossibleDates: Set<ObjectID> = []

        func findings(shallowBoundary shallow: Set<ObjectID>) -> [Finding] {
            var findings: [Finding] = []
            if !shallow.isEmpty {
                findings.append(Finding(kind: .shallowHistory,
                                        message: "shallow clone: history stops at \(Format.count(shallow.count, "boundary commit")); older commits are not counted",
                                        count: shallow.count, examples: Array(shallow.sorted().prefix(exampleLimit).map(\.hex))))
            }
            findings.append(contentsOf: missing.findings())
            if !impossibleDates.isEmpty {
                findings.append(Finding(
                    kind: .impossibleDates,
                    message: "\(Format.count(impossibleDates.count, "commit")) have an author or committer date that is no time from 1970 to 9999 (none, negative or too large): they are left out of every figure",
                    count: impossibleDates.count, examples: impossibleDates.sorted().prefix(exampleLimit).map(\.hex)))
            }
            if !undecodable.isEmpty {
                findings.append(Finding(kind: .undecodableText,
                                        message: "commits declare a text encoding that could not be decoded; their names and messages were read as UTF-8",
                                        count: undecodable.count,
                                        examples: undecodable.prefix(exampleLimit).map { $0.hex }))
            }
            return findings
        }
    }

    /// Streams the history of `tip` to `deliver`: read from the repository, taken from the store, or both
    /// (what the store holds is not read again), and what was read saved into the store.
    static func readHistory(of repository: GitRepository, path: String, tip: ObjectID, paths: [String],
                            options: IngestOptions, store: (any CommitFactStore)?, lineCache: BlobPairLineCache? = nil,
                            deliver: (CommitRecord) throws -> Void) throws -> HistoryOutcome {
        let shallow = repository.shallowBoundary
        let context = store == nil ? "" : repository.readingContext(paths: paths)
        // Nothing stored for this repository: another one of the same history (a fork, a mirror, a copy) may
        // have its facts. Never for a partial clone, whose absent objects a donor's facts would hide.
        var shared = false
        if let store, store.storedTip == nil, shallow.isEmpty, !repository.hasPromisor {
            shared = store.adoptSharedHistory(context: context) { candidate in
                candidate == tip || (repository.containsCommit(candidate) && repository.isAncestor(candidate, of: tip))
            }
        }
        let plan = IncrementalPlan(store: store, repository: repository, tip: tip, context: context, shallow: !shallow.isEmpty)
        var outcome = HistoryOutcome()
        outcome.cacheUse = shared ? .shared : plan.use
        func hand(_ record: CommitRecord) throws {
            guard record.hasShowableDates else {
                outcome.impossibleDates.insert(record.id)
                return
            }
            if record.inWindow {
                outcome.inWindow += 1
                outcome.missing.observe(record)
            }
            try deliver(record)
        }
        var report = HistoryReadReport()
        // In an extended read, the ids just read: a stored commit the walk delivered again is not counted twice.
        var readIDs: Set<ObjectID> = []
        if plan.use != .unchanged {
            do {
                var readOptions = HistoryReadOptions(
                    window: plan.storing ? .all : options.window, mergeStatistics: options.merges == .measure,
                    includeOutsideWindow: plan.storing || options.includeOutsideWindow,
                    threads: options.threads ?? ProcessInfo.processInfo.activeProcessorCount)
                readOptions.hidden = plan.hidden
                readOptions.detectRenames = options.renames == .detect
                report = try HistoryReader.read(repositoryAt: path, tip: tip, options: readOptions, tipPaths: paths,
                                                lineCache: lineCache) { record in
                    outcome.read += 1
                    if plan.use == .extended { readIDs.insert(record.id) }
                    guard plan.storing, let store else { return try hand(record) }
                    store.stage(record)
                    if let normalized = CommitNormalizer.normalize(record, for: options) { try hand(normalized) }
                }
            } catch let error as GitError {
                throw IngestError(repository: path, reason: .unreadableHistory, cause: error)
            }
        }
        var undecodable = report.undecodableCommits
        if let store, plan.use == .unchanged || plan.use == .extended {
            // The store's own errors go to the caller as they are: it knows the file behind them.
            try store.forEachStored { record, undecodableText in
                guard !readIDs.contains(record.id) else { return }
                outcome.fromStore += 1
                if undecodableText { undecodable.append(record.id) }
                if let normalized = CommitNormalizer.normalize(record, for: options) { try hand(normalized) }
            }
        }
        if let store, plan.storing {
            do {
                try store.save(tip: tip, context: context, replacing: plan.use != .extended,
                               undecodable: Set(report.undecodableCommits))
            } catch {
                outcome.cacheError = "\(error)"
            }
        }
        outcome.walked = report.walked + outcome.fromStore
        outcome.undecodable = undecodable.sorted()
        return outcome
    }

    static func absolute(_ path: String) -> String {
        let url = URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        return url.standardizedFileURL.path
    }
}

/// What an ingestion with a store reads: all of the history, what came after the stored tip, or nothing.
struct IncrementalPlan {
    var use: CacheUse
    var hidden: [ObjectID] = []

    init(store: (any CommitFactStore)?, repository: GitRepository, tip: ObjectID, context: String, shallow: Bool) {
        guard let store else {
            use = .none
            return
        }
        if shallow {
            use = .bypassed
        } else if let stored = store.storedTip {
            if store.storedContext != context {
                // Identities or binary rules changed: what was read under the old ones is stale.
                use = .rewritten
            } else if stored == tip {
                use = .unchanged
            } else if repository.isAncestor(stored, of: tip) {
                use = .extended
                hidden = [stored]
            } else {
                use = .rewritten
            }
        } else {
            use = .cold
        }
    }

    /// Whether what is read goes into the store (with full facts, whatever the window).
    var storing: Bool { use == .cold || use == .extended || use == .rewritten }
}

/// Counts what the records say is missing: blobs behind line counts, trees behind changed files.
struct MissingData {
    private var blobFiles = 0
    private var blobCommits: Set<ObjectID> = []
    private var treeCommits: Set<ObjectID> = []
    /// The smallest few examples seen, whatever the order commits come in.
    private var blobExamples: [String] = []

    mutating func observe(_ record: CommitRecord) {
        if !record.filesKnown { treeCommits.insert(record.id) }
        var hit = false
        for file in record.files where file.lines == .missing {
            blobFiles += 1
            hit = true
            keepSmallest("\(record.id.short):\(file.path)")
        }
        if hit { blobCommits.insert(record.id) }
    }

    private mutating func keepSmallest(_ example: String) {
        if blobExamples.count == Ingestor.exampleLimit, let largest = blobExamples.last, example >= largest { return }
        let index = blobExamples.firstIndex { $0 >= example } ?? blobExamples.endIndex
        if index < blobExamples.endIndex, blobExamples[index] == example { return }
        blobExamples.insert(example, at: index)
        if blobExamples.count > Ingestor.exampleLimit { blobExamples.removeLast() }
    }

    /// Adds what was counted to the snapshot's absent objects.
    func count(into absent: inout AbsentObjects) {
        absent.changedFiles = blobFiles
        absent.commitsWithUnknownLines = blobCommits.count
        absent.commitsWithUnknownFiles = treeCommits.count
    }

    func findings() -> [Finding] {
        var result: [Finding] = []
        if blobFiles > 0 {
            result.append(Finding(
                kind: .missingBlobs,
                message: "unknown line counts for \(Format.count(blobFiles, "changed file")) in \(Format.count(blobCommits.count, "commit")): their blobs are not in this clone (partial clone or blobs left out); commits are still counted",
                count: blobFiles, examples: Array(blobExamples.sorted().prefix(Ingestor.exampleLimit))))
        }
        if !treeCommits.isEmpty {
            result.append(Finding(
                kind: .missingTrees,
                message: "unknown changed files in \(Format.count(treeCommits.count, "commit")): their trees are not in this partial clone",
                count: treeCommits.count, examples: Array(treeCommits.sorted().prefix(Ingestor.exampleLimit).map(\.hex))))
        }
        return result
    }
}
