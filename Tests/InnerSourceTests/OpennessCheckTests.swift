import InnerSourceModel
@testable import Scoring
import Testing

/// One of a check's own examples, as a test case.
struct OpennessCheckExampleCase: Sendable, CustomTestStringConvertible {
    let check: any OpennessCheck.Type
    let example: OpennessCheckExample

    var testDescription: String { "\(check.id) gives \(example.expected) on \(example.note)" }

    static let all: [OpennessCheckExampleCase] = OpennessChecks.all.flatMap { check in
        check.examples.map { OpennessCheckExampleCase(check: check, example: $0) }
    }
}


/// Openness evidence made up at random, within what a repository can show.
enum RandomEvidence {
    static let levels: [DocumentationSignals.Level] = [.missing, .thin, .adequate]
    static let statuses: [HygieneStatus] = [.missing, .thin, .adequate]

    /// `count` evidences from `seed`. With `outsiders`, every one has at least one outsider's commit.
    static func cases(_ count: Int, seed: UInt64, outsiders: Bool = false) -> [OpennessEvidence] {
        var random = SplitMix(seed: seed)
        return (0..<count).map { _ in make(&random, outsiders: outsiders) }
    }

    static func make(_ random: inout SplitMix, outsiders: Bool) -> OpennessEvidence {
        var cross = CrossTeamFigures()
        let commits = Int.random(in: (outsiders ? 1 : 0)...300, using: &random)
        let crossTeam = commits == 0 ? 0 : Int.random(in: (outsiders ? 1 : 0)...commits, using: &random)
        cross.commits = commits
        cross.crossTeamCommits = crossTeam
        cross.crossTeamShare = commits > 0 ? Double(crossTeam) / Double(commits) : nil
        let known = outsiders || Int.random(in: 0..<10, using: &random) > 0
        cross.teams = known && commits > 0 ? ["payments"] : []
        if crossTeam > 0 {
            cross.contributingTeams = (0..<Int.random(in: 1...5, using: &random)).map { Team("team\($0)") }
            cross.teams += cross.contributingTeams
            var left = crossTeam
            cross.landing.ownerLanded = Int.random(in: 0...left, using: &random)
            left -= cross.landing.ownerLanded
            cross.landing.platformLanded = Int.random(in: 0...left, using: &random)
            left -= cross.landing.platformLanded
            cross.landing.selfLanded = Int.random(in: 0...left, using: &random)
            cross.landing.other = left - cross.landing.selfLanded
            if Bool.random(using: &random) { cross.landing.outsiderMedianDelaySeconds = Double.random(in: 0...(30 * 86_400), using: &random) }
            if Bool.random(using: &random) { cross.landing.ownerMedianDelaySeconds = Double.random(in: 0...(10 * 86_400), using: &random) }
        }
        var concentration = ConcentrationFigures()
        if commits > 0 {
            concentration.busFactor = Int.random(in: 1...6, using: &random)
            concentration.truckFactor = Bool.random(using: &random) ? Int.random(in: 1...4, using: &random) : nil
        }
        var documentation = DocumentationSignals()
        documentation.readme = levels.randomElement(using: &random)!
        documentation.contributing = levels.randomElement(using: &random)!
        documentation.codeownersDefaultRule = Bool.random(using: &random)
        var evidence = OpennessEvidence(crossTeam: cross, concentration: concentration, documentation: documentation,
                                        owner: known && commits > 0 ? "payments" : nil)
        evidence.trustedCommitters = statuses.randomElement(using: &random)!
        evidence.communication = statuses.randomElement(using: &random)!
        return evidence
    }

    /// The same repository with `factor` times as many outsiders' commits, landed and timed the same way,
    /// on top of the same owners' commits: more cross-team participation and nothing else.
    static func moreParticipation(_ evidence: OpennessEvidence, factor: Int) -> OpennessEvidence {
        evidence.with {
            let added = $0.crossTeam.crossTeamCommits * (factor - 1)
            $0.crossTeam.commits += added
            $0.crossTeam.crossTeamCommits += added
            $0.crossTeam.crossTeamShare = Double($0.crossTeam.crossTeamCommits) / Double($0.crossTeam.commits)
            $0.crossTeam.landing.ownerLanded *= factor
            $0.crossTeam.landing.platformLanded *= factor
            $0.crossTeam.landing.selfLanded *= factor
            $0.crossTeam.landing.other *= factor
        }
    }
}

@Suite("Openness checks")
struct OpennessCheckTests {
    static func score(_ evidence: OpennessEvidence) -> OpennessScore { OpennessScore.compute(evidence) }

