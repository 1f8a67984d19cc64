import Foundation
import Testing

/// `team_flows_by_repository` and `team_flows_monthly` on the fixture organisation, read back by Python's
/// sqlite3: they add up to `team_flows`, and the months run through the as-of month.
@Suite("Team flows by repository and month")
struct TeamFlowTablesTests {
    /// The counts that add up across repositories and months (people and repositories are distinct).
    static let summed = ["commits", "lines_added", "lines_deleted", "change_requests_proposed", "change_requests_landed",
                         "change_requests_declined", "agent_assisted_commits"]

    /// The pairs of teams whose `team_flows` counts differ from the sums of `table`'s rows, either way.
    static func mismatches(_ database: URL, _ table: String) throws -> [String] {
        let sums = summed.map { "sum(\($0)) AS \($0)" }.joined(separator: ", ")
        let differs = summed.map { "t.\($0) IS NOT s.\($0)" }.joined(separator: " OR ")
        let split = "(SELECT from_team, to_team, \(sums) FROM \(table) GROUP BY from_team, to_team)"
        return try SQLiteOutputTests.strings(database, """
            SELECT t.from_team, t.to_team FROM team_flows t LEFT JOIN \(split) s USING (from_team, to_team) WHERE \(differs)
            UNION ALL
            SELECT s.from_team, s.to_team FROM \(split) s LEFT JOIN team_flows t USING (from_team, to_team) WHERE t.from_team IS NULL
            """)
    }

    @Test("summed over repositories and over months, the counts are team_flows'; every pair has every month of the window")
    func organisation() throws {
        let org = try Organisation()
        let out = try Fixture.temporaryFolder().appendingPathComponent("out")
        let result = try org.run(into: out)
        #expect(result.status == 1, "the fixture organisation has repositories that fail: \(result.errors)")
        let database = out.appendingPathComponent("innersource.sqlite")
        let pairs = try SQLiteOutputTests.strings(database, "SELECT count(*), sum(commits) FROM team_flows")
        // By construction (fixtures/repos/org.sh, 2024 only): payments gets platform, search and its own commit;
        // platform/api payments', search's (Olga co-authoring: platform's too) and Otto's; search/web Olga's and
        // three of its own. Una is unaffiliated, dependabot a bot, the merge not counted.
        #expect(pairs == ["8,11"], "the fixture's flows: \(pairs)")
        #expect(try Self.mismatches(database, "team_flows_by_repository") == [])
        #expect(try Self.mismatches(database, "team_flows_monthly") == [])
        #expect(try SQLiteOutputTests.strings(database, """
            SELECT repository, count(*), sum(commits) FROM team_flows_by_repository GROUP BY repository ORDER BY repository
            """) == ["payments,3,3", "platform/api,3,4", "search/web,2,4"])
        // The window is 2024-01-01 to the as-of time, 2024-12-31: twelve months for every pair, quiet ones zeros.
        #expect(try SQLiteOutputTests.strings(database, """
            SELECT count(*), min(month), max(month), count(DISTINCT month) FROM team_flows_monthly GROUP BY from_team, to_team
            """) == Array(repeating: "12,2024-01,2024-12,12", count: 8))
        #expect(try SQLiteOutputTests.strings(database, "SELECT count(*) FROM team_flows_monthly WHERE commits = 0 AND change_requests_proposed = 0")
                != ["0"], "quiet months are rows")
        // And the repositories' own months (`monthly`), as before: every month of the window, through the as-of month.
        #expect(try SQLiteOutputTests.strings(database, """
            SELECT repository, count(*), min(month), max(month) FROM monthly GROUP BY repository ORDER BY repository
            """) == ["empty,12,2024-01,2024-12", "payments,12,2024-01,2024-12", "platform/api,12,2024-01,2024-12",
                     "search/web,12,2024-01,2024-12"])
        #expect(try SQLiteOutputTests.strings(database, "SELECT count(*) FROM monthly WHERE commits = 0 AND month = '2024-12'") == ["4"])
        #expect(try SQLiteOutputTests.strings(database, """
            SELECT month, from_team, to_team, commits FROM team_flows_monthly WHERE commits > 0 AND to_team = 'platform' ORDER BY month, from_team
            """) == ["2024-03,payments,platform,1", "2024-05,platform,platform,1", "2024-05,search,platform,1", "2024-07,platform,platform,1"])
        // The CSV files are the same tables.
        for name in ["team_flows_by_repository", "team_flows_monthly"] {
            let csv = try String(contentsOf: out.appendingPathComponent(name + ".csv"), encoding: .utf8)
            let rows = try SQLiteOutputTests.strings(database, "SELECT count(*) FROM \(name)")
            #expect(rows == [String(csv.split(separator: "\r\n").count - 1)], "\(name)")
        }
    }
}
