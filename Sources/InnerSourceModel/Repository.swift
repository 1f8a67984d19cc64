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
    /// True when a promisor remote or pack is present: objects may be absent on purpose. Many complete
    /// clones have one (a mirror that once fetched with a filter); `isPartialClone` says whether objects are
    /// actually absent.
    public var hasPromisor: Bool
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
    /// The objects the analysis needed and did not find.
    public var absentObjects = AbsentObjects()

    /// A partial clone as the reports say it: a promisor is present and objects the analysis needed are
    /// absent. Absent objects without a promisor are damage, not a partial clone.
    public var isPartialClone: Bool { hasPromisor && !absentObjects.isEmpty }

    public init(
        path: String, gitDirectory: String, isBare: Bool, isShallow: Bool, hasPromisor: Bool,
        head: HeadState, revision: String, tip: ObjectID?, remotes: [Remote], paths: [String],
        documents: [HeadDocument]
    ) {
        self.path = path
        self.gitDirectory = gitDirectory
        self.isBare = isBare
        self.isShallow = isShallow
        self.hasPromisor = hasPromisor
        self.head = head
        self.revision = revision
        self.tip = tip
        self.remotes = remotes
        self.paths = paths
        self.documents = documents
    }
}

/// The objects an analysis needed and did not find in the repository, counted as what they cost: the
/// changed files whose lines are unknown, the commits whose changed files are unknown, the documents at the
/// analysed revision that could not be read. Only objects the analysis reads are looked for (the blobs of
/// changed files in the window, the trees of commits, the files at the tip), not every object in the
/// repository.
public struct AbsentObjects: Hashable, Sendable, Codable {
    /// Changed files in the window with a blob absent on either side: their lines are unknown.
    public var changedFiles = 0
    /// The commits those changed files belong to.
    public var commitsWithUnknownLines = 0
    /// Commits whose tree (or a parent's) is absent: their changed files are unknown.
    public var commitsWithUnknownFiles = 0
    /// Documents at the analysed revision (README, CODEOWNERS, `.mailmap`...) whose blob is absent.
    public var documents = 0
    /// Other files at the analysed revision whose blob is absent: whether they are binary is unknown (the
    /// truck factor counts them as text).
    public var otherFiles = 0
    /// Changed files of request heads that did not land, in the window, with a blob absent: those requests'
    /// lines are unknown.
    public var requestFiles = 0
    /// The request heads those files belong to.
    public var requestHeads = 0

    public init(changedFiles: Int = 0, commitsWithUnknownLines: Int = 0, commitsWithUnknownFiles: Int = 0,
                documents: Int = 0, otherFiles: Int = 0, requestFiles: Int = 0, requestHeads: Int = 0) {
        self.changedFiles = changedFiles
        self.commitsWithUnknownLines = commitsWithUnknownLines
        self.commitsWithUnknownFiles = commitsWithUnknownFiles
        self.documents = documents
        self.otherFiles = otherFiles
        self.requestFiles = requestFiles
        self.requestHeads = requestHeads
    }

    public var isEmpty: Bool {
        changedFiles == 0 && commitsWithUnknownFiles == 0 && documents == 0 && otherFiles == 0 && requestFiles == 0
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
