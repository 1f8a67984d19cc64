internal import Clibgit2
import InnerSourceModel

extension GitRepository {
    /// The files of a commit's tree.
    public struct TreeListing: Sendable {
        /// Every path (files, symbolic links, submodules), sorted.
        public var paths: [String]
        /// The blobs chosen by the caller, read as text.
        public var documents: [HeadDocument]
        /// Chosen paths whose blob is absent (partial clone).
        public var missingDocuments: [String]
        /// Paths whose content is binary (a NUL byte in the first 8000 bytes, as git decides), when asked for.
        public var binaryPaths: Set<String> = []
        /// Paths not chosen whose blob is absent, when binary paths were asked for: whether they are binary
        /// is unknown.
        public var unclassifiedPaths = 0
        /// When classification was deferred: the blobs not chosen, not read yet, for `classifyBinary` (their
        /// paths are in neither `binaryPaths` nor `unclassifiedPaths` until then).
        public var blobsToClassify: [BlobAtPath] = []
    }

    /// A blob of a tree and its path.
    public struct BlobAtPath: Sendable, Hashable {
        public var path: String
        public var id: ObjectID
    }

    /// Lists every path in `commit`'s tree and reads the blobs whose path `isDocument` accepts, up to
    /// `documentLimit` bytes each. With `classifyBinary`, every other blob is read too, to tell binary from
    /// text; with `deferringClassification` as well, those are only listed (`blobsToClassify`), for a
    /// `classifyBinary(_:)` on another thread while the history is read.
    public func listTree(
        of commit: ObjectID, documentLimit: Int = 1 << 20, classifyBinary: Bool = false,
        deferringClassification: Bool = false, isDocument: (String) -> Bool
    ) throws(GitError) -> TreeListing {
        guard var oid = commit.gitOID else {
            throw GitError(code: .notFound, function: "listTree", subject: commit.hex, message: "not an object id")
        }
        var commitObject: OpaquePointer?
        try check(git_commit_lookup(&commitObject, pointer, &oid), "git_commit_lookup", commit.hex)
        defer { git_commit_free(commitObject) }
        var tree: OpaquePointer?
        try check(git_commit_tree(&tree, commitObject), "git_commit_tree", commit.hex)
        defer { git_tree_free(tree) }

        var listing = TreeListing(paths: [], documents: [], missingDocuments: [])
        try walk(tree: tree, prefix: "", into: &listing, documentLimit: documentLimit, classifyBinary: classifyBinary,
                 deferring: deferringClassification, isDocument: isDocument)
        listing.paths.sort()
        listing.documents.sort { $0.path < $1.path }
        listing.missingDocuments.sort()
        return listing
    }

    private func walk(
        tree: OpaquePointer?, prefix: String, into listing: inout TreeListing, documentLimit: Int,
        classifyBinary: Bool, deferring: Bool, isDocument: (String) -> Bool
    ) throws(GitError) {
        for index in 0..<git_tree_entrycount(tree) {
            guard let entry = git_tree_entry_byindex(tree, index) else { continue }
            let path = prefix + decodeText(git_tree_entry_name(entry))
            var id = git_tree_entry_id(entry).pointee
            if git_tree_entry_type(entry) == GIT_OBJECT_TREE {
                var subtree: OpaquePointer?
                try check(git_tree_lookup(&subtree, pointer, &id), "git_tree_lookup", "\(ObjectID(id).hex) (\(path)/)")
                defer { git_tree_free(subtree) }
                try walk(tree: subtree, prefix: path + "/", into: &listing, documentLimit: documentLimit,
                         classifyBinary: classifyBinary, deferring: deferring, isDocument: isDocument)
                continue
            }
            listing.paths.append(path)
            let document = isDocument(path)
            guard git_tree_entry_type(entry) == GIT_OBJECT_BLOB, document || classifyBinary else { continue }
            if !document && deferring {
                listing.blobsToClassify.append(BlobAtPath(path: path, id: ObjectID(id)))
                continue
            }
            var blob: OpaquePointer?
            let rc = git_blob_lookup(&blob, pointer, &id)
            if rc == GIT_ENOTFOUND.rawValue {
                if document { listing.missingDocuments.append(path) } else { listing.unclassifiedPaths += 1 }
                continue
            }
            try check(rc, "git_blob_lookup", "\(ObjectID(id).hex) (\(path))")
            defer { git_blob_free(blob) }
            let size = Int(git_blob_rawsize(blob))
            if classifyBinary && Self.isBinary(blob) { listing.binaryPaths.insert(path) }
            guard document else { continue }
            let kept = min(size, documentLimit)
            let text: String
            if let raw = git_blob_rawcontent(blob) {
                text = String(decoding: UnsafeRawBufferPointer(start: raw, count: kept), as: UTF8.self)
            } else {
                text = ""
            }
            listing.documents.append(HeadDocument(path: path, text: text, truncated: kept < size))
        }
    }

    /// Which of `blobs` are binary (a NUL byte in the first 8000 bytes, as git decides), and how many are
    /// absent from the repository (partial clone), whose kind is unknown.
    public func classifyBinary(_ blobs: [BlobAtPath]) throws(GitError) -> (binaryPaths: Set<String>, absent: Int) {
        var binary: Set<String> = [], absent = 0
        for entry in blobs {
            guard var id = entry.id.gitOID else { continue }
            var blob: OpaquePointer?
            let rc = git_blob_lookup(&blob, pointer, &id)
            if rc == GIT_ENOTFOUND.rawValue {
                absent += 1
                continue
            }
            try check(rc, "git_blob_lookup", "\(entry.id.hex) (\(entry.path))")
            defer { git_blob_free(blob) }
            if Self.isBinary(blob) { binary.insert(entry.path) }
        }
        return (binary, absent)
    }

    /// git's rule for a blob at HEAD: binary when a NUL byte is in its first 8000 bytes.
    private static func isBinary(_ blob: OpaquePointer?) -> Bool {
        isrc_buffer_is_binary(git_blob_rawcontent(blob), Int(git_blob_rawsize(blob))) != 0
    }
}
