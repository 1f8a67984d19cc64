import Foundation
internal import Clibgit2
import InnerSourceModel

/// Reads commits through one repository handle into `CommitRecord`s: signatures resolved through
/// `.mailmap`, trailers, co-authors, and the changed files with line counts against the first parent,
/// counted exactly as `git log --numstat --no-renames` counts them.
///
/// Not thread-safe: each thread makes its own reader on its own `GitRepository`.
final class CommitReader {
    private let repository: GitRepository
    private let options: HistoryReadOptions
    private let shallowBoundary: Set<ObjectID>
    private let mailmap: OpaquePointer?
    private let checksAttributes: Bool
    private let isPartialClone: Bool
    private var binaryByAttributes: [String: Bool] = [:]
    /// Whether the commit being read gets line counts (inside the window) or paths only.
    private var countsLines = true
    /// Commits whose declared encoding could not be decoded; their text was repaired as UTF-8.
    private(set) var undecodableCommits: [ObjectID] = []

    init(repository: GitRepository, options: HistoryReadOptions, shallowBoundary: Set<ObjectID>,
         checksAttributes: Bool, isPartialClone: Bool) throws(GitError) {
        self.repository = repository
        self.options = options
        self.shallowBoundary = shallowBoundary
        self.checksAttributes = checksAttributes
        self.isPartialClone = isPartialClone
        var mailmap: OpaquePointer?
        try check(git_mailmap_from_repository(&mailmap, repository.pointer), "git_mailmap_from_repository",
                  repository.gitDirectory)
        self.mailmap = mailmap
    }

    deinit {
        git_mailmap_free(mailmap)
    }

    /// The record of commit `oid`; for one outside the window, nil, or a record without files when
    /// `includeOutsideWindow` asks for it.
    func read(_ oid: git_oid) throws(GitError) -> CommitRecord? {
        var oid = oid
        let id = ObjectID(oid)
        var commit: OpaquePointer?
        try check(git_commit_lookup(&commit, repository.pointer, &oid), "git_commit_lookup", id.hex)
        defer { git_commit_free(commit) }

        guard let rawAuthor = git_commit_author(commit), let rawCommitter = git_commit_committer(commit) else {
            throw GitError(code: .other(-1), function: "git_commit_author", subject: id.hex, message: "commit has no author or committer")
        }
        let authorTime = Int64(rawAuthor.pointee.when.time)
        let inWindow = options.window.contains(authorTime)
        guard inWindow || options.includeOutsideWindow else { return nil }

        var decoder = TextDecoder(encodingName: git_commit_message_encoding(commit).map { String(cString: $0) })
        let author = signature(rawAuthor.pointee, decoder: &decoder)
        let committer = signature(rawCommitter.pointee, decoder: &decoder)
        let message = decoder.decode(git_commit_message(commit))
        let summary = decoder.decode(git_commit_summary(commit))
        if decoder.failed { undecodableCommits.append(id) }

        let trailers = parseTrailers(message)
        var coAuthors: [Identity] = []
        var seen: Set<String> = [author.identity.key]
        for trailer in trailers where trailer.isKind(.coAuthoredBy) {
            guard let named = Identity.parse(trailer.value) else { continue }
            let resolved = resolve(named)
            if seen.insert(resolved.key).inserted { coAuthors.append(resolved) }
        }

        let isBoundary = shallowBoundary.contains(id)
        let parentCount = isBoundary ? 0 : Int(git_commit_parentcount(commit))
        let parents = (0..<parentCount).compactMap { index in
            git_commit_parent_id(commit, UInt32(index)).map { ObjectID($0.pointee) }
        }

        var files: [FileChange] = []
        var filesKnown = true
        // Outside the window a non-merge commit's paths are still read (cheap: no blob is loaded), for
        // measures over the whole history such as the truck factor.
        let countsLines = inWindow
        if parentCount <= 1 || (inWindow && options.mergeStatistics) {
            do {
                files = try changedFiles(of: commit, firstParent: parentCount > 0 ? 0 : nil, countsLines: countsLines)
            } catch let error where error.isNotFound && isPartialClone {
                filesKnown = false
            }
        }
        return CommitRecord(
            id: id, parents: parents, author: author, committer: committer, summary: summary,
            trailers: trailers, coAuthors: coAuthors, files: files, filesKnown: filesKnown, inWindow: inWindow
        )
    }

    // MARK: identities and message

