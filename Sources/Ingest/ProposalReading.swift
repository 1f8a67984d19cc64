import Foundation
import Git
import InnerSourceModel


/// Reads what change-request reconstruction asks of git beyond the analysed history: the heads' own
/// commits, patch ids, and the lines of a proposal's change. Heads are listed afresh on every run (a head may
/// move or vanish); what was computed from their objects may come from a `ProposalFactStore`; nothing here
/// throws for a head that cannot be read: reconstruction reports it.
public enum ProposalReading {
    /// Runs `body`, the reading of heads and what they reach, under a bounded pack mapping (`PackMapping`):
    /// a head's objects lie all over the pack, and mapped whole every page touched would stay resident.
    public static func withBoundedPackMapping<T>(_ body: () throws -> T) rethrows -> T {
        try PackMapping.bounded(body)
    }

    /// The request heads of the repository at `path`, sorted by number; none when the refs cannot be listed.
    public static func heads(repositoryAt path: String) -> [ProposalHead] {
        guard let repository = try? GitRepository(path: path) else { return [] }
        return (try? repository.proposalHeads()) ?? []
    }

    /// The commits reachable from any of `heads` and not in the analysed history, without files: a walk from
    /// the heads that stops at every commit `isAnalysed` knows (the analysed revision's history, read before),
    /// so that only the heads' own commits are read, each handed to `deliver` as it is read (a fork's heads
    /// can hold more commits than the history). Heads whose commit is absent are left out (their commits
    /// are then unknown to reconstruction, which reports them).
    /// - Returns: why the heads' commits could not be read at all; nil when they were.
    /// With a `scope`, the commits the repository's last run read are taken from its store instead of read
    /// again (while the repository holds them), and what this run delivers replaces them (no write when it is
    /// exactly what the store held).
    public static func commits(repositoryAt path: String, heads: [ProposalHead], isAnalysed: (ObjectID) -> Bool,
                               scope: ProposalFactScope? = nil, deliver: (CommitRecord) -> Void) -> String? {
        guard !heads.isEmpty else { return nil }
        let repository: GitRepository
        do {
            repository = try GitRepository(path: path)
        } catch {
            return "\(error)"
        }
        guard repository.shallowBoundary.isEmpty else { return "a shallow clone: request heads are not read" }
        do {
            guard let scope else {
                try HistoryReader.readCommits(repositoryAt: path, from: heads.map(\.tip), isKnown: isAnalysed) { record, _ in
                    deliver(record)
                }
                return nil
            }
            // The records read afresh, and the ids of those the store gave (its own records stand for them).
            var fresh: [CommitRecord] = [], fromStore: [ObjectID] = []
            let stored = scope.store.storedProposalCommits(repository: scope.repository, context: scope.context)
            try HistoryReader.readCommits(repositoryAt: path, from: heads.map(\.tip), isKnown: isAnalysed,
                                          stored: stored) { record, isStored in
                if isStored { fromStore.append(record.id) } else { fresh.append(record) }
                deliver(record)
            }
            // A run whose heads reach exactly what the store holds (nothing new: every record taken from it)
            // has nothing to write.
            if !fresh.isEmpty || fromStore.count != stored.count {
                scope.store.keepProposalCommits(fresh + fromStore.compactMap { stored[$0] },
                                                repository: scope.repository, context: scope.context)
            }
            return nil
        } catch {
            return "\(error)"
        }
    }

    /// The reading context of the repository at `path` for the given paths at its analysed revision (what
    /// keys a `ProposalFactStore`'s entries); nil when the repository cannot be opened.
    public static func readingContext(repositoryAt path: String, paths: [String]) -> String? {
        guard let repository = try? GitRepository(path: path) else { return nil }
        return repository.readingContext(paths: paths)
    }

