/// A trailer line of a commit message, such as `Co-authored-by: Name <email>`.
public struct Trailer: Hashable, Sendable, Codable {
    public var key: String
    public var value: String

    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }

    /// The trailer keys the tool interprets (compared case-insensitively): co-authors, and the reviews git
    /// records.
    public enum Known: String, CaseIterable, Sendable {
        case coAuthoredBy = "co-authored-by"
        case reviewedBy = "reviewed-by"
        case ackedBy = "acked-by"
    }

    /// Whether this trailer's key is `known`, ignoring case.
    public func isKind(_ known: Known) -> Bool { key.lowercased() == known.rawValue }
}

/// Lines added and deleted for one changed file, or why they are not known.
public enum LineStats: Hashable, Sendable, Codable {
    /// Counted as `git log --numstat` counts them.
    case counted(added: Int, deleted: Int)
    /// git would print `-  -`: a side is binary (a NUL byte in its first 8000 bytes, or the `binary` or
    /// `-diff` attribute).
    case binary
    /// A blob needed for the count is not in the repository (a partial clone, or a damaged one).
    case missing
    /// Not counted: the commit is outside the window and only its paths were read.
    case notCounted

    public var added: Int { if case .counted(let a, _) = self { return a } else { return 0 } }
    public var deleted: Int { if case .counted(_, let d) = self { return d } else { return 0 } }
}

/// One path changed by a commit against its first parent (or the empty tree for a root commit).
public struct FileChange: Hashable, Sendable, Codable {
    /// `renamed` only when rename detection is on (`git log -M`): `path` is the new path, `oldPath` the old.
    public enum Kind: String, Hashable, Sendable, Codable { case added, deleted, modified, renamed }

    public var path: String
    public var kind: Kind
    public var lines: LineStats
    /// The path before a rename; nil for every other kind.
    public var oldPath: String?

    public init(path: String, kind: Kind, lines: LineStats, oldPath: String? = nil) {
        self.path = path
        self.kind = kind
        self.lines = lines
        self.oldPath = oldPath
    }
}

/// Everything ingestion reads of one commit. Identities are already resolved through `.mailmap`.
public struct CommitRecord: Hashable, Sendable, Codable {
    public var id: ObjectID
    public var parents: [ObjectID]
    public var author: Signature
    public var committer: Signature
    /// The first line of the message.
    public var summary: String
    /// GitLab's `See merge request GROUP/PROJECT!N` line, the text after `See merge request `; nil without one.
    public var mergeRequest: String?
    public var trailers: [Trailer]
    /// People named in `Co-authored-by` trailers, resolved through `.mailmap`, in message order, without
    /// repeats and without the author.
    public var coAuthors: [Identity]
    /// Changed files with line statistics; empty for merges unless merge statistics were asked for.
    public var files: [FileChange]
    /// False when the changed files could not be read (trees missing in a partial clone).
    public var filesKnown: Bool
    /// False for a commit outside the analysed window, delivered on request with its metadata only
    /// (no files), so that later stages know who contributed first when.
    public var inWindow: Bool

    public init(
        id: ObjectID, parents: [ObjectID], author: Signature, committer: Signature, summary: String,
        trailers: [Trailer], coAuthors: [Identity], files: [FileChange], filesKnown: Bool = true, inWindow: Bool = true
    ) {
        self.id = id
        self.parents = parents
        self.author = author
        self.committer = committer
        self.summary = summary
        self.trailers = trailers
        self.coAuthors = coAuthors
        self.files = files
        self.filesKnown = filesKnown
        self.inWindow = inWindow
    }

    public var isMerge: Bool { parents.count > 1 }

    /// The times the outputs can write (UTC ISO 8601 with four-digit years): 1970-01-01T00:00:00Z to
    /// 9999-12-31T23:59:59Z. git itself shows a date outside as 1970 or not at all.
    public static let showableTimes: ClosedRange<Int64> = 0...253_402_300_799

    /// Both the author date and the committer date are showable times; a commit whose dates are not is set
    /// aside (with an `impossible_dates` finding), since no window, month or delay can be worked out for it.
    public var hasShowableDates: Bool {
        Self.showableTimes.contains(author.time) && Self.showableTimes.contains(committer.time)
    }
    public var linesAdded: Int { files.reduce(0) { $0 + $1.lines.added } }
    public var linesDeleted: Int { files.reduce(0) { $0 + $1.lines.deleted } }
}