    private func signature(_ raw: git_signature, decoder: inout TextDecoder) -> Signature {
        let identity: Identity
        if decoder.isUTF8 {
            identity = resolve(rawName: raw.name, rawEmail: raw.email)
        } else {
            identity = resolve(Identity(name: decoder.decode(raw.name), email: decoder.decode(raw.email)))
        }
        return Signature(identity: identity, time: Int64(raw.when.time), offsetMinutes: Int(raw.when.offset))
    }

    /// Applies `.mailmap` to raw bytes, as git does before any re-encoding of UTF-8 commits.
    private func resolve(rawName: UnsafeMutablePointer<CChar>?, rawEmail: UnsafeMutablePointer<CChar>?) -> Identity {
        var name: UnsafePointer<CChar>?
        var email: UnsafePointer<CChar>?
        if git_mailmap_resolve(&name, &email, mailmap, rawName ?? emptyCString, rawEmail ?? emptyCString) == 0 {
            return Identity(name: decodeText(name), email: decodeText(email))
        }
        return Identity(name: decodeText(rawName), email: decodeText(rawEmail))
    }

    private func resolve(_ identity: Identity) -> Identity {
        identity.name.withCString { name in
            identity.email.withCString { email in
                var outName: UnsafePointer<CChar>?
                var outEmail: UnsafePointer<CChar>?
                guard git_mailmap_resolve(&outName, &outEmail, mailmap, name, email) == 0 else { return identity }
                return Identity(name: decodeText(outName), email: decodeText(outEmail))
            }
        }
    }

    private func parseTrailers(_ message: String) -> [Trailer] {
        var array = git_message_trailer_array()
        guard git_message_trailers(&array, message) == 0 else { return [] }
        defer { git_message_trailer_array_free(&array) }
        return (0..<array.count).map { index in
            let trailer = array.trailers[index]
            return Trailer(key: decodeText(trailer.key), value: decodeText(trailer.value))
        }
    }

    // MARK: changed files

    private func changedFiles(of commit: OpaquePointer?, firstParent: Int?, countsLines: Bool) throws(GitError) -> [FileChange] {
        self.countsLines = countsLines
        var newTree: OpaquePointer?
        try check(git_commit_tree(&newTree, commit), "git_commit_tree", ObjectID(git_commit_id(commit).pointee).hex)
        defer { git_tree_free(newTree) }
        var oldTree: OpaquePointer?
        if firstParent != nil {
            var parent: OpaquePointer?
            try check(git_commit_parent(&parent, commit, 0), "git_commit_parent",
                      git_commit_parent_id(commit, 0).map { ObjectID($0.pointee).hex } ?? "")
            defer { git_commit_free(parent) }
            try check(git_commit_tree(&oldTree, parent), "git_commit_tree", ObjectID(git_commit_id(parent).pointee).hex)
        }
        defer { git_tree_free(oldTree) }
        var changes: [FileChange] = []
        try compare(old: oldTree, new: newTree, prefix: "", into: &changes)
        if options.detectRenames, changes.contains(where: { $0.kind == .added }), changes.contains(where: { $0.kind == .deleted }) {
            try pairRenames(&changes, old: oldTree, new: newTree)
        }
        return changes
    }

