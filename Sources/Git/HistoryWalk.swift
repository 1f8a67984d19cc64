import Foundation
internal import Clibgit2
import InnerSourceModel

/// Enumerates the commits reachable from a tip, newest first. A full history goes through libgit2's
/// revision walk; a shallow clone's through our own walk, which stops at the boundary commits whose
/// parents git never fetched (libgit2 1.5's walk fails there).
enum HistoryWalk {
    /// Calls `visit` for each commit; `visit` returns false to stop early.
    /// - Parameter hidden: commits whose ancestry is left out (libgit2's hide; full histories only).
    static func forEach(in repository: GitRepository, from tip: git_oid, hiding hidden: [ObjectID] = [],
                        shallow: Set<ObjectID>, _ visit: (git_oid) throws -> Bool) throws {
        try forEach(in: repository, from: [tip], hiding: hidden, shallow: shallow, visit)
    }

    /// Calls `visit` once for each commit reachable from any of `tips`.
    static func forEach(in repository: GitRepository, from tips: [git_oid], hiding hidden: [ObjectID] = [],
                        shallow: Set<ObjectID>, _ visit: (git_oid) throws -> Bool) throws {
        if shallow.isEmpty {
            try revisionWalk(repository, from: tips, hiding: hidden, visit)
        } else {
            guard hidden.isEmpty else {
                throw GitError(code: .other(-1), function: "walk", subject: repository.gitDirectory,
                               message: "an incremental walk of a shallow clone is not supported")
            }
            try boundedWalk(repository, from: tips, shallow: shallow, visit)
        }
    }

    private static func revisionWalk(_ repository: GitRepository, from tips: [git_oid], hiding hidden: [ObjectID],
                                     _ visit: (git_oid) throws -> Bool) throws {
        guard let tip = tips.first else { return }
        var walk: OpaquePointer?
        try check(git_revwalk_new(&walk, repository.pointer), "git_revwalk_new", repository.gitDirectory)
        defer { git_revwalk_free(walk) }
        try check(git_revwalk_sorting(walk, GIT_SORT_NONE.rawValue), "git_revwalk_sorting")
        for start in tips {
            var start = start
            try check(git_revwalk_push(walk, &start), "git_revwalk_push", ObjectID(start).hex)
        }
        for id in hidden {
            guard var oid = id.gitOID else { continue }
            try check(git_revwalk_hide(walk, &oid), "git_revwalk_hide", id.hex)
        }
        var oid = git_oid()
        while true {
            let rc = git_revwalk_next(&oid, walk)
            if rc == GIT_ITEROVER.rawValue { return }
            if rc < 0 {
                // The walk's message does not say which commit failed: find it, so that the error
                // names the object a user has to look at.
                let walkError = GitError.from(rc, function: "git_revwalk_next", subject: "history of \(ObjectID(tip).hex)")
                throw tips.lazy.compactMap { firstUnreadableCommit(repository, from: $0) }.first ?? walkError
            }
            guard try visit(oid) else { return }
        }
    }

    /// The error of the first commit reachable from `tip` that cannot be read, if any. Used only once a
    /// walk has failed, to name the object.
    private static func firstUnreadableCommit(_ repository: GitRepository, from tip: git_oid) -> GitError? {
        var seen: Set<ObjectID> = [ObjectID(tip)]
        var pending = [tip]
        while var oid = pending.popLast() {
            var commit: OpaquePointer?
            let rc = git_commit_lookup(&commit, repository.pointer, &oid)
            if rc < 0 { return GitError.from(rc, function: "git_commit_lookup", subject: "commit \(ObjectID(oid).hex)") }
            defer { git_commit_free(commit) }
            for index in 0..<git_commit_parentcount(commit) {
                guard let parent = git_commit_parent_id(commit, index)?.pointee else { continue }
                if seen.insert(ObjectID(parent)).inserted { pending.append(parent) }
            }
        }
        return nil
    }

