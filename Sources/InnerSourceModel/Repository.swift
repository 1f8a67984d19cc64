/// Where a repository's HEAD points.
public enum HeadState: Hashable, Sendable, Codable {
    /// HEAD names a branch that has commits.
    case branch(name: String, commit: ObjectID)
    /// HEAD points straight at a commit.
    case detached(commit: ObjectID)
    /// HEAD names a branch with no commit yet: an empty repository.
    case unborn(branch: String)

    public var commit: ObjectID? {
        switch self {
        case .branch(_, let commit), .detached(let commit): return commit
        case .unborn: return nil
        }
    }

    public var branch: String? {
        switch self {
        case .branch(let name, _), .unborn(let name): return name
        case .detached: return nil
        }
    }
}

/// A configured remote; credentials in its URL are removed before it is stored.
public struct Remote: Hashable, Sendable, Codable {
    public var name: String
    public var url: String

    public init(name: String, url: String) {
        self.name = name
        self.url = url
    }
}

/// A tag and the commit it names, with that commit's committer time (a release, usually).
public struct TagInfo: Hashable, Sendable, Codable {
    public var name: String
    public var commit: ObjectID
    /// Seconds since the epoch.
    public var time: Int64

    public init(name: String, commit: ObjectID, time: Int64) {
        self.name = name
        self.commit = commit
        self.time = time
    }
}

/// A file read in full from the tree at HEAD (README, CONTRIBUTING, CODEOWNERS, LICENSE and the like).
public struct HeadDocument: Hashable, Sendable, Codable {
    public var path: String
    public var text: String
    /// True when the blob was larger than the read limit and `text` holds only its beginning.
    public var truncated: Bool

    public init(path: String, text: String, truncated: Bool) {
        self.path = path
        self.text = text
        self.truncated = truncated
    }
}

/// What a repository looks like at the analysed revision: its HEAD, files, remotes and key documents.
public struct RepositorySnapshot: Hashable, Sendable, Codable {
    /// The path given by the user, made absolute.
    public var path: String
    /// The git directory (`.git` of a work tree, or the bare repository itself).
    public var gitDirectory: String
    public var isBare: Bool
    public var isShallow: Bool
    /// True when a promisor remote is configured: objects may be missing on purpose.
    public var isPartialClone: Bool
    public var head: HeadState
    /// The revision analysed: HEAD, or what `--ref` named.
    public var revision: String
    /// The commit the history walk starts from (nil for an empty repository).
    public var tip: ObjectID?
    public var remotes: [Remote]
    /// Every path at the analysed revision (files, links and submodules), sorted.
    public var paths: [String]
    public var documents: [HeadDocument]
    /// Tags on commits, oldest first.
    public var tags: [TagInfo] = []
    /// Paths at the analysed revision whose content is binary (a NUL byte in the first 8000 bytes).
    @SortedWhenEncoded public var binaryPaths: Set<String> = []

    public init(
        path: String, gitDirectory: String, isBare: Bool, isShallow: Bool, isPartialClone: Bool,
        head: HeadState, revision: String, tip: ObjectID?, remotes: [Remote], paths: [String],
        documents: [HeadDocument]
    ) {
        self.path = path
        self.gitDirectory = gitDirectory
        self.isBare = isBare
        self.isShallow = isShallow
        self.isPartialClone = isPartialClone
        self.head = head
        self.revision = revision
        self.tip = tip
        self.remotes = remotes
        self.paths = paths
        self.documents = documents
    }
}

/// Encodes a set of strings as a sorted list, so that encoded documents are the same bytes on every run
/// (a `Set`'s own order changes from process to process).
@propertyWrapper
public struct SortedWhenEncoded: Hashable, Sendable, Codable {
    public var wrappedValue: Set<String>

    public init(wrappedValue: Set<String>) {
        self.wrappedValue = wrappedValue
    }

    public init(from decoder: any Decoder) throws {
        wrappedValue = Set(try decoder.singleValueContainer().decode([String].self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(wrappedValue.sorted())
    }
}