    /// Replaces each deleted and added pair that libgit2's similarity search (git's `-M`: renames of at
    /// least 50% similarity, exact ones first, up to 1000 candidates like `diff.renameLimit`) calls a
    /// rename by one `renamed` change at the new path, with the lines of old against new.
    private func pairRenames(_ changes: inout [FileChange], old: OpaquePointer?, new: OpaquePointer?) throws(GitError) {
        var diffOptions = git_diff_options()
        try check(git_diff_options_init(&diffOptions, UInt32(GIT_DIFF_OPTIONS_VERSION)), "git_diff_options_init")
        diffOptions.flags |= GIT_DIFF_SKIP_BINARY_CHECK.rawValue
        var diff: OpaquePointer?
        try check(git_diff_tree_to_tree(&diff, repository.pointer, old, new, &diffOptions), "git_diff_tree_to_tree")
        defer { git_diff_free(diff) }
        // The added and deleted files with their blobs, before libgit2 pairs anything.
        var sources: [(path: String, side: Side, mode: UInt16)] = []
        var destinations: [(path: String, side: Side, mode: UInt16)] = []
        for index in 0..<git_diff_num_deltas(diff) {
            guard let delta = git_diff_get_delta(diff, index)?.pointee else { continue }
            if delta.status == GIT_DELTA_DELETED {
                sources.append((decodeText(delta.old_file.path), Side(oid: delta.old_file.id, mode: delta.old_file.mode), delta.old_file.mode))
            } else if delta.status == GIT_DELTA_ADDED {
                destinations.append((decodeText(delta.new_file.path), Side(oid: delta.new_file.id, mode: delta.new_file.mode), delta.new_file.mode))
            }
        }
        sources.sort { $0.path < $1.path }
        destinations.sort { $0.path < $1.path }
        var renames: [(old: String, new: String, oldSide: Side, newSide: Side)] = []
        var usedSources: Set<String> = [], pairedDestinations: Set<String> = []

        // Exact renames first, as git finds them: for each new path in order, an unused old path with the
        // same blob (and the same mode unless both are regular files), preferring the same file name.
        var byBlob: [ObjectID: [Int]] = [:]
        for (index, source) in sources.enumerated() { byBlob[ObjectID(source.side.oid), default: []].append(index) }
        func baseName(_ path: String) -> Substring { path.split(separator: "/").last ?? Substring(path) }
        for destination in destinations {
            guard let candidates = byBlob[ObjectID(destination.side.oid)] else { continue }
            var best: Int?, bestScore = -1
            for index in candidates where !usedSources.contains(sources[index].path) {
                let source = sources[index]
                if !(isRegularFile(source.mode) && isRegularFile(destination.mode)) && source.mode != destination.mode { continue }
                let score = 1 + (baseName(source.path) == baseName(destination.path) ? 1 : 0)
                if score > bestScore {
                    best = index
                    bestScore = score
                }
            }
            guard let best else { continue }
            usedSources.insert(sources[best].path)
            pairedDestinations.insert(destination.path)
            renames.append((sources[best].path, destination.path, sources[best].side, destination.side))
        }

        // Then similar files: libgit2 proposes, git's own estimate (50%) decides. libgit2's measure is more
        // lenient (it divides by the mean size, git by the larger).
        if usedSources.count < sources.count && pairedDestinations.count < destinations.count {
            var findOptions = git_diff_find_options()
            try check(git_diff_find_options_init(&findOptions, UInt32(GIT_DIFF_FIND_OPTIONS_VERSION)), "git_diff_find_options_init")
            findOptions.flags = GIT_DIFF_FIND_RENAMES.rawValue | GIT_DIFF_FIND_DONT_IGNORE_WHITESPACE.rawValue
            findOptions.rename_threshold = 50
            findOptions.rename_limit = 1000
            let found = git_diff_find_similar(diff, &findOptions)
            // A blob the similarity search needs may be absent (partial clone): those files stay unpaired.
            if found != GIT_ENOTFOUND.rawValue {
                try check(found, "git_diff_find_similar")
                for index in 0..<git_diff_num_deltas(diff) {
                    guard let delta = git_diff_get_delta(diff, index)?.pointee, delta.status == GIT_DELTA_RENAMED else { continue }
                    let old = decodeText(delta.old_file.path), new = decodeText(delta.new_file.path)
                    guard !usedSources.contains(old), !pairedDestinations.contains(new),
                          isRegularFile(delta.old_file.mode), isRegularFile(delta.new_file.mode) else { continue }
                    let oldSide = Side(oid: delta.old_file.id, mode: delta.old_file.mode)
                    let newSide = Side(oid: delta.new_file.id, mode: delta.new_file.mode)
                    guard try gitSimilarity(oldSide, newSide, path: new) >= GitSimilarity.renameThreshold else { continue }
                    usedSources.insert(old)
                    pairedDestinations.insert(new)
                    renames.append((old, new, oldSide, newSide))
                }
            }
        }
        guard !renames.isEmpty else { return }
        var addedAt: [String: Int] = [:], deletedPaths: Set<String> = []
        for (index, change) in changes.enumerated() {
            if change.kind == .added { addedAt[change.path] = index }
            if change.kind == .deleted { deletedPaths.insert(change.path) }
        }
        var paired: Set<String> = []
        for rename in renames {
            // Only a pair our own comparison also sees as a deletion and an addition.
            guard let index = addedAt[rename.new], deletedPaths.contains(rename.old), !paired.contains(rename.old) else { continue }
            changes[index] = FileChange(path: rename.new, kind: .renamed,
                                        lines: try lines(old: rename.oldSide, new: rename.newSide, path: rename.new),
                                        oldPath: rename.old)
            paired.insert(rename.old)
        }
        changes.removeAll { $0.kind == .deleted && paired.contains($0.path) }
    }

