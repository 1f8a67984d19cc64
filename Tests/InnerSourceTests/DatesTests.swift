import Foundation
import Testing

/// Idents split as git splits them, and dates no output can show set aside with a finding (they used to trap
/// with an arithmetic overflow and stop a whole batch): fixtures/repos/dates.sh.
@Suite("Dates and idents as git reads them")
struct DatesTests {
    static func analyze(_ repository: URL) throws -> [String: Any] {
        let result = try Shell.innersource(["analyze", repository.path, "--format", "json", "--as-of", "2024-06-01"])
        try #require(result.status == 0, "exit \(result.status): \(result.errors.prefix(300))")
        return try jsonObject(result.stdout)
    }

    @Test("impossible dates are set aside with a finding; the rest is counted")
    func impossibleDates() throws {
        let repository = try Fixture.make("dates")
        let summary = try Self.analyze(repository)
        let first = try #require((summary["repositories"] as? [[String: Any]])?.first)
        #expect(first["commits"] as? Int == 3)
        #expect(first["commits_walked"] as? Int == 7)
        #expect(first["tags"] as? Int == 0, "the tag on the commit of the far future is left out with it")
        let findings = try #require(first["findings"] as? [[String: Any]])
        let finding = try #require(findings.first { $0["kind"] as? String == "impossible_dates" })
        #expect(finding["count"] as? Int == 4)
        // The four commits whose dates git shows as none, or 2^63 - 1, or the year 100000.
        let log = try Shell.git(["-C", repository.path, "log", "--format=%H %at %ct"]).output
        let impossible = log.split(separator: "\n").compactMap { line -> String? in
            let fields = line.split(separator: " ", omittingEmptySubsequences: false)
            let times = fields.dropFirst().map { Int64($0) }
            let showable = times.allSatisfy { $0.map { (0...253_402_300_799).contains($0) } ?? false }
            return showable ? nil : String(fields[0])
        }
        #expect((finding["examples"] as? [String])?.sorted() == impossible.sorted())
        let months = try #require(first["monthly"] as? [[String: Any]])
        #expect(months.allSatisfy { ($0["month"] as? String ?? "").hasPrefix("2024-") }, "no series reaches the far future")
    }

    @Test("names and e-mails as git log splits the lines: the first < starts the e-mail")
    func idents() throws {
        let repository = try Fixture.make("dates")
        let summary = try Self.analyze(repository)
        let ours = Set((summary["contributors"] as? [[String: Any]] ?? []).map { "\($0["name"] ?? "")|\($0["email"] ?? "")" })
        let git = try Shell.git(["-C", repository.path, "log", "--format=%an|%ae %at"]).output
            .split(separator: "\n").filter { line in
                Int64(line.split(separator: " ").last ?? "").map { (0...253_402_300_799).contains($0) } ?? false
            }
            .map { line -> String in
                let person = line.split(separator: " ").dropLast().joined(separator: " ")
                let parts = person.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false)
                return "\(parts[0])|\(parts[1].lowercased())"
            }
        #expect(ours == Set(git), "ours \(ours), git \(git)")
        #expect(ours.contains("|b"), "`<b>Bo</b> <bo@x.test>` is e-mail b with no name, as git reads it")
    }

    @Test("a repository with impossible dates does not stop a batch")
    func batch() throws {
        let folder = try Fixture.temporaryFolder()
        let root = folder.appendingPathComponent("git")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let dates = try Fixture.make("dates"), basic = try Fixture.make("basic")
        try FileManager.default.moveItem(at: dates, to: root.appendingPathComponent("dates"))
        try FileManager.default.moveItem(at: basic, to: root.appendingPathComponent("basic"))
        let pipeline = folder.appendingPathComponent("pipeline.yml")
        try Data("version: 1\nrepositories:\n  - root: \(root.path)\nwindow: { as_of: 2024-06-01 }\noutputs: { dir: \(folder.path)/out }\n".utf8)
            .write(to: pipeline)
        let result = try Shell.innersource(["run", pipeline.path, "--no-cache"])
        #expect(result.status == 0, "\(result.errors)")
        let csv = try String(contentsOf: folder.appendingPathComponent("out/repositories.csv"), encoding: .utf8)
        #expect(csv.contains("\r\nbasic,") && csv.contains("\r\ndates,"), "\(csv)")
        #expect(!csv.split(separator: "\r\n").dropFirst().contains { $0.contains(",error,") }, "\(csv)")
    }
}
