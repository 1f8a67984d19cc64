import CodeOwners
import Foundation
import InnerSourceModel
import Testing

/// The CODEOWNERS matcher: GitHub's documented cases one by one, then thousands of generated rules and paths
/// against the `codeowners` package on PyPI (an independent port of hmarr/codeowners), every verdict equal.
@Suite("CODEOWNERS matcher")
struct CodeOwnersMatcherTests {
    /// The line of the rule that owns `path`, nil when none matches.
    static func line(_ text: String, _ path: String) -> Int? {
        let matcher = CodeOwnersMatcher(CodeOwnersFile(path: "CODEOWNERS", text: text))
        return matcher.ruleIndex(for: path).map { matcher.file.rules[$0].line }
    }

    @Test("GitHub's documented cases", arguments: [
        // `/docs/` is anchored at the root: below docs/ only, at the top.
        ("/docs/ @w\n", "docs/guide.md", 1), ("/docs/ @w\n", "docs/a/b.md", 1), ("/docs/ @w\n", "src/docs/a.md", nil),
        ("/docs/ @w\n", "docs", nil),
        // `docs/` matches a folder of that name at any depth.
        ("docs/ @w\n", "docs/a.md", 1), ("docs/ @w\n", "src/docs/a.md", 1), ("docs/ @w\n", "src/docs", nil),
        // `*.js` matches at any depth; `*` never crosses a `/`.
        ("*.js @js\n", "a.js", 1), ("*.js @js\n", "src/app/a.js", 1), ("*.js @js\n", "a.jsx", nil),
        ("/src/*.js @js\n", "src/a.js", 1), ("/src/*.js @js\n", "src/app/a.js", nil),
        // `docs/*` the folder's own files, not deeper ones; `/build/logs/` and `apps/` as the documentation says.
        ("docs/* @d\n", "docs/getting-started.md", 1), ("docs/* @d\n", "docs/build-app/troubleshooting.md", nil),
        ("/build/logs/ @l\n", "build/logs/a/b.log", 1), ("/build/logs/ @l\n", "x/build/logs/a.log", nil),
        ("apps/ @o\n", "a/apps/b/c.swift", 1),
        // `/apps/**/test`: any number of folders in between, none included; and everything below test.
        ("/apps/**/test @t\n", "apps/test", 1), ("/apps/**/test @t\n", "apps/a/b/test/c.py", 1),
        ("/apps/**/test @t\n", "apps/tests", nil), ("/apps/**/test @t\n", "x/apps/test", nil),
        ("**/logs @l\n", "logs/a", 1), ("**/logs @l\n", "a/b/logs", 1), ("/a/** @a\n", "a/b/c", 1), ("/a/** @a\n", "a", nil),
        // A plain name anywhere, and everything below it.
        ("README @r\n", "README", 1), ("README @r\n", "x/README", 1), ("README @r\n", "README/x", 1),
        ("src/lib @s\n", "src/lib/a.c", 1), ("src/lib @s\n", "x/src/lib/a.c", nil),
        // The last matching rule wins, even a wider one; a rule with no owners still wins (and un-owns).
        ("*.js @js\n/src/ @src\n", "src/a.js", 2), ("/src/ @src\n*.js @js\n", "src/a.js", 2),
        ("* @all\n/vendor/\n", "vendor/x.c", 2), ("* @all\n/vendor/\n", "main.c", 1),
        // Escapes: a literal star, a space, a hash that is no comment.
        ("a\\*b @e\n", "a*b", 1), ("a\\*b @e\n", "axb", nil), ("my\\ file.txt @e\n", "my file.txt", 1),
        ("\\#notes @e\n", "#notes", 1), ("# a comment\n", "# a comment", nil),
        ("? @q\n", "a", 1), ("? @q\n", "ab", nil), ("x[ab] @c\n", "xb", 1), ("x[ab] @c\n", "xc", nil),
    ] as [(String, String, Int?)])
    func documented(text: String, path: String, line: Int?) {
        #expect(Self.line(text, path) == line, "\(text.debugDescription) on \(path)")
    }

