import InnerSourceModel

/// Checks made on the paths at HEAD alone: templates, tests, CI and build systems.
enum HygienePaths {
    /// Sorted, unique, at most ``Hygiene/maximumToolPaths``.
    static func capped(_ paths: some Sequence<String>) -> [String] {
        Array(Set(paths).sorted().prefix(Hygiene.maximumToolPaths))
    }
}

/// GitHub's and GitLab's issue and pull- or merge-request templates.
enum HygieneTemplates {
    /// Lower-cased folders whose files are issue templates.
    static let issueFolders = [".github/issue_template/", "issue_template/", "docs/issue_template/", ".gitlab/issue_templates/"]
    /// Lower-cased files that are an issue template (any extension).
    static let issueFiles = [".github/issue_template", "issue_template", "docs/issue_template"]
    static let pullRequestFolders = [".github/pull_request_template/", "pull_request_template/", "docs/pull_request_template/",
                                     ".gitlab/merge_request_templates/"]
    static let pullRequestFiles = [".github/pull_request_template", "pull_request_template", "docs/pull_request_template"]

    static func issueTemplates(_ paths: [String]) -> HygieneCheck {
        check(paths, id: .issueTemplates, what: "issue template", folders: issueFolders, files: issueFiles)
    }

    static func pullRequestTemplates(_ paths: [String]) -> HygieneCheck {
        check(paths, id: .pullRequestTemplates, what: "pull- or merge-request template",
              folders: pullRequestFolders, files: pullRequestFiles)
    }

    static func check(_ paths: [String], id: HygieneCheckID, what: String, folders: [String], files: [String],
                      prefiltered: Bool = true) -> HygieneCheck {
        let starts = (folders + files).map { Array($0.utf8) }
        let found = paths.filter { path in
            // A template's lower-cased path begins with one of the folders or files (a stem is a prefix of
            // the path): an ASCII path that begins with none of them is no template, and is not lower-cased.
            if prefiltered, !ASCIIPath.mayBeginCaseInsensitively(path, withAnyOf: starts) { return false }
            let lower = path.lowercased()
            let (folder, _, file) = DocumentLocations.split(lower)
            let stem = folder + (file.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? file)
            return folders.contains(where: lower.hasPrefix) || files.contains(stem)
        }
        guard !found.isEmpty else {
            return HygieneCheck(id: id, status: .missing,
                                note: "no \(what): looked for " + (files.map { $0 + ".md" } + folders).joined(separator: ", ")
                                    + " (any case)")
        }
        let sorted = HygienePaths.capped(found)
        return HygieneCheck(id: id, status: .adequate, evidence: Array(sorted.prefix(Hygiene.maximumEvidence)).map { HygieneEvidence(path: $0) },
                            note: Format.count(found.count, what) + ": " + sorted.prefix(Hygiene.maximumEvidence).joined(separator: ", "))
    }
}

/// Tests by the conventions of common languages: test folders (`tests/`, `test/`, `spec/`, `__tests__/`,
/// `src/test/`, `Tests/`, `FooTests/`, `foo_test/`, `e2e/`) and test file names (`*_test.go`, `test_*.py`,
/// `*_test.py`, `*Tests.swift`, `*Test.java`, `*.test.ts`, `*.spec.js`, `*_spec.rb`, `*.t`, ...), outside
/// vendored folders.
enum HygieneTestFiles {
    /// Lower-cased folder names that hold tests.
    static let folderNames: Set<String> = [
        "test", "tests", "spec", "specs", "__tests__", "__test__", "testing", "e2e", "integration-tests", "integration_tests",
        "unit-tests", "unit_tests", "unittests", "androidtest", "testsuite", "t",
    ]
    /// Lower-cased file-name endings (before the extension) that mark a test.
    static let stemSuffixes = ["_test", "-test", ".test", "_tests", "-tests", ".tests", "_spec", "-spec", ".spec", "_unittest"]
    /// Lower-cased file-name beginnings that mark a test.
    static let stemPrefixes = ["test_", "test-"]
    /// Case-sensitive endings of CamelCase test names (`FooTests.swift`, `BarTest.java`, `BazSpec.scala`).
    static let camelSuffixes = ["Tests", "Test", "Spec", "Suite", "IT"]
    /// Extensions of code: a CamelCase name only counts with one of these.
    static let codeExtensions: Set<String> = [
        "swift", "java", "kt", "kts", "scala", "cs", "fs", "vb", "groovy", "m", "mm", "cpp", "cc", "c", "h", "hpp", "go",
        "py", "rb", "js", "ts", "jsx", "tsx", "php", "dart", "ex", "exs", "rs", "hs", "ml", "clj",
    ]

