import Foundation
import InnerSourceModel
@testable import Reporting
@testable import Scoring
import Testing

/// Reads metrics.prom with a real Prometheus parser: Python's prometheus_client, installed when missing.
enum PrometheusParser {
    /// Where prometheus_client goes when pip may not install into the interpreter's environment
    /// (an externally managed Python): a folder of the build, put on `sys.path` by the parsing script.
    static let target = Package.root.appendingPathComponent(".build/python-packages").path

    struct Family: Decodable {
        var name: String
        var type: String
        var help: String
        var samples: [Sample]
    }

    struct Sample: Decodable {
        var name: String
        var labels: [String: String]
        /// nil when the value is NaN or infinite.
        var value: Double?
        var timestamp: Double?
    }

    static let script = """
        import json, math, sys
        sys.path.insert(0, sys.argv[1])
        from prometheus_client.parser import text_string_to_metric_families
        with open(sys.argv[2], encoding="utf-8") as handle:
            text = handle.read()
        families = []
        for family in text_string_to_metric_families(text):
            samples = [{"name": s.name, "labels": dict(s.labels),
                        "value": s.value if math.isfinite(s.value) else None,
                        "timestamp": None if s.timestamp is None else float(s.timestamp)} for s in family.samples]
            families.append({"name": family.name, "type": family.type, "help": family.documentation, "samples": samples})
        print(json.dumps(families))
        """

    /// Whether the parser can be imported; installs it once when it cannot, the reason when that fails.
    static let ready: String? = {
        func importable() -> Bool {
            let check = "import sys; sys.path.insert(0, sys.argv[1]); import prometheus_client.parser"
            return (try? Shell.run("/usr/bin/env", ["python3", "-c", check, target]))?.status == 0
        }
        guard (try? Shell.run("/usr/bin/env", ["python3", "--version"]))?.status == 0 else {
            return "python3 is needed to validate metrics.prom with prometheus_client, and was not found"
        }
        if importable() { return nil }
        var reasons: [String] = []
        for extra in [[], ["--target", target]] {
            let install = try? Shell.run("/usr/bin/env", ["python3", "-m", "pip", "install", "--quiet"] + extra + ["prometheus_client"])
            if importable() { return nil }
            reasons.append("pip install \(extra.joined(separator: " ")): exit \(install?.status ?? -1): "
                           + (install?.errors.trimmingCharacters(in: .whitespacesAndNewlines) ?? "could not run"))
        }
        return "prometheus_client is not installed and `python3 -m pip install --quiet prometheus_client` failed:\n"
            + reasons.joined(separator: "\n")
    }()

    /// The families prometheus_client reads from the file at `path`.
    static func parse(_ path: String) throws -> [Family] {
        if let problem = ready { throw TestFailure(problem) }
        let result = try Shell.run("/usr/bin/env", ["python3", "-c", script, target, path])
        guard result.status == 0 else {
            throw TestFailure("prometheus_client rejected \(path) (exit \(result.status)):\n\(result.errors)")
        }
        return try JSONDecoder().decode([Family].self, from: result.stdout)
    }

    static func parse(text: String) throws -> [Family] {
        let file = try Fixture.temporaryFolder().appendingPathComponent("metrics.prom")
        try Data(text.utf8).write(to: file)
        return try parse(file.path)
    }
}

@Suite("metrics.prom")
struct MetricsTests {
    static func analyzeTeams() throws -> (repository: URL, text: String) {
        let repository = try Fixture.make("teams")
        let teams = Package.fixtures.appendingPathComponent("teams")
        let out = try Fixture.temporaryFolder().appendingPathComponent("out")
        let result = try Shell.innersource([
            "analyze", repository.path, "--roster", teams.appendingPathComponent("roster.yml").path,
            "--aliases", teams.appendingPathComponent("aliases.yml").path, "--out", out.path, "--as-of", "2024-06-01",
        ])
        try #require(result.status == 0, "exit \(result.status): \(result.errors)")
        let text = try String(contentsOf: out.appendingPathComponent("metrics.prom"), encoding: .utf8)
        return (repository, text)
    }