    @Test("a rule with no owners un-owns; invalid rules match nothing and are reported")
    func owners() {
        let matcher = CodeOwnersMatcher(CodeOwnersFile(path: "CODEOWNERS", text: "* @org/all\n/generated/\nx[ab @bad\n"))
        #expect(matcher.owners(of: "src/a.c") == ["@org/all"])
        #expect(matcher.owners(of: "generated/a.c") == [])
        #expect(matcher.ruleIndex(for: "generated/a.c") == 1)
        #expect(matcher.invalidRules.map(\.rule) == [2])
        #expect(matcher.ruleIndex(for: "xa") == 0)
    }

    /// A GitLab section's default owners go to its rules without owners; matching reads the file in order.
    @Test("GitLab sections")
    func sections() {
        let text = "[Backend] @org/backend\n/api/\n/api/public/ @org/api\n^[Docs][2] @org/docs\n*.md\n"
        let matcher = CodeOwnersMatcher(CodeOwnersFile(path: ".gitlab/CODEOWNERS", text: text))
        #expect(matcher.owners(of: "api/x.go") == ["@org/backend"])
        #expect(matcher.owners(of: "api/public/x.go") == ["@org/api"])
        #expect(matcher.owners(of: "api/public/README.md") == ["@org/docs"])
        #expect(matcher.file.rules.map(\.section) == ["[Backend]", "[Backend]", "^[Docs][2]"])
    }

    // MARK: the independent implementation

    /// nil when `codeowners` imports (installed when missing, the way the schema tests install jsonschema).
    static let unavailable: String? = {
        func importable() -> Bool {
            (try? Shell.run("/usr/bin/env", ["python3", "-c", "import codeowners"]))?.status == 0
        }
        if importable() { return nil }
        var log: [String] = []
        for extra in [[], ["--user"], ["--user", "--break-system-packages"]] {
            let arguments = ["python3", "-m", "pip", "install", "--quiet"] + extra + ["codeowners==0.9.0"]
            if let result = try? Shell.run("/usr/bin/env", arguments) {
                log.append("\(arguments.joined(separator: " ")): exit \(result.status) \(result.errors.suffix(400))")
            }
            if importable() { return nil }
        }
        return "python3 cannot import codeowners, and installing it failed:\n" + log.joined(separator: "\n")
    }()


    static let segments = ["a", "b", "ab", "docs", "test", "apps", "src", "x.js", "a.js", "b.md", "ba", "lib", "a.b"]
    static let patternSegments = ["a", "b", "docs", "test", "apps", "src", "*", "**", "*.js", "*.md", "a*", "?b", "\\a",
                                  "x[ab]", "a?", "*b", "lib", "**", "a.b", "*.*"]

    static func path(_ random: inout SplitMix) -> String {
        (0..<Int.random(in: 1...4, using: &random)).map { _ in segments.randomElement(using: &random)! }.joined(separator: "/")
    }

    static func pattern(_ random: inout SplitMix) -> String {
        var text = (0..<Int.random(in: 1...3, using: &random)).map { _ in patternSegments.randomElement(using: &random)! }
            .joined(separator: "/")
        if Bool.random(using: &random) { text = "/" + text }
        switch Int.random(in: 0..<5, using: &random) {
        case 0: text += "/"
        case 1: text += "/*"
        default: break
        }
        return text
    }

