import Foundation
import InnerSourceModel
import Pipeline
import Testing
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Discovery of repositories below a folder, on real trees built with git: work trees, bare repositories
/// and mirrors, submodules, linked worktrees, nested clones, symbolic links and loops, filters.
@Suite("Repository discovery")
struct DiscoveryTests {
    /// A folder of repositories of every kind, one of them outside it and reached by a link.
    struct Organisation {
        var root: URL

        func path(_ identity: String) -> String { root.path + "/" + identity }
    }

    static let committer = ["-c", "user.name=Dora Discovery", "-c", "user.email=dora@example.com"]

    /// Builds:
    /// ```
    /// org/app                  work tree with a submodule modules/shared (.git file inside)
    /// org/app-feature          linked worktree of app (.git file)
    /// org/archive/old          work tree, and archive/older.git bare: excluded by archive/** in the tests
    /// org/docs/notes           plain folders
    /// org/links/external   ->  ../../elsewhere/external, a work tree outside org
    /// org/links/loop       ->  ..  (back to org)
    /// org/links/self       ->  self (a link to itself)
    /// org/mirrors/source.git   git clone --mirror
    /// org/mirrors/noconfig.git git clone --mirror, config deleted
    /// org/payments.git         git init --bare
    /// org/team/api             clone, with a clone nested at vendor/lib and a bare-looking test fixture at
    ///                          tests/fixture.git: a work tree's content, never reported
    /// org/team/web             git init
    /// org/zz-alias         ->  team/api (the same repository again)
    /// ```
    static func makeOrganisation() throws -> Organisation {
        let base = try Fixture.temporaryFolder()
        let files = FileManager.default
        let source = base.appendingPathComponent("source")
        try Shell.git(["init", "-q", "-b", "main", source.path])
        try Data("hello\n".utf8).write(to: source.appendingPathComponent("README.md"))
        try Shell.git(["-C", source.path, "add", "README.md"])
        try Shell.git(committer + ["-C", source.path, "commit", "-q", "-m", "Start"])

        let root = base.appendingPathComponent("org")
        let outside = base.appendingPathComponent("elsewhere")
        try files.createDirectory(at: root, withIntermediateDirectories: true)
        func at(_ relative: String) -> String { root.path + "/" + relative }

        try Shell.git(["clone", "-q", source.path, at("team/api")])
        try Shell.git(["clone", "-q", source.path, at("team/api/vendor/lib")])
        try Shell.git(["init", "-q", "--bare", at("team/api/tests/fixture.git")])
        try Shell.git(["init", "-q", at("team/web")])
        try Shell.git(["init", "-q", "--bare", at("payments.git")])
        try Shell.git(["clone", "-q", "--mirror", source.path, at("mirrors/source.git")])
        try Shell.git(["clone", "-q", "--mirror", source.path, at("mirrors/noconfig.git")])
        try files.removeItem(atPath: at("mirrors/noconfig.git/config"))

        try Shell.git(["init", "-q", "-b", "main", at("app")])
        try Shell.git(["-C", at("app"), "-c", "protocol.file.allow=always", "submodule", "add", "-q",
                       source.path, "modules/shared"])
        try Shell.git(committer + ["-C", at("app"), "commit", "-q", "-m", "Add the shared module"])
        try Shell.git(["-C", at("app"), "worktree", "add", "-q", at("app-feature")])

        try Shell.git(["init", "-q", at("archive/old")])
        try Shell.git(["init", "-q", "--bare", at("archive/older.git")])
        try files.createDirectory(atPath: at("docs/notes"), withIntermediateDirectories: true)
        try Data("notes\n".utf8).write(to: URL(fileURLWithPath: at("docs/notes/notes.txt")))

        try Shell.git(["init", "-q", outside.appendingPathComponent("external").path])
        try files.createDirectory(atPath: at("links"), withIntermediateDirectories: true)
        try files.createSymbolicLink(atPath: at("links/external"), withDestinationPath: "../../elsewhere/external")
        try files.createSymbolicLink(atPath: at("links/loop"), withDestinationPath: "..")
        try files.createSymbolicLink(atPath: at("links/self"), withDestinationPath: "self")
        try files.createSymbolicLink(atPath: at("zz-alias"), withDestinationPath: "team/api")
        return Organisation(root: root)
    }

