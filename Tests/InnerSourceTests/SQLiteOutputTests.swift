import Attribution
import Foundation
import Ingest
import InnerSourceModel
import Pipeline
@testable import Reporting
@testable import Scoring
import Testing

/// The SQLite output, read back by Python's sqlite3 module (not by GRDB, which wrote it).
@Suite("SQLiteOutput")
struct SQLiteOutputTests {
    static let asOf: Int64 = 1_717_200_000  // 2024-06-01

    /// The teams fixture analysed in process with its roster and aliases.
    static func teamsAnalysis() throws -> (RepositoryAnalysis, RunInfo) {
        let teams = Package.fixtures.appendingPathComponent("teams")
        let roster = try RosterFile.load(path: teams.appendingPathComponent("roster.yml").path)
        let aliases = try AliasesFile.load(path: teams.appendingPathComponent("aliases.yml").path)
        return try InProcess.analyze(try Fixture.make("teams").path, asOf: asOf, roster: roster, aliases: aliases)
    }

    /// Writes the database to a temporary file.
    static func database(_ analyses: [RepositoryAnalysis], run: RunInfo, minimumGroupSize: Int? = nil) throws -> URL {
        var run = run
        run.minimumGroupSize = minimumGroupSize
        let data = try SQLiteOutput.data(OutputRun(analyses: analyses, info: run), privacy: .none)
        let url = try Fixture.temporaryFolder().appendingPathComponent("innersource.sqlite")
        try data.write(to: url)
        return url
    }

    static let python = """
        import json, sqlite3, sys
        db = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True)
        rows = db.execute(sys.argv[2]).fetchall()
        print(json.dumps([list(r) for r in rows]))
        """

    /// Rows of a query, as JSON values (NULL is NSNull).
    static func query(_ database: URL, _ sql: String) throws -> [[Any]] {
        let result = try Shell.run("/usr/bin/env", ["python3", "-c", python, database.path, sql])
        guard result.status == 0 else { throw TestFailure("\(sql): \(result.errors)") }
        guard let rows = try JSONSerialization.jsonObject(with: result.stdout) as? [[Any]] else {
            throw TestFailure("\(sql): \(result.output)")
        }
        return rows
    }

    /// One column of a query's rows as text ("NULL" for NULL).
    static func strings(_ database: URL, _ sql: String) throws -> [String] {
        try query(database, sql).map { row in
            row.map { $0 is NSNull ? "NULL" : "\($0)" }.joined(separator: ",")
        }
    }

    static func csvTables(_ analyses: [RepositoryAnalysis], run: RunInfo, minimumGroupSize: Int? = nil) -> [(String, CSVTable)] {
        var run = run
        run.minimumGroupSize = minimumGroupSize
        return OutputTable.all.map { ($0.name, $0.csv(OutputRun(analyses: analyses, info: run))) }
    }

