import Foundation
import InnerSourceModel

/// What to do with merge commits' lines (a pipeline's `history.merges`, `--merge-stats`).
public enum MergePolicy: String, CaseIterable, Sendable, Hashable, Codable {
    /// Merges are counted apart, their lines not: what `git log --numstat` shows.
    case count
    /// Merges' lines against their first parent are counted too.
    case measure
}

/// Whether renamed files are paired (a pipeline's `history.renames`, `--find-renames`).
public enum RenamePolicy: String, CaseIterable, Sendable, Hashable, Codable {
    /// A rename is a deletion and an addition, as `git log --no-renames` shows it.
    case off
    /// Renames are paired as `git log -M` pairs them, and their lines counted old against new.
    case detect
}

/// What to do with a shallow clone, whose history is cut short (a pipeline's `history.shallow`).
public enum ShallowPolicy: String, CaseIterable, Sendable, Hashable, Codable {
    /// Refuse it (`IngestError.Reason.shallowClone`): its figures would undercount without anyone noticing.
    case fail
    /// Analyse what the clone has, with a finding.
    case analyze
}

/// Which commits of a repository to read, and how.
public struct IngestOptions: Sendable, Hashable {
    /// The revision whose history is read; nil for HEAD (a bare mirror's default branch).
    public var revision: String?
    /// Author dates analysed.
    public var window: TimeWindow
    public var merges: MergePolicy
    public var renames: RenamePolicy
    public var shallow: ShallowPolicy
    /// Worker threads; nil for one per core.
    public var threads: Int?
    /// Deliver commits outside the window too, metadata only (`inWindow` false).
    public var includeOutsideWindow: Bool

    public init(revision: String? = nil, window: TimeWindow = .all, merges: MergePolicy = .count,
                renames: RenamePolicy = .off, shallow: ShallowPolicy = .analyze, threads: Int? = nil,
                includeOutsideWindow: Bool = false) {
        self.revision = revision
        self.window = window
        self.merges = merges
        self.renames = renames
        self.shallow = shallow
        self.threads = threads
        self.includeOutsideWindow = includeOutsideWindow
    }
}