    @Test("the teams fixture's metrics carry the figures worked out by hand")
    func teamsSamples() throws {
        let (repository, text) = try Self.analyzeTeams()
        let lines = Set(text.split(separator: "\n").map(String.init))
        let head = try Shell.git(["-C", repository.path, "rev-parse", "HEAD"]).output.trimmingCharacters(in: .whitespacesAndNewlines)
        let expected = [
            "innersource_repository_commits{repository=\"teams\"} 8",
            "innersource_repository_merge_commits{repository=\"teams\"} 0",
            "innersource_repository_bot_commits{repository=\"teams\"} 1",
            "innersource_repository_contributors{repository=\"teams\"} 6",
            "innersource_repository_teams{repository=\"teams\"} 3",
            "innersource_repository_cross_team_commits{repository=\"teams\"} 4",
            "innersource_repository_cross_team_share_ratio{repository=\"teams\"} 0.5",
            "innersource_repository_cross_team_contributors{repository=\"teams\"} 3",
            "innersource_repository_contributing_teams{repository=\"teams\"} 2",
            "innersource_repository_unaffiliated_commits{repository=\"teams\"} 1",
            "innersource_repository_bus_factor{repository=\"teams\"} 3",
            "innersource_repository_truck_factor{repository=\"teams\"} 2",
            "innersource_repository_openness_score{repository=\"teams\"} 62",
            "innersource_repository_openness_check{check=\"trusted_committer_path\",repository=\"teams\"} 7",
            "innersource_repository_openness_check_weight{check=\"trusted_committer_path\",repository=\"teams\"} 7.5",
            "innersource_repository_barriers_by_severity{repository=\"teams\",severity=\"high\"} 0",
            "innersource_repository_barriers_by_severity{repository=\"teams\",severity=\"low\"} 3",
            "innersource_repository_barriers_by_severity{repository=\"teams\",severity=\"medium\"} 1",
            "innersource_repository_info{owner_source=\"codeowners\",owner_team=\"payments\",repository=\"teams\"} 1",
            "innersource_team_flow_commits{from_team=\"payments\",to_team=\"payments\"} 4",
            "innersource_team_flow_commits{from_team=\"platform\",to_team=\"payments\"} 3",
            "innersource_team_flow_commits{from_team=\"search\",to_team=\"payments\"} 1",
            "innersource_team_flow_contributors{from_team=\"payments\",to_team=\"payments\"} 3",
            "innersource_team_flow_contributors{from_team=\"platform\",to_team=\"payments\"} 2",
            "innersource_team_flow_contributors{from_team=\"search\",to_team=\"payments\"} 1",
            "innersource_run_as_of_timestamp_seconds 1717200000",
            "innersource_team_flow_pairs_left_out 0",
            "innersource_repositories 1",
            "innersource_info{schema_version=\"\(ToolInfo.schemaVersion)\",version=\"\(ToolInfo.version)\"} 1",
            "# TYPE innersource_repository_openness_score gauge",
        ]
        for line in expected {
            #expect(lines.contains(line), "missing: \(line)\n\(text)")
        }
        #expect(text.hasSuffix("\n"))
        #expect(!text.contains("NaN") && !text.contains("Inf"))
        // Stable series: the commit analysed is no label, and no family is the sum of another.
        #expect(!text.contains(head), "a commit id as a label makes a new series on every push")
        #expect(!text.contains("innersource_repository_barriers{"))
        #expect(!text.contains("state=\"proposed\""))

        // Families in name order, each announced by HELP then TYPE; samples of a family in label order.
        let types = text.split(separator: "\n").filter { $0.hasPrefix("# TYPE ") }.map { $0.split(separator: " ")[2] }
        #expect(types == types.sorted() && Set(types).count == types.count, "\(types)")
        let severities = text.split(separator: "\n").filter { $0.hasPrefix("innersource_repository_barriers_by_severity{") }
        #expect(severities.map { $0.contains("\"high\"") ? 0 : $0.contains("\"low\"") ? 1 : 2 } == [0, 1, 2])

        // The same input writes the same bytes.
        let (_, again) = try Self.analyzeTeams()
        #expect(again == text)
    }

    @Test("prometheus_client parses every line of the file, and reads back what was written")
    func parsedByPrometheusClient() throws {
        let (_, text) = try Self.analyzeTeams()
        let families = try PrometheusParser.parse(text: text)
        let sampleLines = text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map(String.init)
        let typeLines = text.split(separator: "\n").filter { $0.hasPrefix("# TYPE ") }

        #expect(families.map(\.name) == typeLines.map { String($0.split(separator: " ")[2]) }, "one family per TYPE line, in order")
        #expect(families.map(\.name) == families.map(\.name).sorted())
        #expect(families.reduce(0) { $0 + $1.samples.count } == sampleLines.count, "every sample line parsed")
        var written: [String] = []
        for family in families {
            #expect(family.name.hasPrefix("innersource_") && family.name == family.name.lowercased(), "\(family.name)")
            #expect(family.type == "gauge", "\(family.name)")
            #expect(!family.help.isEmpty, "\(family.name)")
            #expect(!family.samples.isEmpty, "\(family.name)")
            for sample in family.samples {
                #expect(sample.name == family.name)
                #expect(sample.timestamp == nil, "no timestamps: \(sample.name)")
                let value = try #require(sample.value, "\(sample.name) \(sample.labels) is NaN or infinite")
                let labels = sample.labels.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
                written.append(PrometheusMetrics.sampleLine(sample.name, labels: labels, value: PrometheusMetrics.number(value) ?? "?"))
            }
        }
        #expect(written == sampleLines, "the parser reads back exactly the samples written")

        func value(_ name: String, _ labels: [String: String]) -> Double? {
            families.first { $0.name == name }?.samples.first { $0.labels == labels }?.value
        }
        #expect(value("innersource_repository_cross_team_commits", ["repository": "teams"]) == 4)
        #expect(value("innersource_repository_cross_team_share_ratio", ["repository": "teams"]) == 0.5)
        #expect(value("innersource_repository_openness_score", ["repository": "teams"]) == 62)
        #expect(value("innersource_repository_openness_check", ["repository": "teams", "check": "readme"]) == 5)
        #expect(value("innersource_repository_bus_factor", ["repository": "teams"]) == 3)
        #expect(value("innersource_team_flow_commits", ["from_team": "platform", "to_team": "payments"]) == 3)
        #expect(value("innersource_run_as_of_timestamp_seconds", [:]) == 1_717_200_000)
    }