    static func assess(_ paths: [String]) -> TestHygiene {
        var files: [String] = []
        var folders: Set<String> = []
        var codeFiles = 0
        for path in paths {
            let components = path.split(separator: "/", omittingEmptySubsequences: false)
            guard !VendoredCode.contains(components) else { continue }
            let name = components.last.map(String.init) ?? path
            if let folder = testFolder(components) {
                folders.insert(folder)
                files.append(path)
            } else if isTestFile(name) {
                files.append(path)
            } else if isCode(name) {
                codeFiles += 1
            }
        }
        let sortedFolders = Array(folders.sorted().prefix(Hygiene.maximumToolPaths))
        let examples = Array(files.sorted().prefix(Hygiene.maximumTestExamples))
        guard !files.isEmpty else {
            return TestHygiene(
                check: HygieneCheck(id: .tests, status: .missing,
                                    note: "no test folder or test file among \(paths.count) paths (looked for tests/, test/, spec/, "
                                        + "__tests__/, src/test/, *Tests/, *_test.go, test_*.py, *_test.py, *Tests.swift, *Test.java, "
                                        + "*.test.ts, *.spec.js, *_spec.rb)"),
                files: 0, folders: [], examples: [], codeFiles: codeFiles)
        }
        let shown = sortedFolders.isEmpty ? examples : sortedFolders
        return TestHygiene(
            check: HygieneCheck(id: .tests, status: .adequate,
                                evidence: shown.prefix(Hygiene.maximumEvidence).map { HygieneEvidence(path: $0) },
                                note: Format.count(files.count, "test path") + ", in "
                                    + shown.prefix(Hygiene.maximumEvidence).joined(separator: ", ")),
            files: files.count, folders: sortedFolders, examples: examples, codeFiles: codeFiles)
    }

    /// The path up to and including its first test folder (`src/test/`), if it is in one.
    static func testFolder(_ components: [Substring]) -> String? {
        for (index, component) in components.dropLast().enumerated() where isTestFolder(String(component)) {
            return components[...index].joined(separator: "/") + "/"
        }
        return nil
    }

    static func isTestFolder(_ name: String) -> Bool {
        let lower = name.lowercased()
        if folderNames.contains(lower) { return true }
        if stemSuffixes.contains(where: lower.hasSuffix) { return true }
        return name.count > 5 && name.hasSuffix("Tests")
    }

    /// A file of code: its extension is one of ``codeExtensions`` or a script's.
    static func isCode(_ name: String) -> Bool {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return false }
        let ext = name[name.index(after: dot)...].lowercased()
        return codeExtensions.contains(ext) || scriptExtensions.contains(ext)
    }

    /// Extensions of code that CamelCase test names are not looked for in.
    static let scriptExtensions: Set<String> = ["sh", "bash", "ps1", "pl", "pm", "lua", "r", "jl", "erl", "elm", "vue", "svelte",
                                                "mjs", "cjs", "f90", "zig", "nim", "cr", "v", "sol"]

    static func isTestFile(_ name: String) -> Bool {
        let lower = name.lowercased()
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count >= 2, let ext = parts.last?.lowercased() else { return false }
        if ext == "t" { return true }
        let stem = parts.dropLast().joined(separator: ".")
        let lowerStem = stem.lowercased()
        if lowerStem == "test" || lowerStem == "tests" { return true }
        if stemSuffixes.contains(where: lowerStem.hasSuffix) || stemPrefixes.contains(where: lowerStem.hasPrefix) { return true }
        guard codeExtensions.contains(ext), !lower.hasPrefix(".") else { return false }
        return camelSuffixes.contains { suffix in
            stem.count > suffix.count && stem.hasSuffix(suffix)
                && stem.dropLast(suffix.count).last.map { $0.isLetter || $0.isNumber } == true
                && (suffix != "IT" || stem.dropLast(2).last?.isLowercase == true)
        }
    }
}

