internal import Clibgit2
import InnerSourceModel

extension GitRepository {
    /// The pull and merge request heads the repository keeps (`refs/pull/N/head`,
    /// `refs/merge-requests/N/head`, and the newest patch set of each Gerrit change under `refs/changes/`),
    /// sorted by number. A ref that names no commit id (a symbolic ref, a tag object) is peeled to its commit;
    /// one whose object is absent, or whose header names a commit that cannot be read, keeps the id it names
    /// (reading it later reports the head as unreadable).
    public func proposalHeads() throws(GitError) -> [ProposalHead] {
        var newest: [ChangeRequestNumber: (patchSet: Int, head: ProposalHead)] = [:]
        var odb: OpaquePointer?
        try check(git_repository_odb(&odb, pointer), "git_repository_odb", gitDirectory)
        defer { git_odb_free(odb) }
        for glob in ["refs/pull/*", "refs/merge-requests/*", "refs/changes/*"] {
            var iterator: OpaquePointer?
            try check(git_reference_iterator_glob_new(&iterator, pointer, glob), "git_reference_iterator_glob_new", gitDirectory)
            defer { git_reference_iterator_free(iterator) }
            var reference: OpaquePointer?
            while git_reference_next(&reference, iterator) == 0 {
                defer { git_reference_free(reference) }
                let name = decodeText(git_reference_name(reference))
                guard let (number, patchSet) = ProposalHead.parse(ref: name) else { continue }
                guard let tip = commitID(of: reference, in: odb) else { continue }
                if let known = newest[number], known.patchSet >= patchSet { continue }
                newest[number] = (patchSet, ProposalHead(ref: name, number: number, tip: tip))
            }
        }
        return newest.values.map(\.head).sorted { $0.number < $1.number }
    }

    /// The commit a ref points at: its direct target when that is a commit (or absent), else what it peels to.
    /// The target's type comes from its object header (a mirror keeps thousands of heads: their commits are
    /// not inflated here).
    private func commitID(of reference: OpaquePointer?, in odb: OpaquePointer?) -> ObjectID? {
        if let target = git_reference_target(reference) {
            var oid = target.pointee
            var size = 0
            var type = GIT_OBJECT_INVALID
            let rc = git_odb_read_header(&size, &type, odb, &oid)
            if rc == GIT_ENOTFOUND.rawValue { return ObjectID(oid) }
            if rc == 0, type == GIT_OBJECT_COMMIT { return ObjectID(oid) }
        }
        var peeled: OpaquePointer?
        guard git_reference_peel(&peeled, reference, GIT_OBJECT_COMMIT) == 0 else { return nil }
        defer { git_object_free(peeled) }
        return ObjectID(git_object_id(peeled).pointee)
    }

    /// The stable patch id of a commit against its first parent (the empty tree for a root commit), as
    /// `git patch-id --stable` computes it from the commit's diff without rename detection; nil for a merge.
    /// - Throws: when the commit, its trees or a blob cannot be read.
    public func patchID(of commit: ObjectID) throws(GitError) -> ObjectID? {
        guard var oid = commit.gitOID else {
            throw GitError(code: .notFound, function: "patchID", subject: commit.hex, message: "not an object id")
        }
        var object: OpaquePointer?
        try check(git_commit_lookup(&object, pointer, &oid), "git_commit_lookup", commit.hex)
        defer { git_commit_free(object) }
        let parents = git_commit_parentcount(object)
        guard parents <= 1 else { return nil }
        var newTree: OpaquePointer?
        try check(git_commit_tree(&newTree, object), "git_commit_tree", commit.hex)
        defer { git_tree_free(newTree) }
        var oldTree: OpaquePointer?
        if parents == 1 {
            var parent: OpaquePointer?
            try check(git_commit_parent(&parent, object, 0), "git_commit_parent", commit.hex)
            defer { git_commit_free(parent) }
            try check(git_commit_tree(&oldTree, parent), "git_commit_tree", commit.hex)
        }
        defer { git_tree_free(oldTree) }
        var diff: OpaquePointer?
        try check(git_diff_tree_to_tree(&diff, pointer, oldTree, newTree, nil), "git_diff_tree_to_tree", commit.hex)
        defer { git_diff_free(diff) }
        var result = git_oid()
        try check(git_diff_patchid(&result, diff, nil), "git_diff_patchid", commit.hex)
        return ObjectID(result)
    }
}

