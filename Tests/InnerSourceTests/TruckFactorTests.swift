import Foundation
import InnerSourceModel
import Scoring
import Testing

/// The truck factor (Avelino et al. 2016) as docs/DEFINITIONS.md defines it.
@Suite("Truck factor")
struct TruckFactorTests {
    static func change(_ path: String, _ kind: FileChange.Kind = .modified, binary: Bool = false) -> FileChange {
        FileChange(path: path, kind: kind, lines: binary ? .binary : .counted(added: 1, deleted: 0))
    }

    @Test("degree of authorship", arguments: [
        (true, 1, 0, 4.555), (false, 1, 0, 3.457), (false, 1, 1, 3.234), (true, 5, 10, 4.441), (false, 0, 3, 2.848),
    ])
    func degree(creator: Bool, commits: Int, others: Int, expected: Double) {
        let value = 3.293 + 1.098 * (creator ? 1 : 0) + 0.164 * Double(commits) - 0.321 * log(1 + Double(others))
        #expect(abs(value - expected) < 0.001)
    }

    @Test("one author of everything: 1; nobody left covers half: stop")
    func single() {
        var tally = AuthorshipTally()
        tally.add(author: "a@x", display: "A <a@x>", time: 1, files: [Self.change("f", .added), Self.change("g", .added)])
        let result = tally.truckFactor(headPaths: ["f", "g"])
        #expect(result.factor == 1)
        #expect(result.people == ["A <a@x>"])
        #expect(result.files == 2)
    }

    @Test("ties go to the lower canonical e-mail, whatever the order of commits")
    func ties() {
        let commits: [(String, String)] = [("b@x", "f1"), ("b@x", "f2"), ("a@x", "f3"), ("a@x", "f4")]
        var forward = AuthorshipTally(), backward = AuthorshipTally()
        for (index, (author, path)) in commits.enumerated() {
            forward.add(author: author, display: author, time: Int64(index), files: [Self.change(path, .added)])
        }
        for (index, (author, path)) in commits.enumerated().reversed() {
            backward.add(author: author, display: author, time: Int64(index), files: [Self.change(path, .added)])
        }
        let paths = ["f1", "f2", "f3", "f4"]
        // Each authors two files: a@x goes first; 2 of 4 files left is not fewer than half, so b@x goes too.
        #expect(forward.truckFactor(headPaths: paths).people == ["a@x", "b@x"])
        #expect(backward.truckFactor(headPaths: paths).people == ["a@x", "b@x"])
        #expect(forward.truckFactor(headPaths: paths).factor == 2)
    }

    @Test("the creator is the earliest to add the path, at the same second the lower key, whatever the order",
          arguments: [(Int64(5), "a@x"), (Int64(4), "b@x"), (Int64(6), "a@x")])
    func creator(bTime: Int64, expected: String) {
        // Both add "f" once (a path deleted and added again); a@x at second 5. The creator's bonus alone
        // makes its degree more than 0.75 of the other's (4.332 against 3.234): only the creator authors it.
        let adds: [(String, Int64)] = [("a@x", 5), ("b@x", bTime)]
        for order in [adds, adds.reversed()] {
            var tally = AuthorshipTally()
            for (author, time) in order {
                tally.add(author: author, display: author, time: time, files: [Self.change("f", .added)])
            }
            #expect(tally.fileAuthors(headPaths: ["f"]) == ["f": [expected]])
            #expect(tally.truckFactor(headPaths: ["f"]).people == [expected])
        }
    }

    @Test("files gone from HEAD, vendored, generated and binary files do not count", arguments: [
        ("vendor/lib/x.c", true), ("src/third_party/y.h", true), ("web/node_modules/z.js", true),
        ("app.min.js", true), ("api/service.pb.go", true), ("Cargo.lock", true), ("go.sum", true),
        ("logo.PNG", true), ("src/main.swift", false), ("vendors.md", false), ("docs/deps.txt", false),
    ])
    func skipRules(path: String, skipped: Bool) {
        #expect(TruckFactorRules.skips(path) == skipped)
    }

    @Test("a path binary at HEAD is left out; a deleted path is not at HEAD")
    func binaryAndDeleted() {
        var tally = AuthorshipTally()
        tally.add(author: "a@x", display: "A", time: 1, files: [Self.change("data", .added, binary: true), Self.change("gone", .added)])
        tally.add(author: "b@x", display: "B", time: 2, files: [Self.change("kept", .added)])
        let result = tally.truckFactor(headPaths: ["data", "kept"], binaryPaths: ["data"])
        #expect(result.files == 1)
        #expect(result.people == ["B"])
    }

