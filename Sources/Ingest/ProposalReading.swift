import Git
import InnerSourceModel


/// Reads what change-request reconstruction asks of git beyond the analysed history: the heads' own
/// commits, patch ids, and the lines of a proposal's change. Heads and their commits are read afresh on
/// every run (a head may move or vanish); nothing here throws for a head that cannot be read: reconstruction
/// reports it.
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
    public static func commits(repositoryAt path: String, heads: [ProposalHead], isAnalysed: (ObjectID) -> Bool,
                               deliver: (CommitRecord) -> Void) -> String? {
        guard !heads.isEmpty else { return nil }
        let repository: GitRepository
        do {
            repository = try GitRepository(path: path)
        } catch {
            return "\(error)"
        }
        guard repository.shallowBoundary.isEmpty else { return "a shallow clone: request heads are not read" }
        do {
            try HistoryReader.readCommits(repositoryAt: path, from: heads.map(\.tip), isKnown: isAnalysed, deliver: deliver)
            return nil
        } catch {
            return "\(error)"
        }
    }

    /// The stable patch id of each commit (`git patch-id --stable`); a commit whose patch cannot be read
    /// (objects absent, a merge) has none.
    public static func patchIDs(repositoryAt path: String, commits: [ObjectID]) -> [ObjectID: ObjectID] {
        guard !commits.isEmpty, let repository = try? GitRepository(path: path) else { return [:] }
        var result: [ObjectID: ObjectID] = [:]
        for commit in Set(commits) {
            if let patch = (try? repository.patchID(of: commit)) ?? nil { result[commit] = patch }
        }
        return result
    }

    /// The lines of each head's change against its base, by ref, and the changed files whose blob is
    /// absent; nil for a head whose commits or trees cannot be read.
    public static func lineChanges(repositoryAt path: String, heads: [(head: ProposalHead, base: ObjectID?)],
                                   attributesAt tip: ObjectID?, tipPaths: [String]?) -> [String: (added: Int, deleted: Int, absentFiles: Int)?] {
        guard !heads.isEmpty else { return [:] }
        let counted = (try? HistoryReader.lineChanges(
            repositoryAt: path, pairs: heads.map { ($0.base, $0.head.tip) }, attributesAt: tip, tipPaths: tipPaths))
            ?? Array(repeating: nil, count: heads.count)
        var result: [String: (added: Int, deleted: Int, absentFiles: Int)?] = [:]
        for (entry, lines) in zip(heads, counted) { result[entry.head.ref] = lines }
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
