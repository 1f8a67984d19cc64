import Foundation
import Pipeline
import Testing

/// Validates documents against `schemas/*.schema.json` with Python's `jsonschema` (Draft202012Validator),
/// through `scripts/validate-json.py`.
enum SchemaValidator {
    static let script = Package.root.appendingPathComponent("scripts/validate-json.py")
    static let summary = Package.root.appendingPathComponent("schemas/summary.schema.json")
    static let checklist = Package.root.appendingPathComponent("schemas/checklist.schema.json")
    static let facts = Package.root.appendingPathComponent("schemas/facts.schema.json")

    /// nil when `import jsonschema` works (after installing it if it did not), else why it cannot.
    /// Computed once per test process.
    static let unavailable: String? = {
        func importable() -> Bool {
            (try? Shell.run("/usr/bin/env", ["python3", "-c", "import jsonschema"]))?.status == 0
        }
        if importable() { return nil }
        var log: [String] = []
        // The plain command first; a Debian Python that refuses it (PEP 668) may take a user install.
        for extra in [[], ["--user"], ["--user", "--break-system-packages"]] {
            let arguments = ["python3", "-m", "pip", "install", "--quiet"] + extra + ["jsonschema"]
            do {
                let result = try Shell.run("/usr/bin/env", arguments)
                log.append("\(arguments.joined(separator: " ")): exit \(result.status) \(result.errors.suffix(400))")
            } catch {
                log.append("\(arguments.joined(separator: " ")): \(error)")
            }
            if importable() { return nil }
        }
        return "python3 cannot import jsonschema, and installing it failed:\n" + log.joined(separator: "\n")
    }()

    struct Outcome {
        var status: Int32
        /// One line per error: `FILE: $.json.path: message`.
        var errors: [String]
        var valid: Bool { status == 0 }
        var report: String { errors.joined(separator: "\n") }
    }

    /// Validates `documents` against `schema`. Throws when jsonschema is unavailable.
    static func validate(_ schema: URL, _ documents: [URL]) throws -> Outcome {
        if let unavailable { throw TestFailure(unavailable) }
        let result = try Shell.run("/usr/bin/env", ["python3", script.path, schema.path] + documents.map(\.path))
        let lines = (result.output + result.errors).split(separator: "\n").map(String.init)
        return Outcome(status: result.status, errors: lines)
    }

    /// Writes `object` as JSON into a new temporary file.
    static func write(_ object: Any, name: String) throws -> URL {
        let url = try Fixture.temporaryFolder().appendingPathComponent(name)
        try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]).write(to: url)
        return url
    }
}

@Suite("JSON schemas of summary.json, checklist.json and innersource-facts.json")
struct SchemaTests {
    static let asOf = "2024-06-01T00:00:00Z"

    /// The documents of one `analyze --out DIR --format json` run.
    struct Run {
        var out: URL
        var stdout: URL
        var summary: URL { out.appendingPathComponent("summary.json") }
        var checklist: URL { out.appendingPathComponent("checklist.json") }
    }

    static func analyze(_ repository: URL, _ extra: [String]) throws -> Run {
        let folder = try Fixture.temporaryFolder()
        let out = folder.appendingPathComponent("out")
        let result = try Shell.innersource(["analyze", repository.path, "--out", out.path, "--format", "json"] + extra)
        try #require(result.status == 0, "innersource analyze \(repository.path) exited \(result.status): \(result.errors)")
        let stdout = folder.appendingPathComponent("stdout.json")
        try result.stdout.write(to: stdout)
        return Run(out: out, stdout: stdout)
    }

    /// Every document of `run` must match its schema; the failure lists each error with its JSON path.
    static func expectValid(_ run: Run, _ label: String) throws {
        let summary = try SchemaValidator.validate(SchemaValidator.summary, [run.summary, run.stdout])
        #expect(summary.valid, "\(label): summary.json or --format json output does not match schemas/summary.schema.json (exit \(summary.status)):\n\(summary.report)")
        let checklist = try SchemaValidator.validate(SchemaValidator.checklist, [run.checklist])
        #expect(checklist.valid, "\(label): checklist.json does not match schemas/checklist.schema.json (exit \(checklist.status)):\n\(checklist.report)")
    }

    @Test("jsonschema is available (installed when missing)")
    func validatorAvailable() {
        #expect(SchemaValidator.unavailable == nil, "\(SchemaValidator.unavailable ?? "")")
    }

    @Test("the teams fixture with a roster and aliases matches the schemas")
    func teams() throws {
        let repository = try Fixture.make("teams")
        let teams = Package.fixtures.appendingPathComponent("teams")
        let run = try Self.analyze(repository, [
            "--roster", teams.appendingPathComponent("roster.yml").path,
            "--aliases", teams.appendingPathComponent("aliases.yml").path, "--as-of", Self.asOf,
        ])
        try Self.expectValid(run, "teams")
    }

    @Test("the basic fixture with --merge-stats matches the schemas")
    func basicMergeStats() throws {
        try Self.expectValid(try Self.analyze(try Fixture.make("basic"), ["--merge-stats", "--as-of", Self.asOf]), "basic --merge-stats")
    }

    @Test("an empty repository matches the schemas")
    func empty() throws {
        try Self.expectValid(try Self.analyze(try Fixture.empty(), ["--as-of", Self.asOf]), "empty repository")
    }

    @Test("the edge fixture matches the schemas")
    func edge() throws {
        try Self.expectValid(try Self.analyze(try Fixture.make("edge"), ["--as-of", Self.asOf]), "edge")
    }

    @Test("this project's own repository matches the schemas")
    func ownRepository() throws {
        try Self.expectValid(try Self.analyze(Package.root, []), "this repository")
    }

