import Attribution
import Components
import Foundation
import InnerSourceModel
import Scoring
import Testing

/// Components: which rule owns each path (every source and its precedence), the readers of OWNERS files,
/// catalog descriptors and components files, and the monorepo fixture end to end against its hand-worked
/// answers and `git log -- PATHSPEC`.
@Suite("Components")
struct ComponentTests {
    static func document(_ path: String, _ text: String) -> HeadDocument { HeadDocument(path: path, text: text, truncated: false) }

    /// The monorepo fixture's rules, as documents.
    static let documents = [
        document(".github/CODEOWNERS", "/services/payments/ @acme/payments\n/services/search/ @acme/search\n/libs/ @acme/platform\n/libs/legacy/ @acme/legacy\n/vendor/\n"),
        document("apps/web/OWNERS", "approvers:\n  - pia\nreviewers:\n  - pete\n"),
        document("apps/web/admin/OWNERS", "# admin\nset noparent\nsue@acme.test\nper-file *.css,*.scss=otto@acme.test\n"),
        document("tools/catalog-info.yaml", "kind: System\nmetadata:\n  name: all\n---\nkind: Component\nmetadata:\n  name: tooling\nspec:\n  owner: group:platform\n"),
        document("apps/catalog-info.yaml", "kind: Component\nmetadata:\n  name: apps\nspec:\n  owner: web\n"),
    ]

    @Test("each path goes to the first source that covers it, and within it to the rule its own rules choose", arguments: [
        ("services/payments/a.go", "/services/payments/"), ("services/search/x/y.go", "/services/search/"),
        ("libs/core/u.go", "/libs/"), ("libs/legacy/o.go", "/libs/legacy/"),
        ("vendor/x.c", nil), // a CODEOWNERS rule without owners un-owns: no later source takes the path
        ("apps/web/index.html", "apps/web/"), ("apps/web/admin/panel.js", "apps/web/admin/"),
        ("apps/web/admin/style.css", "apps/web/admin/*.css"), ("apps/web/admin/deep/a.css", "apps/web/admin/"),
        ("apps/web/admin/x.scss", "apps/web/admin/*.scss"), ("apps/mobile/a.kt", "apps"),
        ("tools/build.sh", "tooling"), ("README.md", nil), ("scripts/run.sh", nil),
    ] as [(String, String?)])
    func placement(path: String, component: String?) throws {
        let rules = try #require(ComponentRules(documents: Self.documents))
        #expect(rules.ruleIndex(for: path).map { rules.rules[$0].component } == component, "\(path)")
    }