    /// Newest-first walk by committer time that treats `shallow` commits as roots.
    private static func boundedWalk(_ repository: GitRepository, from tips: [git_oid], shallow: Set<ObjectID>,
                                    _ visit: (git_oid) throws -> Bool) throws {
        var seen: Set<ObjectID> = []
        var queue = [(time: Int64, oid: git_oid)]()
        func push(_ oid: git_oid) throws {
            var oid = oid
            var commit: OpaquePointer?
            try check(git_commit_lookup(&commit, repository.pointer, &oid), "git_commit_lookup", ObjectID(oid).hex)
            defer { git_commit_free(commit) }
            queue.append((Int64(git_commit_time(commit)), oid))
        }
        for tip in tips where seen.insert(ObjectID(tip)).inserted { try push(tip) }
        while !queue.isEmpty {
            // The frontier of a history walk stays small: a linear scan for the newest is enough.
            var newest = 0
            for index in queue.indices where queue[index].time > queue[newest].time { newest = index }
            var (_, oid) = queue.remove(at: newest)
            guard try visit(oid) else { return }
            let id = ObjectID(oid)
            if shallow.contains(id) { continue }
            var commit: OpaquePointer?
            try check(git_commit_lookup(&commit, repository.pointer, &oid), "git_commit_lookup", id.hex)
            defer { git_commit_free(commit) }
            for index in 0..<git_commit_parentcount(commit) {
                guard let parent = git_commit_parent_id(commit, index)?.pointee else { continue }
                if seen.insert(ObjectID(parent)).inserted { try push(parent) }
            }
        }
    }
}

extension GitRepository {
    /// Whether any attribute file could mark a path binary or `-diff`: a `.gitattributes` in the work
    /// tree's root or anywhere in the tree of `tip` (for a work tree), `info/attributes`, or a configured
    /// `core.attributesFile`. Without one,
    /// per-path attribute look-ups are skipped.
    /// - Parameter paths: the paths at `tip` when the caller has listed them already; else they are listed.
    func mayHaveDiffAttributes(at tip: ObjectID, paths: [String]? = nil) -> Bool {
        if FileManager.default.fileExists(atPath: gitDirectory + "/info/attributes") { return true }
        if let config = try? snapshotConfig() {
            defer { git_config_free(config) }
            var value: UnsafePointer<CChar>?
            if git_config_get_string(&value, config, "core.attributesfile") == 0 { return true }
        }
        let home = ProcessInfo.processInfo.environment["XDG_CONFIG_HOME"]
            ?? (ProcessInfo.processInfo.environment["HOME"].map { $0 + "/.config" } ?? "")
        if !home.isEmpty && FileManager.default.fileExists(atPath: home + "/git/attributes") { return true }
        guard !isBare else { return false }
        // git reads the work tree's attribute files, committed or not.
        if let work = workDirectory, FileManager.default.fileExists(atPath: work + "/.gitattributes") { return true }
        guard let listed = paths ?? (try? listTree(of: tip, isDocument: { _ in false }))?.paths else { return false }
        return listed.contains { $0 == ".gitattributes" || $0.hasSuffix("/.gitattributes") }
    }
}

extension HistoryReader {
    /// How many commits the history of `revision` (nil for HEAD) holds, as `git rev-list --count` counts them:
    /// a walk without reading any commit's trees (a fraction of a second on 80,000 commits). nil when it
    /// cannot be counted (an empty repository, a shallow clone, damage): a progress display then shows no
    /// total.
    public static func countCommits(repositoryAt path: String, revision: String?) -> Int? {
        guard let repository = try? GitRepository(path: path), repository.shallowBoundary.isEmpty else { return nil }
        let tip = revision.map { try? repository.resolveCommit($0) } ?? (try? repository.head())?.commit
        guard let oid = tip?.gitOID else { return nil }
        var count = 0
        do {
            try HistoryWalk.forEach(in: repository, from: oid, shallow: []) { _ in
                count += 1
                return true
            }
        } catch {
            return nil
        }
        return count
    }
}
