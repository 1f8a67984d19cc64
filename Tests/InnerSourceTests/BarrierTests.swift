import InnerSourceModel
@testable import Scoring
import Testing

/// One of a barrier's own examples, as a test case.
struct BarrierExampleCase: Sendable, CustomTestStringConvertible {
    let barrier: any Barrier.Type
    let example: BarrierExample
    let triggers: Bool

    var testDescription: String {
        "\(barrier.id) \(triggers ? "triggers on" : "stays quiet on") \(example.note)"
    }

    static let all: [BarrierExampleCase] = Barriers.all.flatMap { barrier in
        barrier.triggeringExamples.map { BarrierExampleCase(barrier: barrier, example: $0, triggers: true) }
            + barrier.nonTriggeringExamples.map { BarrierExampleCase(barrier: barrier, example: $0, triggers: false) }
    }
}

@Suite("Barriers")
struct BarrierTests {
    @Test("every barrier's examples", arguments: BarrierExampleCase.all)
    func example(_ test: BarrierExampleCase) {
        let finding = test.barrier.evaluate(test.example.context)
        if test.triggers {
            #expect(finding?.id == test.barrier.id)
            #expect(finding?.severity == test.barrier.severity)
            #expect(finding?.remedy == test.barrier.remedy)
            #expect(finding.map { !$0.evidence.isEmpty } == true)
        } else {
            #expect(finding == nil, "evidence: \(finding?.evidence ?? "")")
        }
    }

    @Test("every barrier has examples both ways, a remedy and what it looks for", arguments: Barriers.ids)
    func described(id: String) throws {
        let barrier = try #require(Barriers.barrier(id: id))
        #expect(!barrier.triggeringExamples.isEmpty)
        #expect(!barrier.nonTriggeringExamples.isEmpty)
        #expect(!barrier.remedy.isEmpty)
        #expect(!barrier.looksFor.isEmpty)
        #expect(id.allSatisfy { $0.isLowercase || $0 == "_" })
    }

    @Test("ids are unique and the registry is in their order")
    func registry() {
        let ids = Barriers.ids
        #expect(Set(ids).count == ids.count)
        #expect(ids == ids.sorted())
        #expect(ids.count >= 13)
        for required in ["no_readme", "thin_readme", "no_contributing_guide", "no_owner_or_trusted_committers", "no_tests",
                         "no_ci", "bus_factor_of_one", "single_gatekeeper", "outsiders_never_landed", "slow_acceptance",
                         "stale_repository", "undocumented_build"] {
            #expect(ids.contains(required), "\(required)")
        }
    }

    @Test("the healthy baseline triggers nothing")
    func healthy() {
        #expect(Barriers.evaluate(.healthy) == [])
    }

    @Test("findings sort by severity, then id")
    func sorted() {
        let neglected = BarrierContext.healthy(files: { files in
            files = ["Package.swift": "", "Sources/App/main.swift": ""]
        }).with {
            $0.totals.lastCommit = $0.asOf - 400 * 86_400
            $0.concentration.busFactor = 1
        }
        let findings = Barriers.evaluate(neglected)
        #expect(findings.map(\.id) == [
            "no_owner_or_trusted_committers", "no_readme",
            "bus_factor_of_one", "no_ci", "no_contributing_guide", "no_tests", "stale_repository", "undocumented_build",
            "no_communication_channel", "no_license",
        ])
        let ranks = findings.map(\.severity.rank)
        #expect(ranks == ranks.sorted())
    }

    @Test("evidence a person can follow", arguments: [
        ("single_gatekeeper", "Olga Owner <olga@example.com> landed 27 of the 30 cross-team commits landed by people (90%) since 2023-06-01: 28 landed by the owning team, 2 by their authors, 0 by others; 18 more through the platform"),
        ("slow_acceptance", "outsiders' commits waited a median of 6.0 days from author date to landing (48 cross-team commits since 2023-06-01); the owning team's own waited 12.0 hours: 12.0 times as long"),
        ("stale_repository", "last commit 2023-11-14 (author date), 200 days before as-of 2024-06-01"),
        ("bus_factor_of_one", "bus factor 1: Olga Owner <olga@example.com> made more than half of the 240 commits since 2023-06-01"),
    ])
    func evidence(id: String, expected: String) throws {
        let barrier = try #require(Barriers.barrier(id: id))
        let example = try #require(barrier.triggeringExamples.first)
        #expect(barrier.evaluate(example.context)?.evidence == expected)
    }

    @Test("outsiders_never_landed says where the owner came from and why teams may look alike")
    func neverLandedEvidence() throws {
        let example = try #require(OutsidersNeverLandedBarrier.triggeringExamples.last)
        let evidence = try #require(OutsidersNeverLandedBarrier.evaluate(example.context)?.evidence)
        #expect(evidence.hasPrefix("none of the 1 commit landed since 2023-06-01, by 1 contributor, was authored or co-authored by a team other than payments"))
        #expect(evidence.contains("(owner inferred: most commits in the window: payments 1)"))
        #expect(evidence.contains("3 commits by unaffiliated people"))
        #expect(evidence.contains("a roster tells them apart"))
    }

    @Test("no_owner_or_trusted_committers cites both files, and an inferred owner")
    func ownerEvidence() throws {
        let context = try #require(NoOwnerOrTrustedCommittersBarrier.triggeringExamples.last?.context).with {
            $0.ownership = Ownership(team: "payments", source: .inferred, evidence: "most commits in the window: payments 200")
        }
        let evidence = try #require(NoOwnerOrTrustedCommittersBarrier.evaluate(context)?.evidence)
        #expect(evidence.contains(".github/CODEOWNERS has no default rule"))
        #expect(evidence.contains("MAINTAINERS.md lists nobody"))
        #expect(evidence.contains("the owning team is only inferred (most commits in the window: payments 200)"))
    }

    @Test("durations, dates and shares in words", arguments: [
        (60.0, "1 minute"), (1_790.0, "30 minutes"), (5_400.0, "1.5 hours"), (86_400.0, "1.0 days"), (6.25 * 86_400, "6.3 days"),
    ])
    func duration(seconds: Double, text: String) {
        #expect(BarrierText.duration(seconds) == text)
    }

    @Test("windows in words", arguments: [
        (Int64?(1_685_577_600), Int64?(1_717_200_000), "from 2023-06-01 to 2024-06-01"),
        (Int64?(1_685_577_600), nil, "since 2023-06-01"),
        (nil, Int64?(1_717_200_000), "before 2024-06-01"),
        (nil, nil, "in the whole history"),
    ])
    func window(since: Int64?, until: Int64?, text: String) {
        #expect(BarrierContext.healthy.with { $0.since = since; $0.until = until }.windowDescription == text)
    }
}