/// How a tool shows itself in the paths.
enum HygienePathPattern: Sendable {
    /// This exact path.
    case path(String)
    /// Any path under this folder (ending in `/`); the folder is the evidence.
    case folder(String)
    /// Files directly in this folder with one of these extensions; each file is evidence.
    case files(in: String, extensions: [String])
    /// A file with this name at the root or one folder down, outside vendored folders.
    case name(String)
    /// A file whose name begins with this, at the root or one folder down.
    case namePrefix(String)
    /// A file whose name ends with this, at the root or one folder down.
    case nameSuffix(String)
    /// A folder whose name ends with this (`.xcodeproj`), at the root or one folder down; the folder is the evidence.
    case folderSuffix(String)

    /// The evidence this pattern finds in `path`, if it matches.
    /// The evidence when `path` matches; `shallow` (root or one level down, outside vendored folders)
    /// and the file `name` are worked out once per path by the caller, not once per rule.
    func match(_ path: String, _ components: [Substring], shallow: Bool, name: String) -> String? {
        switch self {
        case .path(let exact):
            return path == exact ? path : nil
        case .folder(let folder):
            return path.hasPrefix(folder) ? folder : nil
        case .files(let folder, let extensions):
            guard path.hasPrefix(folder), !path.dropFirst(folder.count).contains("/") else { return nil }
            return extensions.contains(where: { path.hasSuffix("." + $0) }) ? path : nil
        case .name(let wanted):
            return shallow && name == wanted ? path : nil
        case .namePrefix(let prefix):
            return shallow && name.hasPrefix(prefix) ? path : nil
        case .nameSuffix(let suffix):
            return shallow && name.hasSuffix(suffix) && name.count > suffix.count ? path : nil
        case .folderSuffix(let suffix):
            for (index, component) in components.dropLast().enumerated()
            where index < HygieneTools.maximumDepth && component.hasSuffix(suffix) && component.count > suffix.count {
                guard !VendoredCode.contains(Array(components[...index])) else { return nil }
                return components[...index].joined(separator: "/") + "/"
            }
            return nil
        }
    }
}

/// A CI or build system and the patterns that show it.
struct HygieneToolRule: Sendable {
    var name: String
    var patterns: [HygienePathPattern]

    init(_ name: String, _ patterns: [HygienePathPattern]) {
        self.name = name
        self.patterns = patterns
    }
}

/// CI systems and build systems, found by their configuration files. Build files count at the root or one
/// folder down (`Makefile`, `app/build.gradle`), so that vendored or example projects deep in the tree do not
/// dominate; vendored folders (`vendor/`, `third_party/`, `node_modules/`, ...) are skipped.
enum HygieneTools {
    /// Build files are looked for at this many path components or fewer: the root and one folder down.
    static let maximumDepth = 2

