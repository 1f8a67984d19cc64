import Foundation
import InnerSourceModel

/// Folds the whole history of a repository's paths into the degree-of-authorship inputs of the truck
/// factor (Avelino et al. 2016): who created each path, and how many commits each person made to it.
/// People's non-merge commits only; paths are not followed across renames. Pure and order-independent.
public struct AuthorshipTally: Sendable {
    /// One path's history: who added it first and when, its commits, and each person's commits to it.
    /// People are indices into `people`, and each path keeps a short flat list of them (a file has few
    /// authors): the tally is held through the whole history read, and a dictionary per path cost about
    /// twice the memory.
    struct PathHistory: Sendable {
        var creator: Int32 = -1
        var total: Int32 = 0
        var createdAt: Int64 = .max
        var byPerson: [PersonCommits] = []
    }

    struct PersonCommits: Sendable {
        var person: Int32
        var commits: Int32
    }

    private var paths: [String: PathHistory] = [:]
    /// Every author key seen, once, and its index.
    private var people: [String] = []
    private var personIndex: [String: Int32] = [:]
    private var names = NewestNames()

    public init() {}

    public mutating func add(author: String, display: String, time: Int64, files: [FileChange]) {
        names.offer(author, display: display, time: time)
        let person: Int32
        if let known = personIndex[author] {
            person = known
        } else {
            person = Int32(people.count)
            people.append(author)
            personIndex[author] = person
        }
        for file in files {
            // Mutated in place: copying a path's history out and back would copy its list.
            Self.record(&paths[file.path, default: PathHistory()], person: person, time: time,
                        added: file.kind == .added || file.kind == .renamed, people: people)
        }
    }

    private static func record(_ history: inout PathHistory, person: Int32, time: Int64, added: Bool,
                               people: [String]) {
        history.total &+= 1
        if let index = history.byPerson.firstIndex(where: { $0.person == person }) {
            history.byPerson[index].commits &+= 1
        } else {
            history.byPerson.append(PersonCommits(person: person, commits: 1))
        }
        // The earliest addition; at the same second, the lower key.
        if added && (time < history.createdAt
                     || (time == history.createdAt
                         && (history.creator < 0 || people[Int(person)] < people[Int(history.creator)]))) {
            history.creator = person
            history.createdAt = time
        }
    }

    public func display(of key: String) -> String { names.display(of: key) }

    /// Degree of authorship of `person` on a path with `history`.
    static func degree(creator: Bool, commits: Int, others: Int) -> Double {
        3.293 + 1.098 * (creator ? 1 : 0) + 0.164 * Double(commits) - 0.321 * log(1 + Double(others))
    }

    /// The authors of each path at HEAD that the skip rules keep (binary content at HEAD is left out):
    /// people whose DOA is above 0.75 of the file's highest and at least 3.293.
    public func fileAuthors(headPaths: [String], binaryPaths: Set<String> = []) -> [String: Set<String>] {
        var result: [String: Set<String>] = [:]
        for path in headPaths where !TruckFactorRules.skips(path) && !binaryPaths.contains(path) {
            guard let history = paths[path] else { continue }
            let degrees = history.byPerson.map { entry in
                (people[Int(entry.person)],
                 AuthorshipTally.degree(creator: history.creator == entry.person, commits: Int(entry.commits),
                                        others: Int(history.total) - Int(entry.commits)))
            }
            guard let best = degrees.map(\.1).max() else { continue }
            result[path] = Set(degrees.filter { $0.1 / best > 0.75 && $0.1 >= 3.293 }.map(\.0))
        }
        return result
    }

    /// The truck factor and the people removed, in order: repeatedly remove whoever authors most files
    /// (ties: the lower canonical e-mail) until fewer than half of the files have an author left.
    public func truckFactor(headPaths: [String], binaryPaths: Set<String> = []) -> (factor: Int?, people: [String], files: Int) {
        var authors = fileAuthors(headPaths: headPaths, binaryPaths: binaryPaths)
        let files = authors.count
        guard files > 0 else { return (nil, [], 0) }
        var removed: [String] = []
        func covered() -> Int { authors.values.filter { !$0.isEmpty }.count }
        while covered() * 2 >= files {
            var counts: [String: Int] = [:]
            for people in authors.values { for person in people { counts[person, default: 0] += 1 } }
            guard let top = counts.sorted(by: { ($1.value, $0.key) < ($0.value, $1.key) }).first else { break }
            removed.append(top.key)
            for path in authors.keys { authors[path]?.remove(top.key) }
        }
        return (removed.count, removed.map(display(of:)), files)
    }
}

/// Which files at HEAD the truck factor leaves out, and why: code that is not the team's own work.
public enum TruckFactorRules {
    /// Generated files and lock files, by name or ending.
    public static let generatedSuffixes: [String] = [
        ".min.js", ".min.css", ".map", ".pb.go", "_pb2.py", "_pb2_grpc.py", ".pb.h", ".pb.cc", ".pb.swift",
        ".generated.swift", ".g.dart", ".designer.cs", "_generated.go", ".lock", "package-lock.json",
        "npm-shrinkwrap.json", "pnpm-lock.yaml", "go.sum", "Package.resolved", "poetry.lock", "composer.lock",
    ]
    /// Binary formats by extension (files whose content at HEAD is binary are left out as well).
    public static let binaryExtensions: Set<String> = [
        "png", "jpg", "jpeg", "gif", "bmp", "ico", "icns", "webp", "svgz", "pdf", "zip", "gz", "tgz", "bz2", "xz",
        "7z", "jar", "war", "class", "so", "dylib", "dll", "exe", "a", "o", "bin", "woff", "woff2", "ttf", "otf",
        "eot", "mp3", "mp4", "wav", "ogg", "mov", "avi", "psd", "sketch", "xlsx", "docx", "pptx",
    ]

    public static func skips(_ path: String) -> Bool {
        let components = path.split(separator: "/")
        if VendoredCode.contains(components) { return true }
        let name = components.last.map(String.init) ?? path
        if generatedSuffixes.contains(where: { name == $0 || name.hasSuffix($0) }) { return true }
        if let dot = name.lastIndex(of: "."), binaryExtensions.contains(name[name.index(after: dot)...].lowercased()) {
            return true
        }
        return false
    }
}
