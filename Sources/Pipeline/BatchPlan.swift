import Attribution
import Crypto
import Foundation
import InnerSourceModel

/// One repository a batch will analyse, or could not even find, with the identity shards are cut by.
public struct PlannedRepository: Sendable, Hashable {
    /// The name rows are keyed by: the path relative to its root without `.git`, or the entry's `name:`
    /// or folder name.
    public var name: String
    /// Its path relative to its discovery root, or the path as written in the pipeline (docs/DEFINITIONS.md, "Names and identities").
    public var identity: String
    /// Absolute.
    public var path: String
    public var owner: Team?
    public var revision: String?
    /// Set when the repository cannot be analysed before it is even opened (a root that cannot be read).
    public var failure: String?
}

/// `--shard K/N`: which slice of the repositories a run takes.
public struct Shard: Sendable, Hashable, CustomStringConvertible {
    public var index: Int
    public var count: Int

    public init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    /// Reads `K/N` with 0 ≤ K < N; nil with the reason otherwise.
    public static func parse(_ text: String) -> Result<Shard, ShardSyntaxError> {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0].trimmingCharacters(in: .whitespaces)),
              let count = Int(parts[1].trimmingCharacters(in: .whitespaces)) else {
            return .failure(ShardSyntaxError(message: "--shard takes K/N, such as 0/4 (shards are numbered from 0), not '\(text)'"))
        }
        guard count >= 1, count <= 100_000 else {
            return .failure(ShardSyntaxError(message: "--shard \(text): N must be from 1 to 100000"))
        }
        guard index >= 0, index < count else {
            return .failure(ShardSyntaxError(message: "--shard \(text): K must be from 0 to \(count - 1) (shards are numbered from 0, as Kubernetes' JOB_COMPLETION_INDEX)"))
        }
        return .success(Shard(index: index, count: count))
    }

    /// The shard a repository belongs to: the first 8 bytes of SHA-256 of its identity, modulo N. Stable
    /// across machines, processes and versions (never Swift's seeded `Hasher`).
    public static func of(identity: String, count: Int) -> Int {
        let digest = SHA256.hash(data: Data(identity.utf8))
        let value = digest.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        return Int(value % UInt64(count))
    }

    public func contains(identity: String) -> Bool { Self.of(identity: identity, count: count) == index }

    public var description: String { "\(index)/\(count)" }
}

/// A `--shard` argument that cannot be read.
public struct ShardSyntaxError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// The configuration cannot be turned into a list of repositories (two repositories under one name).
public struct PlanError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// Turns a pipeline's sources into the repositories to analyse: roots are walked, a repository named
/// explicitly wins over the same one found under a root, and names must be unique.
public enum BatchPlan {
    /// - Parameter warning: told of what discovery left out on purpose (links out of a root), one line each.
    public static func repositories(_ configuration: PipelineConfiguration,
                                    warning: (String) -> Void = { _ in }) throws(PlanError) -> [PlannedRepository] {
        var planned: [PlannedRepository] = []
        var byPath: [String: Int] = [:]
        func key(_ path: String) -> String { URL(fileURLWithPath: path).resolvingSymlinksInPath().path }
        // Explicit entries first: their owner, name and ref apply even when a root finds them too. One
        // repository named twice with different refs is two analyses (under two names).
        var explicit: Set<String> = []
        for case .repository(let source) in configuration.sources {
            let resolved = key(source.path)
            guard explicit.insert(resolved + "\u{0}" + (source.revision ?? "")).inserted else { continue }
            byPath[resolved] = planned.count
            planned.append(PlannedRepository(name: source.name ?? folderName(source.path), identity: source.written,
                                             path: source.path, owner: source.owner, revision: source.revision))
        }
        for case .root(let source) in configuration.sources {
            let found: DiscoveryResult
            do {
                found = try RepositoryDiscovery.discover(root: source.path, include: source.include, exclude: source.exclude,
                                                         followSymlinks: source.followSymlinks)
            } catch {
                planned.append(PlannedRepository(name: source.written, identity: source.written, path: source.path,
                                                 owner: source.owner, failure: "\(error)"))
                continue
            }
            for repository in found.repositories {
                let resolved = key(repository.path)
                guard byPath[resolved] == nil else { continue }
                byPath[resolved] = planned.count
                planned.append(PlannedRepository(name: nameOf(identity: repository.identity), identity: repository.identity,
                                                 path: repository.path, owner: source.owner))
            }
            for link in found.linksNotFollowed {
                warning("\(link.path): not followed: \(link.reason) (name it as a root of its own to analyse what it holds)")
            }
            for problem in found.problems {
                var relative = problem.path.hasPrefix(source.path + "/") ? String(problem.path.dropFirst(source.path.count + 1)) : problem.path
                // A folder that cannot even be named or read has no name of its own to clash with.
                var suffix = 2
                let base = relative
                while planned.contains(where: { $0.name == relative }) {
                    relative = "\(base) (\(suffix))"
                    suffix += 1
                }
                planned.append(PlannedRepository(name: relative, identity: relative, path: problem.path, owner: source.owner,
                                                 failure: "\(problem.path): cannot be searched for repositories: \(problem.reason)"))
            }
        }
        var byName: [String: PlannedRepository] = [:]
        for repository in planned {
            if let first = byName[repository.name] {
                throw PlanError(message: """
                    two repositories would both be named '\(repository.name)': \(first.path) and \(repository.path); \
                    give one a name: in its path entry, or exclude one from its root
                    """)
            }
            byName[repository.name] = repository
        }
        return planned.sorted { $0.name < $1.name }
    }

    /// A repository's folder name, without `.git` (`/srv/git/app.git` and `/src/app/.git` are both `app`).
    static func folderName(_ path: String) -> String {
        var components = path.split(separator: "/").map(String.init)
        if components.last == ".git", components.count > 1 { components.removeLast() }
        guard var name = components.last else { return path }
        if name.hasSuffix(".git"), name.count > 4 { name.removeLast(4) }
        return name
    }

    /// `team/api.git` → `team/api`.
    static func nameOf(identity: String) -> String {
        var name = identity
        if name.hasSuffix("/.git") { name.removeLast(5) }
        if name.hasSuffix(".git"), name.count > 4 { name.removeLast(4) }
        return name
    }
}
