internal import Clibgit2

/// One-time set-up of libgit2 for the whole process, with the settings measured in LIBGIT2-NOTES.md.
enum Library {
    /// Evaluated once, thread-safely, by Swift's lazy global initialisation.
    private static let initialised: Bool = {
        _ = git_libgit2_init()
        // Re-hashing every object read with collision-detecting SHA-1 costs a third of the run; we
        // only read, and a corrupt object still fails to inflate or parse.
        _ = isrc_opt_strict_hash_verification(0)
        // Batch runs read repositories owned by other users (a mirror host's `git` user); libgit2 runs
        // no hooks or configured commands, so the safe.directory check protects nothing here.
        _ = isrc_opt_owner_validation(0)
        // Objects already read are looked up again: a commit as the next one's parent, a root tree as
        // the parent's tree of the next commit. A small cache serves that; trees are cached up to
        // 1 MiB (libgit2 caches none over 4 KiB, and git's root tree is larger), which saves parsing
        // root trees twice and a third of the system time. Measured on git's history: 8 MiB is as
        // fast as 96 MiB or caching blobs too, and keeps the peak well under git's own.
        _ = isrc_opt_cache_max_size(8 * 1024 * 1024)
        _ = isrc_opt_cache_object_limit(GIT_OBJECT_TREE, 1 << 20)
        // Packs stay mapped whole (libgit2's default windows). Capping the mapped windows lowers the
        // resident set on packs larger than the cap but costs 5-20 % in re-mapping; git maps its
        // packs whole too.
        return true
    }()

    static func ensureInitialised() {
        _ = initialised
    }
}
