import Foundation
import InnerSourceModel
import Pipeline
import Postgres
import Testing

/// A throwaway PostgreSQL server (scripts/postgres-server.sh: Debian's package, installed when missing, a
/// cluster in a temporary folder run by an unprivileged user, a Unix socket only). Stopped when released.
final class PostgresServer {
    let folder: URL
    let url: String
    static let script = Package.root.appendingPathComponent("scripts/postgres-server.sh").path

    /// The script run through Python's subprocess, which waits for it as Foundation's Process does not
    /// always here: the server it leaves running keeps Process from seeing the script end.
    static func script(_ action: String, _ folder: URL) throws -> ProcessResult {
        try Shell.run("/usr/bin/env", ["python3", "-c", "import subprocess, sys; sys.exit(subprocess.run(sys.argv[1:]).returncode)",
                                       script, action, folder.path])
    }

    init() throws {
        // Under /tmp itself: the server's user must reach the folder, which a private temporary folder forbids.
        var template = Array("/tmp/innersource-pg-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw TestFailure("mkdtemp failed") }
        folder = URL(fileURLWithPath: String(cString: made))
        _ = chmod(folder.path, 0o755)
        let started = try Self.script("start", folder)
        guard started.status == 0 else {
            throw TestFailure("PostgreSQL could not be started by scripts/postgres-server.sh (exit \(started.status)): \(started.errors)")
        }
        url = started.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func stop() throws {
        let stopped = try Self.script("stop", folder)
        guard stopped.status == 0 else { throw TestFailure("stop: \(stopped.errors)") }
    }

    func restart() throws {
        let started = try Self.script("restart", folder)
        guard started.status == 0 else { throw TestFailure("restart: \(started.errors)") }
    }

    /// psql's answer, unaligned, tuples only.
    func psql(_ sql: String) throws -> String {
        let result = try Shell.run("/usr/bin/env", ["psql", url, "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", sql])
        guard result.status == 0 else { throw TestFailure("psql \(sql): \(result.errors)") }
        return result.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Every table's rows, sorted, as psql prints them: a whole database's state.
    func dump() throws -> String {
        let tables = try psql("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
        return try tables.split(separator: "\n").map { table in
            "TABLE \(table)\n" + (try psql("SELECT t::text FROM \"\(table)\" t ORDER BY 1"))
        }.joined(separator: "\n")
    }

    deinit {
        _ = try? Self.script("stop", folder)
        try? FileManager.default.removeItem(at: folder)
    }
}

/// The PostgreSQL sink against a real server: the same tables and history as the SQLite database, one
/// transaction per run, clear errors before any analysis.
@Suite("PostgreSQL sink", .serialized)
struct PostgresSinkTests {
    static let compare = Package.root.appendingPathComponent("scripts/compare-postgres-sqlite.py").path

    @Test("the fixture organisation run twice: every table, history included, equals the SQLite database row for row")
    func sameAsSQLite() throws {
        let server = try PostgresServer()
        let org = try Organisation()
        let out = try Fixture.temporaryFolder().appendingPathComponent("out")
        for asOf in ["2025-01-01", "2025-02-01"] {
            let result = try org.run(into: out, ["--as-of", asOf, "--postgres", server.url])
            #expect(result.status == 1, "the fixture organisation has repositories that fail: \(result.errors)")
        }
        let compared = try Shell.run("/usr/bin/env", ["python3", Self.compare, out.appendingPathComponent("innersource.sqlite").path, server.url])
        #expect(compared.status == 0, "\(compared.output)\(compared.errors)")
        #expect(compared.output.contains("history_repositories: ") && compared.output.contains("team_flows: "))
        #expect(try server.psql("SELECT as_of FROM runs ORDER BY as_of") == "2025-01-01T00:00:00Z\n2025-02-01T00:00:00Z")
        #expect(try server.psql("SELECT as_of FROM latest_run") == "2025-02-01T00:00:00Z")
        #expect(try server.psql("SELECT count(*) > 0 FROM latest_repositories WHERE as_of = '2025-02-01T00:00:00Z'") == "t")
        #expect(try server.psql("SELECT max(version) FROM innersource_schema_migrations") == String(ToolInfo.schemaVersion))
        // A re-run of the same as-of replaces its run, in both stores alike.
        try org.run(into: out, ["--as-of", "2025-02-01", "--postgres", server.url, "--history-keep", "1"])
        #expect(try server.psql("SELECT as_of FROM runs") == "2025-02-01T00:00:00Z")
        let again = try Shell.run("/usr/bin/env", ["python3", Self.compare, out.appendingPathComponent("innersource.sqlite").path, server.url])
        #expect(again.status == 0, "\(again.output)")
    }

    @Test("a server that is down, or refuses the login, stops the run before any analysis: one line, exit 2, nothing written")
    func unreachable() throws {
        let server = try PostgresServer()
        let out = try Fixture.temporaryFolder().appendingPathComponent("out")
        let repository = try Fixture.make("basic").path
        let refused = try Shell.innersource(["analyze", repository, "--out", out.path, "--postgres",
                                             server.url.replacingOccurrences(of: "innersource@", with: "mallory:secret@")])
        #expect(refused.status == 2)
        #expect(refused.errors.split(separator: "\n").count == 1 && refused.errors.contains("role \"mallory\" does not exist"), "\(refused.errors)")
        #expect(!refused.errors.contains("secret") && refused.errors.contains("mallory:***@"), "the password is never shown")
        try server.stop()
        let org = try Organisation()
        let down = try org.run(into: out, ["--postgres", server.url])
        #expect(down.status == 2 && down.errors.contains("cannot connect to PostgreSQL") && down.errors.contains("nothing was analysed"),
                "\(down.errors)")
        #expect(!FileManager.default.fileExists(atPath: out.path), "nothing was written")
    }

    @Test("a connection lost in the middle of a write leaves the previous run whole")
    func lostMidWrite() throws {
        let server = try PostgresServer()
        let repository = try Fixture.make("teams").path
        let first = try Shell.innersource(["analyze", repository, "--as-of", "2024-06-01", "--postgres", server.url, "--format", "json"])
        try #require(first.status == 0, "\(first.errors)")
        let before = try server.dump()
        // The next run's write stops in the middle (a statement trigger sleeps), and the server goes away then.
        _ = try server.psql("""
            CREATE FUNCTION innersource_test_pause() RETURNS trigger AS $$ BEGIN PERFORM pg_sleep(60); RETURN NULL; END $$ LANGUAGE plpgsql;
            CREATE TRIGGER innersource_test_pause BEFORE INSERT ON history_team_flows FOR EACH STATEMENT EXECUTE FUNCTION innersource_test_pause();
            """)
        let withTrigger = try server.dump()
        let process = Process()
        process.executableURL = Package.executable
        process.arguments = ["analyze", repository, "--as-of", "2024-07-01", "--postgres", server.url, "--format", "json"]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        var paused = false
        for _ in 0..<600 where !paused {
            paused = (try? server.psql("SELECT count(*) FROM pg_stat_activity WHERE wait_event = 'PgSleep'")) == "1"
            if !paused { usleep(100_000) }
        }
        #expect(paused, "the write reached the paused statement")
        try server.stop()
        process.waitUntilExit()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 2, "\(message)")
        #expect(message.contains("the database keeps the previous run"), "\(message)")
        try server.restart()
        #expect(try server.dump() == withTrigger, "nothing of the interrupted run is in the database")
        #expect(withTrigger.contains(before.split(separator: "\n").filter { $0.hasPrefix("(") }.first ?? "-"))
        #expect(try server.psql("SELECT as_of FROM runs") == "2024-06-01T00:00:00Z")
    }

    @Test("a database an older version wrote (no team flows by repository or month, a column missing) gets them from the next run, its history kept")
    func additiveMigration() throws {
        let server = try PostgresServer()
        let repository = try Fixture.make("teams").path
        let roster = Package.fixtures.appendingPathComponent("teams/roster.yml").path
        func analyze(_ asOf: String) throws {
            let result = try Shell.innersource(["analyze", repository, "--as-of", asOf, "--roster", roster, "--postgres", server.url,
                                                "--format", "json"])
            try #require(result.status == 0, "\(result.errors)")
        }
        try analyze("2024-06-01")
        // What the previous version's schema was: none of the new tables, and team_flows without a later column.
        _ = try server.psql("""
            DROP VIEW latest_team_flows_by_repository; DROP TABLE team_flows_by_repository, team_flows_monthly,
            history_team_flows_by_repository; ALTER TABLE team_flows DROP COLUMN agent_assisted_commits
            """)
        try analyze("2024-07-01")
        #expect(try server.psql("SELECT count(*) FROM team_flows_by_repository") == "3")
        #expect(try server.psql("SELECT count(*) FROM team_flows_monthly WHERE month = '2024-07'") == "3", "every pair through the as-of month")
        #expect(try server.psql("SELECT count(*) FROM team_flows WHERE agent_assisted_commits IS NOT NULL") == "3")
        #expect(try server.psql("SELECT DISTINCT as_of FROM history_team_flows ORDER BY 1") == "2024-06-01T00:00:00Z\n2024-07-01T00:00:00Z",
                "the older runs' history stays")
        #expect(try server.psql("SELECT DISTINCT as_of FROM history_team_flows_by_repository") == "2024-07-01T00:00:00Z")
        #expect(try server.psql("SELECT count(*) FROM latest_team_flows_by_repository") == "3")
        #expect(try server.psql("SELECT version FROM innersource_schema_migrations") == String(ToolInfo.schemaVersion))
    }

    @Test("outputs: { postgres: { url } } in a pipeline; an empty url is an error at its line")
    func pipelineKey() throws {
        let good = PipelineFile.parse("version: 1\nrepositories:\n  - path: /x\noutputs: { dir: /tmp/x, postgres: { url: \"${PG}\" } }\n",
                                      file: "pipeline.yml", environment: ["PG": "postgresql://u@h/db"])
        #expect(good.value?.postgresURL == "postgresql://u@h/db", "\(good.problems)")
        let bad = PipelineFile.parse("version: 1\nrepositories:\n  - path: /x\noutputs: { dir: /tmp/x, postgres: { url: \"\" } }\n",
                                     file: "pipeline.yml", environment: [:])
        #expect(bad.problems.map(\.description).contains { $0.contains(":4:") && $0.contains("postgres: url:") }, "\(bad.problems)")
    }

    @Test("passwords are never shown", arguments: [
        ("postgresql://bob:s3cret@db.example/innersource", "postgresql://bob:***@db.example/innersource"),
        ("host=db user=bob password=s3cret dbname=x", "host=db user=bob password=*** dbname=x"),
        ("postgresql://bob@db/x?password=s3cret&sslmode=require", "postgresql://bob@db/x?password=***&sslmode=require"),
    ])
    func redacted(url: String, shown: String) {
        #expect(PostgresConnection.redacted(url) == shown)
    }
}