    @Test("label values escape backslash, double quote and line feed, and read back as written")
    func labelEscaping() throws {
        let name = "we\"ird\\repo\nname"
        let line = PrometheusMetrics.sampleLine("innersource_repository_commits", labels: [("repository", name)], value: "3")
        #expect(line == #"innersource_repository_commits{repository="we\"ird\\repo\nname"} 3"#)
        #expect(PrometheusMetrics.labelValue("plain-ascii_ok é") == "plain-ascii_ok é")
        #expect(PrometheusMetrics.helpText("a\\b\nc \"q\"") == #"a\\b\nc "q""#)

        let families = try PrometheusParser.parse(text: """
            # HELP innersource_repository_commits \(PrometheusMetrics.helpText("back\\slash\nnew line"))
            # TYPE innersource_repository_commits gauge
            \(line)

            """)
        let family = try #require(families.first)
        #expect(family.help == "back\\slash\nnew line")
        #expect(family.samples.first?.labels == ["repository": name])
        #expect(family.samples.first?.value == 3)
    }

    @Test("numbers: integers as integers, ratios in full, never NaN")
    func numbers() {
        #expect(PrometheusMetrics.number(4) == "4")
        #expect(PrometheusMetrics.number(0) == "0")
        #expect(PrometheusMetrics.number(0.5) == "0.5")
        #expect(PrometheusMetrics.number(2.0 / 3) == "0.6666666666666666")
        #expect(PrometheusMetrics.number(.nan) == nil)
        #expect(PrometheusMetrics.number(.infinity) == nil)
    }

    @Test("a run with no repository writes the run's metadata only")
    func emptyRun() {
        let run = RunInfo(toolVersion: "9.9.9", asOf: 1_717_200_000, revision: nil, since: nil, until: nil, mergeStatistics: false)
        #expect(PrometheusMetrics.text(OutputRun(analyses: [], info: run)) == """
            # HELP innersource_info The tool that wrote these metrics; always 1.
            # TYPE innersource_info gauge
            innersource_info{schema_version="\(ToolInfo.schemaVersion)",version="9.9.9"} 1
            # HELP innersource_repositories Repositories in the run.
            # TYPE innersource_repositories gauge
            innersource_repositories 0
            # HELP innersource_repositories_failed Repositories the run could not analyse (named in repository_up).
            # TYPE innersource_repositories_failed gauge
            innersource_repositories_failed 0
            # HELP innersource_run_as_of_timestamp_seconds The time relative dates were anchored at (--as-of), seconds since the epoch.
            # TYPE innersource_run_as_of_timestamp_seconds gauge
            innersource_run_as_of_timestamp_seconds 1717200000
            # HELP innersource_team_flow_pairs_left_out Team pairs beyond the 100 busiest, written in team_flows.csv but not as series.
            # TYPE innersource_team_flow_pairs_left_out gauge
            innersource_team_flow_pairs_left_out 0

            """)
    }

    @Test("team flows are the 100 busiest pairs, the rest counted; states partition the proposed")
    func teamFlowsBounded() throws {
        let flows = (0..<150).map { index in
            var flow = TeamFlow(fromTeam: Team("from-\(index)"), toTeam: Team("owner"), repositories: 1, commits: index % 75,
                                linesAdded: 0, linesDeleted: 0, contributors: nil)
            flow.changeRequestsProposed = index
            flow.changeRequestsLanded = index / 2
            flow.changeRequestsDeclined = index / 4
            return flow
        }
        let families = PrometheusMetrics.teamFlowFamilies(flows)
        let commits = try #require(families.first { $0.name == "innersource_team_flow_commits" })
        #expect(commits.samples.count == PrometheusMetrics.teamFlowPairLimit)
        // Busiest by commits, ties by change requests proposed: 74 commits twice (indices 74 and 149) first.
        let kept = Set(commits.samples.compactMap { $0.labels.first { $0.0 == "from_team" }?.1 })
        #expect(kept.contains("from-149") && kept.contains("from-74"))
        #expect(!kept.contains("from-0") && !kept.contains("from-75"), "the quietest pairs are left out")
        let leftOut = try #require(families.first { $0.name == "innersource_team_flow_pairs_left_out" })
        #expect(leftOut.samples.map(\.value) == ["50"])
        let requests = try #require(families.first { $0.name == "innersource_team_flow_change_requests" })
        let of149 = requests.samples.filter { $0.labels.contains { $0 == ("from_team", "from-149") } }
        let byState = Dictionary(uniqueKeysWithValues: of149.compactMap { sample in
            sample.labels.first { $0.0 == "state" }.map { ($0.1, Int(sample.value) ?? -1) }
        })
        #expect(byState == ["landed": 74, "pending": 38, "declined": 37])
    }
}
