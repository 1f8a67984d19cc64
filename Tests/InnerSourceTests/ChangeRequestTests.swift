import Attribution
import Foundation
import Git
@testable import InnerSourceModel
import Pipeline
import Scoring
import Testing

/// What a pipeline file's `change_requests:` says, and the problems found in it.
enum PipelineFileProbe {
    static func staleAfter(_ text: String) -> (days: Int?, problems: [String]) {
        let result = PipelineFile.parse(text, file: "pipeline.yml", environment: [:])
        return (result.value?.staleAfterDays, result.problems.map(\.description))
    }
}

/// Change requests reconstructed from git (docs/DEFINITIONS.md, "Change requests"), on the fixture with
/// every convention (fixtures/repos/change-requests.sh) whose answers were worked out by hand.
@Suite("Change requests")
struct ChangeRequestTests {
    static let asOf = "2024-06-01T00:00:00Z"
    static let roster = Package.fixtures.appendingPathComponent("teams/roster.yml").path

    static func expected() throws -> [String: Any] {
        try jsonObject(Data(contentsOf: Package.fixtures.appendingPathComponent("expected/change-requests.json")))
    }

    /// `analyze --out` of `repository` with the roster; the outputs folder.
    static func analyze(_ repository: URL, _ extra: [String] = []) throws -> URL {
        let out = try Fixture.temporaryFolder().appendingPathComponent("out")
        let result = try Shell.innersource(["analyze", repository.path, "--as-of", asOf, "--roster", roster, "--out", out.path] + extra)
        try #require(result.status == 0, "exit \(result.status): \(result.errors)")
        return out
    }

    static func csv(_ out: URL, _ file: String = "change_requests.csv") throws -> [String] {
        try String(contentsOf: out.appendingPathComponent(file), encoding: .utf8)
            .split(separator: "\r\n", omittingEmptySubsequences: true).map(String.init)
    }

    static func figures(_ out: URL) throws -> [String: Any] {
        let summary = try jsonObject(Data(contentsOf: out.appendingPathComponent("summary.json")))
        let repository = try #require((summary["repositories"] as? [[String: Any]])?.first)
        let crossTeam = try #require(repository["cross_team"] as? [String: Any])
        return try #require(crossTeam["change_requests"] as? [String: Any])
    }

    @Test("every convention: merge, squash with its head, rebase, GitLab, Gerrit, direct, declined and pending heads")
    func everyConvention() throws {
        let out = try Self.analyze(try Fixture.make("change-requests"))
        let expected = try #require(try Self.expected()["change_requests_csv"] as? [String])
        #expect(try Self.csv(out) == expected)
    }

