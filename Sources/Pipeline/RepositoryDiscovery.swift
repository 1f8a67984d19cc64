import Foundation
import InnerSourceModel
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A repository the batch will analyse: where it is and the identity that names it in outputs and shards.
public struct DiscoveredRepository: Sendable, Hashable {
    /// Absolute, standardized path of the work tree or bare repository (through any symbolic link that
    /// led to it, not resolved).
    public var path: String
    /// Path relative to the discovery root, `/`-separated (`team/api`, `payments.git`); the root's own
    /// last path component when the root itself is the repository.
    public var identity: String
    public var isBare: Bool

    public init(path: String, identity: String, isBare: Bool) {
        self.path = path
        self.identity = identity
        self.isBare = isBare
    }
}

/// A directory discovery could not read (permission denied, vanished), or a link it did not follow, and why:
/// reported, never fatal.
public struct DiscoveryProblem: Sendable, Hashable {
    /// Absolute path of the directory.
    public var path: String
    /// Why it could not be read (the system's message), or why the link was not followed.
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }
}

/// The outcome of walking one root.
public struct DiscoveryResult: Sendable {
    /// Sorted by identity.
    public var repositories: [DiscoveredRepository]
    /// In walk order.
    public var problems: [DiscoveryProblem]
    /// Symbolic links to folders outside the root that are not repositories, which the walk did not follow,
    /// in walk order: worth a line in the log, since what they lead to is not analysed.
    public var linksNotFollowed: [DiscoveryProblem]

    public init(repositories: [DiscoveredRepository], problems: [DiscoveryProblem], linksNotFollowed: [DiscoveryProblem] = []) {
        self.repositories = repositories
        self.problems = problems
        self.linksNotFollowed = linksNotFollowed
    }
}

/// The discovery root cannot be walked at all: it does not exist or is not a readable directory.
public struct DiscoveryError: Error, Sendable, Hashable, CustomStringConvertible, LocalizedError {
    public var root: String
    public var reason: String

    public init(root: String, reason: String) {
        self.root = root
        self.reason = reason
    }

    public var description: String { "\(root): cannot discover repositories: \(reason)" }
    public var errorDescription: String? { description }
}

/// Finds the git repositories below a folder, for batch runs over an organisation's clones and mirrors.
///
/// The rules, for each directory of the walk:
/// - One with a `.git` **directory** (or a symbolic link to one) is a work-tree repository, reported and
///   not entered: a work tree's folders (test fixtures that look like bare repositories, `node_modules`,
///   submodules) are its content, not the organisation's repositories. Name a clone nested in a work
///   tree with a `path:` entry.
/// - One with a `.git` **file** (a submodule checkout or a linked worktree) is neither reported nor
///   descended into: a submodule belongs to its superproject, a linked worktree shares its main
///   repository's history. The root itself is the exception: named explicitly, it is reported.
/// - One with a `HEAD` file and `objects` and `refs` directories is a bare repository (mirrors may have
///   no `config` file): reported with `isBare` true and never descended into.
/// - Symbolic links to directories never lead the walk out of the root (a link to `/` would have it walk
///   the whole file system). With `followSymlinks` (the default), a link to a folder inside the root (its
///   target's real path under the root's) is followed; a link to a repository outside the root is reported
///   like any repository, and not entered (a mirror kept on another disk); a link to any other folder
///   outside the root is not followed, and listed in `linksNotFollowed`. Without `followSymlinks` no link
///   below the root is followed. The root itself may be a link: it is what was named. Every directory is
///   visited once by (device, inode), which stops loops, and a repository reached twice is reported once,
///   under the identity by which the walk (sorted entries, depth first) first reached it.
/// - Only directory listings are read: no file inside a repository is opened.
///
/// Filters, on the identity:
/// - A repository matching any `exclude` glob is left out. A directory whose relative path matches an
///   `exclude` glob, or whose path followed by `/x` matches an exclude glob ending in `/**`, is not walked.
/// - When `include` is not empty, a repository is kept only if it matches at least one `include` glob.
///   Includes never stop the walk.
///
/// A directory below the root that cannot be read becomes a `DiscoveryProblem` and the walk goes on.
public enum RepositoryDiscovery {
    /// Every git repository below `root` (root itself included when it is one), sorted by identity.
    /// include/exclude are globs (`Glob`) matched against the identity; include empty means everything.
    /// - Throws: `DiscoveryError` (naming the root) when `root` does not exist or is not a readable
    ///   directory; `GlobError` when a pattern is invalid.
    public static func discover(root: String, include: [String], exclude: [String],
                                followSymlinks: Bool = true) throws -> DiscoveryResult {
        let includes = try include.map { try Glob($0) }
        let excludes = try exclude.map { try Glob($0) }
        let rootPath = standardizedAbsolutePath(root)

        var walker = Walker(includes: includes, excludes: excludes, followSymlinks: followSymlinks,
                            realRoot: realPath(rootPath) ?? rootPath)
        let listing: Listing
        switch Listing.read(rootPath) {
        case .success(let read):
            listing = read
        case .failure(let failure):
            throw DiscoveryError(root: root, reason: failure.reason)
        }
        walker.visited.insert(listing.key)
        let rootName = rootPath == "/" ? "/" : URL(fileURLWithPath: rootPath).lastPathComponent
        switch listing.kind {
        case .workTree:
            walker.report(path: rootPath, identity: rootName, isBare: false)
        case .linkedCheckout:
            walker.report(path: rootPath, identity: rootName, isBare: false)
        case .bare:
            walker.report(path: rootPath, identity: rootName, isBare: true)
        case .plain:
            walker.walkChildren(of: listing, path: rootPath, relative: nil)
        }
        let repositories = walker.found.sorted { $0.identity < $1.identity }
        return DiscoveryResult(repositories: repositories, problems: walker.problems, linksNotFollowed: walker.linksNotFollowed)
    }

