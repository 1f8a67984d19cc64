import Foundation
internal import Clibgit2
import InnerSourceModel

/// An open git repository (work tree or bare). Owns one libgit2 handle: use it from one thread at a time
/// and open another for each thread.
public final class GitRepository {
    let pointer: OpaquePointer

    /// Opens the repository that contains `path`: a work tree (or any folder inside it), a `.git`
    /// directory or a bare repository. The error's message says the whole cause: no such path, not a
    /// folder, not a repository, permission denied (naming the folder), or libgit2's reason.
    public init(path: String) throws(GitError) {
        Library.ensureInitialised()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw GitError(code: .notFound, function: "open", subject: path, message: "no such file or directory")
        }
        guard isDirectory.boolValue else {
            throw GitError(code: .notFound, function: "open", subject: path, message: "not a folder, so not a git repository")
        }
        if let refused = Self.unreadable(path, openedAs: path) { throw refused }
        var handle: OpaquePointer?
        let rc = git_repository_open_ext(&handle, path, 0, nil)
        if rc == GIT_ENOTFOUND.rawValue {
            // libgit2 passes over a .git it cannot read, and finds no repository.
            if let refused = Self.unreadableGitDirectory(above: path) { throw refused }
            throw GitError(code: .notFound, function: "git_repository_open_ext", subject: path,
                           message: "not a git repository (nor inside one)")
        }
        if rc < 0 {
            let cause = GitError.from(rc, function: "git_repository_open_ext", subject: path)
            throw GitError(code: cause.code, function: cause.function, subject: path,
                           message: "cannot be opened as a git repository: \(cause.message)")
        }
        guard var handle else {
            throw GitError(code: .other(-1), function: "git_repository_open_ext", subject: path, message: "no repository handle")
        }
        if GitRepository.isBareByGitsRule(handle) {
            var bare: OpaquePointer?
            let gitDirectory = decodeText(git_repository_path(handle))
            git_repository_free(handle)
            try check(git_repository_open_bare(&bare, gitDirectory), "git_repository_open_bare", gitDirectory)
            guard let bare else {
                throw GitError(code: .other(-1), function: "git_repository_open_bare", subject: path, message: "no repository handle")
            }
            handle = bare
        }
        pointer = handle
    }

    /// Permission denied for `path`, when this user cannot read it (nor, for a folder, enter it); nil when it
    /// can. The message names `path` unless it is the path the repository was opened as.
    private static func unreadable(_ path: String, openedAs opened: String) -> GitError? {
        var isDirectory: ObjCBool = false
        _ = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
        guard access(path, isDirectory.boolValue ? R_OK | X_OK : R_OK) != 0, errno == EACCES else { return nil }
        let what = path == opened ? "the folder" : path
        return GitError(code: .permissionDenied, function: "open", subject: path,
                        message: "permission denied: cannot read \(what) as this user; grant read access, or run as a user who has it")
    }

    /// Permission denied for the first `.git` in `path` or a folder above it that exists but cannot be read.
    private static func unreadableGitDirectory(above path: String) -> GitError? {
        var folder = URL(fileURLWithPath: path).standardizedFileURL.path
        while true {
            let candidate = folder == "/" ? "/.git" : folder + "/.git"
            if FileManager.default.fileExists(atPath: candidate) { return unreadable(candidate, openedAs: path) }
            if folder == "/" { return nil }
            folder = (folder as NSString).deletingLastPathComponent
        }
    }

    /// git treats a repository directory that is not a work tree's `.git` and sets no `core.bare` as
    /// bare (mirrors copied without their config look like this); libgit2 1.5 would instead take its
    /// parent folder for a work tree, and read the wrong `.mailmap` and attributes.
    private static func isBareByGitsRule(_ handle: OpaquePointer) -> Bool {
        guard git_repository_is_bare(handle) == 0, git_repository_is_worktree(handle) == 0 else { return false }
        let gitDirectory = decodeText(git_repository_path(handle))
        guard !gitDirectory.hasSuffix("/.git/"), !gitDirectory.hasSuffix("/.git") else { return false }
        var config: OpaquePointer?
        guard git_repository_config_snapshot(&config, handle) == 0 else { return false }
        defer { git_config_free(config) }
        var bare: Int32 = 0
        return git_config_get_bool(&bare, config, "core.bare") == GIT_ENOTFOUND.rawValue
    }

    deinit {
        git_repository_free(pointer)
    }

    /// The global, XDG and system configuration files this process reads as absent because they cannot be
    /// read (see `Library`); the same for every repository.
    public static var unreadableConfigurations: [UnreadableConfiguration] { Library.unreadableConfigurations }

    /// The git directory: `.git` of a work tree, or the bare repository itself (without a trailing slash).
    public var gitDirectory: String {
        var path = decodeText(git_repository_path(pointer))
        while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        return path
    }

    /// The work tree, or nil for a bare repository.
    public var workDirectory: String? {
        guard let dir = git_repository_workdir(pointer) else { return nil }
        var path = decodeText(dir)
        while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        return path
    }

    public var isBare: Bool { git_repository_is_bare(pointer) == 1 }

    public var isShallow: Bool { git_repository_is_shallow(pointer) == 1 }

    /// True when the repository has a promisor (`extensions.partialClone`, a promisor remote or a promisor
    /// pack): objects may be absent by design. Whether any is absent is known only by reading them.
    public var hasPromisor: Bool {
        let packs = (try? FileManager.default.contentsOfDirectory(atPath: gitDirectory + "/objects/pack")) ?? []
        if packs.contains(where: { $0.hasSuffix(".promisor") }) { return true }
        guard let config = try? snapshotConfig() else { return false }
        defer { git_config_free(config) }
        var value: UnsafePointer<CChar>?
        if git_config_get_string(&value, config, "extensions.partialclone") == 0 { return true }
        var promisor: Int32 = 0
        for remote in (try? remoteNames()) ?? [] {
            if git_config_get_bool(&promisor, config, "remote.\(remote).promisor") == 0, promisor != 0 { return true }
        }
        return false
    }

    /// The commits at which a shallow clone's history stops (their parents are absent).
    public var shallowBoundary: Set<ObjectID> {
        guard isShallow,
              let text = try? String(contentsOfFile: gitDirectory + "/shallow", encoding: .utf8) else { return [] }
        return Set(text.split(whereSeparator: \.isNewline).map { ObjectID(hex: String($0)) })
    }

    /// Where HEAD points; an unborn branch (a new, empty repository) is a state, not an error.
    public func head() throws(GitError) -> HeadState {
        if git_repository_head_unborn(pointer) == 1 {
            var ref: OpaquePointer?
            try check(git_reference_lookup(&ref, pointer, "HEAD"), "git_reference_lookup", "HEAD")
            defer { git_reference_free(ref) }
            let target = decodeText(git_reference_symbolic_target(ref))
            return .unborn(branch: target.hasPrefix("refs/heads/") ? String(target.dropFirst(11)) : target)
        }
        var ref: OpaquePointer?
        try check(git_repository_head(&ref, pointer), "git_repository_head", "HEAD")
        defer { git_reference_free(ref) }
        var object: OpaquePointer?
        try check(git_reference_peel(&object, ref, GIT_OBJECT_COMMIT), "git_reference_peel", "HEAD")
        defer { git_object_free(object) }
        let commit = ObjectID(git_object_id(object).pointee)
        if git_repository_head_detached(pointer) == 1 {
            return .detached(commit: commit)
        }
        return .branch(name: decodeText(git_reference_shorthand(ref)), commit: commit)
    }

    /// Whether `ancestor` is `descendant` itself or reachable from it; false when either commit is not in
    /// the repository (a rewritten history whose old commits were pruned).
    public func isAncestor(_ ancestor: ObjectID, of descendant: ObjectID) -> Bool {
        if ancestor == descendant { return true }
        guard var old = ancestor.gitOID, var new = descendant.gitOID else { return false }
        return git_graph_descendant_of(pointer, &new, &old) == 1
    }

    /// The commit a revision names (`main`, `v1.2`, `HEAD~3`, an id...), peeling tags.
    public func resolveCommit(_ revision: String) throws(GitError) -> ObjectID {
        var object: OpaquePointer?
        try check(git_revparse_single(&object, pointer, revision), "git_revparse_single", revision)
        defer { git_object_free(object) }
        var commit: OpaquePointer?
        try check(git_object_peel(&commit, object, GIT_OBJECT_COMMIT), "git_object_peel", revision)
        defer { git_object_free(commit) }
        return ObjectID(git_object_id(commit).pointee)
    }

    /// The configured remotes with their URLs, sorted by name; user names and passwords are removed
    /// from the URLs so that no credential reaches an output.
    public func remotes() throws(GitError) -> [Remote] {
        var result: [Remote] = []
        for name in try remoteNames() {
            var remote: OpaquePointer?
            // A remote whose configuration cannot be read is listed without a URL rather than failing.
            guard git_remote_lookup(&remote, pointer, name) == 0 else {
                result.append(Remote(name: name, url: ""))
                continue
            }
            defer { git_remote_free(remote) }
            result.append(Remote(name: name, url: RemoteURL.redacted(decodeText(git_remote_url(remote)))))
        }
        return result.sorted { $0.name < $1.name }
    }

    func remoteNames() throws(GitError) -> [String] {
        var names = git_strarray()
        try check(git_remote_list(&names, pointer), "git_remote_list", gitDirectory)
        defer { git_strarray_dispose(&names) }
        return (0..<names.count).map { decodeText(names.strings[$0]) }.sorted()
    }

    func snapshotConfig() throws(GitError) -> OpaquePointer? {
        var config: OpaquePointer?
        try check(git_repository_config_snapshot(&config, pointer), "git_repository_config_snapshot", gitDirectory)
        return config
    }
}
