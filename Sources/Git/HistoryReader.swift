import Foundation
internal import Clibgit2
import InnerSourceModel

/// What to read of a history.
public struct HistoryReadOptions: Sendable, Hashable {
    /// Commits whose author date falls outside are skipped (but still walked through).
    public var window: TimeWindow
    /// Line statistics for merges, against their first parent. Off by default, as in `git log --numstat`.
    public var mergeStatistics: Bool
    /// Also deliver commits outside the window, with `inWindow` false and no files (cheap: no diff).
    public var includeOutsideWindow: Bool
    /// Worker threads, each with its own repository handle.
    public var threads: Int
    /// Commits handed to a worker at a time.
    public var chunkSize: Int
    /// More threads than this are not started (each holds a repository handle).
    public static let maximumThreads = 256
    /// Chunks that may be read ahead of the consumer (at least 2): what bounds memory. Enough of them
    /// keep every worker busy while one chunk holds a huge commit.
    public var chunksInFlight: Int
    /// Pair deleted and added files that are renames, as `git log -M` does (similarity of at least 50%),
    /// and count their lines old against new. Off: `git log --no-renames`.
    public var detectRenames = false
    /// Commits reachable from these are not walked (an incremental read: what was read before is hidden).
    /// Not supported for a shallow clone, whose walk is our own.
    public var hidden: [ObjectID] = []
    /// Read each commit's changed files (with line counts inside the window). Off: commits' metadata only,
    /// with no files (`filesKnown` stays true), for walks that need who and when but no diff.
    public var readsFiles = true

    public init(window: TimeWindow = .all, mergeStatistics: Bool = false, includeOutsideWindow: Bool = false,
                threads: Int = ProcessInfo.processInfo.activeProcessorCount, chunkSize: Int = 64,
                chunksInFlight: Int? = nil) {
        self.window = window
        self.mergeStatistics = mergeStatistics
        self.includeOutsideWindow = includeOutsideWindow
        self.threads = min(max(1, threads), HistoryReadOptions.maximumThreads)
        self.chunkSize = min(max(1, chunkSize), 1 << 20)
        self.chunksInFlight = min(max(2, chunksInFlight ?? self.threads * 32), 1 << 20)
    }
}

/// What the walk saw besides the records it delivered.
public struct HistoryReadReport: Sendable, Hashable {
    /// Commits reachable from the tip (within the shallow boundary).
    public var walked: Int = 0
    /// Commits whose declared text encoding could not be decoded, sorted.
    public var undecodableCommits: [ObjectID] = []
    /// The most chunks that were ever read ahead of the consumer: memory is bounded by this, not by
    /// the length of the history.
    public var peakChunksInFlight: Int = 0
    /// The bound the reader keeps to.
    public var chunkLimit: Int = 0

    public init() {}
}

/// Walks a history from a tip and reads every commit on several threads, delivering records in walk
/// order on the calling thread. Memory stays flat: a bounded number of chunks is in flight at any time.
public enum HistoryReader {
    /// Reads the history of `tip` in the repository at `path`, calling `deliver` for each commit inside
    /// the window, newest first (libgit2's default order, like `git log`).
    /// - Parameter tipPaths: the paths at `tip`, when the caller has listed them (saves listing them again).
    /// - Parameter lineCache: where the line counts of the history's file changes are kept for a later
    ///   `lineChanges` of request heads in the same repository (nil: none kept).
    public static func read(
        repositoryAt path: String, tip: ObjectID, options: HistoryReadOptions, tipPaths: [String]? = nil,
        lineCache: BlobPairLineCache? = nil, deliver: (CommitRecord) throws -> Void
    ) throws -> HistoryReadReport {
        let probe = try GitRepository(path: path)
        let shallow = probe.shallowBoundary
        let partial = probe.hasPromisor
        let attributes = options.readsFiles && probe.mayHaveDiffAttributes(at: tip, paths: tipPaths)
        guard let tipOID = tip.gitOID else {
            throw GitError(code: .notFound, function: "read", subject: tip.hex, message: "not an object id")
        }

        let state = ReadState(inFlightLimit: options.chunksInFlight)
        let walkThread = Thread {
            walk(path: path, from: [tipOID], hidden: options.hidden, shallow: shallow, chunkSize: options.chunkSize, state: state)
        }
        walkThread.stackSize = 4 << 20
        walkThread.start()
        for _ in 0..<options.threads {
            let worker = Thread {
                work(path: path, options: options, shallow: shallow, attributes: attributes, partial: partial,
                     lineCache: lineCache, state: state)
            }
            // Tree comparison recurses once per directory level.
            worker.stackSize = 8 << 20
            worker.start()
        }

        var report = HistoryReadReport()
        do {
            while let chunk = try state.nextResult() {
                for record in chunk {
                    try deliver(record)
                }
            }
        } catch {
            state.fail(error)
            state.waitForThreads(count: options.threads + 1)
            throw error
        }
        state.waitForThreads(count: options.threads + 1)
        // The workers' arenas hold the pages of what they freed (blobs, trees, their handles' caches): given
        // back before what follows (change-request reconstruction) allocates in arenas of its own.
        MallocArenas.releaseFreePages()
        report.walked = state.walked
        report.peakChunksInFlight = state.peakInFlight
        report.chunkLimit = state.inFlightLimit
        report.undecodableCommits = state.undecodable.sorted()
        return report
    }