    @Test("no qualifying file: no truck factor")
    func none() {
        #expect(AuthorshipTally().truckFactor(headPaths: ["a"]).factor == nil)
    }
}

@Suite("Bus and elephant factors, onion")
struct ConcentrationTests {
    static func commit(_ key: String, team: String, time: Int64 = 0, coAuthors: [String] = []) -> AttributedCommit {
        let person = TeamedPerson(key: key, identity: Identity(name: key, email: key), team: Team(team))
        return AttributedCommit(
            id: ObjectID(hex: String(repeating: "b", count: 40)), author: person,
            coAuthors: coAuthors.map { TeamedPerson(key: $0, identity: Identity(name: $0, email: $0), team: Team(team)) },
            committer: person, authorTime: time, commitTime: time, isMerge: false, isBot: false,
            landedByPlatform: false, inWindow: true, linesAdded: 0, linesDeleted: 0)
    }

    @Test("absence factors", arguments: [
        ([5, 1, 1, 1], 1), ([3, 3, 2, 1], 2), ([1, 1, 1, 1], 3), ([1], 1), ([2, 2], 2),
    ])
    func bus(counts: [Int], expected: Int) {
        var commits: [AttributedCommit] = []
        for (index, count) in counts.enumerated() {
            commits += Array(repeating: Self.commit("p\(index)@x", team: "t"), count: count)
        }
        let figures = Concentration.figures(commits, windowEnd: 0, truck: (nil, [], 0))
        #expect(figures.busFactor == expected)
    }

    @Test("elephant factor leaves unaffiliated out of the count and the total")
    func elephant() {
        let commits = Array(repeating: Self.commit("u@gmail.com", team: "unaffiliated"), count: 10)
            + Array(repeating: Self.commit("a@x", team: "alpha"), count: 3) + Array(repeating: Self.commit("b@y", team: "beta"), count: 2)
        let figures = Concentration.figures(commits, windowEnd: 0, truck: (nil, [], 0))
        #expect(figures.elephantFactor == 1)
        #expect(figures.elephantFactorTeams == ["alpha"])
        #expect(figures.busFactor == 1, "people count whatever their team")
    }

    @Test("onion: 80 % core, 15 % regular, the rest casual; co-author-only people are casual; inactive core")
    func onion() {
        let day: Int64 = 86_400
        var commits = Array(repeating: Self.commit("big@x", team: "t", time: 300 * day), count: 70)
        commits += Array(repeating: Self.commit("mid@x", team: "t", time: 10 * day), count: 15)
        commits += Array(repeating: Self.commit("some@x", team: "t", time: 300 * day), count: 10)
        commits += Array(repeating: Self.commit("tiny@x", team: "t", time: 300 * day, coAuthors: ["pair@x"]), count: 5)
        let figures = Concentration.figures(commits, windowEnd: 365 * day, truck: (nil, [], 0))
        #expect(figures.core == ["big@x <big@x>", "mid@x <mid@x>"])
        #expect(figures.regular == 1)
        #expect(figures.casual == 2)
        #expect(figures.inactiveCore == ["mid@x <mid@x>"])
    }
}

@Suite("Run-level concentration")
struct RunConcentrationTests {
    static func row(_ key: String, _ team: String, _ commits: Int) -> TeamedContributor {
        TeamedContributor(key: key, identity: Identity(name: key, email: key), team: Team(team), commits: commits, firstCommit: 0, lastCommit: 0)
    }

    @Test("people and teams summed over repositories; a person's rows in two teams add up")
    func sums() {
        let rows = [Self.row("a@x", "core", 3), Self.row("b@x", "web", 2), Self.row("a@x", "web", 2), Self.row("c@x", "unaffiliated", 4),
                    Self.row("d@x", "web", 0)]
        let run = RunConcentration.compute(repositories: 2, contributors: rows)
        #expect(run.commits == 11)
        #expect(run.busFactor == 2, "a@x 5, c@x 4: 9 of 11")
        #expect(run.elephantFactor == 1, "web 4 of 7 affiliated commits")
        #expect(run.elephantFactorTeams == ["web"])
    }
}
