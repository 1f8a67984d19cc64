import Foundation
import InnerSourceModel

/// Which commits of a repository to read, and how.
public struct IngestOptions: Sendable, Hashable, Codable {
    /// The revision whose history is read; nil for HEAD (a bare mirror's default branch).
    public var revision: String?
    /// Author dates analysed.
    public var window: TimeWindow
    /// Line statistics for merges against their first parent (off: merges are counted, not measured).
    public var mergeStatistics: Bool
    /// Worker threads; nil for one per core.
    public var threads: Int?
    /// Deliver commits outside the window too, metadata only (`inWindow` false).
    public var includeOutsideWindow: Bool
    /// A shallow clone is an error (`IngestError.Reason.shallowClone`) instead of a finding: a batch's
    /// figures would otherwise undercount without anyone noticing.
    public var refuseShallow = false
    /// Pair renames as `git log -M` does (off: `--no-renames`, the definition of lines).
    public var detectRenames = false

    public init(revision: String? = nil, window: TimeWindow = .all, mergeStatistics: Bool = false, threads: Int? = nil,
                includeOutsideWindow: Bool = false) {
        self.revision = revision
        self.window = window
        self.mergeStatistics = mergeStatistics
        self.threads = threads
        self.includeOutsideWindow = includeOutsideWindow
    }
}