    @Test("an unannounced key or a wrong type fails validation, with its JSON path")
    func negative() throws {
        let run = try Self.analyze(try Fixture.make("basic"), ["--as-of", Self.asOf])
        let valid = try SchemaValidator.validate(SchemaValidator.summary, [run.summary])
        try #require(valid.valid, "the unchanged summary must pass first:\n\(valid.report)")
        let original = try jsonObject(Data(contentsOf: run.summary))

        // An extra key at the top and one inside a repository.
        var extra = original
        extra["unannounced_key"] = 1
        var repositories = try #require(original["repositories"] as? [[String: Any]])
        repositories[0]["surprise_figure"] = 42
        extra["repositories"] = repositories
        let extraResult = try SchemaValidator.validate(SchemaValidator.summary, [try SchemaValidator.write(extra, name: "extra.json")])
        #expect(extraResult.status == 1, "an unknown key must fail (exit \(extraResult.status)):\n\(extraResult.report)")
        #expect(extraResult.errors.contains { $0.contains(": $: ") && $0.contains("unannounced_key") }, "\(extraResult.report)")
        #expect(extraResult.errors.contains { $0.contains("$.repositories[0]: ") && $0.contains("surprise_figure") }, "\(extraResult.report)")

        // A wrong type, a null where a value is left out, and a value outside its enum.
        var wrong = original
        repositories = try #require(original["repositories"] as? [[String: Any]])
        repositories[0]["commits"] = "10"
        var owner = try #require(repositories[0]["owner"] as? [String: Any])
        owner["runner_up"] = NSNull()
        owner["source"] = "guessed"
        repositories[0]["owner"] = owner
        wrong["repositories"] = repositories
        let wrongResult = try SchemaValidator.validate(SchemaValidator.summary, [try SchemaValidator.write(wrong, name: "wrong.json")])
        #expect(wrongResult.status == 1, "a wrong type must fail (exit \(wrongResult.status)):\n\(wrongResult.report)")
        for path in ["$.repositories[0].commits: ", "$.repositories[0].owner.runner_up: ", "$.repositories[0].owner.source: "] {
            #expect(wrongResult.errors.contains { $0.contains(path) }, "no error at \(path):\n\(wrongResult.report)")
        }

        // checklist.json: a wrong verdict and an extra key in an item.
        var checklist = try jsonObject(Data(contentsOf: run.checklist))
        var overall = try #require(checklist["overall"] as? [String: Any])
        var items = try #require(overall["items"] as? [[String: Any]])
        items[0]["verdict"] = "maybe"
        items[0]["score"] = 3
        overall["items"] = items
        checklist["overall"] = overall
        let checklistResult = try SchemaValidator.validate(SchemaValidator.checklist, [try SchemaValidator.write(checklist, name: "checklist.json")])
        #expect(checklistResult.status == 1, "a wrong checklist must fail (exit \(checklistResult.status)):\n\(checklistResult.report)")
        #expect(checklistResult.errors.contains { $0.contains("$.overall.items[0].verdict: ") }, "\(checklistResult.report)")
        #expect(checklistResult.errors.contains { $0.contains("$.overall.items[0]: ") && $0.contains("score") }, "\(checklistResult.report)")
    }

    /// The facts file has its own layout: every key announced in schemas/facts.schema.json, whose version is
    /// the one the code writes. A field added to the analysis that reaches the facts file without both fails here.
    @Test("innersource-facts.json of the fixture organisation, plain and pseudonymised, matches its schema")
    func facts() throws {
        let org = try Organisation()
        let plain = try Fixture.temporaryFolder().appendingPathComponent("plain")
        #expect(try org.run(into: plain, ["--no-cache"]).status == 1)
        let pipeline = try Fixture.temporaryFolder().appendingPathComponent("pipeline.yml")
        try Organisation.pipeline(at: pipeline, adding: "privacy: { pseudonymize: true, min_group_size: 2 }\nhistory: { renames: detect, merges: measure, shallow: analyze }")
        let shard = try Fixture.temporaryFolder().appendingPathComponent("shard")
        let private_ = try org.run(into: shard, ["--no-cache", "--shard", "1/2"], pipeline: pipeline.path,
                                   environment: ["INNERSOURCE_PSEUDONYM_KEY": "a-key-of-sixteen-bytes-or-more"])
        #expect(private_.status == 0 || private_.status == 1, "\(private_.errors)")
        let files = [plain, shard].map { $0.appendingPathComponent(RunFacts.fileName) }
        let result = try SchemaValidator.validate(SchemaValidator.facts, files)
        #expect(result.valid, "innersource-facts.json does not match schemas/facts.schema.json:\n\(result.report)")
        let schema = try jsonObject(Data(contentsOf: SchemaValidator.facts))
        let version = (schema["properties"] as? [String: Any])?["facts_version"] as? [String: Any]
        #expect(version?["const"] as? Int == RunFacts.currentVersion, "the schema describes the version the code writes")

        var facts = try jsonObject(Data(contentsOf: files[0]))
        var repositories = try #require(facts["repositories"] as? [[String: Any]])
        var concentration = try #require(repositories[1]["concentration"] as? [String: Any])
        concentration["new_figure"] = 1
        repositories[1]["concentration"] = concentration
        facts["repositories"] = repositories
        let extended = try SchemaValidator.validate(SchemaValidator.facts, [try SchemaValidator.write(facts, name: "facts.json")])
        #expect(extended.status == 1 && extended.errors.contains { $0.contains("$.repositories[1].concentration: ") && $0.contains("new_figure") },
                "a key the schema does not announce fails:\n\(extended.report)")
    }
}
