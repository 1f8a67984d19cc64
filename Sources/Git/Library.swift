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
        // Keep each handle's object cache small: peak memory must stay under git's own.
        _ = isrc_opt_cache_max_size(96 * 1024 * 1024)
        // Consecutive commits share trees and blobs: the parent's version of a file is the next
        // commit's own. libgit2 caches no blobs and no object over 4 KiB by default (git's root tree is
        // larger); caching them saves inflating them twice.
        _ = isrc_opt_cache_object_limit(GIT_OBJECT_TREE, 1 << 20)
        _ = isrc_opt_cache_object_limit(GIT_OBJECT_BLOB, 1 << 20)
        // Packs are read through memory maps; by default one window maps a whole pack (git's own pack
        // is 500 MB), and every page read stays resident. Smaller windows under a cap keep the resident
        // set bounded whatever the pack size; re-mapping a recently used window costs only minor faults.
        _ = isrc_opt_mwindow_size(64 * 1024 * 1024)
        _ = isrc_opt_mwindow_mapped_limit(256 * 1024 * 1024)
        return true
    }()

    static func ensureInitialised() {
        _ = initialised
    }
}
