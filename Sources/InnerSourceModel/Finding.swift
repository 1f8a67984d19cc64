/// Something the analysis found about the data itself: what is missing, cut short or empty.
/// Findings are reported in the outputs; none of them fails a run.
public struct Finding: Hashable, Sendable, Codable {
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
        /// The repository has no commit at the analysed revision.
        case emptyRepository = "empty_repository"
        /// The history stops at a shallow clone's boundary.
        case shallowHistory = "shallow_history"
        /// Blobs are absent, so some files' line counts are unknown.
        case missingBlobs = "missing_blobs"
        /// Trees are absent, so some commits' changed files are unknown.
        case missingTrees = "missing_trees"
        /// Commits declare a text encoding that could not be decoded; their text was repaired.
        case undecodableText = "undecodable_text"
        /// Commits have an author or committer date that is no time from 1970 to 9999 (missing, negative,
        /// too large): they are set aside, counted in no figure.
        case impossibleDates = "impossible_dates"
        /// Pull or merge request heads whose commits could not be read (absent from a partial clone,
        /// damaged): they are in no change-request figure.
        case unreadableRequestHeads = "unreadable_request_heads"
        /// A global, XDG or system git configuration file cannot be read; it was read as absent.
        case unreadableConfiguration = "unreadable_configuration"
        /// Ownership rules at HEAD that cannot be used (a CODEOWNERS pattern that cannot be compiled, a
        /// `per-file` glob): they match nothing.
        case invalidOwnershipRules = "invalid_ownership_rules"
    }

    public var kind: Kind
    public var message: String
    /// How many commits, files or objects are concerned.
    public var count: Int
    /// A few of the objects concerned, as evidence (ids or paths), sorted.
    public var examples: [String]

    public init(kind: Kind, message: String, count: Int, examples: [String]) {
        self.kind = kind
        self.message = message
        self.count = count
        self.examples = examples
    }
}