    @Test("every check's examples give their score", arguments: OpennessCheckExampleCase.all)
    func example(_ test: OpennessCheckExampleCase) {
        let result = test.check.evaluate(test.example.evidence)
        #expect(result.score == test.example.expected, "evidence: \(result.evidence)")
        #expect(result.id == test.check.id)
        #expect(result.importance == test.check.importance && result.weight == test.check.importance.weight)
        #expect(!result.evidence.isEmpty)
        #expect(result.score == OpennessCheckResult.inconclusive || (0...10).contains(result.score))
    }

    @Test("every check has examples (a conclusive and, where the data can fail it, an inconclusive one) and says what it looks for",
          arguments: OpennessChecks.ids)
    func described(id: String) throws {
        let check = try #require(OpennessChecks.check(id: id))
        #expect(check.examples.count >= 2)
        #expect(check.examples.contains { $0.expected != OpennessCheckResult.inconclusive })
        #expect(Set(check.examples.map(\.expected)).count >= 2, "the examples show the check moving")
        #expect(!check.looksFor.isEmpty)
        #expect(id.allSatisfy { $0.isLowercase || $0 == "_" })
    }

    @Test("the checks the issue asks for, with unique ids, in the registry")
    func registry() {
        #expect(OpennessChecks.ids == ["cross_team_participation", "contributing_teams", "trusted_committer_path", "outsider_wait",
                                       "readme", "contributing_guide", "ownership_named", "communication_channel", "concentration"])
        #expect(Set(OpennessChecks.ids).count == OpennessChecks.ids.count)
        #expect(CheckImportance.allCases.map(\.weight) == [10, 7.5, 5, 2.5])
    }

    /// Each gap counted once: a barrier a check counts is counted by no other check, and every triggering
    /// example of it gives that check less than the healthy repository does.
    @Test("a barrier's gap is counted once, in its check", arguments: OpennessChecks.ids)
    func gapCountedOnce(id: String) throws {
        let check = try #require(OpennessChecks.check(id: id))
        let healthy = check.evaluate(.healthy)
        #expect(healthy.isConclusive)
        for barrierID in check.barriers {
            let barrier = try #require(Barriers.barrier(id: barrierID), "\(barrierID) is no barrier")
            #expect(OpennessChecks.all.filter { $0.barriers.contains(barrierID) }.count == 1, "\(barrierID) counted once")
            for example in barrier.triggeringExamples {
                let result = check.evaluate(OpennessEvidence(example.context))
                #expect(result.isConclusive && result.score < healthy.score, "\(barrierID): \(example.note): \(result.score) (\(result.evidence))")
            }
        }
    }

    @Test("the aggregate is the weighted mean of the conclusive checks, 0 to 10 with one decimal, and score is it × 10")
    func aggregate() {
        for evidence in RandomEvidence.cases(300, seed: 1) + [.healthy] {
            let openness = Self.score(evidence)
            let conclusive = openness.checks.filter(\.isConclusive)
            let weight = conclusive.map(\.weight).reduce(0, +)
            let mean = conclusive.map { $0.weight * Double($0.score) }.reduce(0, +) / weight
            #expect(openness.checks.map(\.id) == OpennessChecks.ids)
            #expect(openness.score == Int((mean * 10).rounded()))
            #expect(openness.aggregate == Double(Int((mean * 10).rounded())) / 10)
            #expect((0...100).contains(openness.score ?? -1))
        }
        let none = OpennessScore(checks: [OpennessCheckResult(id: "x", score: OpennessCheckResult.inconclusive, importance: .high, evidence: "why")])
        #expect(none.score == nil && none.aggregate == nil && none.aggregateText == "?")
        let one = OpennessScore(checks: [OpennessCheckResult(id: "x", score: 7, importance: .low, evidence: "e"),
                                         OpennessCheckResult(id: "y", score: OpennessCheckResult.inconclusive, importance: .critical, evidence: "why")])
        #expect(one.score == 70 && one.aggregateText == "7.0", "an inconclusive check neither helps nor hurts")
        let two = OpennessScore(checks: [OpennessCheckResult(id: "x", score: 10, importance: .critical, evidence: "e"),
                                         OpennessCheckResult(id: "y", score: 0, importance: .low, evidence: "e")])
        #expect(two.score == 80 && two.aggregate == 8.0)
    }

    @Test("more cross-team participation never lowers it", arguments: [2, 3, 5])
    func participation(factor: Int) {
        for evidence in RandomEvidence.cases(400, seed: 2, outsiders: true) {
            let before = Self.score(evidence)
            let more = RandomEvidence.moreParticipation(evidence, factor: factor)
            let after = Self.score(more)
            #expect(after.score! >= before.score!, "\(before.checks) → \(after.checks)")
            #expect(after.check(CrossTeamParticipationCheck.id)!.score >= before.check(CrossTeamParticipationCheck.id)!.score)
            let moreTeams = Self.score(more.with { $0.crossTeam.contributingTeams.append("newcomers") })
            #expect(moreTeams.score! >= after.score!)
        }
    }

    /// The first outsider's commit makes the trusted-committer and wait checks conclusive: landed by the
    /// owners without waiting longer than they do, it never lowers the score (one an outsider had to land
    /// alone, late, may: that gap was there, unseen, before).
    @Test("the first outsider's commit, landed by the owners in their time, never lowers it")
    func firstOutsider() {
        for evidence in RandomEvidence.cases(400, seed: 3) where evidence.owner != nil {
            let alone = evidence.with {
                $0.crossTeam.crossTeamCommits = 0
                $0.crossTeam.crossTeamShare = 0
                $0.crossTeam.contributingTeams = []
                $0.crossTeam.landing = LandingFigures()
            }
            let first = alone.with {
                $0.crossTeam.commits += 1
                $0.crossTeam.crossTeamCommits = 1
                $0.crossTeam.crossTeamShare = 1 / Double($0.crossTeam.commits)
                $0.crossTeam.contributingTeams = ["guests"]
                $0.crossTeam.teams.append("guests")
                $0.crossTeam.landing.ownerLanded = 1
                $0.crossTeam.landing.outsiderMedianDelaySeconds = 3_600
                $0.crossTeam.landing.ownerMedianDelaySeconds = 3_600
            }
            #expect(Self.score(first).score! >= Self.score(alone).score!)
        }
    }

    /// The case: a single-team repository with no README (the old score 0, components 12, barriers
    /// −23) adds a real contributing guide.
    @Test("a real contributing guide raises it from any starting point, the old floor included")
    func contributingGuide() {
        var floor = OpennessEvidence(crossTeam: OpennessScoreTests.figures(commits: 20, crossTeam: 0),
                                     concentration: OpennessScoreTests.concentration(bus: 1, truck: 1),
                                     documentation: DocumentationSignals(), owner: "payments")
        floor.crossTeam.teams = ["payments"]
        let starts = [floor, OpennessEvidence(crossTeam: CrossTeamFigures(), concentration: ConcentrationFigures(),
                                              documentation: DocumentationSignals(), owner: nil)]
            + RandomEvidence.cases(500, seed: 4)
        for start in starts {
            var missing = start, thin = start, real = start
            missing.documentation.contributing = .missing
            thin.documentation.contributing = .thin
            real.documentation.contributing = .adequate
            let scores = [missing, thin, real].map { Self.score($0).score! }
            #expect(scores[0] < scores[1] && scores[1] < scores[2], "\(scores)")
        }
        #expect(Self.score(floor).score == 0)
        #expect(Self.score(floor.with { $0.documentation.contributing = .adequate }).score! > 0)
    }

    @Test("a barrier-causing change never raises it", arguments: BarrierExampleCase.all.filter(\.triggers))
    func barrierExample(_ test: BarrierExampleCase) {
        let healthy = Self.score(.healthy).score!
        let changed = Self.score(OpennessEvidence(test.example.context))
        #expect(changed.score! <= healthy, "\(test.barrier.id): \(test.example.note)")
    }

    /// Every gap a barrier finds, made in any repository: no README, no guide, nobody named, no channel, a
    /// bus factor of one, outsiders landing alone or waiting longer.
    @Test("a gap made anywhere never raises it")
    func gapsAnywhere() {
        let gaps: [(String, (inout OpennessEvidence) -> Void)] = [
            ("no README", { $0.documentation.readme = .missing }),
            ("a thin README", { if $0.documentation.readme == .adequate { $0.documentation.readme = .thin } }),
            ("no guide", { $0.documentation.contributing = .missing }),
            ("no CODEOWNERS default rule", { $0.documentation.codeownersDefaultRule = false }),
            ("no trusted committers", { $0.trustedCommitters = .missing }),
            ("no channel", { $0.communication = .missing }),
            ("a bus factor of one", { if $0.concentration.busFactor != nil { $0.concentration.busFactor = 1 } }),
            ("outsiders land their own work", {
                $0.crossTeam.landing.selfLanded += $0.crossTeam.landing.ownerLanded + $0.crossTeam.landing.platformLanded
                $0.crossTeam.landing.ownerLanded = 0
                $0.crossTeam.landing.platformLanded = 0
            }),
            ("outsiders wait ten days more", {
                if let wait = $0.crossTeam.landing.outsiderMedianDelaySeconds { $0.crossTeam.landing.outsiderMedianDelaySeconds = wait + 10 * 86_400 }
            }),
        ]
        for evidence in RandomEvidence.cases(300, seed: 5) {
            let before = Self.score(evidence).score!
            for (name, gap) in gaps {
                #expect(Self.score(evidence.with(gap)).score! <= before, "\(name)")
            }
        }
    }

    @Test("same input, same score")
    func deterministic() {
        for evidence in RandomEvidence.cases(100, seed: 6) {
            let copy = evidence.with { _ in }
            #expect(Self.score(evidence) == Self.score(copy))
            #expect(Self.score(evidence) == Self.score(evidence))
        }
        #expect(RandomEvidence.cases(5, seed: 7) == RandomEvidence.cases(5, seed: 7))
    }

    /// Each change adds evidence to the checks named, and to no other: every other check stays as it was.
    @Test("adding a check's evidence never lowers another check")
    func independence() {
        let additions: [(checks: Set<String>, change: (inout OpennessEvidence) -> Void)] = [
            ([ReadmeCheck.id], { $0.documentation.readme = .adequate }),
            ([ContributingGuideCheck.id], { $0.documentation.contributing = .adequate }),
            ([OwnershipNamedCheck.id], { $0.documentation.codeownersDefaultRule = true }),
            ([OwnershipNamedCheck.id], { $0.trustedCommitters = .adequate }),
            ([CommunicationChannelCheck.id], { $0.communication = .adequate }),
            ([ConcentrationCheck.id], { $0.concentration.busFactor = ($0.concentration.busFactor ?? 1) + 1 }),
            ([ConcentrationCheck.id], { $0.concentration.truckFactor = ($0.concentration.truckFactor ?? 1) + 1 }),
            ([ContributingTeamsCheck.id], { $0.crossTeam.contributingTeams.append("newcomers") }),
            ([TrustedCommitterPathCheck.id], {
                $0.crossTeam.landing.ownerLanded += $0.crossTeam.landing.other
                $0.crossTeam.landing.other = 0
            }),
            ([OutsiderWaitCheck.id], {
                $0.crossTeam.landing.outsiderMedianDelaySeconds = $0.crossTeam.landing.outsiderMedianDelaySeconds.map { $0 / 2 }
            }),
            ([CrossTeamParticipationCheck.id], { $0 = RandomEvidence.moreParticipation($0, factor: 2) }),
        ]
        for evidence in RandomEvidence.cases(300, seed: 8, outsiders: true) + RandomEvidence.cases(100, seed: 9) {
            let before = OpennessChecks.evaluate(evidence)
            for addition in additions {
                let after = OpennessChecks.evaluate(evidence.with(addition.change))
                for (old, new) in zip(before, after) {
                    if addition.checks.contains(old.id) {
                        #expect(new.score >= old.score, "\(old.id) itself never falls")
                    } else {
                        #expect(new.score == old.score, "\(addition.checks) moved \(old.id): \(old.evidence) → \(new.evidence)")
                    }
                }
            }
        }
    }

    @Test("no outsider's change to land: the trusted-committer and wait checks are inconclusive, not 0")
    func inconclusiveWithoutOutsiders() {
        var evidence = OpennessEvidence(crossTeam: OpennessScoreTests.figures(commits: 30, crossTeam: 0),
                                        concentration: OpennessScoreTests.concentration(bus: 2, truck: 2),
                                        documentation: DocumentationSignals(), owner: "payments")
        evidence.crossTeam.teams = ["payments"]
        let openness = Self.score(evidence)
        #expect(openness.check(TrustedCommitterPathCheck.id)?.isConclusive == false)
        #expect(openness.check(OutsiderWaitCheck.id)?.isConclusive == false)
        #expect(openness.check(CrossTeamParticipationCheck.id)?.score == 0)
    }
}

