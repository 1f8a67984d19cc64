import Foundation
import Testing

/// `merge` reads what shards wrote: a facts file changed by hand (or by a bad disk), and an `--out` that is a
/// shard in disguise, are refused with one line, writing nothing.
@Suite("merge refuses what it cannot trust")
struct ShardMergeInputTests {
    /// A finished run of the fixture organisation (a shard 0 of 1), in a folder of its own.
    static func shard() throws -> URL {
        let org = try Organisation()
        let folder = try Fixture.temporaryFolder().appendingPathComponent("shard")
        let result = try org.run(into: folder, ["--no-cache"])
        try #require(result.status == 1, "\(result.errors)")
        return folder
    }

    /// Rewrites the shard's facts file with a Python statement on `facts` (the parsed JSON) and `repos`
    /// (its repositories with contributors).
    static func tamper(_ shard: URL, _ statement: String) throws {
        let script = """
            import json, sys
            path = sys.argv[1]
            facts = json.load(open(path))
            repos = [r for r in facts["repositories"] if r.get("contributors")]
            \(statement)
            open(path, "w").write(json.dumps(facts, sort_keys=True))
            """
        let result = try Shell.run("/usr/bin/env", ["python3", "-c", script, shard.appendingPathComponent("innersource-facts.json").path])
        try #require(result.status == 0, "\(result.errors)")
    }

    @Test("a tampered facts file: exit 2 naming the file and the value, nothing written", arguments: [
        ("for r in repos:\n    for c in r['contributors']: c['commits'] = 9223372036854775807", "commits"),
        ("for r in repos:\n    for f in r['team_flows']: f['commits'] = 9223372036854775807", "commits"),
        ("repos[0]['cross_team']['cross_team_share'] = 'nan'", "cross_team_share"),
        ("repos[0]['cross_team']['cross_team_share'] = 1.5", "cross_team_share"),
        ("repos[0]['contributors'][0]['lines_added'] = 1e30", "lines_added"),
        ("repos[0]['totals']['commits'] = -4", "commits"),
        ("repos[0]['cross_team']['landing']['outsider_median_delay_seconds'] = 'inf'", "outsider_median_delay_seconds"),
    ])
    func tamperedFacts(statement: String, key: String) throws {
        let shard = try Self.shard()
        try Self.tamper(shard, statement)
        let out = shard.deletingLastPathComponent().appendingPathComponent("merged")
        let result = try Shell.innersource(["merge", shard.path, "--out", out.path])
        CommandMessageTests.expectOneLineFailure(result, shard.appendingPathComponent("innersource-facts.json").path, key,
                                                 "run that shard again")
        #expect(!result.errors.contains("not valid JSON"), "\(result.errors)")
        #expect(!FileManager.default.fileExists(atPath: out.path), "nothing written")
    }

    @Test("--out given as a symbolic link to a shard is that shard: refused, the shard untouched")
    func outputLinkToShard() throws {
        let shard = try Self.shard()
        let link = shard.deletingLastPathComponent().appendingPathComponent("link")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: shard.path)
        let facts = shard.appendingPathComponent("innersource-facts.json")
        let before = try Data(contentsOf: facts)
        let listing = try FileManager.default.contentsOfDirectory(atPath: shard.path).sorted()
        for (folders, out) in [([shard.path], link.path), ([link.path], shard.path), ([shard.path], link.path + "/")] {
            let result = try Shell.innersource(["merge"] + folders + ["--out", out])
            CommandMessageTests.expectOneLineFailure(result, "--out must be a folder of its own")
        }
        #expect(try Data(contentsOf: facts) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: shard.path).sorted() == listing)
    }
}