    /// Walks two sorted trees side by side, descending only into subtrees whose ids differ.
    private func compare(old: OpaquePointer?, new: OpaquePointer?, prefix: String, into changes: inout [FileChange]) throws(GitError) {
        let oldCount = old.map { git_tree_entrycount($0) } ?? 0
        let newCount = new.map { git_tree_entrycount($0) } ?? 0
        var i = 0, j = 0
        while i < oldCount || j < newCount {
            let a = i < oldCount ? git_tree_entry_byindex(old, i) : nil
            let b = j < newCount ? git_tree_entry_byindex(new, j) : nil
            let order: Int32
            if let a, let b { order = git_tree_entry_cmp(a, b) } else { order = a == nil ? 1 : -1 }
            if order < 0, let a {
                try removed(a, prefix: prefix, into: &changes)
                i += 1
            } else if order > 0, let b {
                try added(b, prefix: prefix, into: &changes)
                j += 1
            } else if let a, let b {
                try modified(a, b, prefix: prefix, into: &changes)
                i += 1
                j += 1
            } else {
                break
            }
        }
    }

    private func removed(_ entry: OpaquePointer, prefix: String, into changes: inout [FileChange]) throws(GitError) {
        let path = prefix + decodeText(git_tree_entry_name(entry))
        if git_tree_entry_type(entry) == GIT_OBJECT_TREE {
            try withSubtree(entry, path: path) { (tree) throws(GitError) in try compare(old: tree, new: nil, prefix: path + "/", into: &changes) }
        } else {
            changes.append(FileChange(path: path, kind: .deleted, lines: try lines(old: Side(entry), new: nil, path: path)))
        }
    }

    private func added(_ entry: OpaquePointer, prefix: String, into changes: inout [FileChange]) throws(GitError) {
        let path = prefix + decodeText(git_tree_entry_name(entry))
        if git_tree_entry_type(entry) == GIT_OBJECT_TREE {
            try withSubtree(entry, path: path) { (tree) throws(GitError) in try compare(old: nil, new: tree, prefix: path + "/", into: &changes) }
        } else {
            changes.append(FileChange(path: path, kind: .added, lines: try lines(old: nil, new: Side(entry), path: path)))
        }
    }

    private func modified(_ a: OpaquePointer, _ b: OpaquePointer, prefix: String, into changes: inout [FileChange]) throws(GitError) {
        let sameObject = git_oid_equal(git_tree_entry_id(a), git_tree_entry_id(b)) == 1
        if sameObject && git_tree_entry_filemode_raw(a) == git_tree_entry_filemode_raw(b) { return }
        let path = prefix + decodeText(git_tree_entry_name(a))
        if git_tree_entry_type(a) == GIT_OBJECT_TREE {
            // Both are trees (the tree order keeps a tree and a file of one name apart).
            try withSubtree(a, path: path) { (oldTree) throws(GitError) in
                try withSubtree(b, path: path) { (newTree) throws(GitError) in
                    try compare(old: oldTree, new: newTree, prefix: path + "/", into: &changes)
                }
            }
        } else {
            changes.append(FileChange(path: path, kind: .modified, lines: try lines(old: Side(a), new: Side(b), path: path)))
        }
    }

    private func withSubtree(_ entry: OpaquePointer, path: String, _ body: (OpaquePointer?) throws(GitError) -> Void) throws(GitError) {
        var tree: OpaquePointer?
        try check(git_tree_lookup(&tree, repository.pointer, git_tree_entry_id(entry)), "git_tree_lookup",
                  "\(ObjectID(git_tree_entry_id(entry).pointee).hex) (\(path)/)")
        defer { git_tree_free(tree) }
        try body(tree)
    }

    // MARK: line statistics

    /// One side of a change: a blob (file or symbolic link) or a submodule commit.
    private struct Side {
        var oid: git_oid
        var isSubmodule: Bool

        init(_ entry: OpaquePointer) {
            oid = git_tree_entry_id(entry).pointee
            isSubmodule = git_tree_entry_type(entry) == GIT_OBJECT_COMMIT
        }

        init(oid: git_oid, mode: UInt16) {
            self.oid = oid
            isSubmodule = UInt32(mode) == GIT_FILEMODE_COMMIT.rawValue
        }
    }

    /// A side's content, kept alive until `release()`.
    private struct Content {
        var blob: OpaquePointer?
        var bytes: UnsafeRawPointer?
        var count: Int
        var owned: UnsafeMutableRawBufferPointer?

        func release() {
            if let blob { git_blob_free(blob) }
            owned?.deallocate()
        }