/// Drifted CODEOWNERS rules (issue 13's verdicts) reach the ownership check (issue 16's hook).
@Suite("CODEOWNERS drift in the ownership check")
struct CodeOwnersDriftTests {
    static func component(_ source: String, _ verdict: RuleOwnership.Verdict?) -> ComponentFigures {
        var figures = ComponentFigures(component: "c", rule: nil, ruleSource: source, declaredOwners: [], ownership: nil,
                                       ownerSource: source)
        if let verdict {
            var declared = RuleOwnership()
            declared.verdict = verdict
            figures.declared = declared
        }
        return figures
    }

    @Test("drift counts the CODEOWNERS rules' verdicts only; none without CODEOWNERS rules")
    func drift() {
        let components = [Self.component("codeowners", .agrees), Self.component("codeowners", .drifted),
                          Self.component("codeowners", .dormant), Self.component("codeowners", .drifted),
                          Self.component("owners", .drifted), Self.component("folders", nil), Self.component("none", .unowned)]
        #expect(RepositoryAnalysis.codeOwnersDrift(components) == CodeOwnersDrift(rules: 4, drifted: 2))
        #expect(RepositoryAnalysis.codeOwnersDrift([Self.component("owners", .drifted)]) == nil)
        #expect(RepositoryAnalysis.codeOwnersDrift(nil) == nil)
    }
}