    static let ciRules: [HygieneToolRule] = [
        HygieneToolRule("GitHub Actions", [.files(in: ".github/workflows/", extensions: ["yml", "yaml"])]),
        HygieneToolRule("GitLab CI", [.path(".gitlab-ci.yml"), .path(".gitlab-ci.yaml"), .folder(".gitlab/ci/")]),
        HygieneToolRule("Jenkins", [.namePrefix("Jenkinsfile")]),
        HygieneToolRule("Azure Pipelines", [.path("azure-pipelines.yml"), .path("azure-pipelines.yaml"), .folder(".azure-pipelines/"),
                                            .folder("azure-pipelines/")]),
        HygieneToolRule("CircleCI", [.path(".circleci/config.yml"), .path(".circleci/config.yaml")]),
        HygieneToolRule("Buildkite", [.folder(".buildkite/")]),
        HygieneToolRule("Travis CI", [.path(".travis.yml")]),
        HygieneToolRule("AppVeyor", [.path("appveyor.yml"), .path(".appveyor.yml")]),
        HygieneToolRule("Drone", [.path(".drone.yml"), .path(".drone.yaml"), .path(".drone.star")]),
        HygieneToolRule("Bitbucket Pipelines", [.path("bitbucket-pipelines.yml")]),
        HygieneToolRule("TeamCity", [.folder(".teamcity/")]),
        HygieneToolRule("Woodpecker", [.path(".woodpecker.yml"), .path(".woodpecker.yaml"), .folder(".woodpecker/")]),
        HygieneToolRule("Tekton", [.folder(".tekton/")]),
        HygieneToolRule("Concourse", [.folder(".concourse/"), .folder("concourse/"), .path("ci/pipeline.yml"), .path("ci/pipeline.yaml")]),
        HygieneToolRule("Cirrus CI", [.path(".cirrus.yml"), .path(".cirrus.star")]),
        HygieneToolRule("GoCD", [.folder(".gocd/"), .nameSuffix(".gocd.yaml"), .nameSuffix(".gocd.yml")]),
        HygieneToolRule("Bamboo", [.folder("bamboo-specs/")]),
        HygieneToolRule("Google Cloud Build", [.path("cloudbuild.yaml"), .path("cloudbuild.yml"), .path("cloudbuild.json")]),
        HygieneToolRule("AWS CodeBuild", [.path("buildspec.yml"), .path("buildspec.yaml")]),
        HygieneToolRule("sourcehut builds", [.path(".build.yml"), .folder(".builds/")]),
        HygieneToolRule("Semaphore", [.folder(".semaphore/")]),
        HygieneToolRule("Gitea Actions", [.files(in: ".gitea/workflows/", extensions: ["yml", "yaml"])]),
        HygieneToolRule("Forgejo Actions", [.files(in: ".forgejo/workflows/", extensions: ["yml", "yaml"])]),
        HygieneToolRule("Zuul", [.path(".zuul.yaml"), .path("zuul.yaml"), .folder("zuul.d/"), .folder(".zuul.d/")]),
        HygieneToolRule("Bitrise", [.path("bitrise.yml")]),
        HygieneToolRule("Codemagic", [.path("codemagic.yaml")]),
        HygieneToolRule("Codefresh", [.path("codefresh.yml"), .path(".codefresh.yml")]),
        HygieneToolRule("Harness", [.folder(".harness/")]),
    ]