        var isBinary: Bool {
            // git treats blobs above core.bigFileThreshold (512 MiB) as binary without reading them.
            count > 512 * 1024 * 1024 || isrc_buffer_is_binary(bytes, count) != 0
        }
    }

    /// Reads a side's content; nil when its blob is absent from the repository.
    private func content(of side: Side, path: String) throws(GitError) -> Content? {
        if side.isSubmodule {
            // git diffs a submodule as the one line "Subproject commit <id>".
            let text = Array("Subproject commit \(ObjectID(side.oid).hex)\n".utf8)
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: text.count, alignment: 1)
            buffer.copyBytes(from: text)
            return Content(blob: nil, bytes: UnsafeRawPointer(buffer.baseAddress), count: text.count, owned: buffer)
        }
        var oid = side.oid
        var blob: OpaquePointer?
        let rc = git_blob_lookup(&blob, repository.pointer, &oid)
        if rc == GIT_ENOTFOUND.rawValue { return nil }
        try check(rc, "git_blob_lookup", "\(ObjectID(oid).hex) (\(path))")
        return Content(blob: blob, bytes: git_blob_rawcontent(blob), count: Int(git_blob_rawsize(blob)), owned: nil)
    }

    private func lines(old: Side?, new: Side?, path: String) throws(GitError) -> LineStats {
        guard countsLines else { return .notCounted }
        if checksAttributes && isBinaryByAttributes(path) { return .binary }
        var before: Content?
        if let old {
            guard let loaded = try content(of: old, path: path) else { return .missing }
            before = loaded
        }
        defer { before?.release() }
        var after: Content?
        if let new {
            guard let loaded = try content(of: new, path: path) else { return .missing }
            after = loaded
        }
        defer { after?.release() }
        if before?.isBinary == true || after?.isBinary == true { return .binary }
        switch (before, after) {
        case (nil, let after?):
            return .counted(added: isrc_count_lines(after.bytes, after.count), deleted: 0)
        case (let before?, nil):
            return .counted(added: 0, deleted: isrc_count_lines(before.bytes, before.count))
        case (let before?, let after?):
            if let old, let new, old.oid.isEqual(to: new.oid) { return .counted(added: 0, deleted: 0) }
            var counts = isrc_line_counts()
            if let oldBlob = before.blob, let newBlob = after.blob {
                try check(isrc_diff_blobs_count(oldBlob, newBlob, &counts), "git_diff_blobs", path)
            } else {
                try check(isrc_diff_buffers_count(before.bytes, before.count, after.bytes, after.count, &counts),
                          "git_diff_buffers", path)
            }
            return .counted(added: counts.added, deleted: counts.deleted)
        case (nil, nil):
            return .counted(added: 0, deleted: 0)
        }
    }

    private func isRegularFile(_ mode: UInt16) -> Bool { UInt32(mode) & 0o170000 == 0o100000 }

    /// git's estimate of how much of the larger side was copied from the old side (diffcore-rename.c's
    /// estimate_similarity), from 0 to `GitSimilarity.maximum`; 0 for submodules and for a missing blob.
    private func gitSimilarity(_ old: Side, _ new: Side, path: String) throws(GitError) -> Int {
        if old.isSubmodule || new.isSubmodule { return 0 }
        guard let before = try content(of: old, path: path) else { return 0 }
        defer { before.release() }
        guard let after = try content(of: new, path: path) else { return 0 }
        defer { after.release() }
        return GitSimilarity.score(
            old: UnsafeRawBufferPointer(start: before.bytes, count: before.count), oldIsText: !before.isBinary,
            new: UnsafeRawBufferPointer(start: after.bytes, count: after.count), newIsText: !after.isBinary)
    }

    /// git's rule: the `binary` macro or `-diff` makes a path binary whatever its content.
    private func isBinaryByAttributes(_ path: String) -> Bool {
        if let known = binaryByAttributes[path] { return known }
        var value: UnsafePointer<CChar>?
        let binary = git_attr_get(&value, repository.pointer, UInt32(GIT_ATTR_CHECK_FILE_THEN_INDEX), path, "diff") == 0
            && git_attr_value(value) == GIT_ATTR_VALUE_FALSE
        binaryByAttributes[path] = binary
        return binary
    }
}

private nonisolated(unsafe) let emptyCString: UnsafeMutablePointer<CChar> = {
    let pointer = UnsafeMutablePointer<CChar>.allocate(capacity: 1)
    pointer.initialize(to: 0)
    return pointer
}()