extension GitRepository {
    /// Whether the object database holds the object (without reading it).
    public func hasObject(_ id: ObjectID) -> Bool {
        guard var oid = id.gitOID else { return false }
        var odb: OpaquePointer?
        guard git_repository_odb(&odb, pointer) == 0 else { return false }
        defer { git_odb_free(odb) }
        return git_odb_exists(odb, &oid) == 1
    }

    /// Whether the commit is in the object database (a partial or damaged clone may lack it).
    public func containsCommit(_ id: ObjectID) -> Bool {
        guard var oid = id.gitOID else { return false }
        var commit: OpaquePointer?
        guard git_commit_lookup(&commit, pointer, &oid) == 0 else { return false }
        git_commit_free(commit)
        return true
    }
}

extension HistoryReader {
    /// Reads, without files, the commits reachable from `tips` and not known already: a walk from each tip
    /// through parents that stops at a commit `isKnown` says was read before (the analysed history), so that
    /// only the tips' own commits are read, whatever the length of the history below them. A commit that
    /// cannot be read ends its branch of the walk (it and what it stands on stay unknown).
    /// - Parameter stored: records read before (by an earlier run), taken instead of reading the commit again
    ///   when the commit is still in the repository.
    /// - Parameter deliver: each record, and whether it was taken from `stored`.
    public static func readCommits(repositoryAt path: String, from tips: [ObjectID], isKnown: (ObjectID) -> Bool,
                                   stored: [ObjectID: CommitRecord] = [:], deliver: (CommitRecord, _ fromStore: Bool) -> Void) throws {
        let repository = try GitRepository(path: path)
        var options = HistoryReadOptions(window: .all, includeOutsideWindow: true, threads: 1)
        options.readsFiles = false
        let reader = try CommitReader(repository: repository, options: options, shallowBoundary: repository.shallowBoundary,
                                      checksAttributes: false, hasPromisor: repository.hasPromisor)
        var seen: Set<ObjectID> = []
        var stack = tips.filter { !isKnown($0) && seen.insert($0).inserted }
        while let next = stack.popLast() {
            // A stored record stands for the commit only while the commit is there: a fresh read of a commit
            // that is gone ends its branch, and so does this.
            let known = stored[next].flatMap { repository.hasObject(next) ? $0 : nil }
            guard let record = known ?? next.gitOID.flatMap({ (try? reader.read($0)) ?? nil }) else { continue }
            for parent in record.parents where !isKnown(parent) && seen.insert(parent).inserted {
                stack.append(parent)
            }
            deliver(record, known != nil)
        }
    }

    /// Reads the given commits with their changed files and line counts whatever their date (for
    /// commits read before without lines that a later stage needs measured). A commit that cannot be read
    /// is left out.
    public static func readCommits(repositoryAt path: String, ids: [ObjectID], attributesAt tip: ObjectID?,
                                   tipPaths: [String]? = nil) throws -> [CommitRecord] {
        guard !ids.isEmpty else { return [] }
        let repository = try GitRepository(path: path)
        let attributes = tip.map { repository.mayHaveDiffAttributes(at: $0, paths: tipPaths) } ?? false
        let reader = try CommitReader(repository: repository, options: HistoryReadOptions(threads: 1),
                                      shallowBoundary: repository.shallowBoundary, checksAttributes: attributes,
                                      hasPromisor: repository.hasPromisor)
        return ids.compactMap { id in
            guard let oid = id.gitOID else { return nil }
            return (try? reader.read(oid)) ?? nil
        }
    }
}