    @Test("configured components come first, in the order listed")
    func configured() throws {
        let rules = try #require(ComponentRules(documents: Self.documents, configured: [
            ConfiguredComponent(name: "money", paths: ["services/payments/**", "libs/money/**"], owner: "payments"),
            ConfiguredComponent(name: "all-libs", paths: ["libs/**"], owner: nil),
        ]))
        #expect(rules.ruleIndex(for: "services/payments/a.go").map { rules.rules[$0].component } == "money")
        #expect(rules.ruleIndex(for: "libs/money/a.go").map { rules.rules[$0].component } == "money")
        #expect(rules.ruleIndex(for: "libs/core/a.go").map { rules.rules[$0].component } == "all-libs")
        #expect(rules.ruleIndex(for: "services/search/a.go").map { rules.rules[$0].source } == .codeowners)
    }

    @Test("a repository without rules has no components, unless a folder depth is given", arguments: [
        [] as [HeadDocument], [document("CODEOWNERS", "* @acme/payments\n")], [document(".github/CODEOWNERS", "# none\n**/* @a\n/** @b\n")],
    ])
    func withoutRules(documents: [HeadDocument]) throws {
        #expect(ComponentRules(documents: documents) == nil)
        let paths = ["README.md", "a/x.c", "a/b/y.c", "c/z.c"]
        let folders = try #require(ComponentRules(documents: documents, folderDepth: 1, headPaths: paths))
        #expect(folders.rules.map(\.component) == ["/", "a", "c"])
        #expect(paths.map { folders.ruleIndex(for: $0).map { folders.rules[$0].component } } == ["/", "a", "a", "c"])
        #expect(folders.ruleIndex(for: "gone/x.c") == nil, "a folder not at HEAD is no component")
        let deeper = try #require(ComponentRules(documents: documents, folderDepth: 2, headPaths: paths))
        #expect(deeper.rules.map(\.component) == ["/", "a", "a/b", "c"])
    }

    @Test("OWNERS files, Kubernetes and Chromium")
    func ownersFiles() {
        let kubernetes = OwnersFile(path: "pkg/api/OWNERS", text: "approvers:\n- alice\n- bob\nreviewers:\n- carol\n- alice\noptions:\n  no_parent_owners: true\n")
        #expect(kubernetes.folder == "pkg/api/")
        #expect(kubernetes.owners == ["alice", "bob", "carol"])
        #expect(kubernetes.noParent)
        let chromium = OwnersFile(path: "OWNERS", text: "# top\nann@x.org\nbob@x.org  # lead\nset noparent\nper-file *.gn=gn@x.org, ops@x.org\nfile://build/OWNERS\n")
        #expect(chromium.folder == "")
        #expect(chromium.owners == ["ann@x.org", "bob@x.org"])
        #expect(chromium.noParent)
        #expect(chromium.perFile == [OwnersFile.PerFile(line: 5, pattern: "*.gn", owners: ["gn@x.org", "ops@x.org"])])
    }

    @Test("catalog descriptors: several documents, a Component's owner first, with or without group:")
    func catalog() throws {
        let descriptor = try #require(CatalogDescriptor(path: "svc/catalog-info.yaml", text: "kind: Group\nspec:\n  owner: x\n---\nkind: Component\nmetadata:\n  name: pay\nspec:\n  owner: group:default/payments\n"))
        #expect(descriptor.folder == "svc/")
        #expect(descriptor.name == "pay")
        #expect(descriptor.owner == "group:default/payments")
        #expect(descriptor.line == 9)
        #expect(CatalogDescriptor.groupName(descriptor.owner) == "payments")
        #expect(CatalogDescriptor(path: "catalog-info.yaml", text: "kind: Component\nmetadata:\n  name: x\n") == nil)
        #expect(CatalogDescriptor(path: "catalog-info.yaml", text: "a: [") == nil)
    }

    @Test("components files: entries and their one-line problems", arguments: [
        ("components:\n  - name: pay\n    paths: [\"a/**\"]\n    owner: payments\n", nil),
        ("- name: pay\n  paths: a/**\n", nil),
        ("components:\n  - name: pay\n", "c.yml: components[1] (pay): 'paths' must be a glob or a list of globs"),
        ("components:\n  - paths: [a]\n", "c.yml: components[1]: 'name' is missing"),
        ("components:\n  - name: a\n    paths: [a]\n    team: x\n", "c.yml: components[1]: unknown key 'team' (use name, paths and owner)"),
        ("components:\n  - name: a\n    paths: [a]\n  - name: a\n    paths: [b]\n", "c.yml: components[2]: the component 'a' is named twice"),
        ("owner: x\n", "c.yml: expected a list of components under 'components:' (each with name, paths and owner)"),
    ] as [(String, String?)])
    func componentsFile(text: String, problem: String?) {
        do {
            let components = try ComponentsFile.parse(text, file: "c.yml")
            #expect(problem == nil, "expected \(problem ?? "")")
            #expect(components.first?.name == "pay")
        } catch {
            #expect(error.description == problem)
        }
    }

    @Test("a commit's touches: each component once, with the lines of its files")
    func touches() {
        let files = [FileChange(path: "a/1", kind: .modified, lines: .counted(added: 2, deleted: 1)),
                     FileChange(path: "b/1", kind: .added, lines: .counted(added: 5, deleted: 0)),
                     FileChange(path: "a/2", kind: .modified, lines: .counted(added: 1, deleted: 1))]
        let touches = ComponentTouch.touches(of: files) { $0.hasPrefix("a/") ? 0 : -1 }
        #expect(touches == [ComponentTouch(component: 0, linesAdded: 3, linesDeleted: 2), ComponentTouch(component: -1, linesAdded: 5, linesDeleted: 0)])
    }
}