    static func identities(_ result: DiscoveryResult) -> [String] { result.repositories.map(\.identity) }

    @Test("every kind of repository, each once, with its path and bareness")
    func everyKind() throws {
        let org = try Self.makeOrganisation()
        // The tree really has what it claims: a submodule and a linked worktree are checkouts with a .git file.
        var isDirectory: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: org.path("app/modules/shared/.git"), isDirectory: &isDirectory)
                && !isDirectory.boolValue)
        #expect(FileManager.default.fileExists(atPath: org.path("app-feature/.git"), isDirectory: &isDirectory)
                && !isDirectory.boolValue)
        #expect(!FileManager.default.fileExists(atPath: org.path("mirrors/noconfig.git/config")))

        let result = try RepositoryDiscovery.discover(root: org.root.path, include: [], exclude: ["archive/**"])
        #expect(result.repositories == [
            DiscoveredRepository(path: org.path("app"), identity: "app", isBare: false),
            DiscoveredRepository(path: org.path("links/external"), identity: "links/external", isBare: false),
            DiscoveredRepository(path: org.path("mirrors/noconfig.git"), identity: "mirrors/noconfig.git", isBare: true),
            DiscoveredRepository(path: org.path("mirrors/source.git"), identity: "mirrors/source.git", isBare: true),
            DiscoveredRepository(path: org.path("payments.git"), identity: "payments.git", isBare: true),
            DiscoveredRepository(path: org.path("team/api"), identity: "team/api", isBare: false),
            DiscoveredRepository(path: org.path("team/web"), identity: "team/web", isBare: false),
        ])
        #expect(result.problems.isEmpty, "links to themselves or back up are not problems: \(result.problems)")
    }

    @Test("exclude leaves out repositories and prunes folders; include keeps only what it names")
    func filters() throws {
        let org = try Self.makeOrganisation()
        func discover(include: [String] = [], exclude: [String] = []) throws -> [String] {
            Self.identities(try RepositoryDiscovery.discover(root: org.root.path, include: include, exclude: exclude))
        }
        let everything = try discover()
        #expect(everything.contains("archive/old") && everything.contains("archive/older.git"))
        #expect(everything.count == 9)
        #expect(!everything.contains { $0.hasPrefix("team/api/") }, "a work tree is not entered: \(everything)")
        #expect(try discover(exclude: ["archive/**"]).allSatisfy { !$0.hasPrefix("archive") })
        #expect(try discover(exclude: ["archive"]).allSatisfy { !$0.hasPrefix("archive") }, "a matching folder is pruned")
        #expect(try discover(exclude: ["**/*.git"]) == ["app", "archive/old", "links/external", "team/api", "team/web"])
        #expect(try discover(include: ["mirrors/*"]) == ["mirrors/noconfig.git", "mirrors/source.git"])
        #expect(try discover(include: ["*.git", "**/old"]) == ["archive/old", "payments.git"])
        #expect(try discover(include: ["team/**"], exclude: ["**/vendor/**"]) == ["team/api", "team/web"])
        #expect(try discover(include: ["nothing/*"]).isEmpty)
        #expect(throws: GlobError.self) { try discover(include: ["team/[api"]) }
        #expect(throws: GlobError.self) { try discover(exclude: ["team\\"]) }
    }

    @Test("a root that is itself a repository: named by its last component, not entered")
    func rootIsRepository() throws {
        let org = try Self.makeOrganisation()
        let api = try RepositoryDiscovery.discover(root: org.path("team/api"), include: [], exclude: [])
        #expect(api.repositories == [DiscoveredRepository(path: org.path("team/api"), identity: "api", isBare: false)])
        let bare = try RepositoryDiscovery.discover(root: org.path("payments.git"), include: [], exclude: [])
        #expect(bare.repositories == [DiscoveredRepository(path: org.path("payments.git"), identity: "payments.git", isBare: true)])
        // Named explicitly, a linked worktree is analysed; found by the walk, it is not.
        let linked = try RepositoryDiscovery.discover(root: org.path("app-feature"), include: [], exclude: [])
        #expect(Self.identities(linked) == ["app-feature"])
        // The root is standardized: `..`, `.` and a trailing slash go.
        let winding = try RepositoryDiscovery.discover(root: org.root.path + "/team/./web/../api/", include: [], exclude: [])
        #expect(winding.repositories.first?.path == org.path("team/api"))
        #expect(Self.identities(winding) == ["api"])
    }

    @Test("a root through a symbolic link, and a loop reached from inside the tree, are walked once")
    func links() throws {
        let org = try Self.makeOrganisation()
        let alias = org.root.deletingLastPathComponent().appendingPathComponent("org-link")
        try FileManager.default.createSymbolicLink(atPath: alias.path, withDestinationPath: "org")
        let result = try RepositoryDiscovery.discover(root: alias.path, include: [], exclude: ["archive/**"])
        #expect(Self.identities(result) == ["app", "links/external", "mirrors/noconfig.git", "mirrors/source.git",
                                            "payments.git", "team/api", "team/web"])
        #expect(result.repositories.allSatisfy { $0.path.hasPrefix(alias.path + "/") }, "paths go through the link given")
    }

    /// A root whose links lead out of it: to `/`, to a sibling folder holding a repository, and to a
    /// repository beside the root; and one link inside it, to a folder the walk would otherwise prune.
    /// ```
    /// base/root/team/api           work tree
    /// base/root/real/inner         work tree, excluded as real/** in the tests
    /// base/root/alias          ->  real (inside the root)
    /// base/root/everything     ->  /
    /// base/root/sibling        ->  ../sibling (a plain folder holding sibling/hidden, a work tree)
    /// base/root/beside.git     ->  ../beside.git (a bare repository outside the root)
    /// ```
    static func makeRootWithLinksOut() throws -> URL {
        let base = try Fixture.temporaryFolder()
        let root = base.appendingPathComponent("root")
        for repository in ["root/team/api", "root/real/inner", "sibling/hidden"] {
            try Shell.git(["init", "-q", base.appendingPathComponent(repository).path])
        }
        try Shell.git(["init", "-q", "--bare", base.appendingPathComponent("beside.git").path])
        let files = FileManager.default
        try files.createSymbolicLink(atPath: root.path + "/alias", withDestinationPath: "real")
        try files.createSymbolicLink(atPath: root.path + "/everything", withDestinationPath: "/")
        try files.createSymbolicLink(atPath: root.path + "/sibling", withDestinationPath: "../sibling")
        try files.createSymbolicLink(atPath: root.path + "/beside.git", withDestinationPath: "../beside.git")
        return root
    }

    @Test("links out of the root: to / or another folder never followed; to a repository, reported; follow_symlinks: false follows none",
          .timeLimit(.minutes(1)))
    func linksOutOfTheRoot() throws {
        let root = try Self.makeRootWithLinksOut()
        let result = try RepositoryDiscovery.discover(root: root.path, include: [], exclude: ["real/**"])
        #expect(Self.identities(result) == ["alias/inner", "beside.git", "team/api"])
        #expect(result.repositories.first { $0.identity == "beside.git" }?.isBare == true)
        #expect(result.linksNotFollowed == [
            DiscoveryProblem(path: root.path + "/everything", reason: "a symbolic link to /, a folder outside the root"),
            DiscoveryProblem(path: root.path + "/sibling",
                             reason: "a symbolic link to \(root.deletingLastPathComponent().path)/sibling, a folder outside the root"),
        ])
        #expect(result.problems.isEmpty)
        let none = try RepositoryDiscovery.discover(root: root.path, include: [], exclude: ["real/**"], followSymlinks: false)
        #expect(Self.identities(none) == ["team/api"])
        #expect(none.linksNotFollowed.isEmpty, "links are not followed on purpose: nothing to say")
        // Named as the root, a link is followed: it is what the user chose.
        let alias = try RepositoryDiscovery.discover(root: root.path + "/alias", include: [], exclude: [], followSymlinks: false)
        #expect(Self.identities(alias) == ["inner"])
    }

    @Test("a pipeline's follow_symlinks, and the log naming links out of the root", .timeLimit(.minutes(1)))
    func followSymlinksInAPipeline() throws {
        let root = try Self.makeRootWithLinksOut()
        let folder = root.deletingLastPathComponent()
        for (setting, expected) in [("", ["alias/inner", "beside", "team/api"]), ("follow_symlinks: false", ["team/api"])] {
            let pipeline = folder.appendingPathComponent("pipeline.yml")
            try Data("""
                version: 1
                repositories:
                  - root: root
                    exclude: ["real/**"]
                    \(setting)
                outputs: { dir: out, formats: [csv] }
                cache: { enabled: false }

                """.utf8).write(to: pipeline)
            let result = try Shell.innersource(["run", pipeline.path])
            #expect(result.status == 0, "\(result.errors)")
            let repositories = try String(contentsOf: folder.appendingPathComponent("out/repositories.csv"), encoding: .utf8)
            let names = repositories.split(separator: "\r\n").dropFirst().map { String($0.split(separator: ",").first ?? "") }
            #expect(names == expected, "\(setting): \(repositories)")
            #expect(result.errors.contains("\(root.path)/everything: not followed: a symbolic link to /, a folder outside the root") == setting.isEmpty,
                    "\(setting): \(result.errors)")
        }
        let pipeline = folder.appendingPathComponent("bad.yml")
        try Data("version: 1\nrepositories:\n  - root: root\n    follow_symlinks: sometimes\noutputs: { dir: out }\n".utf8).write(to: pipeline)
        let refused = try Shell.innersource(["validate", pipeline.path])
        #expect(refused.status == 2)
        #expect(refused.output.contains("bad.yml:4: error: follow_symlinks must be true or false"), "\(refused.output)")
    }

    @Test("a missing root, or one that is a file, is an error that names it")
    func badRoot() throws {
        let base = try Fixture.temporaryFolder()
        let missing = base.appendingPathComponent("no-such-folder").path
        do {
            _ = try RepositoryDiscovery.discover(root: missing, include: [], exclude: [])
            Issue.record("a missing root must throw")
        } catch let error as DiscoveryError {
            #expect(error.description.contains(missing))
            #expect(error.root == missing)
        }
        let file = base.appendingPathComponent("file.txt")
        try Data("x".utf8).write(to: file)
        #expect(throws: DiscoveryError.self) { try RepositoryDiscovery.discover(root: file.path, include: [], exclude: []) }
    }

    @Test("an unreadable folder is a problem, not a failure; inside an excluded folder it is never read")
    func unreadable() throws {
        let org = try Self.makeOrganisation()
        let locked = org.path("locked"), lockedInArchive = org.path("archive/locked")
        for folder in [locked, lockedInArchive] {
            try Shell.git(["init", "-q", folder + "/hidden"])
            #expect(chmod(folder, 0) == 0)
        }
        defer { for folder in [locked, lockedInArchive] { _ = chmod(folder, 0o755) } }
        let result = try RepositoryDiscovery.discover(root: org.root.path, include: [], exclude: ["archive/**"])
        #expect(Self.identities(result).contains("team/web"), "the walk goes on past the locked folder")
        #expect(!Self.identities(result).contains { $0.hasPrefix("archive/") })
        // Root reads any folder (unless its capabilities were dropped): then the repository inside is found.
        if getuid() == 0, let directory = opendir(locked) {
            closedir(directory)
            #expect(Self.identities(result).contains("locked/hidden"))
            #expect(result.problems.isEmpty)
            #expect(Self.identities(result).count == 8)
        } else {
            #expect(Self.identities(result).count == 7)
            #expect(result.problems.count == 1)
            #expect(result.problems.first?.path == locked)
            #expect(result.problems.first?.reason == String(cString: strerror(EACCES)))
        }
    }

    @Test("many repositories: every one found, sorted, nothing inside them opened")
    func many() throws {
        let root = try Fixture.temporaryFolder().appendingPathComponent("many")
        let template = try Fixture.empty(bare: true)
        var expected: [String] = []
        for group in 0..<8 {
            for index in 0..<25 {
                let identity = "group\(group)/repo\(index).git"
                try FileManager.default.createDirectory(at: root.appendingPathComponent("group\(group)"),
                                                        withIntermediateDirectories: true)
                try FileManager.default.copyItem(at: template, to: root.appendingPathComponent(identity))
                expected.append(identity)
            }
        }
        let result = try RepositoryDiscovery.discover(root: root.path, include: [], exclude: [])
        #expect(Self.identities(result) == expected.sorted())
        #expect(result.repositories.allSatisfy { $0.isBare })
    }

    /// One glob case: the pattern, a path and whether they match.
    struct GlobCase: Sendable, CustomTestStringConvertible {
        var pattern: String
        var path: String
        var matches: Bool
        var testDescription: String { "'\(pattern)' \(matches ? "matches" : "does not match") '\(path)'" }
        init(_ pattern: String, _ path: String, _ matches: Bool) {
            self.pattern = pattern
            self.path = path
            self.matches = matches
        }
    }

    static let globCases: [GlobCase] = [
        GlobCase("*.git", "payments.git", true),
        GlobCase("*.git", "mirrors/payments.git", false),
        GlobCase("*.git", "payments.gitx", false),
        GlobCase("**/*.git", "payments.git", true),
        GlobCase("**/*.git", "a/b/payments.git", true),
        GlobCase("**/x", "x", true),
        GlobCase("**/x", "a/b/x", true),
        GlobCase("**/x", "a/bx", false),
        GlobCase("**/x", "x/a", false),
        GlobCase("**/**", "a", true),
        GlobCase("**/**", "team/api", true),
        GlobCase("a/**/**", "a/b/c", true),
        GlobCase("a/**/**", "b/c", false),
        GlobCase("a/**", "a", true),
        GlobCase("a/**", "a/b/c", true),
        GlobCase("a/**", "ab", false),
        GlobCase("a/**", "ab/c", false),
        GlobCase("a/**/b", "a/b", true),
        GlobCase("a/**/b", "a/x/y/b", true),
        GlobCase("a/**/b", "a/xb", false),
        GlobCase("a/**/b", "a/x/b/c", false),
        GlobCase("**", "anything/at/all", true),
        GlobCase("*/**/*.git", "a/b.git", true),
        GlobCase("team/*", "team/api", true),
        GlobCase("team/*", "team/api/v2", false),
        GlobCase("team/*", "team/", true),
        GlobCase("api", "team/api", false),
        GlobCase("team", "team/api", false),
        GlobCase("te?m/api", "team/api", true),
        GlobCase("te?m", "te/m", false),
        GlobCase("a**b", "axxb", true),
        GlobCase("a**b", "ax/b", false),
        GlobCase("*", ".hidden", true),
        GlobCase("[abc]pi", "api", true),
        GlobCase("[a-c]pi", "dpi", false),
        GlobCase("[a-c]pi", "bpi", true),
        GlobCase("[!a]pi", "api", false),
        GlobCase("[!a]pi", "bpi", true),
        GlobCase("[^a]pi", "bpi", true),
        GlobCase("[]]x", "]x", true),
        GlobCase("[a-]x", "-x", true),
        GlobCase("[a/]x", "/x", false),
        GlobCase("[\\]]", "]", true),
        GlobCase("\\*", "*", true),
        GlobCase("\\*", "a", false),
        GlobCase("a\\[b", "a[b", true),
        GlobCase("\\**", "*x", true),
        GlobCase("é*", "équipe", true),
        GlobCase("?", "é", true),
        GlobCase("team/api", "team/api", true),
    ]

    @Test("glob matching", arguments: globCases)
    func glob(_ example: GlobCase) throws {
        #expect(try Glob(example.pattern).matches(example.path) == example.matches)
    }

    @Test("invalid globs are errors naming the pattern", arguments: ["[abc", "a\\", "[z-a]", "", "[!", "[]", "x[a-"])
    func invalidGlob(_ pattern: String) {
        do {
            _ = try Glob(pattern)
            Issue.record("'\(pattern)' must not compile")
        } catch let error as GlobError {
            #expect(error.pattern == pattern)
            #expect(!error.reason.isEmpty)
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }
}