    private static func walk(path: String, from tips: [git_oid], hidden: [ObjectID], shallow: Set<ObjectID>, chunkSize: Int,
                             state: ReadState) {
        defer { state.threadFinished() }
        // The walk's commit list and its handle's caches are freed as it ends, a while before the workers
        // finish, but the freed pages would stay resident in this thread's malloc arena through the rest of
        // the read, where the peak is: given back (on libgit2's history, the peak falls by about 9 MB).
        defer { MallocArenas.releaseFreePages() }
        do {
            let repository = try GitRepository(path: path)
            var chunk: [git_oid] = []
            chunk.reserveCapacity(chunkSize)
            var walked = 0
            try HistoryWalk.forEach(in: repository, from: tips, hiding: hidden, shallow: shallow) { oid in
                chunk.append(oid)
                walked += 1
                if chunk.count == chunkSize {
                    guard state.submit(chunk) else { return false }
                    chunk.removeAll(keepingCapacity: true)
                }
                return true
            }
            if !chunk.isEmpty { _ = state.submit(chunk) }
            state.finishSubmitting(walked: walked)
        } catch {
            state.fail(error)
        }
    }

    private static func work(path: String, options: HistoryReadOptions, shallow: Set<ObjectID>, attributes: Bool,
                             partial: Bool, lineCache: BlobPairLineCache?, state: ReadState) {
        defer { state.threadFinished() }
        do {
            let repository = try GitRepository(path: path)
            let reader = try CommitReader(repository: repository, options: options, shallowBoundary: shallow,
                                          checksAttributes: attributes, hasPromisor: partial)
            reader.lineCache = lineCache
            reader.readsHistoryForLineCache = true
            while let (sequence, oids) = state.nextJob() {
                var records: [CommitRecord] = []
                records.reserveCapacity(oids.count)
                for oid in oids {
                    if let record = try reader.read(oid) { records.append(record) }
                }
                guard state.complete(sequence, records) else { break }
            }
            state.addUndecodable(reader.undecodableCommits)
        } catch {
            state.fail(error)
        }
    }
}

extension HistoryReader {
    /// The lines added and deleted from each `base` to its `head` (`git diff --numstat --no-renames`), and
    /// the changed files whose blob is absent (their lines are not in the sums); nil for a pair whose
    /// commits or trees cannot be read (absent from a partial clone, damaged). Binary files count no lines.
    /// Attribute files are looked for at `attributesAt`. File changes the `lineCache` knows (pairs of blobs
    /// the history read of the same repository counted: a count depends on the blobs' content only) are not
    /// counted again.
    public static func lineChanges(
        repositoryAt path: String, pairs: [(base: ObjectID?, head: ObjectID)], attributesAt tip: ObjectID?,
        tipPaths: [String]? = nil, lineCache: BlobPairLineCache? = nil
    ) throws -> [(added: Int, deleted: Int, absentFiles: Int)?] {
        guard !pairs.isEmpty else { return [] }
        let probe = try GitRepository(path: path)
        let attributes = tip.map { probe.mayHaveDiffAttributes(at: $0, paths: tipPaths) } ?? false
        let shallow = probe.shallowBoundary, promisor = probe.hasPromisor
        // One worker per core, each with its own handle, taking the next pair as it is free. Heads from
        // forks reach objects all over the pack: the pack mapping is bounded while they are read (on git's
        // history, 400 MB above the history read's own peak otherwise); see `PackMapping`.
        return try PackMapping.bounded {
            try countLines(path: path, pairs: pairs, attributes: attributes, shallow: shallow, promisor: promisor,
                           cache: lineCache ?? BlobPairLineCache())
        }
    }

