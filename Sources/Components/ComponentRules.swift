import CodeOwners
import InnerSourceModel

/// A repository's ownership rules at HEAD, compiled once, answering which component a path belongs to.
///
/// For each path the first source that covers it decides, in this order: configured components (the first
/// listed whose glob matches), CODEOWNERS (the last matching rule; one without owners leaves the path
/// unowned), the nearest folder's OWNERS file (its `per-file` lines first), the nearest folder's catalog
/// descriptor. A repository with none of these rules (a CODEOWNERS whose only rules cover every file is none)
/// has no components: it is one component, the repository itself, unless a folder depth is given: then its
/// components are its folders at that depth.
public struct ComponentRules: Sendable {
    /// Every rule, each one component, in the order of the sources, then of their files.
    public let rules: [OwnershipRule]
    /// Problems with the rules (a pattern that cannot be compiled), as `FILE:LINE: reason`.
    public let problems: [String]

    private let configured: [(rule: Int, globs: [Glob])]
    private let codeOwners: (matcher: CodeOwnersMatcher, ruleOfLine: [Int?])?
    private let ownersByFolder: [String: Int]
    private let perFileByFolder: [String: [(glob: Glob, rule: Int)]]
    private let catalogByFolder: [String: Int]
    private let folderDepth: Int
    private let folderRules: [String: Int]

    /// The rules of a repository: `documents` are its ownership files at HEAD (CODEOWNERS in GitHub's
    /// places, OWNERS and catalog descriptors in any folder); `headPaths` its files, for the folders.
    /// nil when there is no rule and `folderDepth` is 0.
    public init?(documents: [HeadDocument], configured: [ConfiguredComponent] = [], folderDepth: Int = 0,
                 headPaths: [String] = []) {
        var rules: [OwnershipRule] = []
        var problems: [String] = []
        var configuredGlobs: [(Int, [Glob])] = []
        for component in configured {
            var globs: [Glob] = []
            for pattern in component.paths {
                do { globs.append(try Glob(pattern)) } catch { problems.append("components: \(component.name): \(error)") }
            }
            configuredGlobs.append((rules.count, globs))
            rules.append(OwnershipRule(source: .config, component: component.name, file: nil, line: nil,
                                       pattern: component.paths.joined(separator: ", "), owners: component.owner.map { [$0] } ?? []))
        }
        self.configured = configuredGlobs

        // A CODEOWNERS whose every rule covers every file names the repository's owner, no component of it.
        let codeOwnersFile = CodeOwnersFile(in: documents).flatMap { file in
            file.rules.allSatisfy(\.coversEverything) ? nil : file
        }
        if let file = codeOwnersFile {
            let matcher = CodeOwnersMatcher(file)
            var ruleOfLine: [Int?] = []
            let invalid = Set(matcher.invalidRules.map(\.rule))
            for (index, rule) in file.rules.enumerated() {
                if invalid.contains(index) {
                    let reason = matcher.invalidRules.first { $0.rule == index }?.reason ?? ""
                    problems.append("\(file.path):\(rule.line): the pattern '\(rule.pattern)' matches nothing: \(reason)")
                }
                guard !rule.owners.isEmpty, !invalid.contains(index) else {
                    ruleOfLine.append(nil)
                    continue
                }
                ruleOfLine.append(rules.count)
                rules.append(OwnershipRule(source: .codeowners, component: rule.pattern, file: file.path, line: rule.line,
                                           pattern: rule.pattern, owners: rule.owners))
            }
            codeOwners = (matcher, ruleOfLine)
        } else {
            codeOwners = nil
        }

        var owners: [String: Int] = [:], perFile: [String: [(Glob, Int)]] = [:]
        for document in documents.sorted(by: { $0.path < $1.path }) where OwnersFile.isOwnersFile(document.path) {
            let file = OwnersFile(path: document.path, text: document.text)
            let name = file.folder.isEmpty ? "/" : file.folder
            if !file.owners.isEmpty {
                owners[file.folder] = rules.count
                // Kubernetes' user names are GitHub handles: written as handles, as CODEOWNERS writes them.
                rules.append(OwnershipRule(source: .owners, component: name, file: file.path, line: nil, pattern: name,
                                           owners: file.owners.map { $0.contains("@") ? $0 : "@" + $0 }, noParent: file.noParent))
            }
            // After their folder's rule: more specific, as a CODEOWNERS file would order them.
            for line in file.perFile where !line.owners.isEmpty {
                do {
                    perFile[file.folder, default: []].append((try Glob(line.pattern), rules.count))
                    rules.append(OwnershipRule(source: .owners, component: file.folder + line.pattern, file: file.path,
                                               line: line.line, pattern: file.folder + line.pattern, owners: line.owners))
                } catch {
                    problems.append("\(file.path):\(line.line): per-file \(error)")
                }
            }
        }
        ownersByFolder = owners
        perFileByFolder = perFile

        var catalog: [String: Int] = [:]
        for document in documents.sorted(by: { $0.path < $1.path }) where CatalogDescriptor.isDescriptor(document.path) {
            guard let descriptor = CatalogDescriptor(path: document.path, text: document.text),
                  catalog[descriptor.folder] == nil else { continue }
            catalog[descriptor.folder] = rules.count
            rules.append(OwnershipRule(source: .catalog, component: descriptor.name ?? (descriptor.folder.isEmpty ? "/" : descriptor.folder),
                                       file: descriptor.path, line: descriptor.line,
                                       pattern: descriptor.folder.isEmpty ? "/" : descriptor.folder, owners: [descriptor.owner]))
        }
        catalogByFolder = catalog

        var folders: [String: Int] = [:]
        let depth = rules.isEmpty ? max(0, folderDepth) : 0
        if depth > 0 {
            let names = Set(headPaths.map { Self.folder(of: $0, depth: depth) }).sorted()
            for name in names {
                folders[name] = rules.count
                rules.append(OwnershipRule(source: .folders, component: name, file: nil, line: nil,
                                           pattern: name == "/" ? "/*" : name + "/", owners: []))
            }
        }
        self.folderDepth = depth
        folderRules = folders
        guard !rules.isEmpty || !problems.isEmpty else { return nil }
        self.rules = rules
        self.problems = problems
    }