    /// The stable patch id of each commit (`git patch-id --stable`); a commit whose patch cannot be read
    /// (objects absent, a merge) has none. Those the `scope`'s store knows are not computed again; those
    /// computed are kept there.
    public static func patchIDs(repositoryAt path: String, commits: [ObjectID], scope: ProposalFactScope? = nil) -> [ObjectID: ObjectID] {
        let wanted = Set(commits)
        guard !wanted.isEmpty else { return [:] }
        var result: [ObjectID: ObjectID] = [:]
        if let scope { result = scope.store.storedPatchIDs(of: wanted.sorted(), context: scope.context) }
        let missing = wanted.filter { result[$0] == nil }.sorted()
        guard !missing.isEmpty else { return result }
        // One diff each: on every core, each worker with its own handle taking every n-th commit.
        let workers = min(ProcessInfo.processInfo.activeProcessorCount, max(1, missing.count / 16))
        let lock = NSLock()
        nonisolated(unsafe) var computed: [ObjectID: ObjectID] = [:]
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            guard let repository = try? GitRepository(path: path) else { return }
            var mine: [ObjectID: ObjectID] = [:]
            for commit in stride(from: worker, to: missing.count, by: workers).map({ missing[$0] }) {
                if let patch = (try? repository.patchID(of: commit)) ?? nil { mine[commit] = patch }
            }
            lock.lock()
            computed.merge(mine) { first, _ in first }
            lock.unlock()
        }
        if let scope, !computed.isEmpty { scope.store.keepPatchIDs(computed, context: scope.context) }
        result.merge(computed) { stored, _ in stored }
        return result
    }

    /// The lines of each head's change against its base, by ref, and the changed files whose blob is
    /// absent; nil for a head whose commits or trees cannot be read. Changes the `scope`'s store knows are
    /// not counted again; complete ones counted are kept there. File changes the `lineCache` holds (the
    /// history read's, `Ingestor.ingest`) are not counted again either.
    public static func lineChanges(repositoryAt path: String, heads: [(head: ProposalHead, base: ObjectID?)],
                                   attributesAt tip: ObjectID?, tipPaths: [String]?,
                                   scope: ProposalFactScope? = nil,
                                   lineCache: BlobPairLineCache? = nil) -> [String: (added: Int, deleted: Int, absentFiles: Int)?] {
        guard !heads.isEmpty else { return [:] }
        let pairs = heads.map { ProposalPair(base: $0.base, tip: $0.head.tip) }
        var stored: [ProposalPair: LineTotals] = [:]
        if let scope { stored = scope.store.storedLines(of: Array(Set(pairs)), context: scope.context) }
        // Each distinct change counted once (stacked heads and heads opened again share one).
        var toCount: [ProposalPair] = []
        var seen: Set<ProposalPair> = []
        for pair in pairs where stored[pair] == nil && seen.insert(pair).inserted { toCount.append(pair) }
        let counted = toCount.isEmpty ? [] : ((try? HistoryReader.lineChanges(
            repositoryAt: path, pairs: toCount.map { ($0.base, $0.tip) }, attributesAt: tip, tipPaths: tipPaths,
            lineCache: lineCache))
            ?? Array(repeating: nil, count: toCount.count))
        var fresh: [ProposalPair: (added: Int, deleted: Int, absentFiles: Int)?] = [:]
        for (pair, lines) in zip(toCount, counted) { fresh[pair] = lines }
        if let scope {
            var complete: [ProposalPair: LineTotals] = [:]
            for (pair, lines) in fresh {
                guard let lines, lines.absentFiles == 0 else { continue }
                complete[pair] = LineTotals(added: lines.added, deleted: lines.deleted)
            }
            if !complete.isEmpty { scope.store.keepLines(complete, context: scope.context) }
        }
        var result: [String: (added: Int, deleted: Int, absentFiles: Int)?] = [:]
        for (entry, pair) in zip(heads, pairs) {
            if let known = stored[pair] {
                result[entry.head.ref] = (known.added, known.deleted, 0)
            } else {
                result[entry.head.ref] = fresh[pair] ?? nil
            }
        }
        return result
    }

    /// The given commits read again with their line counts (they were read outside the window, without).
    public static func linesOf(repositoryAt path: String, commits: [ObjectID], attributesAt tip: ObjectID?,
                               tipPaths: [String]?) -> [ObjectID: (added: Int, deleted: Int)] {
        guard !commits.isEmpty,
              let records = try? HistoryReader.readCommits(repositoryAt: path, ids: commits, attributesAt: tip, tipPaths: tipPaths)
        else { return [:] }
        var result: [ObjectID: (added: Int, deleted: Int)] = [:]
        for record in records { result[record.id] = (record.linesAdded, record.linesDeleted) }
        return result
    }
}
