internal import Clibgit2

/// The C allocator's arenas. glibc keeps the pages of freed memory resident in the arena of the thread
/// that freed them until that arena's top is trimmed; a thread that frees a large structure and then only
/// waits (the history walk) holds those pages through the rest of the run.
enum MallocArenas {
    /// Gives the whole free pages of every arena back to the system (glibc's `malloc_trim`, declared through
    /// the shim header's `malloc.h`). Thread-safe: each arena is locked in turn.
    static func releaseFreePages() {
        #if os(Linux)
        _ = malloc_trim(0)
        #endif
    }
}
