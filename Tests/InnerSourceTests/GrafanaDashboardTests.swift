import Foundation
import Testing

/// The example Grafana dashboards (pipelines/grafana-dashboard-{sqlite,postgres}.json): every query of each,
/// its variables and macros expanded as Grafana does (scripts/check-grafana-dashboard.py), run against the
/// database a real run of the fixture organisation wrote: innersource.sqlite, and the PostgreSQL database
/// the sink wrote on a real server.
@Suite("Grafana dashboards", .serialized)
struct GrafanaDashboardTests {
    static let check = Package.root.appendingPathComponent("scripts/check-grafana-dashboard.py").path
    static let make = Package.root.appendingPathComponent("scripts/make-grafana-dashboards.py").path
    static let sqliteDashboard = Package.root.appendingPathComponent("pipelines/grafana-dashboard-sqlite.json").path
    static let postgresDashboard = Package.root.appendingPathComponent("pipelines/grafana-dashboard-postgres.json").path

    /// Every query's rows by "panel title (all|first)", normalised by the checker so that dialects compare.
    typealias Results = [String: [[String]]]

    /// The checker on one dashboard and database over `from`...`to`; its rows, or a failure with its output.
    static func run(_ dashboard: String, _ database: [String], from: String, to: String, allowEmpty: Bool = false) throws -> Results {
        let file = try Fixture.temporaryFolder().appendingPathComponent("results.json")
        let result = try Shell.run("/usr/bin/env", ["python3", check, dashboard] + database
                                   + ["--from", from, "--to", to, "--results", file.path] + (allowEmpty ? ["--allow-empty"] : []))
        guard result.status == 0 else { throw TestFailure("\(dashboard) \(from)...\(to): \(result.output)\(result.errors)") }
        let object = try jsonObject(Data(contentsOf: file))
        return object.mapValues { rows in
            ((rows as? [[Any]]) ?? []).map { $0.map { $0 is NSNull ? "NULL" : "\($0)" } }
        }
    }

    @Test("the committed dashboards are what scripts/make-grafana-dashboards.py writes; each has the repository and team variables")
    func generated() throws {
        let result = try Shell.run("/usr/bin/env", ["python3", Self.make, "--check"])
        #expect(result.status == 0, "\(result.output)")
        for path in [Self.sqliteDashboard, Self.postgresDashboard] {
            let dashboard = try jsonObject(Data(contentsOf: URL(fileURLWithPath: path)))
            let variables = ((dashboard["templating"] as? [String: Any])?["list"] as? [[String: Any]]) ?? []
            #expect(variables.map { $0["name"] as? String } == ["repository", "team"], "\(path)")
            #expect(variables.allSatisfy { $0["multi"] as? Bool == true && $0["includeAll"] as? Bool == true })
            let panels = (dashboard["panels"] as? [[String: Any]]) ?? []
            #expect(panels.count == 11 && Set(panels.compactMap { $0["id"] as? Int }).count == 11, "\(path)")
        }
    }

