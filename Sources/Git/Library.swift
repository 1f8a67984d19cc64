import Foundation
internal import Clibgit2

/// A git configuration file that exists (or may) but cannot be read, which the process reads as absent.
public struct UnreadableConfiguration: Sendable, Hashable {
    public var path: String
    /// The system's reason (`Permission denied`).
    public var reason: String
}

/// One-time set-up of libgit2 for the whole process, with the settings measured in LIBGIT2-NOTES.md.
enum Library {
    /// The configuration files read as absent, once libgit2 is set up.
    static var unreadableConfigurations: [UnreadableConfiguration] {
        ensureInitialised()
        return unreadable
    }

    private static let unreadable: [UnreadableConfiguration] = ignoreUnreadableConfigurations()

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
        // glibc raises its mmap threshold to the largest block freed (up to 32 MiB), after which blobs of a
        // few MiB come from the heap and stay resident once freed: diffing one large file leaves the
        // resident set that much higher for the rest of the run. A fixed threshold keeps every block of
        // 256 KiB or more in its own mapping, returned when freed.
        _ = isrc_malloc_fixed_mmap_threshold(256 * 1024)
        _ = unreadable
        return true
    }()

    static func ensureInitialised() {
        _ = initialised
    }

    /// The configuration levels libgit2 looks for outside the repository, and their files' names.
    private static let levels: [(level: git_config_level_t, file: String)] = [
        (GIT_CONFIG_LEVEL_SYSTEM, "gitconfig"), (GIT_CONFIG_LEVEL_XDG, "config"), (GIT_CONFIG_LEVEL_GLOBAL, ".gitconfig"),
    ]

    /// libgit2 refuses to open any repository when a global, XDG or system configuration file cannot even be
    /// looked at (`HOME=/root` for a service user: "failed to stat"), where git reads on as if it were
    /// absent. Such a level is made absent for the whole process (its search path emptied), before any
    /// repository is opened; the files are reported as findings. Called once, after `git_libgit2_init`.
    private static func ignoreUnreadableConfigurations() -> [UnreadableConfiguration] {
        var found: [UnreadableConfiguration] = []
        for (level, file) in levels {
            var buffer = git_buf()
            guard isrc_opt_get_search_path(level, &buffer) == 0, let pointer = buffer.ptr else { continue }
            let folders = String(cString: pointer).split(separator: ":").map(String.init)
            git_buf_dispose(&buffer)
            let unreadable = folders.compactMap { folder -> UnreadableConfiguration? in
                let path = (folder.hasSuffix("/") ? folder : folder + "/") + file
                return unreadableReason(path).map { UnreadableConfiguration(path: path, reason: $0) }
            }
            guard !unreadable.isEmpty else { continue }
            _ = isrc_opt_set_search_path(level, "")
            found += unreadable
        }
        return found
    }

    /// The bytes of every global, XDG and system configuration file libgit2 reads (each named, in a fixed
    /// order; absent ones left out), and whether one of them includes another file.
    static func configurationFiles() -> (state: Data, includes: Bool) {
        ensureInitialised()
        var state = Data(), includes = false
        for (level, file) in levels {
            var buffer = git_buf()
            guard isrc_opt_get_search_path(level, &buffer) == 0, let pointer = buffer.ptr else { continue }
            let folders = String(cString: pointer).split(separator: ":").map(String.init)
            git_buf_dispose(&buffer)
            for folder in folders {
                let path = (folder.hasSuffix("/") ? folder : folder + "/") + file
                guard let data = FileManager.default.contents(atPath: path) else { continue }
                state.append(contentsOf: Array("\(path)\u{0}\(data.count)\u{0}".utf8))
                state.append(data)
                includes = includes || GitRepository.includesOtherFiles(data)
            }
        }
        return (state, includes)
    }

    /// Why a configuration file cannot be read, or nil when it can or is simply absent.
    private static func unreadableReason(_ path: String) -> String? {
        var status = stat()
        guard stat(path, &status) == 0 else {
            return errno == ENOENT || errno == ENOTDIR ? nil : String(cString: strerror(errno))
        }
        guard status.st_mode & S_IFMT != S_IFDIR else { return nil }
        return access(path, R_OK) == 0 ? nil : String(cString: strerror(errno))
    }
}
