import InnerSourceModel
import Scoring
import Testing

@Suite("Work rhythm")
struct WorkRhythmTests {
    static func commit(_ iso: String, offset: Int = 0) throws -> AttributedCommit {
        let time = try DateSpec(parsing: iso).resolve(asOf: 0)
        let person = TeamedPerson(key: "a@x", identity: Identity(name: "A", email: "a@x"), team: "t")
        return AttributedCommit(id: ObjectID(hex: String(repeating: "c", count: 40)), author: person, coAuthors: [],
                                committer: person, authorTime: time, authorOffsetMinutes: offset, commitTime: time,
                                isMerge: false, isBot: false, landedByPlatform: false, inWindow: true, linesAdded: 0, linesDeleted: 0)
    }

    @Test("local hour and weekday decide", arguments: [
        ("2024-03-06T10:00:00Z", 0, "work"),        // Wednesday 10:00
        ("2024-03-06T07:59:00Z", 0, "after hours"),
        ("2024-03-06T19:00:00Z", 0, "after hours"),
        ("2024-03-06T18:59:00Z", 0, "work"),
        ("2024-03-09T10:00:00Z", 0, "weekend"),     // Saturday
        ("2024-03-10T23:00:00Z", 0, "weekend"),     // Sunday
        ("2024-03-06T02:00:00Z", 540, "work"),      // 11:00 in Tokyo
        ("2024-03-08T23:30:00Z", 60, "weekend"),    // Saturday 00:30 in Berlin
        ("2024-03-11T03:00:00Z", -300, "weekend"),  // Sunday 22:00 in New York
    ])
    func classify(time: String, offset: Int, expected: String) throws {
        let rhythm = WorkRhythmAnalysis.compute([try Self.commit(time, offset: offset)], tags: [])
        let found = rhythm.weekend == 1 ? "weekend" : rhythm.outsideWorkingHours == 1 ? "after hours" : "work"
        #expect(found == expected)
    }

    @Test("bursts before tags: the week before each release against the average week")
    func bursts() throws {
        var commits: [AttributedCommit] = []
        // One commit a week for ten weeks from Monday 2024-01-01, plus three more in each week before the tags.
        for week in 0..<10 {
            commits.append(try Self.commit(UTCTime.iso8601(1_704_103_200 + Int64(week) * 7 * 86_400)))
        }
        let tagTimes: [Int64] = [1_704_103_200 + 4 * 7 * 86_400 + 3600, 1_704_103_200 + 8 * 7 * 86_400 + 3600]
        for tag in tagTimes {
            for hour in 1...3 { commits.append(try Self.commit(UTCTime.iso8601(tag - Int64(hour) * 3600 - 86_400))) }
        }
        let tags = tagTimes.enumerated().map { TagInfo(name: "v\($0.offset)", commit: ObjectID(hex: String(repeating: "d", count: 40)), time: $0.element) }
        let rhythm = WorkRhythmAnalysis.compute(commits, tags: tags)
        #expect(rhythm.tags == 2)
        // 16 commits over 9 weeks: 1.78 a week; 4 in each week before a tag: ratio 2.25.
        #expect(abs((rhythm.releaseBurstRatio ?? 0) - 2.25) < 0.001)
        #expect(WorkRhythmAnalysis.compute(commits, tags: Array(tags.prefix(1))).releaseBurstRatio == nil, "one tag says nothing")
    }

    @Test("working hours are the thresholds': 08:30 on a Monday is inside 08-19, outside 09-17")
    func configuredHours() throws {
        let monday = [try Self.commit("2024-06-03T08:30:00Z"), try Self.commit("2024-06-03T17:30:00Z")]
        #expect(WorkRhythmAnalysis.compute(monday, tags: []).outsideWorkingHours == 0)
        #expect(WorkRhythmAnalysis.compute(monday, tags: [], workStartHour: 9, workEndHour: 17).outsideWorkingHours == 2)
        #expect(WorkRhythmAnalysis.compute(monday, tags: [], workStartHour: 8, workEndHour: 17).outsideWorkingHours == 1)
    }
}