    /// The folder of `path` at `depth` segments (fewer for a shallower file): `a/b` for `a/b/c/d.c` at 2,
    /// `/` for a file at the root.
    static func folder(of path: String, depth: Int) -> String {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count > 1 else { return "/" }
        return parts.prefix(min(depth, parts.count - 1)).joined(separator: "/")
    }

    /// The index in `rules` of the rule (component) that `path` belongs to; nil when it is unowned.
    public func ruleIndex(for path: String) -> Int? {
        for (rule, globs) in configured where globs.contains(where: { $0.matches(path) }) { return rule }
        if let codeOwners, let line = codeOwners.matcher.ruleIndex(for: path) { return codeOwners.ruleOfLine[line] }
        if !ownersByFolder.isEmpty || !perFileByFolder.isEmpty || !catalogByFolder.isEmpty {
            var folder = Substring(path)
            let name = path.split(separator: "/").last.map(String.init) ?? path
            var first = true
            var owner: Int?
            var catalog: Int?
            // The folders of the path, nearest first: `a/b/`, `a/`, then the root.
            while true {
                if let slash = folder.dropLast().lastIndex(of: "/") {
                    folder = folder[...slash]
                } else {
                    folder = ""
                }
                let key = String(folder)
                if first, let lines = perFileByFolder[key], let hit = lines.first(where: { $0.glob.matches(name) }) { return hit.rule }
                first = false
                if owner == nil { owner = ownersByFolder[key] }
                if catalog == nil { catalog = catalogByFolder[key] }
                if owner != nil || folder.isEmpty { break }
            }
            if let owner { return owner }
            if let catalog { return catalog }
        }
        if folderDepth > 0 { return folderRules[Self.folder(of: path, depth: folderDepth)] }
        return nil
    }
}

/// Which component each path belongs to, asked once per distinct path: the answers are kept by path.
public struct ComponentLookup: Sendable {
    public let rules: ComponentRules
    private var known: [String: Int32] = [:]

    public init(_ rules: ComponentRules) {
        self.rules = rules
    }

    /// The rule index of `path`'s component, -1 when unowned.
    public mutating func component(of path: String) -> Int32 {
        if let found = known[path] { return found }
        let found = rules.ruleIndex(for: path).map(Int32.init) ?? -1
        known[path] = found
        return found
    }
}