    @Test("every CSV file is a table: same columns in order, same rows, cell for cell")
    func sameAsCSV() throws {
        let (analysis, run) = try Self.teamsAnalysis()
        let database = try Self.database([analysis], run: run)
        let tables = try Self.strings(database, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        #expect(tables == ["barriers", "change_requests", "contributors", "history_components", "history_repositories",
                           "history_repository_change_requests", "history_team_flows", "history_team_flows_by_repository",
                           "monthly", "repositories", "repository_change_requests", "run", "runs", "team_flows",
                           "team_flows_by_repository", "team_flows_monthly"])
        // Tables only some runs fill (components) are compared on the monorepo fixture (ComponentTests).
        for (name, csv) in Self.csvTables([analysis], run: run) where !(OutputTable.named(name)?.omittedWhenEmpty ?? false) {
            #expect(try Self.strings(database, "SELECT name FROM pragma_table_info('\(name)') ORDER BY cid") == csv.header)
            #expect(!csv.rows.isEmpty, "\(name): the fixture fills every table")
            try Self.compare(database, name, csv)
        }
    }

    /// The database table `name` holds the CSV table's columns in order and its rows, cell for cell.
    static func compare(_ database: URL, _ name: String, _ csv: CSVTable) throws {
        #expect(try Self.strings(database, "SELECT name FROM pragma_table_info('\(name)') ORDER BY cid") == csv.header)
        let rows = try Self.query(database, "SELECT * FROM \(name) ORDER BY rowid")
        try #require(rows.count == csv.rows.count, "\(name)")
        for (stored, expected) in zip(rows, csv.rows) {
            for (column, (value, cell)) in zip(csv.header, zip(stored, expected)) {
                switch value {
                case is NSNull:
                    #expect(cell.isEmpty, "\(name).\(column): NULL for \(cell)")
                case let text as String:
                    #expect(text == cell, "\(name).\(column)")
                case let number as NSNumber:
                    let csvNumber = cell == "true" ? 1 : cell == "false" ? 0 : Double(cell)
                    #expect(csvNumber == number.doubleValue, "\(name).\(column): \(number) for \(cell)")
                default:
                    Issue.record("\(name).\(column): unexpected \(value)")
                }
            }
        }
    }

    @Test("typed values from fixtures/teams/expected.json; NULL where the CSV is empty")
    func typedValues() throws {
        let (analysis, run) = try Self.teamsAnalysis()
        let database = try Self.database([analysis], run: run)
        let repository = try Self.query(database, """
            SELECT cross_team_commits, typeof(cross_team_commits), cross_team_share, typeof(cross_team_share),
                   commits, openness_score, typeof(openness_score), owner_team, owner_close, typeof(owner_close),
                   error IS NULL, contributing_teams FROM repositories WHERE repository = 'teams'
            """)
        try #require(repository.count == 1)
        let row = repository[0]
        #expect(row[0] as? Int == 4 && row[1] as? String == "integer")
        #expect(row[2] as? Double == 0.5 && row[3] as? String == "real")
        #expect(row[4] as? Int == 8)
        #expect(row[5] as? Int == 62 && row[6] as? String == "integer")
        #expect(row[7] as? String == "payments")
        #expect(row[8] as? Int == 0 && row[9] as? String == "integer", "owner_close false is 0")
        #expect(row[10] as? Int == 1, "the empty error cell is NULL, not ''")
        #expect(row[11] as? Int == 2)
        #expect(try Self.strings(database, "SELECT * FROM team_flows ORDER BY from_team, to_team") == [
            // Every change a direct push: one change request per commit, waits from author date to landing.
            "payments,payments,1,4,6,0,3,4,4,0,3600,0", "platform,payments,1,3,3,0,2,3,3,0,86400,0", "search,payments,1,1,0,0,1,1,1,0,3600,0",
        ])
        #expect(try Self.strings(database, "SELECT * FROM team_flows_by_repository ORDER BY repository, from_team, to_team") == [
            "teams,payments,payments,4,6,0,3,4,4,0,3600,0", "teams,platform,payments,3,3,0,2,3,3,0,86400,0",
            "teams,search,payments,1,0,0,1,1,1,0,3600,0",
        ], "one repository: team_flows with the repository and without the repository count")
        // Commits by author month, change requests (direct pushes here) by landing month: Otto's January commit
        // landed two days later, still January. Each pair from its first month through the as-of month.
        #expect(try Self.strings(database, "SELECT * FROM team_flows_monthly ORDER BY month, from_team, to_team") == [
            "2024-01,payments,payments,1,1,3,0,1,1,1,0,3600,0", "2024-01,platform,payments,1,1,1,0,1,1,1,0,172800,0",
            "2024-02,payments,payments,0,0,0,0,0,0,0,0,NULL,0", "2024-02,platform,payments,1,2,2,0,2,2,2,0,46800,0",
            "2024-03,payments,payments,1,2,2,0,2,2,2,0,1800,0", "2024-03,platform,payments,0,0,0,0,0,0,0,0,NULL,0",
            "2024-03,search,payments,1,1,0,0,1,1,1,0,3600,0",
            "2024-04,payments,payments,1,1,1,0,1,1,1,0,21600,0", "2024-04,platform,payments,0,0,0,0,0,0,0,0,NULL,0",
            "2024-04,search,payments,0,0,0,0,0,0,0,0,NULL,0",
            "2024-05,payments,payments,0,0,0,0,0,0,0,0,NULL,0", "2024-05,platform,payments,0,0,0,0,0,0,0,0,NULL,0",
            "2024-05,search,payments,0,0,0,0,0,0,0,0,NULL,0",
            "2024-06,payments,payments,0,0,0,0,0,0,0,0,NULL,0", "2024-06,platform,payments,0,0,0,0,0,0,0,0,NULL,0",
            "2024-06,search,payments,0,0,0,0,0,0,0,0,NULL,0",
        ])
        #expect(try Self.strings(database, "SELECT * FROM monthly ORDER BY month") == [
            "teams,2024-01,2,1,2,2,2,0", "teams,2024-02,2,2,2,1,1,0", "teams,2024-03,3,1,4,2,3,0", "teams,2024-04,1,0,1,1,0,0",
            "teams,2024-05,0,0,0,0,0,0", "teams,2024-06,0,0,0,0,0,0",
        ])
        #expect(try Self.strings(database, "SELECT repository, barrier, severity FROM barriers ORDER BY barrier") == [
            "teams,no_communication_channel,low", "teams,no_contributing_guide,medium", "teams,no_license,low",
            "teams,thin_readme,low",
        ])
        #expect(try Self.strings(database, """
            SELECT contributor, team, commits, first_commit FROM contributors
            WHERE contributor LIKE 'Mia Mover%' ORDER BY team
            """) == [
            "Mia Mover <mia@acme.test>,payments,1,2024-03-05T10:00:00Z",
            "Mia Mover <mia@acme.test>,platform,1,2024-02-10T10:00:00Z",
        ])
        #expect(try Self.strings(database, "SELECT typeof(lines_added), typeof(first_commit) FROM contributors LIMIT 1")
            == ["integer,text"])
        let runTable = Dictionary(uniqueKeysWithValues: try Self.query(database, "SELECT key, value FROM run").map {
            ($0[0] as? String ?? "", $0[1] is NSNull ? "NULL" : "\($0[1])")
        })
        #expect(runTable["tool_version"] == run.toolVersion)
        #expect(runTable["schema_version"] == String(ToolInfo.schemaVersion))
        #expect(runTable["as_of"] == "2024-06-01T00:00:00Z")
        #expect(runTable["minimum_group_size"] == "NULL")
    }

    @Test("an empty repository: no owner, so owner_team, owner_close, share and bus factor are NULL")
    func emptyRepository() throws {
        let (analysis, run) = try InProcess.analyze(try Fixture.empty().path, asOf: Self.asOf)
        let csv = try InProcess.csv("repositories", [analysis], run: run)
        let database = try Self.database([analysis], run: run)
        let row = try Self.query(database, """
            SELECT owner_team IS NULL, owner_close IS NULL, cross_team_share IS NULL, bus_factor IS NULL, commits
            FROM repositories
            """)
        let header = csv.header
        let cells = Dictionary(uniqueKeysWithValues: zip(header, csv.rows[0]))
        // The CSV's empty cells are the ones expected NULL here.
        #expect(cells["owner_team"] == "" && cells["owner_close"] == "" && cells["cross_team_share"] == "")
        #expect(row.count == 1)
        #expect(row.first.map { $0.prefix(4).map { $0 as? Int } } == [1, 1, 1, 1])
        #expect(row.first?[4] as? Int == 0)
        #expect(try Self.strings(database, "SELECT count(*) FROM contributors") == ["0"])
    }

    @Test("--min-group-size 2: search→payments contributors is NULL, the others stay")
    func minimumGroupSize() throws {
        let (analysis, run) = try Self.teamsAnalysis()
        let database = try Self.database([analysis], run: run, minimumGroupSize: 2)
        #expect(try Self.strings(database, "SELECT from_team, commits, contributors, typeof(contributors) FROM team_flows ORDER BY from_team") == [
            "payments,4,3,integer", "platform,3,2,integer", "search,1,NULL,null",
        ])
        #expect(try Self.strings(database, "SELECT from_team, contributors FROM team_flows_by_repository ORDER BY from_team") == [
            "payments,3", "platform,2", "search,NULL",
        ])
        #expect(try Self.strings(database, """
            SELECT month, contributors FROM team_flows_monthly WHERE commits > 0 AND from_team <> 'search' ORDER BY month, from_team
            """) == ["2024-01,NULL", "2024-01,NULL", "2024-02,2", "2024-03,2", "2024-04,NULL"], "row by row, quiet months included")
        #expect(try Self.strings(database, "SELECT count(*) FROM team_flows_monthly WHERE contributors IS NOT NULL AND contributors < 2") == ["0"])
        #expect(try Self.strings(database, "SELECT value FROM run WHERE key = 'minimum_group_size'") == ["2"])
    }

    @Test("keys and indexes exist")
    func indexes() throws {
        let (analysis, run) = try Self.teamsAnalysis()
        let database = try Self.database([analysis], run: run)
        func indexColumns(_ table: String, unique: Bool) throws -> Set<String> {
            let names = try Self.query(database, "SELECT name, \"unique\" FROM pragma_index_list('\(table)')")
                .filter { ($0[1] as? Int == 1) == unique || !unique }.compactMap { $0[0] as? String }
            return Set(try names.map { name in
                try Self.strings(database, "SELECT name FROM pragma_index_info('\(name)') ORDER BY seqno").joined(separator: "+")
            })
        }
        #expect(try indexColumns("repositories", unique: true).contains("repository"))
        #expect(try indexColumns("contributors", unique: true).contains("repository+contributor+team"))
        #expect(try indexColumns("team_flows", unique: true).contains("from_team+to_team"))
        #expect(try indexColumns("monthly", unique: true).contains("repository+month"))
        #expect(try indexColumns("barriers", unique: true).contains("repository+barrier"))
        #expect(try indexColumns("run", unique: true).contains("key"))
        #expect(try indexColumns("contributors", unique: false).contains("team"))
        #expect(try indexColumns("monthly", unique: false).contains("month"))
        #expect(try indexColumns("team_flows", unique: false).contains("to_team"))
        // The plan for a by-team lookup uses the index.
        let plan = try Self.strings(database, "EXPLAIN QUERY PLAN SELECT * FROM contributors WHERE team = 'search'")
        #expect(plan.contains { $0.contains("contributors_team") }, "\(plan)")
    }

    @Test("raw values: no CSV formula neutralisation in SQLite")
    func notNeutralised() throws {
        var (analysis, run) = try Self.teamsAnalysis()
        analysis.contributors[0].identity.name = "=HYPERLINK(\"x\")"
        analysis.contributors[0].team = "-team"
        let csv = try InProcess.csv("contributors", [analysis], run: run)
        let raw = try #require(csv.rows.first { $0[1].hasPrefix("=HYPERLINK") })
        let encoded = String(decoding: try csv.encoded(), as: UTF8.self)
        #expect(encoded.contains("'=HYPERLINK"), "the CSV neutralises")
        let database = try Self.database([analysis], run: run)
        #expect(try Self.strings(database, "SELECT contributor FROM contributors WHERE contributor LIKE '%HYPERLINK%'") == [raw[1]])
        #expect(try Self.strings(database, "SELECT count(*) FROM contributors WHERE team = '-team'") == ["1"])
        #expect(try Self.strings(database, "SELECT count(*) FROM contributors WHERE contributor LIKE '''%' OR team LIKE '''%'") == ["0"])
    }

    @Test("the same input gives the same database content")
    func deterministic() throws {
        let (analysis, run) = try Self.teamsAnalysis()
        let first = try Self.database([analysis], run: run)
        let second = try Self.database([analysis], run: run)
        let dump = """
            import sqlite3, sys
            print("\\n".join(sqlite3.connect(sys.argv[1]).iterdump()))
            """
        let one = try Shell.run("/usr/bin/env", ["python3", "-c", dump, first.path])
        let two = try Shell.run("/usr/bin/env", ["python3", "-c", dump, second.path])
        #expect(one.status == 0 && one.output.contains("INSERT INTO \"team_flows\""))
        #expect(one.output == two.output)
    }

    /// Writes the run into `folder` as `analyze --out` does (the history carried from the database there).
    static func writeInto(_ folder: URL, _ analysis: RepositoryAnalysis, run: RunInfo, asOf: Int64, keep: Int? = nil) throws -> [String] {
        var info = run
        info.asOf = asOf
        return try OutputSet.write(OutputRun(analyses: [analysis], info: info), formats: [.sqlite], privacy: .none,
                                   to: folder.path, historyKeep: keep)
    }

    @Test("every run appends to the history; a re-run of the same as-of replaces it; --history-keep prunes")
    func historyAcrossRuns() throws {
        let (analysis, run) = try Self.teamsAnalysis()
        let folder = try Fixture.temporaryFolder()
        let database = folder.appendingPathComponent("innersource.sqlite")
        let days: [Int64] = [0, 86_400, 86_400, 2 * 86_400]
        for day in days {
            #expect(try Self.writeInto(folder, analysis, run: run, asOf: Self.asOf + day).isEmpty)
        }
        #expect(try Self.strings(database, "SELECT as_of, repositories, repositories_failed FROM runs ORDER BY as_of") == [
            "2024-06-01T00:00:00Z,1,0", "2024-06-02T00:00:00Z,1,0", "2024-06-03T00:00:00Z,1,0",
        ])
        // Each run's history rows are that run's current table, column for column.
        let current = try Self.query(database, "SELECT * FROM repositories ORDER BY repository")
        for day in ["2024-06-01T00:00:00Z", "2024-06-02T00:00:00Z", "2024-06-03T00:00:00Z"] {
            let kept = try Self.query(database, "SELECT * FROM history_repositories WHERE as_of = '\(day)' ORDER BY repository")
            #expect(kept.map { Array($0.dropFirst()).map { "\($0)" } } == current.map { $0.map { "\($0)" } }, "\(day)")
            #expect(try Self.strings(database, "SELECT count(*) FROM history_team_flows WHERE as_of = '\(day)'")
                    == Self.strings(database, "SELECT count(*) FROM team_flows"))
        }
        #expect(try Self.strings(database, "SELECT count(*) FROM history_repository_change_requests") == ["3"])
        // Keeping two: the oldest run goes from every history table.
        _ = try Self.writeInto(folder, analysis, run: run, asOf: Self.asOf + 3 * 86_400, keep: 2)
        #expect(try Self.strings(database, "SELECT as_of FROM runs ORDER BY as_of") == ["2024-06-03T00:00:00Z", "2024-06-04T00:00:00Z"])
        for table in ["history_repositories", "history_repository_change_requests", "history_team_flows"] {
            #expect(try Self.strings(database, "SELECT DISTINCT as_of FROM \(table) ORDER BY as_of")
                    == ["2024-06-03T00:00:00Z", "2024-06-04T00:00:00Z"], "\(table)")
        }
    }

    @Test("a previous database that cannot be read is kept aside, named in a notice, and a new history starts")
    func unreadablePreviousDatabase() throws {
        let (analysis, run) = try Self.teamsAnalysis()
        let folder = try Fixture.temporaryFolder()
        let database = folder.appendingPathComponent("innersource.sqlite")
        try Data("not a database, a file someone wrote over".utf8).write(to: database)
        let notices = try Self.writeInto(folder, analysis, run: run, asOf: Self.asOf)
        #expect(notices.count == 1 && notices[0].contains("innersource.sqlite.unreadable-20240601T000000Z"), "\(notices)")
        let aside = folder.appendingPathComponent("innersource.sqlite.unreadable-20240601T000000Z")
        #expect(try String(contentsOf: aside, encoding: .utf8) == "not a database, a file someone wrote over")
        #expect(try Self.strings(database, "SELECT as_of FROM runs") == ["2024-06-01T00:00:00Z"])
    }

    @Test("a history written without a newer column is carried on, the column NULL")
    func olderHistoryLayout() throws {
        let (analysis, run) = try Self.teamsAnalysis()
        let folder = try Fixture.temporaryFolder()
        _ = try Self.writeInto(folder, analysis, run: run, asOf: Self.asOf)
        let database = folder.appendingPathComponent("innersource.sqlite")
        let drop = """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            db.execute("ALTER TABLE history_repositories DROP COLUMN truck_factor")
            db.commit()
            """
        #expect(try Shell.run("/usr/bin/env", ["python3", "-c", drop, database.path]).status == 0)
        _ = try Self.writeInto(folder, analysis, run: run, asOf: Self.asOf + 86_400)
        #expect(try Self.strings(database, "SELECT as_of, truck_factor FROM history_repositories ORDER BY as_of")
                == ["2024-06-01T00:00:00Z,NULL", "2024-06-02T00:00:00Z,2"])
    }

    @Test("--history-keep and outputs: { history_keep } take a whole number of runs")
    func historyKeepValues() throws {
        let folder = try Fixture.temporaryFolder()
        let bad = try Shell.innersource(["analyze", try Fixture.make("basic").path, "--out", folder.path, "--history-keep", "0"])
        #expect(bad.status == 2 && bad.errors.contains("--history-keep must be at least 1"), "\(bad.status) \(bad.errors)")
        let text = "version: 1\nrepositories:\n  - path: /x\noutputs: { dir: /tmp/x, history_keep: none }\n"
        let parsed = PipelineFile.parse(text, file: "pipeline.yml", environment: [:])
        #expect(parsed.problems.map(\.description).contains { $0.contains(":4:") && $0.contains("history_keep must be a whole number") },
                "\(parsed.problems)")
        let good = PipelineFile.parse("version: 1\nrepositories:\n  - path: /x\noutputs: { dir: /tmp/x, history_keep: 30 }\n",
                                      file: "pipeline.yml", environment: [:])
        #expect(good.value?.historyKeep == 30, "\(good.problems)")
    }
}
