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
    private let hasPromisor: Bool
    private var binaryByAttributes: [String: Bool] = [:]
    /// The blob and mode of each added and deleted change of the commit being read, by index in its
    /// changes, for rename detection.
    private var renameSides: [Int: (side: Side, mode: UInt32)] = [:]
    /// Whether the commit being read gets line counts (inside the window) or paths only.
    private var countsLines = true
    /// Commits whose declared encoding could not be decoded; their text was repaired as UTF-8.
    private(set) var undecodableCommits: [ObjectID] = []

    init(repository: GitRepository, options: HistoryReadOptions, shallowBoundary: Set<ObjectID>,
         checksAttributes: Bool, hasPromisor: Bool) throws(GitError) {
        self.repository = repository
        self.options = options
        self.shallowBoundary = shallowBoundary
        self.checksAttributes = checksAttributes
        self.hasPromisor = hasPromisor
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

        let (author, committer, inWindow) = try identities(of: commit, id: id)
        guard inWindow || options.includeOutsideWindow else { return nil }
        var decoder = TextDecoder(encodingName: git_commit_message_encoding(commit).map { String(cString: $0) })
        let resolvedAuthor = signature(author, decoder: &decoder)
        let resolvedCommitter = signature(committer, decoder: &decoder)
        let message = decoder.decode(git_commit_message(commit))
        let summary = decoder.decode(git_commit_summary(commit))
        if decoder.failed { undecodableCommits.append(id) }

        let trailers = TrailerParser.trailers(in: message)
        var coAuthors: [Identity] = []
        var seen: Set<String> = [resolvedAuthor.identity.key]
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
        if options.readsFiles && (parentCount <= 1 || (inWindow && options.mergeStatistics)) {
            do {
                files = try changedFiles(of: commit, firstParent: parentCount > 0 ? 0 : nil, countsLines: countsLines)
            } catch let error where error.isNotFound && hasPromisor {
                filesKnown = false
            }
        }
        var record = CommitRecord(
            id: id, parents: parents, author: resolvedAuthor, committer: resolvedCommitter, summary: summary,
            trailers: trailers, coAuthors: coAuthors, files: files, filesKnown: filesKnown, inWindow: inWindow
        )
        record.mergeRequest = ChangeRequestConventions.mergeRequestLine(in: message)
        return record
    }

    // MARK: identities and message

    /// The author and committer as git splits their lines (`Ident`), and whether the author date is in the
    /// window. A line git cannot split (no `<` or `>`) is read as libgit2 reads it.
    private func identities(of commit: OpaquePointer?, id: ObjectID) throws(GitError) -> (Ident, Ident, Bool) {
        let parsed = git_commit_raw_header(commit).map(Ident.authorAndCommitter(inHeader:))
        func fallback(_ raw: UnsafePointer<git_signature>?) throws(GitError) -> Ident {
            guard let raw else {
                throw GitError(code: .other(-1), function: "git_commit_author", subject: id.hex, message: "commit has no author or committer")
            }
            func bytes(_ text: UnsafeMutablePointer<CChar>?) -> [UInt8] {
                guard let text else { return [] }
                return Array(UnsafeBufferPointer(start: UnsafeRawPointer(text).assumingMemoryBound(to: UInt8.self), count: strlen(text)))
            }
            return Ident(name: bytes(raw.pointee.name), email: bytes(raw.pointee.email), time: Int64(raw.pointee.when.time),
                         offsetMinutes: Int(raw.pointee.when.offset))
        }
        let author: Ident, committer: Ident
        if let known = parsed?.author { author = known } else { author = try fallback(git_commit_author(commit)) }
        if let known = parsed?.committer { committer = known } else { committer = try fallback(git_commit_committer(commit)) }
        return (author, committer, options.window.contains(author.time))
    }

    private func signature(_ ident: Ident, decoder: inout TextDecoder) -> Signature {
        let identity: Identity = (ident.name + [0]).withUnsafeBufferPointer { name in
            (ident.email + [0]).withUnsafeBufferPointer { email in
                let rawName = UnsafeRawPointer(name.baseAddress!).assumingMemoryBound(to: CChar.self)
                let rawEmail = UnsafeRawPointer(email.baseAddress!).assumingMemoryBound(to: CChar.self)
                if decoder.isUTF8 { return resolve(rawName: rawName, rawEmail: rawEmail) }
                return resolve(Identity(name: decoder.decode(rawName), email: decoder.decode(rawEmail)))
            }
        }
        return Signature(identity: identity, time: ident.time, offsetMinutes: ident.offsetMinutes)
    }

    /// Applies `.mailmap` to raw bytes, as git does before any re-encoding of UTF-8 commits.
    private func resolve(rawName: UnsafePointer<CChar>, rawEmail: UnsafePointer<CChar>) -> Identity {
        var name: UnsafePointer<CChar>?
        var email: UnsafePointer<CChar>?
        if git_mailmap_resolve(&name, &email, mailmap, rawName, rawEmail) == 0 {
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

    // MARK: changed files

    /// The files changed from commit `base`'s tree (the empty tree when nil) to commit `head`'s, with line
    /// counts as `git diff --numstat --no-renames BASE HEAD` gives them: a proposal's change as a whole.
    func changes(from base: ObjectID?, to head: ObjectID) throws(GitError) -> [FileChange] {
        func tree(of id: ObjectID) throws(GitError) -> OpaquePointer? {
            guard var oid = id.gitOID else {
                throw GitError(code: .notFound, function: "changes", subject: id.hex, message: "not an object id")
            }
            var commit: OpaquePointer?
            try check(git_commit_lookup(&commit, repository.pointer, &oid), "git_commit_lookup", id.hex)
            defer { git_commit_free(commit) }
            var tree: OpaquePointer?
            try check(git_commit_tree(&tree, commit), "git_commit_tree", id.hex)
            return tree
        }
        countsLines = true
        renameSides.removeAll(keepingCapacity: true)
        let newTree = try tree(of: head)
        defer { git_tree_free(newTree) }
        let oldTree = try base.map { (id) throws(GitError) in try tree(of: id) }
        defer { git_tree_free(oldTree ?? nil) }
        var changes: [FileChange] = []
        try compare(old: oldTree ?? nil, new: newTree, prefix: "", into: &changes)
        return changes
    }

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
        renameSides.removeAll(keepingCapacity: true)
        try compare(old: oldTree, new: newTree, prefix: "", into: &changes)
        guard options.detectRenames else { return changes }
        let pairs = changes.contains(where: { $0.kind == .added }) && changes.contains(where: { $0.kind == .deleted })
            ? findRenames(changes) : []
        return try applyRenames(pairs, to: changes)
    }

    /// The deleted and added pairs (indices in `changes`) that git's rename detection calls renames
    /// (`RenamePairing`). A blob that is absent or damaged makes its file similar to nothing: the rest of the
    /// commit is still paired.
    private func findRenames(_ changes: [FileChange]) -> [(source: Int, destination: Int)] {
        func candidates(_ kind: FileChange.Kind) -> [RenamePairing.Candidate] {
            changes.indices.compactMap { index in
                guard changes[index].kind == kind, let side = renameSides[index] else { return nil }
                return RenamePairing.Candidate(change: index, path: changes[index].path, blob: ObjectID(side.side.oid),
                                               mode: side.mode)
            }
        }
        return RenamePairing.pairs(sources: candidates(.deleted), destinations: candidates(.added)) { index in
            guard let side = renameSides[index]?.side, let loaded = try? content(of: side, path: changes[index].path) else {
                return nil
            }
            defer { loaded.release() }
            let isText = !(loaded.isBinary || (checksAttributes && isBinaryByAttributes(changes[index].path)))
            return (loaded.count, GitSimilarity.spans(UnsafeRawBufferPointer(start: loaded.bytes, count: loaded.count),
                                                      isText: isText))
        }
    }

    /// The changes with each pair made one `renamed` change, and every other added or deleted file
    /// counted (their lines wait for pairing, so that a renamed file is read once).
    private func applyRenames(_ pairs: [(source: Int, destination: Int)], to changes: [FileChange]) throws(GitError) -> [FileChange] {
        var changes = changes
        let paired = Set(pairs.flatMap { [$0.source, $0.destination] })
        for index in renameSides.keys.sorted() where !paired.contains(index) {
            guard let entry = renameSides[index] else { continue }
            let path = changes[index].path
            changes[index].lines = changes[index].kind == .added ? try lines(old: nil, new: entry.side, path: path)
                : try lines(old: entry.side, new: nil, path: path)
        }
        var removed: Set<Int> = []
        for pair in pairs {
            guard let old = renameSides[pair.source], let new = renameSides[pair.destination] else { continue }
            let path = changes[pair.destination].path, oldPath = changes[pair.source].path
            if path == oldPath {
                // A tree listing one path twice (old histories hold such trees): git pairs it with itself,
                // which is a modification, or nothing at all when the blob and mode are the same.
                if old.side.oid.isEqual(to: new.side.oid) && old.mode == new.mode {
                    removed.insert(pair.destination)
                } else {
                    changes[pair.destination] = FileChange(path: path, kind: .modified,
                                                           lines: try lines(old: old.side, new: new.side, path: path))
                }
                removed.insert(pair.source)
                continue
            }
            var counted = try lines(old: old.side, new: new.side, path: path)
            // git asks each side's own path for the `binary` or `-diff` attribute.
            if case .counted = counted, checksAttributes, isBinaryByAttributes(oldPath) { counted = .binary }
            changes[pair.destination] = FileChange(path: path, kind: .renamed, lines: counted, oldPath: oldPath)
            removed.insert(pair.source)
        }
        return changes.enumerated().filter { !removed.contains($0.offset) }.map(\.element)
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
            if options.detectRenames {
                // Counted once pairing has decided whether this is half of a rename.
                changes.append(FileChange(path: path, kind: .deleted, lines: .notCounted))
                renameSides[changes.count - 1] = (Side(entry), git_tree_entry_filemode(entry).rawValue)
            } else {
                changes.append(FileChange(path: path, kind: .deleted, lines: try lines(old: Side(entry), new: nil, path: path)))
            }
        }
    }

    private func added(_ entry: OpaquePointer, prefix: String, into changes: inout [FileChange]) throws(GitError) {
        let path = prefix + decodeText(git_tree_entry_name(entry))
        if git_tree_entry_type(entry) == GIT_OBJECT_TREE {
            try withSubtree(entry, path: path) { (tree) throws(GitError) in try compare(old: nil, new: tree, prefix: path + "/", into: &changes) }
        } else {
            if options.detectRenames {
                changes.append(FileChange(path: path, kind: .added, lines: .notCounted))
                renameSides[changes.count - 1] = (Side(entry), git_tree_entry_filemode(entry).rawValue)
            } else {
                changes.append(FileChange(path: path, kind: .added, lines: try lines(old: nil, new: Side(entry), path: path)))
            }
        }
    }

    private func modified(_ a: OpaquePointer, _ b: OpaquePointer, prefix: String, into changes: inout [FileChange]) throws(GitError) {
        let sameObject = git_oid_equal(git_tree_entry_id(a), git_tree_entry_id(b)) == 1
        // Modes as git canonicalises them: old trees hold 100664 for 100644.
        if sameObject && git_tree_entry_filemode(a) == git_tree_entry_filemode(b) { return }
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

    /// Line counts already made for a pair of blobs, shared by readers that meet the same pairs again
    /// (request heads that did not land share most of their files, and many of the history's); nil: every
    /// pair is counted.
    var lineCache: BlobPairLineCache?
    /// Whether this reader reads the history (its pairs go to `lineCache`'s bounded history table).
    var readsHistoryForLineCache = false

    private func lines(old: Side?, new: Side?, path: String) throws(GitError) -> LineStats {
        guard countsLines else { return .notCounted }
        if checksAttributes && isBinaryByAttributes(path) { return .binary }
        guard let lineCache, old?.isSubmodule != true, new?.isSubmodule != true else {
            return try countLines(old: old, new: new, path: path)
        }
        let key = BlobPairLineCache.Key(old: old?.oid, new: new?.oid)
        if let known = lineCache.lookup(key) { return known }
        let counted = try countLines(old: old, new: new, path: path)
        if counted != .missing { lineCache.store(key, counted, fromHistory: readsHistoryForLineCache) }
        return counted
    }

    private func countLines(old: Side?, new: Side?, path: String) throws(GitError) -> LineStats {
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
            // xdiff itself (Cxdiff, libgit2's own copy): the counts of libgit2's git_diff_blobs with zero context.
            guard let counts = LineCounts.xdiff(old: UnsafeRawBufferPointer(start: before.bytes, count: before.count),
                                                new: UnsafeRawBufferPointer(start: after.bytes, count: after.count)) else {
                throw GitError(code: .other(-1), function: "xdl_do_diff", subject: path, message: "the diff failed (out of memory)")
            }
            return .counted(added: counts.added, deleted: counts.deleted)
        case (nil, nil):
            return .counted(added: 0, deleted: 0)
        }
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


/// Line counts by pair of blobs (either side absent for an added or deleted file), shared by the readers
/// of one analysis: the history read's workers fill it (`HistoryReader.read`), and the request heads'
/// line counting (`HistoryReader.lineChanges`) takes what it finds there and shares what it counts between
/// its threads. The same pair always counts the same lines, whatever the path or commit (a path's binary
/// attribute is decided before the cache is asked, and absent blobs are never stored). Keys are the raw
/// ids (no string per entry), and the cache stops growing at `capacity` entries, so that heads standing on
/// old bases (whole trees apart) cannot make it the largest thing in memory; the history's pairs are kept
/// apart, at most `historyCapacity` of them, so that a long history neither takes the heads' room nor adds
/// more than a few megabytes to the peak.
public final class BlobPairLineCache: @unchecked Sendable {
    /// A pair of raw SHA-1 ids, all zeros for an absent side (a SHA-256 id keeps its first 20 bytes:
    /// collisions there are as unlikely as SHA-1's own).
    struct Key: Hashable {
        var old: (UInt64, UInt64, UInt32)
        var new: (UInt64, UInt64, UInt32)

        init(old: git_oid?, new: git_oid?) {
            self.old = Self.words(old)
            self.new = Self.words(new)
        }

        init(old: ObjectID?, new: ObjectID?) {
            self.init(old: old?.gitOID, new: new?.gitOID)
        }

        private static func words(_ oid: git_oid?) -> (UInt64, UInt64, UInt32) {
            guard var oid else { return (0, 0, 0) }
            return withUnsafeBytes(of: &oid.id) { bytes in
                (bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self), bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self),
                 bytes.loadUnaligned(fromByteOffset: 16, as: UInt32.self))
            }
        }

        static func == (a: Key, b: Key) -> Bool { a.old == b.old && a.new == b.new }

        func hash(into hasher: inout Hasher) {
            hasher.combine(old.0)
            hasher.combine(old.1)
            hasher.combine(old.2)
            hasher.combine(new.0)
            hasher.combine(new.1)
            hasher.combine(new.2)
        }
    }

    /// About 100 bytes an entry.
    static let capacity = 250_000
    /// What the history read may fill, in a table sized once (about 4.7 MB, 64 Ki buckets): roughly the
    /// newest of a history's file changes (the read goes newest first; workers store as they finish), which
    /// are what request heads most often meet again; the heads' own pairs go into a table of their own.
    static let historyCapacity = 49_152

    private let lock = NSLock()
    private var history: [Key: LineStats] = [:]
    private var counts: [Key: LineStats] = [:]

    public init() {}

    /// Pairs held: from the history read, and counted for heads.
    public var count: (history: Int, heads: Int) {
        lock.lock()
        defer { lock.unlock() }
        return (history.count, counts.count)
    }

    func lookup(_ key: Key) -> LineStats? {
        lock.lock()
        defer { lock.unlock() }
        return history[key] ?? counts[key]
    }

    /// Keeps a pair's counts; `fromHistory` for the history read's (bounded by `historyCapacity`).
    func store(_ key: Key, _ value: LineStats, fromHistory: Bool) {
        lock.lock()
        defer { lock.unlock() }
        if fromHistory {
            if history.isEmpty { history.reserveCapacity(Self.historyCapacity) }
            if history.count < Self.historyCapacity { history[key] = value }
        } else if counts.count < Self.capacity {
            counts[key] = value
        }
    }
}