    @Test("the figures: acceptance, waits against the owners', landing, review flows, heads")
    func figures() throws {
        let out = try Self.analyze(try Fixture.make("change-requests"))
        let figures = try Self.figures(out)
        #expect(figures["change_requests"] as? Int == 9)
        #expect(figures["landed"] as? Int == 7 && figures["pending"] as? Int == 1 && figures["declined"] as? Int == 1)
        let kinds = try #require(figures["landed_by_kind"] as? [String: Int])
        #expect(kinds == ["merge": 2, "squash": 1, "rebase": 1, "gerrit": 1, "direct": 2])
        // Cross-team: Otto's merge, Cora's squash (Peter co-authors) and rebase, Mia's merge (on platform when
        // she committed), Otto's Gerrit change landed; Otto's cache experiment declined.
        #expect(figures["cross_team"] as? Int == 6 && figures["cross_team_landed"] as? Int == 5)
        #expect(figures["cross_team_declined"] as? Int == 1 && figures["cross_team_pending"] as? Int == 0)
        #expect(abs((figures["acceptance_ratio"] as? Double ?? 0) - 5.0 / 6.0) < 1e-12)
        #expect(figures["owner_landed"] as? Int == 2 && figures["owner_pending"] as? Int == 1)
        // Waits of 2, 4, 3, 8 and 1 days; the owners' 1 h and 0.
        let cross = try #require(figures["cross_team_wait"] as? [String: Any])
        #expect(cross["measured"] as? Int == 5 && cross["median_seconds"] as? Double == 259_200 && cross["p90_seconds"] as? Double == 691_200)
        let owners = try #require(figures["owner_wait"] as? [String: Any])
        #expect(owners["median_seconds"] as? Double == 1_800 && owners["p90_seconds"] as? Double == 3_600)
        let landing = try #require(figures["landing"] as? [String: Any])
        #expect(landing["owner_landed"] as? Int == 3 && landing["platform_landed"] as? Int == 2)
        #expect(landing["busiest_committer"] as? String == "Paula Pay <paula@acme.test>")
        let flows = try #require(figures["review_flows"] as? [[String: Any]])
        #expect(flows.count == 1 && flows.first?["reviewer_team"] as? String == "payments"
                && flows.first?["proposer_team"] as? String == "platform")
        #expect(figures["heads_found"] as? Int == 7 && figures["heads_landed"] as? Int == 5)
    }

    @Test("a merged commit is landed by the merge's author, whoever committed it")
    func mergeLander() throws {
        let out = try Self.analyze(try Fixture.make("change-requests"))
        let summary = try jsonObject(Data(contentsOf: out.appendingPathComponent("summary.json")))
        let repository = try #require((summary["repositories"] as? [[String: Any]])?.first)
        let landing = try #require((repository["cross_team"] as? [String: Any])?["landing"] as? [String: Any])
        // Otto's two merged commits and Mia's were committed by their authors; Paula merged them. With the Gerrit
        // change she committed, the owners landed 4 cross-team commits and nobody landed their own.
        #expect(landing["owner_landed"] as? Int == 4)
        #expect(landing["self_landed"] as? Int == 0)
        #expect(landing["platform_landed"] as? Int == 2)
        // From author date to the merge: 3 and 2 days for Otto's, 8 for Mia's, 1 for the Gerrit change.
        #expect(landing["outsider_median_delay_seconds"] as? Double == 216_000)
        // Paula lets in others' work (three merged commits, one Gerrit change); the platform's squash and rebase
        // land nobody's.
        #expect((repository["concentration"] as? [String: Any])?["landers"] as? [String] == ["Paula Pay <paula@acme.test>"])
        let contributions = try #require((repository["cross_team"] as? [String: Any])?["contributions"] as? [String: Any])
        #expect(contributions["unit"] as? String == "change_requests")
    }

    @Test("--stale-after decides a head's state; the pipeline's change_requests: { stale_after } too")
    func staleAfter() throws {
        let repository = try Fixture.make("change-requests")
        let patient = try Self.csv(try Self.analyze(repository, ["--stale-after", "90"]))
        #expect(patient.contains { $0.hasPrefix("change-requests,refs/pull/4/head,pull_request,4,pending,") })
        let refused = try Shell.innersource(["analyze", repository.path, "--stale-after", "0"])
        #expect(refused.status == 2 && refused.errors.contains("--stale-after"))
        for (written, days) in [("30", 30), ("30 days", 30), ("1 day", 1), ("4 weeks", 28), ("2w", 14), ("10d", 10)] {
            let pipeline = "version: 1\nrepositories:\n  - path: /x\nchange_requests: { stale_after: \(written) }\noutputs: { dir: /tmp/x }\n"
            let parsed = PipelineFileProbe.staleAfter(pipeline)
            #expect(parsed.days == days && parsed.problems.isEmpty, "\(written): \(parsed)")
        }
        for bad in ["0", "-3", "soon", "3 months", "36501"] {
            let pipeline = "version: 1\nrepositories:\n  - path: /x\nchange_requests: { stale_after: \(bad) }\noutputs: { dir: /tmp/x }\n"
            let parsed = PipelineFileProbe.staleAfter(pipeline)
            #expect(parsed.problems.contains { $0.contains("stale_after") && $0.contains(":4:") }, "\(bad): \(parsed)")
        }
    }

    @Test("a head whose commit is absent is a finding, and the rest is counted")
    func absentHead() throws {
        let repository = try Fixture.make("change-requests")
        let refs = repository.appendingPathComponent(".git/refs/pull/9")
        try FileManager.default.createDirectory(at: refs, withIntermediateDirectories: true)
        try Data("0123456789012345678901234567890123456789\n".utf8).write(to: refs.appendingPathComponent("head"))
        let out = try Self.analyze(repository)
        let expected = try #require(try Self.expected()["change_requests_csv"] as? [String])
        #expect(try Self.csv(out) == expected)
        let summary = try jsonObject(Data(contentsOf: out.appendingPathComponent("summary.json")))
        let findings = try #require((summary["repositories"] as? [[String: Any]])?.first?["findings"] as? [[String: Any]])
        let finding = try #require(findings.first { $0["kind"] as? String == "unreadable_request_heads" })
        #expect(finding["examples"] as? [String] == ["refs/pull/9/head"])
        #expect(try Self.figures(out)["unreadable_heads"] as? Int == 1)
    }

    @Test("a plain clone keeps no heads: declined proposals are invisible, and the checklist says how to see them")
    func plainClone() throws {
        let clone = try Fixture.clone(try Fixture.make("change-requests"), name: "plain", options: [])
        let out = try Self.analyze(clone)
        let figures = try Self.figures(out)
        #expect(figures["heads_found"] as? Int == 0 && figures["declined"] as? Int == 0)
        // Without its head, the squash shows no dates of its work, and the rebased commit is a direct push.
        let rows = try Self.csv(out)
        #expect(rows.contains { $0.contains(",squash,2,landed,") && $0.contains(",platform,,1,2,0,,2024-01-25T10:00:00Z,,,,github,") }, "\(rows)")
        #expect(rows.contains { $0.contains(",direct,,landed,Cora Coauthor") })
        let checklist = try String(contentsOf: out.appendingPathComponent("checklist.md"), encoding: .utf8)
        #expect(checklist.contains("+refs/pull/*:refs/pull/*"), "\(checklist)")
    }

    @Test("a run with nothing new writes what a cold run writes; a head that moves is read afresh")
    func incremental() throws {
        let repository = try Fixture.make("change-requests")
        let folder = try Fixture.temporaryFolder()
        let pipeline = folder.appendingPathComponent("pipeline.yml")
        try Data("""
            version: 1
            repositories:
              - path: \(repository.path)
            roster: \(Self.roster)
            window: { as_of: \(Self.asOf) }
            outputs: { dir: \(folder.path)/out }
            """.utf8).write(to: pipeline)
        func run(_ extra: [String] = []) throws -> [String] {
            let result = try Shell.innersource(["run", pipeline.path] + extra)
            try #require(result.status == 0, "\(result.errors)")
            return try Self.csv(folder.appendingPathComponent("out"))
        }
        let cold = try run()
        let warm = try run()
        #expect(warm == cold)
        // Peter pushes again to #5: its newest commit and lines change, with nothing new on main.
        try Shell.git(["-C", repository.path, "checkout", "-q", "refs/pull/5/head"])
        try Data("release notes, reworded again\n".utf8).write(to: repository.appendingPathComponent("NOTES.txt"))
        try Shell.git(["-C", repository.path, "-c", "user.name=Peter Pay", "-c", "user.email=peter@acme.test", "-c", "commit.gpgsign=false",
                       "commit", "-qam", "Again", "--date", "2024-05-30T10:00:00Z"])
        try Shell.git(["-C", repository.path, "update-ref", "refs/pull/5/head", "HEAD"])
        try Shell.git(["-C", repository.path, "checkout", "-q", "main"])
        let moved = try run()
        #expect(moved == (try run(["--no-cache"])))
        #expect(moved.contains { $0.hasPrefix("change-requests,refs/pull/5/head,pull_request,5,pending,") && $0.contains(",2,1,1,2024-05-25T10:00:00Z,,") },
                "two commits now, the change as a whole still +1 -1: \(moved)")
    }
}

