/// Where the owning team of a repository came from.
public enum OwnerSource: String, Hashable, Sendable, Codable {
    /// `--owner` or the pipeline's `owner:`.
    case config
    /// The default rule of CODEOWNERS, mapped through the roster's `codeowners:` handles.
    case codeowners
    /// The team with most commits in the window.
    case inferred
}

/// The team that owns a repository, how that was decided, and the evidence.
public struct Ownership: Hashable, Sendable, Codable {
    /// nil when nothing names an owner and no team has commits (all unaffiliated, or empty).
    public var team: Team?
    public var source: OwnerSource
    /// Inferred, and the runner-up has at least 90% of the owner's commits.
    public var close: Bool
    public var runnerUp: Team?
    /// A sentence a person can check: the CODEOWNERS line, or the commit counts.
    public var evidence: String

    public init(team: Team?, source: OwnerSource, close: Bool = false, runnerUp: Team? = nil, evidence: String) {
        self.team = team
        self.source = source
        self.close = close
        self.runnerUp = runnerUp
        self.evidence = evidence
    }
}