    private static func countLines(path: String, pairs: [(base: ObjectID?, head: ObjectID)], attributes: Bool,
                                   shallow: Set<ObjectID>, promisor: Bool,
                                   cache: BlobPairLineCache) throws -> [(added: Int, deleted: Int, absentFiles: Int)?] {
        let results = LineResults(count: pairs.count)
        let workers = min(ProcessInfo.processInfo.activeProcessorCount, max(1, pairs.count / 16), HistoryReadOptions.maximumThreads)
        let done = DispatchGroup()
        for _ in 0..<workers {
            done.enter()
            let thread = Thread {
                defer { done.leave() }
                guard let repository = try? GitRepository(path: path),
                      let reader = try? CommitReader(repository: repository, options: HistoryReadOptions(threads: 1),
                                                     shallowBoundary: shallow, checksAttributes: attributes, hasPromisor: promisor)
                else { return }
                reader.lineCache = cache
                while let index = results.next() {
                    let pair = pairs[index]
                    guard let changes = try? reader.changes(from: pair.base, to: pair.head) else { continue }
                    results.set(index, (changes.reduce(0) { $0 + $1.lines.added }, changes.reduce(0) { $0 + $1.lines.deleted },
                                        changes.filter { $0.lines == .missing }.count))
                }
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        done.wait()
        return results.values
    }
}

/// The line counts of `lineChanges`' pairs as its workers fill them in, and the next pair to take.
private final class LineResults: @unchecked Sendable {
    private let lock = NSLock()
    private var taken = 0
    private(set) var values: [(added: Int, deleted: Int, absentFiles: Int)?]

    init(count: Int) {
        values = Array(repeating: nil, count: count)
    }

    func next() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard taken < values.count else { return nil }
        taken += 1
        return taken - 1
    }

    func set(_ index: Int, _ value: (added: Int, deleted: Int, absentFiles: Int)) {
        lock.lock()
        values[index] = value
        lock.unlock()
    }
}

/// The hand-over between the walking thread, the workers and the consumer, guarded by one condition.
private final class ReadState: @unchecked Sendable {
    private let condition = NSCondition()
    let inFlightLimit: Int
    private var jobs: [(Int, [git_oid])] = []
    private var jobHead = 0
    private var submitted = 0
    private var submittingDone = false
    private var results: [Int: [CommitRecord]] = [:]
    private var nextToDeliver = 0
    private var error: (any Error)?
    private var finishedThreads = 0
    private(set) var walked = 0
    private(set) var peakInFlight = 0
    private(set) var undecodable: [ObjectID] = []

    init(inFlightLimit: Int) {
        self.inFlightLimit = inFlightLimit
    }

    /// Queues a chunk; waits while too many chunks are in flight. False when the read was abandoned.
    func submit(_ oids: [git_oid]) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while error == nil && submitted - nextToDeliver >= inFlightLimit { condition.wait() }
        guard error == nil else { return false }
        jobs.append((submitted, oids))
        submitted += 1
        peakInFlight = max(peakInFlight, submitted - nextToDeliver)
        condition.broadcast()
        return true
    }

    func finishSubmitting(walked: Int) {
        condition.lock()
        self.walked = walked
        submittingDone = true
        condition.broadcast()
        condition.unlock()
    }

    func nextJob() -> (Int, [git_oid])? {
        condition.lock()
        defer { condition.unlock() }
        while error == nil && jobHead == jobs.count && !submittingDone { condition.wait() }
        guard error == nil, jobHead < jobs.count else { return nil }
        let job = jobs[jobHead]
        jobs[jobHead].1 = []
        jobHead += 1
        if jobHead > 1024 && jobHead * 2 > jobs.count {
            jobs.removeFirst(jobHead)
            jobHead = 0
        }
        return job
    }

    func complete(_ sequence: Int, _ records: [CommitRecord]) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard error == nil else { return false }
        results[sequence] = records
        condition.broadcast()
        return true
    }

    /// The next chunk in walk order; nil once every chunk has been delivered.
    func nextResult() throws -> [CommitRecord]? {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if let error { throw error }
            if let chunk = results.removeValue(forKey: nextToDeliver) {
                nextToDeliver += 1
                condition.broadcast()
                return chunk
            }
            if submittingDone && nextToDeliver == submitted { return nil }
            condition.wait()
        }
    }

    func fail(_ failure: any Error) {
        condition.lock()
        if error == nil { error = failure }
        condition.broadcast()
        condition.unlock()
    }

    func addUndecodable(_ ids: [ObjectID]) {
        condition.lock()
        undecodable.append(contentsOf: ids)
        condition.unlock()
    }

    func threadFinished() {
        condition.lock()
        finishedThreads += 1
        condition.broadcast()
        condition.unlock()
    }

    func waitForThreads(count: Int) {
        condition.lock()
        while finishedThreads < count { condition.wait() }
        condition.unlock()
    }
}
