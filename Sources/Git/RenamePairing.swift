import InnerSourceModel

/// git's rename detection (`git log -M`, diffcore-rename.c of git 2.39) over the deleted and added files of
/// one commit. Pure: the blobs' contents reach it only as chunk counts, through a closure, when a similarity
/// is needed.
///
/// 1. Exact renames: for each new path in order, the first unused old path with the same blob (and the
///    same mode unless both are regular files), the same file name preferred, among at most 100.
/// 2. File names: an old and a new path whose file name is unique on both sides, at least 75% similar.
/// 3. Unless more than 1000 × 1000 candidates remain (`diff.renameLimit`), every remaining old path
///    against every remaining new one: each new path keeps its 4 best, all are sorted by score then
///    same file name, and taken greedily from 50% up.
///
/// Similarity is git's estimate (`GitSimilarity`).
enum RenamePairing {
    /// A deleted (source) or added (destination) file.
    struct Candidate {
        /// Its index among the commit's changes: what the pairs name.
        var change: Int
        var path: String
        var blob: ObjectID
        var mode: UInt32
    }

    /// A blob's size and chunk counts; nil when it cannot be read (then it is similar to nothing).
    typealias Spans = (size: Int, counts: [UInt32: Int])

    /// git's `diff.renameLimit` default: above this many squared candidates, only exact and same-name
    /// renames are looked for.
    static let renameLimit = 1000

    /// The pairs, as change indices, in the order git finds them.
    /// - Parameter spansOf: a change's chunk counts, asked at most once per change.
    static func pairs(sources: [Candidate], destinations: [Candidate],
                      spansOf load: (Int) -> Spans?) -> [(source: Int, destination: Int)] {
        guard !sources.isEmpty, !destinations.isEmpty else { return [] }
        var sourceUsed = Array(repeating: false, count: sources.count)
        var destinationPaired = Array(repeating: false, count: destinations.count)
        var pairs: [(source: Int, destination: Int)] = []
        var known: [Int: Spans?] = [:]

        func isRegular(_ mode: UInt32) -> Bool { mode & 0o170000 == 0o100000 }
        func baseName(_ path: String) -> Substring {
            guard let slash = path.lastIndex(of: "/") else { return Substring(path) }
            return path[path.index(after: slash)...]
        }
        func sameBaseName(_ a: Candidate, _ b: Candidate) -> Bool { baseName(a.path) == baseName(b.path) }
        func spans(_ candidate: Candidate) -> Spans? {
            if let cached = known[candidate.change] { return cached }
            let loaded = load(candidate.change)
            known[candidate.change] = loaded
            return loaded
        }
        func similarity(_ source: Candidate, _ destination: Candidate, threshold: Int) -> Int {
            guard isRegular(source.mode), isRegular(destination.mode) else { return 0 }
            guard let a = spans(source), let b = spans(destination) else { return 0 }
            return GitSimilarity.score(oldSize: a.size, oldSpans: a.counts, newSize: b.size, newSpans: b.counts,
                                       threshold: threshold)
        }

        // 1. Exact renames.
        var byBlob: [ObjectID: [Int]] = [:]
        for (position, source) in sources.enumerated() { byBlob[source.blob, default: []].append(position) }
        for (d, destination) in destinations.enumerated() {
            guard let candidates = byBlob[destination.blob] else { continue }
            var best: Int?, bestScore = -1, budget = 100
            for s in candidates where !sourceUsed[s] {
                let source = sources[s]
                if !(isRegular(source.mode) && isRegular(destination.mode)) && source.mode != destination.mode { continue }
                let score = 1 + (sameBaseName(source, destination) ? 1 : 0)
                if score > bestScore {
                    best = s
                    bestScore = score
                    if score == 2 { break }
                }
                budget -= 1
                if budget == 0 { break }
            }
            guard let best else { continue }
            sourceUsed[best] = true
            destinationPaired[d] = true
            pairs.append((sources[best].change, destination.change))
        }

        // 2. Unique file names, at least 75% similar.
        let basenameThreshold = GitSimilarity.renameThreshold + (GitSimilarity.maximum - GitSimilarity.renameThreshold) / 2
        var sourceByName: [Substring: Int] = [:], destinationByName: [Substring: Int] = [:]
        for s in sources.indices where !sourceUsed[s] {
            let name = baseName(sources[s].path)
            sourceByName[name] = sourceByName[name] == nil ? s : -1
        }
        for d in destinations.indices where !destinationPaired[d] {
            let name = baseName(destinations[d].path)
            destinationByName[name] = destinationByName[name] == nil ? d : -1
        }
        for s in sources.indices where !sourceUsed[s] {
            let name = baseName(sources[s].path)
            guard let d = destinationByName[name], d >= 0, sourceByName[name] == s, !destinationPaired[d] else { continue }
            guard similarity(sources[s], destinations[d], threshold: GitSimilarity.renameThreshold) >= basenameThreshold else { continue }
            sourceUsed[s] = true
            destinationPaired[d] = true
            pairs.append((sources[s].change, destinations[d].change))
        }

        // 3. The matrix of what remains.
        let remainingSources = sources.indices.filter { !sourceUsed[$0] }
        let remainingDestinations = destinations.indices.filter { !destinationPaired[$0] }
        if !remainingSources.isEmpty, !remainingDestinations.isEmpty,
           remainingSources.count * remainingDestinations.count <= renameLimit * renameLimit {
            var matrix: [Score] = []
            for d in remainingDestinations {
                var best = Array(repeating: Score.unused, count: 4)
                for s in remainingSources {
                    let candidate = Score(source: s, destination: d,
                                          score: similarity(sources[s], destinations[d], threshold: GitSimilarity.renameThreshold),
                                          sameName: sameBaseName(sources[s], destinations[d]))
                    var worst = 0
                    for slot in 1..<4 where Score.order(best[slot], best[worst]) > 0 { worst = slot }
                    if Score.order(best[worst], candidate) > 0 { best[worst] = candidate }
                }
                matrix += best
            }
            // A stable sort, as git's STABLE_QSORT.
            let ranked = matrix.enumerated().sorted { a, b in
                let order = Score.order(a.element, b.element)
                return order != 0 ? order < 0 : a.offset < b.offset
            }.map(\.element)
            for entry in ranked {
                if entry.destination < 0 || entry.score < GitSimilarity.renameThreshold { break }
                if destinationPaired[entry.destination] || sourceUsed[entry.source] { continue }
                sourceUsed[entry.source] = true
                destinationPaired[entry.destination] = true
                pairs.append((sources[entry.source].change, destinations[entry.destination].change))
            }
        }
        return pairs
    }

    /// One cell of git's rename matrix (diffcore-rename.c's `struct diff_score`), by positions among the
    /// sources and destinations.
    struct Score {
        var source: Int
        var destination: Int
        var score: Int
        var sameName: Bool

        static let unused = Score(source: -1, destination: -1, score: 0, sameName: false)

        /// git's score_compare: negative when `a` ranks before `b` (unused last; higher score, then the
        /// same file name, first).
        static func order(_ a: Score, _ b: Score) -> Int {
            if a.destination < 0 { return b.destination >= 0 ? 1 : 0 }
            if b.destination < 0 { return -1 }
            if a.score == b.score { return (b.sameName ? 1 : 0) - (a.sameName ? 1 : 0) }
            return b.score - a.score
        }
    }
}
