import InnerSourceModel

/// A head's change as change-request reconstruction measures it: from its base on the analysed history (nil:
/// the empty tree) to its tip.
public struct ProposalPair: Hashable, Sendable {
    public var base: ObjectID?
    public var tip: ObjectID

    public init(base: ObjectID?, tip: ObjectID) {
        self.base = base
        self.tip = tip
    }
}

/// Where a batch keeps what change-request reconstruction computed from objects that never change: the lines
/// of a head's change (`ProposalPair`) and commits' patch ids, keyed by object ids and by the repository's
/// reading context (`.mailmap`, attributes), not by repository, so an entry serves every later run and every
/// repository holding the same objects (a fork, a mirror; never a partial clone, which reads its own); only
/// complete answers are kept (no blob absent). And, by repository, the commits of its request heads. The Pipeline module implements it in the commit cache; a store that cannot be read or
/// written answers nothing and keeps nothing: the figures are computed again, never lost.
public protocol ProposalFactStore: AnyObject {
    /// The stored lines of those of `pairs` the store knows, under `context`.
    func storedLines(of pairs: [ProposalPair], context: String) -> [ProposalPair: LineTotals]
    /// Keeps lines just counted.
    func keepLines(_ lines: [ProposalPair: LineTotals], context: String)
    /// The stored patch ids of those of `commits` the store knows, under `context`.
    func storedPatchIDs(of commits: [ObjectID], context: String) -> [ObjectID: ObjectID]
    /// Keeps patch ids just computed.
    func keepPatchIDs(_ ids: [ObjectID: ObjectID], context: String)
    /// The commits of request heads (read without files) that the last run of the repository `key` read under
    /// `context`, by id.
    func storedProposalCommits(repository key: String, context: String) -> [ObjectID: CommitRecord]
    /// Replaces what is kept for the repository `key` by the heads' commits this run delivered.
    func keepProposalCommits(_ records: [CommitRecord], repository key: String, context: String)
}

/// A `ProposalFactStore` as one repository's reads use it: the store, the repository's reading context
/// (what keys shared entries) and its key in the store (what keys its heads' commits).
public struct ProposalFactScope {
    public let store: any ProposalFactStore
    public let context: String
    public let repository: String

    public init(store: any ProposalFactStore, context: String, repository: String) {
        self.store = store
        self.context = context
        self.repository = repository
    }
}

/// Lines added and deleted by a change.
public struct LineTotals: Hashable, Sendable {
    public var added: Int
    public var deleted: Int

    public init(added: Int, deleted: Int) {
        self.added = added
        self.deleted = deleted
    }
}