    @Test("every query of both dashboards runs on SQLite and on PostgreSQL after a real run; both answer the same; the time picker and the variables filter")
    func againstRealDatabases() throws {
        let server = try PostgresServer()
        let org = try Organisation()
        let out = try Fixture.temporaryFolder().appendingPathComponent("out")
        for asOf in ["2024-11-30", "2024-12-31"] {
            let result = try org.run(into: out, ["--as-of", asOf, "--postgres", server.url])
            #expect(result.status == 1, "the fixture organisation has repositories that fail: \(result.errors)")
        }
        let sqlite = ["--sqlite", out.appendingPathComponent("innersource.sqlite").path], postgres = ["--postgres", server.url]
        let from = "2024-01-01T00:00:00Z", to = "2025-01-31T00:00:00Z"
        let lite = try Self.run(Self.sqliteDashboard, sqlite, from: from, to: to)
        let pg = try Self.run(Self.postgresDashboard, postgres, from: from, to: to)
        #expect(lite.count == 22, "11 panels, each with every variable on All and on its first value")
        #expect(lite == pg, "the two dashboards show the same figures")
        // Known by construction (fixtures/repos/org.sh): in February 2024 two of three commits were cross-team
        // (Otto into payments, Olga into search/web; Sam's own); the two runs are two points of history.
        #expect(lite["Cross-team share by month (all)"]?.count == 12)
        #expect(lite["Cross-team share by month (all)"]?[1] == ["2024-02-01T00:00:00Z", "0.666667"])
        #expect(lite["Cross-team share across runs (all)"]?.map(\.[0]) == ["2024-11-30T00:00:00Z", "2024-12-31T00:00:00Z"])
        #expect(lite["Who gives: contributing teams (all)"] == [["platform", "2.0", "2.0", "2.0"], ["search", "2.0", "2.0", "2.0"],
                                                                 ["payments", "1.0", "1.0", "1.0"]])
        #expect(lite["Who gives: contributing teams (first)"] == [["payments", "1.0", "1.0", "1.0"]], "$team on its first value")
        #expect(lite["Acceptance by owning team (latest run) (all)"]?.map(\.[0]) == ["payments", "platform", "search"])
        // The time picker: three months of summer, no run in them; the latest-run panels do not follow it.
        let summer = try Self.run(Self.sqliteDashboard, sqlite, from: "2024-06-01T00:00:00Z", to: "2024-08-31T23:59:59Z", allowEmpty: true)
        #expect(summer == (try Self.run(Self.postgresDashboard, postgres, from: "2024-06-01T00:00:00Z", to: "2024-08-31T23:59:59Z",
                                        allowEmpty: true)))
        #expect(summer["Cross-team share by month (all)"]?.map(\.[0]) == ["2024-06-01T00:00:00Z", "2024-07-01T00:00:00Z", "2024-08-01T00:00:00Z"])
        #expect(summer["Cross-team share across runs (all)"] == [])
        #expect(summer["Team flows by repository (latest run) (all)"] == lite["Team flows by repository (latest run) (all)"])
        let before = try Self.run(Self.postgresDashboard, postgres, from: "2020-01-01T00:00:00Z", to: "2020-12-31T00:00:00Z", allowEmpty: true)
        let empty = before.filter { $0.key.hasSuffix("(all)") && $0.value.isEmpty }.keys.sorted()
        #expect(empty == lite.keys.filter { $0.hasSuffix("(all)") && !$0.contains("(latest run)") }.sorted(),
                "every panel but the latest run's follows the time picker")
    }

    @Test("the checker fails a query that does not run, a macro Grafana does not know, and a panel without rows")
    func checkerFails() throws {
        let database = try Fixture.temporaryFolder().appendingPathComponent("innersource.sqlite")
        let made = try Shell.run("/usr/bin/env", ["python3", "-c", """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            db.execute("CREATE TABLE repositories (repository TEXT, owner_team TEXT)")
            db.execute("INSERT INTO repositories VALUES ('api', 'platform')")
            db.commit()
            """, database.path])
        try #require(made.status == 0, "\(made.errors)")
        let source = try jsonObject(Data(contentsOf: URL(fileURLWithPath: Self.sqliteDashboard)))
        for (sql, expected) in [
            ("SELECT repository FROM no_such_table", "no such table: no_such_table"),
            ("SELECT repository FROM repositories WHERE $__timeFilter(as_of) AND repository IN (${repository:sqlstring})", "SQLite: "),
            ("SELECT repository FROM repositories WHERE owner_team IN (${team:sqlstring}) AND 0", "no row with a value"),
            ("SELECT repository FROM repositories WHERE repository = $unknown", "unknown variable $unknown"),
        ] {
            var dashboard = source
            dashboard["templating"] = ["list": [["type": "query", "name": "repository", "query": "SELECT repository FROM repositories", "multi": true],
                                                ["type": "query", "name": "team", "query": "SELECT owner_team FROM repositories", "multi": true]]]
            dashboard["panels"] = [["id": 1, "title": "broken", "type": "table",
                                    "targets": [["refId": "A", "queryType": "table", "rawQueryText": sql, "queryText": sql]]]]
            let file = try Fixture.temporaryFolder().appendingPathComponent("dashboard.json")
            try JSONSerialization.data(withJSONObject: dashboard).write(to: file)
            let result = try Shell.run("/usr/bin/env", ["python3", Self.check, file.path, "--sqlite", database.path,
                                                        "--from", "2024-01-01T00:00:00Z", "--to", "2025-01-01T00:00:00Z"])
            #expect(result.status == 1 && result.output.contains("FAILED panel 'broken'") && result.output.contains(expected),
                    "\(sql): \(result.output)")
        }
        // And the macros, as Grafana's PostgreSQL data source expands them, or refuses.
        let expanded = try Shell.run("/usr/bin/env", ["python3", Self.check, "--expand", "postgres", "--from", "2024-01-01T00:00:00Z",
                                                      "--to", "2024-02-01T00:00:00Z",
                                                      "SELECT 1 WHERE $__timeFilter(as_of::timestamptz) AND month >= to_char($__timeFrom()::timestamptz, 'YYYY-MM')"])
        #expect(expanded.output == """
            SELECT 1 WHERE as_of::timestamptz BETWEEN '2024-01-01T00:00:00Z' AND '2024-02-01T00:00:00Z' AND month >= to_char('2024-01-01T00:00:00Z'::timestamptz, 'YYYY-MM')

            """, "\(expanded.errors)")
        let sqliteTimes = try Shell.run("/usr/bin/env", ["python3", Self.check, "--expand", "sqlite", "--from", "2024-01-01T00:00:00Z",
                                                         "--to", "2024-02-01T00:00:00Z", "SELECT $__from / 1000, ${__to:date:seconds}, $__timeFilter(x)"])
        #expect(sqliteTimes.output == "SELECT 1704067200000 / 1000, 1706745600, $__timeFilter(x)\n", "the plugin leaves other macros as written")
        let unknown = try Shell.run("/usr/bin/env", ["python3", Self.check, "--expand", "postgres", "--from", "2024-01-01T00:00:00Z",
                                                     "--to", "2024-02-01T00:00:00Z", "SELECT $__nosuch(x)"])
        #expect(unknown.status == 1 && unknown.errors.contains("unknown macro '__nosuch'"), "\(unknown.errors)")
    }
}