    /// The path with every symbolic link resolved; nil when it cannot be (it vanished, a loop).
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// `path` made absolute against the current directory, with `.`, `..` and repeated slashes removed.
    static func standardizedAbsolutePath(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var parts: [Substring] = []
        for part in absolute.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..": if !parts.isEmpty { parts.removeLast() }
            default: parts.append(part)
            }
        }
        return "/" + parts.joined(separator: "/")
    }

    /// The state of one walk.
    private struct Walker {
        let includes: [Glob]
        let excludes: [Glob]
        /// Exclude globs ending in `/**`: a directory is pruned when `path/x` matches one.
        let subtreeExcludes: [Glob]
        let followSymlinks: Bool
        /// The root with its symbolic links resolved: what "inside the root" is measured against.
        let realRoot: String
        var visited: Set<DirectoryKey> = []
        var found: [DiscoveredRepository] = []
        var problems: [DiscoveryProblem] = []
        var linksNotFollowed: [DiscoveryProblem] = []

        init(includes: [Glob], excludes: [Glob], followSymlinks: Bool, realRoot: String) {
            self.includes = includes
            self.excludes = excludes
            self.subtreeExcludes = excludes.filter { $0.pattern.hasSuffix("/**") }
            self.followSymlinks = followSymlinks
            self.realRoot = realRoot
        }

        /// Whether a real path is the root or inside it.
        func isInsideRoot(_ path: String) -> Bool {
            path == realRoot || path.hasPrefix(realRoot == "/" ? "/" : realRoot + "/")
        }

        mutating func report(path: String, identity: String, isBare: Bool) {
            guard !excludes.contains(where: { $0.matches(identity) }) else { return }
            guard includes.isEmpty || includes.contains(where: { $0.matches(identity) }) else { return }
            found.append(DiscoveredRepository(path: path, identity: identity, isBare: isBare))
        }

        func isPruned(_ relative: String) -> Bool {
            excludes.contains { $0.matches(relative) } || subtreeExcludes.contains { $0.matches(relative + "/x") }
        }

        /// Walks the subdirectories of a listed directory; `relative` is nil for the root.
        mutating func walkChildren(of listing: Listing, path: String, relative: String?) {
            for child in listing.subdirectories {
                let childRelative = relative.map { $0 + "/" + child } ?? child
                guard !isPruned(childRelative) else { continue }
                let childPath = path == "/" ? "/" + child : path + "/" + child
                // A link leads out of the root when its target's real path is not inside the root's.
                var outside: String?
                if listing.links.contains(child) {
                    guard followSymlinks else { continue }
                    guard let target = RepositoryDiscovery.realPath(childPath) else { continue }
                    if !isInsideRoot(target) { outside = target }
                }
                let childListing: Listing
                switch Listing.read(childPath) {
                case .success(let read):
                    childListing = read
                case .failure(let failure):
                    problems.append(DiscoveryProblem(path: childPath, reason: failure.reason))
                    continue
                }
                if let outside, childListing.kind == .plain || childListing.kind == .linkedCheckout {
                    // Not a repository: what lies beyond is not the root's to walk.
                    if childListing.kind == .plain {
                        linksNotFollowed.append(DiscoveryProblem(path: childPath, reason: "a symbolic link to \(outside), a folder outside the root"))
                    }
                    continue
                }
                guard visited.insert(childListing.key).inserted else { continue }
                switch childListing.kind {
                case .workTree:
                    report(path: childPath, identity: childRelative, isBare: false)
                case .linkedCheckout:
                    continue
                case .bare:
                    report(path: childPath, identity: childRelative, isBare: true)
                case .plain:
                    walkChildren(of: childListing, path: childPath, relative: childRelative)
                }
            }
            for name in listing.undecodableNames {
                problems.append(DiscoveryProblem(path: path + "/" + name,
                                                 reason: "the directory's name is not valid UTF-8"))
            }
        }
    }

    /// A directory's identity on disk, for loop protection.
    struct DirectoryKey: Hashable {
        var device: UInt64
        var inode: UInt64
    }

    /// Why a directory could not be listed.
    struct ListingFailure: Error {
        var reason: String
    }

    /// What one directory is, and its subdirectories (symbolic links to directories included), sorted.
    struct Listing {
        enum Kind {
            /// Has a `.git` directory.
            case workTree
            /// Has a `.git` file: a submodule checkout or a linked worktree.
            case linkedCheckout
            /// Has a `HEAD` file and `objects` and `refs` directories.
            case bare
            case plain
        }

        var key: DirectoryKey
        var kind: Kind
        /// Names of subdirectories to walk, sorted; never `.git`.
        var subdirectories: [String]
        /// Those of `subdirectories` that are symbolic links to directories.
        var links: Set<String>
        /// Subdirectories whose names are not UTF-8 (reported, not walked), with their names repaired.
        var undecodableNames: [String]

        /// Lists `path`, following it when it is a symbolic link.
        static func read(_ path: String) -> Result<Listing, ListingFailure> {
            guard let directory = opendir(path) else {
                return .failure(ListingFailure(reason: String(cString: strerror(errno))))
            }
            defer { closedir(directory) }
            let descriptor = dirfd(directory)
            var status = stat()
            guard fstat(descriptor, &status) == 0 else {
                return .failure(ListingFailure(reason: String(cString: strerror(errno))))
            }
            let key = DirectoryKey(device: UInt64(status.st_dev), inode: UInt64(status.st_ino))

            var gitType: EntryType?
            var hasHead = false, hasObjects = false, hasRefs = false
            var subdirectories: [String] = []
            var links: Set<String> = []
            var undecodable: [String] = []
            while let entry = readdir(directory) {
                let kind = entry.pointee.d_type
                var isLink = Int(kind) == Int(DT_LNK)
                let outcome: (String?, EntryType?) = withUnsafePointer(to: &entry.pointee.d_name) { tuple in
                    tuple.withMemoryRebound(to: CChar.self, capacity: MemoryLayout.size(ofValue: tuple.pointee)) { name in
                        if name[0] == 0x2E, name[1] == 0 || (name[1] == 0x2E && name[2] == 0) { return (nil, nil) }
                        let watched = isNamed(name, ".git") || isNamed(name, "HEAD")
                        // Most entries of a work tree are files: skip them without a system call or a string.
                        if Int(kind) == Int(DT_REG), !watched { return (nil, nil) }
                        guard let type = entryType(kind, name: name, in: descriptor),
                              type == .directory || watched else { return (nil, nil) }
                        if Int(kind) == Int(DT_UNKNOWN) { isLink = isSymbolicLink(name, in: descriptor) }
                        guard let text = String(validatingCString: name) else {
                            undecodable.append(String(cString: name))
                            return (nil, nil)
                        }
                        return (text, type)
                    }
                }
                guard let name = outcome.0, let type = outcome.1 else { continue }
                switch name {
                case ".git":
                    gitType = type
                    continue
                case "HEAD": hasHead = type == .file
                case "objects": hasObjects = type == .directory
                case "refs": hasRefs = type == .directory
                default: break
                }
                if type == .directory {
                    subdirectories.append(name)
                    if isLink { links.insert(name) }
                }
            }
            let kind: Kind
            switch gitType {
            case .directory?: kind = .workTree
            case .file?: kind = .linkedCheckout
            default: kind = hasHead && hasObjects && hasRefs ? .bare : .plain
            }
            subdirectories.sort()
            return .success(Listing(key: key, kind: kind, subdirectories: subdirectories, links: links, undecodableNames: undecodable))
        }

        /// What an entry is once symbolic links are followed; nil for anything else or a dangling link.
        enum EntryType { case directory, file }

        /// Whether the C string `name` is exactly `literal` (ASCII).
        private static func isNamed(_ name: UnsafePointer<CChar>, _ literal: StaticString) -> Bool {
            let bytes = literal.utf8Start
            for offset in 0..<literal.utf8CodeUnitCount where UInt8(bitPattern: name[offset]) != bytes[offset] {
                return false
            }
            return name[literal.utf8CodeUnitCount] == 0
        }

        /// Whether the entry itself is a symbolic link (for file systems that give no entry type).
        private static func isSymbolicLink(_ name: UnsafePointer<CChar>, in descriptor: Int32) -> Bool {
            var status = stat()
            return fstatat(descriptor, name, &status, AT_SYMLINK_NOFOLLOW) == 0 && status.st_mode & S_IFMT == S_IFLNK
        }

        private static func entryType(_ kind: UInt8, name: UnsafePointer<CChar>, in descriptor: Int32) -> EntryType? {
            switch Int(kind) {
            case Int(DT_DIR): return .directory
            case Int(DT_REG): return .file
            case Int(DT_LNK), Int(DT_UNKNOWN):
                var status = stat()
                guard fstatat(descriptor, name, &status, 0) == 0 else { return nil }
                switch status.st_mode & S_IFMT {
                case S_IFDIR: return .directory
                case S_IFREG: return .file
                default: return nil
                }
            default:
                return nil
            }
        }
    }
}
