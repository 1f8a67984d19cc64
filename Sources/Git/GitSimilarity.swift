/// git's similarity estimate for rename detection (diffcore-delta.c and diffcore-rename.c): both sides cut
/// into chunks ending at a newline or after 64 bytes, each chunk hashed; the bytes of the old side's chunks
/// found in the new side, over the larger side's size. Pure: no libgit2.
enum GitSimilarity {
    /// git's MAX_SCORE.
    static let maximum = 60_000
    /// `-M` without a number: 50%.
    static let renameThreshold = 30_000
    /// git's HASHBASE.
    private static let hashBase: UInt32 = 107_927

    /// The score from 0 to `maximum` from sizes and chunk counts computed once per file; 0 when the sizes
    /// differ too much for the threshold (git does not even compare such files).
    static func score(oldSize: Int, oldSpans: [UInt32: Int], newSize: Int, newSpans: [UInt32: Int],
                      threshold: Int = renameThreshold) -> Int {
        let maxSize = max(oldSize, newSize), baseSize = min(oldSize, newSize)
        let deltaSize = maxSize - baseSize
        if maxSize * (maximum - threshold) < deltaSize * maximum { return 0 }
        guard newSize > 0, maxSize > 0 else { return 0 }
        var copied = 0
        for (hash, count) in oldSpans {
            copied += min(count, newSpans[hash] ?? 0)
        }
        return copied * maximum / maxSize
    }

    /// Bytes per chunk hash, as git's hash_chars counts them (a CR before an LF is skipped in text).
    static func spans(_ bytes: UnsafeRawBufferPointer, isText: Bool) -> [UInt32: Int] {
        var counts: [UInt32: Int] = [:]
        var accum1: UInt32 = 0, accum2: UInt32 = 0
        var length = 0
        var index = 0
        let size = bytes.count
        while index < size {
            let c = UInt32(bytes[index])
            index += 1
            if isText && c == 13 && index < size && bytes[index] == 10 { continue }
            let old1 = accum1
            accum1 = (accum1 << 7) ^ (accum2 >> 25)
            accum2 = (accum2 << 7) ^ (old1 >> 25)
            accum1 &+= c
            length += 1
            if length < 64 && c != 10 { continue }
            let hash = (accum1 &+ accum2 &* 0x61) % hashBase
            counts[hash, default: 0] += length
            length = 0
            accum1 = 0
            accum2 = 0
        }
        return counts
    }
}