    static let buildRules: [HygieneToolRule] = [
        HygieneToolRule("SwiftPM", [.name("Package.swift")]),
        HygieneToolRule("Make", [.name("Makefile"), .name("makefile"), .name("GNUmakefile")]),
        HygieneToolRule("CMake", [.name("CMakeLists.txt")]),
        HygieneToolRule("Meson", [.name("meson.build")]),
        HygieneToolRule("Bazel", [.name("WORKSPACE"), .name("WORKSPACE.bazel"), .name("MODULE.bazel"), .name("BUILD.bazel")]),
        HygieneToolRule("Buck", [.name("BUCK"), .name(".buckconfig")]),
        HygieneToolRule("Pants", [.name("pants.toml")]),
        HygieneToolRule("Gradle", [.name("build.gradle"), .name("build.gradle.kts"), .name("settings.gradle"),
                                   .name("settings.gradle.kts"), .name("gradlew")]),
        HygieneToolRule("Maven", [.name("pom.xml")]),
        HygieneToolRule("npm", [.name("package.json")]),
        HygieneToolRule("Yarn", [.name("yarn.lock"), .name(".yarnrc.yml")]),
        HygieneToolRule("pnpm", [.name("pnpm-lock.yaml"), .name("pnpm-workspace.yaml")]),
        HygieneToolRule("Bun", [.name("bun.lockb"), .name("bun.lock")]),
        HygieneToolRule("Deno", [.name("deno.json"), .name("deno.jsonc")]),
        HygieneToolRule("Cargo", [.name("Cargo.toml")]),
        HygieneToolRule("Go modules", [.name("go.mod")]),
        HygieneToolRule("Python", [.name("pyproject.toml"), .name("setup.py"), .name("setup.cfg"), .name("requirements.txt")]),
        HygieneToolRule("Poetry", [.name("poetry.lock")]),
        HygieneToolRule("Pipenv", [.name("Pipfile")]),
        HygieneToolRule("uv", [.name("uv.lock")]),
        HygieneToolRule("Bundler", [.name("Gemfile")]),
        HygieneToolRule("Rake", [.name("Rakefile")]),
        HygieneToolRule("Composer", [.name("composer.json")]),
        HygieneToolRule(".NET", [.nameSuffix(".csproj"), .nameSuffix(".fsproj"), .nameSuffix(".vbproj"), .nameSuffix(".sln"),
                                 .name("Directory.Build.props")]),
        HygieneToolRule("sbt", [.name("build.sbt")]),
        HygieneToolRule("Mix", [.name("mix.exs")]),
        HygieneToolRule("Rebar", [.name("rebar.config")]),
        HygieneToolRule("Cabal", [.nameSuffix(".cabal"), .name("cabal.project")]),
        HygieneToolRule("Stack", [.name("stack.yaml")]),
        HygieneToolRule("Dune", [.name("dune-project")]),
        HygieneToolRule("Autotools", [.name("configure.ac"), .name("configure.in"), .name("Makefile.am")]),
        HygieneToolRule("SCons", [.name("SConstruct")]),
        HygieneToolRule("Ant", [.name("build.xml")]),
        HygieneToolRule("Leiningen", [.name("project.clj")]),
        HygieneToolRule("Clojure CLI", [.name("deps.edn")]),
        HygieneToolRule("Zig", [.name("build.zig")]),
        HygieneToolRule("Dart", [.name("pubspec.yaml")]),
        HygieneToolRule("CocoaPods", [.name("Podfile")]),
        HygieneToolRule("Xcode", [.folderSuffix(".xcodeproj")]),
        HygieneToolRule("Nix", [.name("flake.nix"), .name("default.nix"), .name("shell.nix")]),
        HygieneToolRule("Docker", [.name("Dockerfile"), .name("Containerfile"), .namePrefix("Dockerfile."),
                                   .nameSuffix(".Dockerfile"), .nameSuffix(".dockerfile")]),
        HygieneToolRule("Earthly", [.name("Earthfile")]),
        HygieneToolRule("just", [.name("justfile"), .name("Justfile")]),
        HygieneToolRule("Task", [.name("Taskfile.yml"), .name("Taskfile.yaml")]),
        HygieneToolRule("Ninja", [.name("build.ninja")]),
    ]

    static let ciLookedFor = ".github/workflows/*.yml, .gitlab-ci.yml, Jenkinsfile, azure-pipelines.yml, .circleci/config.yml, "
        + ".buildkite/, .travis.yml, appveyor.yml, .drone.yml, bitbucket-pipelines.yml, .teamcity/, .woodpecker.yml, .tekton/, "
        + ".cirrus.yml, cloudbuild.yaml, buildspec.yml, .builds/ and others"
    static let buildLookedFor = "Package.swift, Makefile, CMakeLists.txt, meson.build, WORKSPACE, build.gradle, pom.xml, "
        + "package.json, Cargo.toml, go.mod, pyproject.toml, setup.py, Gemfile, composer.json, *.csproj, build.sbt, mix.exs, "
        + "Dockerfile and others, at the root or one folder down"

    /// Every rule that matches, with its evidence, sorted by name. `prefiltered` skips, before any string
    /// is split, the paths no rule can match (`DeepPathFilter`); the result is the same without it.
    static func detect(_ paths: [String], rules: [HygieneToolRule], prefiltered: Bool = true) -> [DetectedTool] {
        var found: [String: Set<String>] = [:]
        let filter = DeepPathFilter(rules)
        for path in paths {
            if prefiltered, !filter.mayMatch(path) { continue }
            let components = path.split(separator: "/", omittingEmptySubsequences: false)
            let shallow = components.count <= HygieneTools.maximumDepth && !VendoredCode.contains(components)
            let name = components.last.map(String.init) ?? path
            for rule in rules {
                for pattern in rule.patterns {
                    if let evidence = pattern.match(path, components, shallow: shallow, name: name) {
                        found[rule.name, default: []].insert(evidence)
                    }
                }
            }
        }
        return found.map { DetectedTool(name: $0.key, paths: HygienePaths.capped($0.value)) }
            .sorted { $0.name.lowercased() < $1.name.lowercased() }
    }

