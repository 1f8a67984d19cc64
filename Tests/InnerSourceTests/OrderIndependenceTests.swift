import Attribution
import Foundation
import Ingest
import InnerSourceModel
import Scoring
import Testing

/// The incremental cache delivers commits in another order than a walk does: every figure must be the
/// same whatever the order. Each scoring pass runs over the same commits in walk order, reversed and
/// shuffled (a fixed seed), and must give equal results.
@Suite("Scoring does not depend on the order of commits")
struct OrderIndependenceTests {
    struct Figures: Equatable {
        var crossTeam: CrossTeamFigures
        var contributors: [TeamedContributor]
        var monthly: [MonthlyFigures]
        var concentration: ConcentrationFigures
        var rhythm: WorkRhythm
        var flows: [TeamFlow]
        var truck: Int?
        var truckPeople: [String]
        var totals: HistoryTotals
    }

    static func figures(_ records: [CommitRecord], roster: Roster?, owner ownerName: String) -> Figures {
        let owner = Team(ownerName)
        var attributor = Attributor(roster: roster)
        var attributed: [AttributedCommit] = []
        var authorship = AuthorshipTally()
        var tally = HistoryTally()
        var paths: Set<String> = []
        for record in records {
            let commit = attributor.attribute(record, inWindow: record.inWindow)
            attributed.append(commit)
            if record.inWindow && (record.isMerge || !commit.isBot) { tally.add(record) }
            if !record.isMerge && !commit.isBot {
                authorship.add(author: commit.author.key, display: commit.author.identity.display, time: commit.authorTime,
                               files: record.files)
            }
            for file in record.files { paths.insert(file.path) }
        }
        var flows = TeamFlowTable()
        flows.add(repository: "r", commits: attributed, owner: owner)
        let truck = authorship.truckFactor(headPaths: paths.sorted())
        return Figures(crossTeam: CrossTeam.figures(attributed, owner: owner), contributors: CrossTeam.contributors(attributed),
                       monthly: CrossTeam.monthly(attributed, owner: owner, through: 1_800_000_000),
                       concentration: Concentration.figures(attributed, windowEnd: 1_800_000_000, truck: truck),
                       rhythm: WorkRhythmAnalysis.compute(attributed, tags: []), flows: flows.flows, truck: truck.factor,
                       truckPeople: truck.people, totals: tally.totals)
    }

    @Test("the teams and organisation fixtures, in walk order, reversed and shuffled")
    func orders() throws {
        let roster = try RosterFile.load(path: Package.fixtures.appendingPathComponent("teams/roster.yml").path)
        let org = try Fixture.make("org")
        let cases: [(URL, String)] = [
            (try Fixture.make("teams"), "payments"), (org.appendingPathComponent("git/platform/api"), "platform"),
            (org.appendingPathComponent("git/payments.git"), "payments"), (org.appendingPathComponent("git/search/web"), "search"),
        ]
        for (repository, owner) in cases {
            var options = IngestOptions(window: TimeWindow(since: 1_700_000_000, until: nil))
            options.includeOutsideWindow = true
            var records: [CommitRecord] = []
            _ = try Ingestor.ingest(repositoryAt: repository.path, options: options) { records.append($0) }
            #expect(records.count > 3)
            let reference = Self.figures(records, roster: roster, owner: owner)
            #expect(Self.figures(records.reversed(), roster: roster, owner: owner) == reference, "\(repository.lastPathComponent) reversed")
            var generator = SplitMix(seed: 42)
            for round in 0..<5 {
                let shuffled = records.shuffled(using: &generator)
                #expect(Self.figures(shuffled, roster: roster, owner: owner) == reference, "\(repository.lastPathComponent) shuffle \(round)")
            }
        }
    }
}
