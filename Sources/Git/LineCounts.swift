internal import Clibgit2
internal import Cxdiff

/// Added and deleted lines of a text change, two ways: by xdiff itself (`Cxdiff`, the copy of libgit2's
/// engine the readers use) and by libgit2's `git_diff_buffers` with zero context lines (what the readers
/// used before, kept as the oracle the tests compare the first with).
enum LineCounts {
    /// xdiff's counts; nil when the diff fails (out of memory).
    static func xdiff(old: UnsafeRawBufferPointer, new: UnsafeRawBufferPointer) -> (added: Int, deleted: Int)? {
        var added = 0, deleted = 0
        let rc = isrc_xdiff_count_lines(old.baseAddress?.assumingMemoryBound(to: CChar.self), old.count,
                                        new.baseAddress?.assumingMemoryBound(to: CChar.self), new.count, &added, &deleted)
        return rc == 0 ? (added, deleted) : nil
    }

    /// libgit2's counts; nil when libgit2 fails.
    static func libgit2(old: UnsafeRawBufferPointer, new: UnsafeRawBufferPointer) -> (added: Int, deleted: Int)? {
        Library.ensureInitialised()
        var counts = isrc_line_counts()
        let rc = isrc_diff_buffers_count(old.baseAddress, old.count, new.baseAddress, new.count, &counts)
        return rc == 0 ? (counts.added, counts.deleted) : nil
    }
}