/// The monorepo fixture (fixtures/repos/monorepo.sh) through the executable, against its hand-worked answers
/// (fixtures/expected/monorepo.json) and `git log -- PATHSPEC` for each component.
@Suite("Components, end to end")
struct MonorepoTests {
    static func expected() throws -> [String: Any] {
        try jsonObject(Data(contentsOf: Package.fixtures.appendingPathComponent("expected/monorepo.json")))
    }

    @Test("every component's figures as worked out by hand, and its commits as git log counts them")
    func monorepo() throws {
        let repository = try Fixture.make("monorepo")
        let expected = try Self.expected()
        let out = try Fixture.temporaryFolder().appendingPathComponent("out")
        let result = try Shell.innersource(["analyze", repository.path, "--roster", Package.fixtures.appendingPathComponent("monorepo/roster.yml").path,
                                            "--as-of", expected["as_of"] as! String, "--out", out.path, "--format", "json"])
        try #require(result.status == 0, "\(result.errors)")
        let summary = try jsonObject(result.stdout)
        let repositoryEntry = try #require((summary["repositories"] as? [[String: Any]])?.first)
        let components = try #require(repositoryEntry["components"] as? [[String: Any]], "\(repositoryEntry.keys.sorted())")
        let answers = try #require(expected["components"] as? [[String: Any]])
        #expect(components.map { $0["component"] as? String } == answers.map { $0["component"] as? String })
        for (component, answer) in zip(components, answers) {
            let name = answer["component"] as! String
            #expect((component["rule"] as? String ?? "") == answer["rule"] as? String, "\(name)")
            #expect((component["owner_team"] as? String ?? "") == answer["owner_team"] as? String, "\(name)")
            for key in ["owner_source"] { #expect(component[key] as? String == answer[key] as? String, "\(name) \(key)") }
            #expect((component["declared"] as? [String: Any])?["verdict"] as? String == answer["verdict"] as? String, "\(name) verdict")
            for key in ["files", "commits", "cross_team_commits", "contributors", "bus_factor"] {
                #expect(component[key] as? Int == answer[key] as? Int, "\(name) \(key): \(component[key] ?? "nil")")
            }
            let pathspec = try #require(answer["pathspec"] as? [String])
            let log = try Shell.git(["-C", repository.path, "log", "--no-merges", "--format=%H", "--"] + pathspec)
            let commits = log.output.split(separator: "\n").count
            #expect(component["commits"] as? Int == commits, "\(name): git log -- \(pathspec.joined(separator: " ")) counts \(commits)")
        }
        let barriers = (repositoryEntry["barriers"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        let ownershipBarriers = ["stale_code_owners", "code_owner_unknown_handle", "unowned_paths"]
        #expect(barriers.filter(ownershipBarriers.contains) == expected["barriers"] as? [String], "\(barriers)")
        let ownership = try String(contentsOf: out.appendingPathComponent("ownership.csv"), encoding: .utf8).split(whereSeparator: \.isNewline)
        #expect(ownership.first == "repository,rule,source,file,line,pattern,declared_owners,declared_teams,files,commits,lines,declared_share,top_team,top_team_share,last_owner_activity,verdict")
        #expect(ownership.contains("monorepo,.github/CODEOWNERS:3,codeowners,.github/CODEOWNERS,3,/services/search/,'@acme/search,search,1,4,4,0.2500,payments,0.7500,2024-02-10T10:00:00Z,drifted"), "\(ownership)")
        #expect(ownership.count == answers.count + 1)
        // Team flows by component: into the component's owner, with the component's own lines.
        let flows = try String(contentsOf: out.appendingPathComponent("component_flows.csv"), encoding: .utf8).split(whereSeparator: \.isNewline).map(String.init)
        #expect(flows.first == "repository,component,from_team,to_team,commits,lines_added,lines_deleted,contributors")
        for row in ["monorepo,/services/search/,payments,search,3,3,0,2", "monorepo,/services/search/,search,search,1,1,0,1",
                    "monorepo,/libs/,payments,platform,1,1,0,1", "monorepo,/libs/,platform,platform,2,2,0,2", "monorepo,/libs/,search,platform,1,1,0,1",
                    "monorepo,apps/web/,payments,payments,1,5,0,1"] {
            #expect(flows.contains(row), "\(row) in \(flows)")
        }
        #expect(!flows.contains { $0.contains("(unowned)") }, "the unowned paths have no owner to flow into")
        // Months later no declared team has worked in 180 days: every declared rule is orphaned, and stale.
        let later = try Shell.innersource(["analyze", repository.path, "--roster", Package.fixtures.appendingPathComponent("monorepo/roster.yml").path,
                                           "--as-of", "2025-03-01", "--format", "json"])
        let laterEntry = try #require((try jsonObject(later.stdout)["repositories"] as? [[String: Any]])?.first)
        let laterVerdicts = (laterEntry["components"] as? [[String: Any]] ?? []).compactMap { ($0["declared"] as? [String: Any])?["verdict"] as? String }
        #expect(laterVerdicts == Array(repeating: "orphaned", count: answers.count - 1) + ["unowned"])
        #expect((laterEntry["barriers"] as? [[String: Any]] ?? []).contains { $0["id"] as? String == "stale_code_owners" })
        let validated = try SchemaValidator.validate(SchemaValidator.summary, [out.appendingPathComponent("summary.json")])
        #expect(validated.valid, "summary.json with components does not match its schema:\n\(validated.report)")
        // The commits of all components together: each commit once per component it touched.
        let total = answers.reduce(0) { $0 + ($1["commits"] as! Int) }
        #expect(total == 23)
        let csv = try String(contentsOf: out.appendingPathComponent("components.csv"), encoding: .utf8).split(whereSeparator: \.isNewline)
        #expect(csv.count == answers.count + 1)
        #expect(csv.first?.hasPrefix("repository,component,rule,rule_source,declared_owners,owner_team,owner_source,") == true)
        let script = "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*), sum(commits) from components').fetchone())"
        let database = try Shell.run("/usr/bin/env", ["python3", "-c", script, out.appendingPathComponent("innersource.sqlite").path])
        #expect(database.output.trimmingCharacters(in: .whitespacesAndNewlines) == "(\(answers.count), 23)", "\(database.output)\(database.errors)")
    }

    @Test("a repository without ownership rules writes what it wrote before: no components file, table or key")
    func withoutRules() throws {
        let repository = try Fixture.make("teams")
        let out = try Fixture.temporaryFolder().appendingPathComponent("out")
        let result = try Shell.innersource(["analyze", repository.path, "--as-of", "2025-01-01", "--out", out.path, "--format", "json"])
        try #require(result.status == 0, "\(result.errors)")
        let entry = try #require((try jsonObject(result.stdout)["repositories"] as? [[String: Any]])?.first)
        #expect(entry["components"] == nil)
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("components.csv").path))
        let script = "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(\"select count(*) from sqlite_master where name='components'\").fetchone()[0])"
        let database = try Shell.run("/usr/bin/env", ["python3", "-c", script, out.appendingPathComponent("innersource.sqlite").path])
        #expect(database.output.trimmingCharacters(in: .whitespacesAndNewlines) == "0")
        // With a folder depth it has its folders as components, and a later run without leaves no stale file.
        let folders = try Shell.innersource(["analyze", repository.path, "--as-of", "2025-01-01", "--out", out.path, "--component-depth", "1"])
        try #require(folders.status == 0, "\(folders.errors)")
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("components.csv").path))
        _ = try Shell.innersource(["analyze", repository.path, "--as-of", "2025-01-01", "--out", out.path])
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("components.csv").path))
    }

    @Test("pseudonymised, the owners OWNERS files and CODEOWNERS name are in no output")
    func pseudonymised() throws {
        let repository = try Fixture.make("monorepo")
        let out = try Fixture.temporaryFolder().appendingPathComponent("out")
        let result = try Shell.innersource(["analyze", repository.path, "--roster", Package.fixtures.appendingPathComponent("monorepo/roster.yml").path,
                                            "--as-of", "2025-01-01", "--out", out.path, "--pseudonymize"],
                                           environment: ["INNERSOURCE_PSEUDONYM_KEY": "monorepo-key-0123456789abcdef"])
        try #require(result.status == 0, "\(result.errors)")
        for file in ["components.csv", "summary.json"] {
            let text = try String(contentsOf: out.appendingPathComponent(file), encoding: .utf8)
            #expect(text.contains("apps/web/admin/"), "\(file) has its components")
            for person in ["@pia", "@pete", "sue@acme.test", "otto@acme.test", "Pia Pay"] {
                #expect(!text.contains(person), "\(file) names \(person)")
            }
        }
    }

    @Test("a batch's shards carry the components in their facts, and merge writes what one run writes")
    func shardsMerge() throws {
        let base = try Fixture.temporaryFolder()
        let monorepo = try Fixture.make("monorepo")
        let teams = try Fixture.make("teams")
        let roster = Package.fixtures.appendingPathComponent("monorepo/roster.yml").path
        let pipeline = base.appendingPathComponent("pipeline.yml")
        try Data("version: 1\nrepositories:\n  - path: \(monorepo.path)\n  - path: \(teams.path)\nroster: \(roster)\nwindow: { as_of: 2025-01-01 }\noutputs: { dir: \"${OUT}\" }\n".utf8).write(to: pipeline)
        let whole = try Shell.innersource(["run", pipeline.path, "--no-cache"], environment: ["OUT": base.appendingPathComponent("whole").path])
        try #require(whole.status == 0, "\(whole.errors)")
        var shards: [String] = []
        for index in 0..<2 {
            let folder = base.appendingPathComponent("shard-\(index)").path
            let result = try Shell.innersource(["run", pipeline.path, "--no-cache", "--shard", "\(index)/2"], environment: ["OUT": folder])
            try #require(result.status == 0, "\(result.errors)")
            shards.append(folder)
        }
        let merged = try Shell.innersource(["merge"] + shards + ["--out", base.appendingPathComponent("merged").path])
        try #require(merged.status == 0, "\(merged.errors)")
        let expected = try String(contentsOf: base.appendingPathComponent("whole/components.csv"), encoding: .utf8)
        #expect(expected.contains("monorepo,apps/web/admin/,"))
        #expect(try String(contentsOf: base.appendingPathComponent("merged/components.csv"), encoding: .utf8) == expected)
    }

    @Test("the components table of the database is components.csv, cell for cell")
    func database() throws {
        let roster = try RosterFile.load(path: Package.fixtures.appendingPathComponent("monorepo/roster.yml").path)
        let (analysis, run) = try InProcess.analyze(try Fixture.make("monorepo").path, asOf: 1_735_689_600, roster: roster)
        let database = try SQLiteOutputTests.database([analysis], run: run)
        let tables = SQLiteOutputTests.csvTables([analysis], run: run)
        for (name, rows) in [("components", 9), ("ownership", 9), ("component_flows", 15)] {
            let csv = try #require(tables.first { $0.0 == name }?.1)
            #expect(csv.rows.count == rows, "\(name)")
            try SQLiteOutputTests.compare(database, name, csv)
        }
    }

    @Test("--suggest-codeowners prints each component's keeper beside its rule, and writes nothing")
    func suggestCodeOwners() throws {
        let repository = try Fixture.make("monorepo")
        let before = try Data(contentsOf: repository.appendingPathComponent(".github/CODEOWNERS"))
        let result = try Shell.innersource(["analyze", repository.path, "--roster", Package.fixtures.appendingPathComponent("monorepo/roster.yml").path,
                                            "--as-of", "2024-08-01", "--suggest-codeowners"])
        try #require(result.status == 0, "\(result.errors)")
        let lines = result.output.split(separator: "\n").map(String.init)
        let drifted = try #require(lines.firstIndex(of: "# now .github/CODEOWNERS:3 (drifted): /services/search/ @acme/search"), "\(result.output)")
        #expect(lines[drifted + 1] == "# 4 commits in the window: payments 3, search 1 (top team 75%)")
        #expect(lines[drifted + 2] == "/services/search/ @acme/payments")
        #expect(lines.contains("/services/payments/ @acme/payments"))
        #expect(lines.contains("/apps/web/admin/ @acme/search"))
        // After its folder's rule, so that the last matching rule keeps it.
        #expect(lines.firstIndex(of: "/apps/web/admin/*.css @acme/platform") ?? 0 > lines.firstIndex(of: "/apps/web/admin/ @acme/search") ?? .max)
        #expect(lines.contains("/tools/ @acme/platform"), "a rule that agrees keeps its owner on a tie")
        #expect(lines.contains { $0.hasPrefix("# (unowned): 3 files at HEAD under no rule") })
        #expect(try Data(contentsOf: repository.appendingPathComponent(".github/CODEOWNERS")) == before)
        #expect(try Shell.git(["-C", repository.path, "status", "--porcelain"]).output.isEmpty)
    }

    @Test("the HTML report has a component table per repository and the drifted rules with their evidence")
    func report() throws {
        let repository = try Fixture.make("monorepo")
        let out = try Fixture.temporaryFolder().appendingPathComponent("out")
        let result = try Shell.innersource(["analyze", repository.path, "--roster", Package.fixtures.appendingPathComponent("monorepo/roster.yml").path,
                                            "--as-of", "2024-08-01", "--out", out.path, "--write", "html"])
        try #require(result.status == 0, "\(result.errors)")
        let html = try String(contentsOf: out.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(html.contains("<table class=\"components\" id=\"components-1\">"))
        #expect(html.contains("<tr><th scope=\"row\">apps/web/admin/*.css</th><td>apps/web/admin/OWNERS:4</td><td>platform <span class=\"muted\">(owners)</span></td>"))
        #expect(html.contains("<li><strong>drifted</strong> .github/CODEOWNERS:3 <code>/services/search/</code>: declares @acme/search (search); 4 commits (payments 3, search 1), declared share 25.0%; last change by a declared team 2024-02-10</li>"), "\(html)")
        #expect(html.contains("<li><strong>orphaned</strong> .github/CODEOWNERS:6 <code>/libs/legacy/</code>: declares @acme/legacy (no team of the roster)"))
    }

    @Test("the pipeline's components: key, and its problems with their lines")
    func pipelineKey() throws {
        let base = try Fixture.temporaryFolder()
        let teams = try Fixture.make("teams")
        let components = try Fixture.file("components.yml", "components:\n  - name: api\n    paths: [\"api.txt\"]\n    owner: payments\n")
        let pipeline = base.appendingPathComponent("pipeline.yml")
        try Data("version: 1\nrepositories:\n  - path: \(teams.path)\ncomponents: { file: \(components.path), depth: 1, owner_share: 0.6 }\nwindow: { as_of: 2025-01-01 }\noutputs: { dir: \(base.path)/out }\n".utf8).write(to: pipeline)
        let result = try Shell.innersource(["run", pipeline.path, "--no-cache"])
        try #require(result.status == 0, "\(result.errors)")
        let csv = try String(contentsOf: base.appendingPathComponent("out/components.csv"), encoding: .utf8)
        #expect(csv.contains("\r\nteams,api,components:api,config,payments,"), "\(csv)")
        try Data("version: 1\nrepositories:\n  - path: \(teams.path)\ncomponents:\n  depth: deep\n  owner_share: 2\noutputs: { dir: out }\n".utf8).write(to: pipeline)
        let validated = try Shell.innersource(["validate", pipeline.path])
        #expect(validated.status == 2)
        #expect(validated.output.contains("pipeline.yml:5: error: depth must be a number of folders from 0 to 32"), "\(validated.output)")
        #expect(validated.output.contains("pipeline.yml:6: error: owner_share must be a share above 0 and at most 1"), "\(validated.output)")
        // Components written in the pipeline itself, as a list; and a bad one named with its line.
        try Data("version: 1\nrepositories:\n  - path: \(teams.path)\ncomponents:\n  - name: api\n    paths: [\"api.txt\"]\n    owner: payments\nwindow: { as_of: 2025-01-01 }\noutputs: { dir: \(base.path)/inline }\n".utf8).write(to: pipeline)
        let inline = try Shell.innersource(["run", pipeline.path, "--no-cache"])
        try #require(inline.status == 0, "\(inline.errors)")
        #expect(try String(contentsOf: base.appendingPathComponent("inline/components.csv"), encoding: .utf8).contains("\r\nteams,api,components:api,config,payments,"))
        try Data("version: 1\nrepositories:\n  - path: \(teams.path)\ncomponents:\n  - name: api\noutputs: { dir: out }\n".utf8).write(to: pipeline)
        let bad = try Shell.innersource(["validate", pipeline.path])
        #expect(bad.status == 2)
        #expect(bad.output.contains("pipeline.yml:5: error: components[1] (api): 'paths' must be a glob or a list of globs"), "\(bad.output)")
    }

    @Test("a CODEOWNERS pattern that cannot be compiled is a finding naming its line, and matches nothing")
    func invalidRule() throws {
        let folder = try Fixture.temporaryFolder().appendingPathComponent("invalid")
        try Shell.git(["init", "-q", "-b", "main", folder.path])
        try Data("/src/ @acme/a\nsrc/x[ab @acme/b\n".utf8).write(to: folder.appendingPathComponent("CODEOWNERS"))
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("src"), withIntermediateDirectories: true)
        try Data("x\n".utf8).write(to: folder.appendingPathComponent("src/xa"))
        try Shell.git(["-C", folder.path, "add", "-A"])
        try Shell.git(["-C", folder.path, "-c", "user.name=A", "-c", "user.email=a@x.test", "commit", "-q", "-m", "one"])
        let result = try Shell.innersource(["analyze", folder.path, "--format", "json", "--as-of", "2100-01-01"])
        try #require(result.status == 0, "\(result.errors)")
        let entry = try #require((try jsonObject(result.stdout)["repositories"] as? [[String: Any]])?.first)
        let finding = try #require((entry["findings"] as? [[String: Any]])?.first { $0["kind"] as? String == "invalid_ownership_rules" })
        #expect((finding["message"] as? String)?.contains("CODEOWNERS:2: the pattern 'src/x[ab' matches nothing") == true, "\(finding)")
        let components = (entry["components"] as? [[String: Any]] ?? []).map { $0["component"] as? String }
        #expect(components == ["/src/", "(unowned)"], "the invalid rule is no component, and src/xa stays with /src/ (CODEOWNERS itself is unowned)")
    }

    /// The change-requests fixture (a merge, a squash, a rebase, a GitLab merge, a Gerrit change, direct
    /// pushes) with configured components: each landed request counts once in every component its changes
    /// touch, as `git diff FIRST-PARENT COMMIT` over the first-parent chain shows them.
    @Test("change requests by component: each landed request in every component its commits changed")
    func changeRequests() throws {
        let repository = try Fixture.make("change-requests")
        let components = [("search", ["search*.txt", "faster.txt"]), ("retries", ["retries*.txt"]), ("notes", ["*.txt"])]
        let file = try Fixture.file("components.yml", "components:\n" + components.map { name, paths in
            "  - name: \(name)\n    paths: [\(paths.map { "\"\($0)\"" }.joined(separator: ", "))]\n    owner: payments\n"
        }.joined())
        let out = try Fixture.temporaryFolder().appendingPathComponent("out")
        let result = try Shell.innersource(["analyze", repository.path, "--roster", Package.fixtures.appendingPathComponent("teams/roster.yml").path,
                                            "--components", file.path, "--as-of", "2024-06-01", "--format", "json", "--out", out.path])
        try #require(result.status == 0, "\(result.errors)")
        let entry = try #require((try jsonObject(result.stdout)["repositories"] as? [[String: Any]])?.first)
        let figures = try #require(entry["components"] as? [[String: Any]])
        // The oracle: the first-parent chain, each commit's change against its first parent.
        let chain = try Shell.git(["-C", repository.path, "log", "--first-parent", "--format=%H %P", "main"]).output
            .split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        #expect(chain.count == 7)
        var expected: [String: Int] = [:]
        for line in chain {
            let commit = line[0]
            let changed = line.count > 1
                ? try Shell.git(["-C", repository.path, "diff", "--name-only", "--no-renames", line[1], commit]).output
                : try Shell.git(["-C", repository.path, "show", "--name-only", "--format=", commit]).output
            var touched = Set<String>()
            for path in changed.split(separator: "\n").map(String.init) {
                let owner = try components.first { try $0.1.contains { try Glob($0).matches(path) } }?.0 ?? ComponentFigures.unownedName
                touched.insert(owner)
            }
            for name in touched { expected[name, default: 0] += 1 }
        }
        for component in figures {
            let name = component["component"] as! String
            #expect(component["change_requests"] as? Int == expected[name] ?? 0, "\(name): \(component["change_requests"] ?? "nil"), git \(expected[name] ?? 0)")
        }
        #expect(expected == ["search": 2, "retries": 1, "notes": 3, ComponentFigures.unownedName: 1], "the fixture's requests: \(expected)")
        #expect(figures.contains { $0["component"] as? String == "search" && ($0["cross_team_change_requests"] as? Int ?? 0) > 0 })
    }

    @Test("--components FILE: a bad file stops the run with one line naming it")
    func badComponentsFile() throws {
        let file = try Fixture.file("components.yml", "components:\n  - name: x\n")
        let result = try Shell.innersource(["analyze", Package.root.path, "--components", file.path])
        #expect(result.status == 2)
        #expect(result.errors.contains("components.yml: components[1] (x): 'paths' must be a glob or a list of globs"), "\(result.errors)")
        #expect(result.errors.split(separator: "\n").count == 1)
    }
}