/// The conventions hosts write into messages and refs, table-tested.
@Suite("Change request conventions")
struct ChangeRequestConventionTests {
    @Test("merge numbers", arguments: [
        ("Merge pull request #12 from owner/branch", nil, ChangeRequestNumber(.github, 12)),
        ("Merge pull request #12 from owner/branch-with-#3", nil, ChangeRequestNumber(.github, 12)),
        ("Merge pull request #12", nil, nil),
        ("Merge branch 'feature' into 'main'", "group/sub/project!34", ChangeRequestNumber(.gitlab, 34)),
        ("Merged in feature/x (pull request #56)", nil, ChangeRequestNumber(.bitbucket, 56)),
        ("Merged PR 78: Add the thing", nil, ChangeRequestNumber(.azure, 78)),
        ("Merge branch 'main' into feature", nil, nil),
        ("Merge pull request #0 from a/b", nil, nil),
    ] as [(String, String?, ChangeRequestNumber?)])
    func mergeNumbers(subject: String, mergeRequest: String?, expected: ChangeRequestNumber?) {
        #expect(ChangeRequestConventions.mergeNumber(subject: subject, mergeRequest: mergeRequest) == expected)
    }

    @Test("squash numbers", arguments: [
        ("Fix the parser (#123)", nil, ChangeRequestNumber(.github, 123)),
        ("Fix the parser (#123) ", nil, ChangeRequestNumber(.github, 123)),
        ("Fix (#12) the parser", nil, nil),
        ("Fix the parser (#12a)", nil, nil),
        ("Fix the parser", "group/project!9", ChangeRequestNumber(.gitlab, 9)),
        ("Fix the parser (see #12)", nil, nil),
    ] as [(String, String?, ChangeRequestNumber?)])
    func squashNumbers(subject: String, mergeRequest: String?, expected: ChangeRequestNumber?) {
        #expect(ChangeRequestConventions.squashNumber(subject: subject, mergeRequest: mergeRequest) == expected)
    }