    static func check(id: HygieneCheckID, found: [DetectedTool], what: String, lookedFor: String) -> HygieneCheck {
        guard !found.isEmpty else {
            return HygieneCheck(id: id, status: .missing, note: "no \(what): looked for \(lookedFor)")
        }
        let evidence = found.flatMap { tool in
            tool.paths.prefix(1).map { HygieneEvidence(path: $0, keyword: tool.name) }
        }
        return HygieneCheck(id: id, status: .adequate, evidence: evidence,
                            note: found.map { "\($0.name) (\($0.paths.prefix(Hygiene.maximumEvidence).joined(separator: ", ")))" }
                                .joined(separator: "; "))
    }
}

/// Which paths a set of tool rules cannot match, told from the path's bytes alone. A path of more than
/// `HygieneTools.maximumDepth` components is not shallow, so only rules of an exact path, a folder or a
/// folder's files (all naming the path's first component) and of a folder suffix (the first two folders)
/// can match it. The test is exact only for ASCII paths (where `String`'s comparisons are those of bytes);
/// any other path, and every shallow one, is left to the rules.
struct DeepPathFilter {
    /// The first component of every exact path, folder and files' folder the rules name (a few dozen,
    /// compared in place: no array is made per path).
    let firstComponents: [[UInt8]]
    /// The folder suffixes the rules look for.
    let folderSuffixes: [[UInt8]]

    init(_ rules: [HygieneToolRule]) {
        var first: Set<[UInt8]> = [], suffixes: [[UInt8]] = []
        for pattern in rules.flatMap(\.patterns) {
            switch pattern {
            case .path(let path), .folder(let path), .files(in: let path, extensions: _):
                first.insert(Array(path.utf8.prefix { $0 != UInt8(ascii: "/") }))
            case .folderSuffix(let suffix):
                suffixes.append(Array(suffix.utf8))
            case .name, .namePrefix, .nameSuffix:
                break
            }
        }
        firstComponents = first.sorted { $0.lexicographicallyPrecedes($1) }
        folderSuffixes = suffixes
    }

    /// False only when no rule can match `path`.
    func mayMatch(_ path: String) -> Bool {
        var path = path
        return path.withUTF8 { bytes in
            guard ASCIIBytes.isASCII(bytes) else { return true }
            // The ends of the first two components; a third slash-separated part must follow them.
            guard let firstSlash = bytes.firstIndex(of: UInt8(ascii: "/")),
                  let secondSlash = bytes[(firstSlash + 1)...].firstIndex(of: UInt8(ascii: "/")) else { return true }
            let first = bytes[..<firstSlash], second = bytes[(firstSlash + 1)..<secondSlash]
            func endsWithSuffix(_ folder: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
                folderSuffixes.contains { folder.count > $0.count && folder.suffix($0.count).elementsEqual($0) }
            }
            return firstComponents.contains { $0.elementsEqual(first) } || endsWithSuffix(first) || endsWithSuffix(second)
        }
    }
}

/// Byte-level tests on paths that stand for `String`'s own when the path is ASCII.
enum ASCIIPath {
    /// False only when `path` is ASCII and its lower-cased form begins with none of `starts` (lower-case
    /// ASCII each): `path.lowercased().hasPrefix(start)` is false for every one of them.
    static func mayBeginCaseInsensitively(_ path: String, withAnyOf starts: [[UInt8]]) -> Bool {
        var path = path
        return path.withUTF8 { bytes in
            guard ASCIIBytes.isASCII(bytes) else { return true }
            return starts.contains { start in
                start.count <= bytes.count && zip(start, bytes).allSatisfy { wanted, byte in
                    wanted == (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte)
                }
            }
        }
    }
}