/// A declared owner who reviews (a `Reviewed-by` or `Acked-by` trailer) is active under the rule.
@Suite("Owners' reviews in declared against actual")
struct OwnerReviewTests {
    static func person(_ name: String, _ team: String) -> TeamedPerson {
        TeamedPerson(key: "\(name)@x.test", identity: Identity.parse("\(name) <\(name)@x.test>")!, team: Team(team))
    }

    static func commit(_ index: Int, at time: Int64, reviewer: TeamedPerson? = nil) -> AttributedCommit {
        let author = person("pat", "payments")
        var commit = AttributedCommit(id: ObjectID(hex: String(format: "%040x", index)), author: author, coAuthors: [],
                                      committer: author, authorTime: time, commitTime: time, isMerge: false, isBot: false,
                                      landedByPlatform: false, inWindow: true, linesAdded: 1, linesDeleted: 0)
        if let reviewer { commit.reviewers = [reviewer] }
        return commit
    }

    @Test("a review by the declared team is owner activity and keeps the rule from orphaned")
    func reviewsCount() {
        let end: Int64 = 1_717_200_000
        let reviewed = [Self.commit(1, at: end - 86_400), Self.commit(2, at: end - 3_600, reviewer: Self.person("sam", "search"))]
        let plain = [Self.commit(1, at: end - 86_400), Self.commit(2, at: end - 3_600)]
        let withReview = RuleOwnership.assess(reviewed, declaredTeams: [Team("search")], unknownOwners: [], unowned: false,
                                              lastTeamActivity: RuleOwnership.lastActivity(reviewed), windowEnd: end)
        #expect(withReview.lastOwnerActivity == end - 3_600)
        #expect(withReview.verdict == .drifted, "search reviews but payments does the work")
        let without = RuleOwnership.assess(plain, declaredTeams: [Team("search")], unknownOwners: [], unowned: false,
                                           lastTeamActivity: RuleOwnership.lastActivity(plain), windowEnd: end)
        #expect(without.lastOwnerActivity == nil)
        #expect(without.verdict == .orphaned)
    }
}