    /// The squash rule read by characters, as it was written first: the reference the byte reading must equal.
    static func squashNumberByCharacters(_ subject: String) -> Int? {
        var trimmed = Substring(subject)
        while trimmed.last == " " { trimmed.removeLast() }
        guard trimmed.hasSuffix(")") else { return nil }
        var found: Range<Substring.Index>?
        var rest = trimmed[...]
        while let range = rest.firstRange(of: "(#") {
            found = range
            rest = rest[rest.index(after: range.lowerBound)...]
        }
        guard let open = found else { return nil }
        let digits = trimmed[open.upperBound..<trimmed.index(before: trimmed.endIndex)]
        guard !digits.isEmpty, digits.count <= 18, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(digits),
              value > 0 else { return nil }
        return value
    }

    @Test("the squash number read from bytes is the one a reading by characters gives, combining marks and all")
    func squashNumberBytesAgreeWithCharacters() {
        let pieces = ["(", "#", ")", " ", "(#", "1", "0", "9", "42", "a", "\u{301}", "\u{200D}", "é", "😀", "(#7)", "0000000000000000001",
                      "123456789012345678", "\r", "\t", "٣", "\u{0600}", "\u{0D4E}", "\u{0903}"]
        var generator = SplitMix(seed: 17)
        var numbered = 0
        for _ in 0..<20_000 {
            let subject = (0..<Int.random(in: 0...8, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let expected = Self.squashNumberByCharacters(subject)
            if expected != nil { numbered += 1 }
            #expect(ChangeRequestConventions.githubSquashNumber(subject) == expected, "\(subject.unicodeScalars.map { String($0.value, radix: 16) })")
        }
        #expect(numbered > 500, "the corpus holds numbered subjects: \(numbered)")
        // A prefix mark (Prepend) before `(` joins it into another character: no `(#` there.
        #expect(ChangeRequestConventions.githubSquashNumber("Fix \u{0600}(#5)") == nil)
        #expect(ChangeRequestConventions.githubSquashNumber("Fix (#3) \u{0600}(#5)") == nil)
        #expect(ChangeRequestConventions.githubSquashNumber("Fix é(#5)") == 5)
    }

    @Test("GitLab's line, Gerrit's URL, and the refs read")
    func linesAndRefs() {
        #expect(ChangeRequestConventions.mergeRequestLine(in: "Title\n\nBody\n\nSee merge request acme/payments!6\n") == "acme/payments!6")
        #expect(ChangeRequestConventions.mergeRequestLine(in: "Title\n\nPlease See merge request acme/payments!6") == nil)
        #expect(ChangeRequestConventions.mergeRequestLine(in: "See merge request acme/payments") == nil)
        #expect(ChangeRequestConventions.gerritNumber(reviewedOn: "https://review.example.org/c/payments/+/1234") == 1234)
        #expect(ChangeRequestConventions.gerritNumber(reviewedOn: "https://review.openstack.org/56789/") == 56789)
        #expect(ChangeRequestConventions.gerritNumber(reviewedOn: "https://review.example.org/c/payments") == nil)
        #expect(ProposalHead.parse(ref: "refs/pull/12/head")?.number == ChangeRequestNumber(.github, 12))
        #expect(ProposalHead.parse(ref: "refs/pull/12/merge") == nil)
        #expect(ProposalHead.parse(ref: "refs/merge-requests/7/head")?.number == ChangeRequestNumber(.gitlab, 7))
        let change = ProposalHead.parse(ref: "refs/changes/34/1234/5")
        #expect(change?.number == ChangeRequestNumber(.gerrit, 1234) && change?.patchSet == 5)
        #expect(ProposalHead.parse(ref: "refs/changes/35/1234/5") == nil, "the shard must be the change's last two digits")
        #expect(ProposalHead.parse(ref: "refs/changes/34/1234/meta") == nil)
        #expect(ProposalHead.parse(ref: "refs/heads/pull/12/head") == nil)
    }

    @Test("the nearest-rank 90th percentile", arguments: [
        ([Int64](), nil), ([5], 5), ([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 9), ([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 10), ([3, 1], 3),
    ] as [([Int64], Double?)])
    func percentile(values: [Int64], expected: Double?) {
        #expect(WaitFigures.percentile(values, 0.9) == expected)
    }
}

/// The independent oracle: scripts/crosscheck-change-requests.py recomputes every change request with the git
/// command line alone, on the repositories scripts/make-change-request-fixtures.sh builds (GitHub, GitLab,
/// Bitbucket, Azure DevOps and Gerrit conventions, reused numbers, fast-forwards, re-opened requests, a head
/// 30.5 days old) and on this suite's own fixture.
@Suite("Change requests against git")
struct ChangeRequestOracleTests {
    static func crosscheck(_ repository: URL, asOf: String) throws -> ProcessResult {
        let script = Package.root.appendingPathComponent("scripts/crosscheck-change-requests.py").path
        return try Shell.run("/usr/bin/env", ["python3", script, repository.path, "--binary", Package.executable.path, "--as-of", asOf])
    }

    @Test("every field compared agrees with git", arguments: ["github", "gitlab", "gerrit"])
    func conventions(name: String) throws {
        let folder = try Fixture.temporaryFolder()
        let build = try Shell.run("/bin/bash", [Package.root.appendingPathComponent("scripts/make-change-request-fixtures.sh").path, folder.path])
        try #require(build.status == 0, "\(build.errors)")
        let result = try Self.crosscheck(folder.appendingPathComponent(name), asOf: "2026-12-01T00:00:00Z")
        #expect(result.status == 0, "\(result.output)\(result.errors)")
        #expect(result.output.contains("agree on every compared field"), "\(result.output)")
    }

    @Test("the hand-worked fixture agrees with git too")
    func handWorked() throws {
        let result = try Self.crosscheck(try Fixture.make("change-requests"), asOf: ChangeRequestTests.asOf)
        #expect(result.status == 0, "\(result.output)\(result.errors)")
    }
}

/// The bounded pack mapping the change-request phase reads heads under (`PackMapping`).
@Suite("Pack mapping scopes")
struct PackMappingTests {
    @Test("nested and overlapping scopes write the override once and restore the value from before the first")
    func countedOverride() {
        final class Setting: @unchecked Sendable { var value = 1; var writes: [Int] = [] }
        let setting = Setting()
        let override = CountedOverride<Int>(read: { setting.value }, write: { setting.value = $0; setting.writes.append($0) },
                                            override: 7)
        override.enter()
        #expect(setting.value == 7)
        override.enter()
        override.leave()
        #expect(setting.value == 7, "an inner scope leaving keeps the override")
        override.leave()
        #expect(setting.value == 1)
        #expect(setting.writes == [7, 1])
        // Scopes on many threads at once: whatever the interleaving, the value from before comes back.
        setting.value = 3
        DispatchQueue.concurrentPerform(iterations: 64) { _ in
            override.enter()
            override.leave()
        }
        #expect(setting.value == 3)
    }

    @Test("inside a bounded scope libgit2 maps packs in small windows under a low limit")
    func boundedInsideScope() throws {
        let inside = PackMapping.bounded { PackMapping.current }
        let value = try #require(inside)
        #expect(value.window == PackMapping.bounded.window && value.limit == PackMapping.bounded.limit)
    }
}