    @Test("thousands of generated rules and paths: every verdict as the codeowners package gives it")
    func independentImplementation() throws {
        if let unavailable = Self.unavailable { throw TestFailure(unavailable) }
        var random = SplitMix(seed: 13)
        var cases: [(text: String, paths: [String])] = []
        for _ in 0..<400 {
            let rules = (0..<Int.random(in: 1...8, using: &random)).map { index in
                Self.pattern(&random) + (Int.random(in: 0..<4, using: &random) == 0 ? "" : " @org/t\(index)")
            }
            var paths = Set<String>()
            while paths.count < 30 { paths.insert(Self.path(&random)) }
            cases.append((rules.joined(separator: "\n") + "\n", paths.sorted()))
        }
        let folder = try Fixture.temporaryFolder()
        let input = folder.appendingPathComponent("cases.json")
        let json = try JSONSerialization.data(withJSONObject: cases.map { ["text": $0.text, "paths": $0.paths] as [String: Any] })
        try json.write(to: input)
        let script = Package.root.appendingPathComponent("scripts/crosscheck-codeowners.py").path
        let result = try Shell.run("/usr/bin/env", ["python3", script, input.path])
        try #require(result.status == 0, "\(result.errors)")
        let answers = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [[Any]])
        try #require(answers.count == cases.count)
        var compared = 0, matched = 0, disagreements: [String] = []
        for (answer, testCase) in zip(answers, cases) {
            for (expected, path) in zip(answer, testCase.paths) {
                let theirs = expected as? Int
                let ours = Self.line(testCase.text, path)
                compared += 1
                if theirs != nil { matched += 1 }
                if ours != theirs { disagreements.append("\(testCase.text.debugDescription) on \(path): ours \(ours.map(String.init) ?? "none"), theirs \(theirs.map(String.init) ?? "none")") }
            }
        }
        #expect(compared == 12_000)
        // The generated cases exercise both answers, not only "no rule".
        #expect(matched > compared / 5 && matched < compared * 4 / 5, "\(matched) of \(compared) matched")
        #expect(disagreements.isEmpty, "\(disagreements.count) of \(compared) disagree:\n\(disagreements.prefix(20).joined(separator: "\n"))")
    }
}

extension CodeOwnersMatcherTests {
    @Test("CRLF line ends separate rules, and a line's comment ends it")
    func lineEnds() {
        let file = CodeOwnersFile(path: "CODEOWNERS", text: "* @org/a\r\n/docs/ @org/d # writers\r\nnotes#1 @org/n\r\n")
        #expect(file.rules.map(\.pattern) == ["*", "/docs/", "notes#1"])
        #expect(file.rules.map(\.owners) == [["@org/a"], ["@org/d"], ["@org/n"]])
    }
}

extension CodeOwnersMatcherTests {
    /// A repository of generated commits under a generated CODEOWNERS, through the executable: every
    /// component's commits and files as `git log --name-only` and the `codeowners` package count them
    /// (scripts/crosscheck-components.py, which also runs on real mirrors).
    @Test("components.csv against git log and the codeowners package, on a generated repository")
    func componentsAgainstGit() throws {
        if let unavailable = Self.unavailable { throw TestFailure(unavailable) }
        var random = SplitMix(seed: 2024)
        let folder = try Fixture.temporaryFolder().appendingPathComponent("generated")
        try Shell.git(["init", "-q", "-b", "main", folder.path])
        let rules = (0..<10).map { index in Self.pattern(&random) + (index % 4 == 3 ? "" : " @org/t\(index)") }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent(".github"), withIntermediateDirectories: true)
        try Data((rules.joined(separator: "\n") + "\n").utf8).write(to: folder.appendingPathComponent(".github/CODEOWNERS"))
        var pool = Set<String>()
        while pool.count < 40 { pool.insert(Self.path(&random) + ".txt") }
        let paths = pool.sorted()
        for number in 0..<40 {
            for _ in 0..<Int.random(in: 1...3, using: &random) {
                let file = folder.appendingPathComponent(paths.randomElement(using: &random)!)
                try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
                let old = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
                try Data((old + "change \(number)\n").utf8).write(to: file)
            }
            try Shell.git(["-C", folder.path, "add", "-A"])
            try Shell.git(["-C", folder.path, "-c", "user.name=P\(number % 3)", "-c", "user.email=p\(number % 3)@x.test", "commit", "-q",
                           "--date=2024-01-\(String(format: "%02d", number % 28 + 1))T10:00:00Z", "-m", "change \(number)"])
        }
        let script = Package.root.appendingPathComponent("scripts/crosscheck-components.py").path
        let result = try Shell.run("/usr/bin/env", ["python3", script, folder.path, "--innersource", Package.executable.path,
                                                    "--as-of", "2025-01-01"])
        #expect(result.status == 0, "\(result.output)\(result.errors)")
        #expect(result.output.contains(" components, 0 different"), "\(result.output)")
        let summary = result.output.split(separator: "\n").last.map(String.init) ?? ""
        #expect((Int(summary.prefix { $0.isNumber }) ?? 0) >= 4, "several rules own paths: \(result.output)")
    }
}
