import Foundation
import InnerSourceModel
@testable import Pipeline
import Scoring
import Testing

/// The facts file's hand-written change requests against Foundation's JSONEncoder, byte for byte.
@Suite("Change requests in the facts file")
struct ChangeRequestJSONTests {
    /// A small deterministic generator (SplitMix64), so that a failure names a case that can be run again.
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
        mutating func chance() -> Bool { next() & 1 == 0 }
    }

    /// Every control character, both escaped characters, a slash, DEL and text beyond ASCII.
    static let alphabet: [String] = (0..<0x20).map { String(Unicode.Scalar(UInt8($0))) }
        + ["\"", "\\", "/", "\u{7F}", "a", "Z", " ", "é", "€", "😀", "\u{2028}", "\u{FEFF}", "-", "_"]

    static func text(_ generator: inout Generator) -> String {
        String((0..<generator.below(12)).map { _ in alphabet[generator.below(alphabet.count)] }.joined())
    }

    static func person(_ generator: inout Generator) -> TeamedPerson {
        TeamedPerson(key: text(&generator), identity: Identity(name: text(&generator), email: text(&generator)),
                     team: Team(text(&generator)))
    }

    static func request(_ generator: inout Generator) -> ChangeRequest {
        func maybe<T>(_ value: T) -> T? { generator.chance() ? value : nil }
        func time() -> Int64 { Int64(generator.next() % 4_000_000_000) - 1_000_000_000 }
        return ChangeRequest(
            id: text(&generator),
            kind: ChangeRequestKind.allCases[generator.below(ChangeRequestKind.allCases.count)],
            number: maybe(ChangeRequestNumber(ChangeRequestHost.allCases[generator.below(ChangeRequestHost.allCases.count)],
                                              generator.below(100_000))),
            state: ChangeRequestState.allCases[generator.below(ChangeRequestState.allCases.count)],
            proposer: person(&generator),
            coAuthors: (0..<generator.below(3)).map { _ in person(&generator) },
            crossTeam: generator.chance(), proposerIsBot: generator.chance(),
            lander: maybe(person(&generator)),
            landedBy: maybe(LanderRole.allCases[generator.below(LanderRole.allCases.count)]),
            reviewers: (0..<generator.below(3)).map { _ in person(&generator) },
            commits: generator.below(500),
            linesAdded: maybe(generator.below(1_000_000)), linesDeleted: maybe(generator.below(1_000_000)),
            opened: maybe(time()), newest: maybe(time()), landed: maybe(time()), lastActivity: maybe(time()),
            waitShown: generator.chance())
    }

    @Test("2,000 generated change requests: the same bytes as the encoder, one by one and as an array")
    func sameBytesAsTheEncoder() throws {
        var generator = Generator(state: 20_261_203)
        let requests = (0..<2_000).map { _ in Self.request(&generator) }
        let encoder = RunFacts.encoder()
        for (index, request) in requests.enumerated() {
            var bytes: [UInt8] = []
            ChangeRequestJSON.append(request, to: &bytes)
            let expected = try encoder.encode(request)
            #expect(Data(bytes) == expected, "case \(index): \(String(decoding: bytes, as: UTF8.self)) against \(String(decoding: expected, as: UTF8.self))")
            if Data(bytes) != expected { break }
        }
        #expect(Data(ChangeRequestJSON.array(requests)) == (try encoder.encode(requests)))
        #expect(ChangeRequestJSON.array([]) == Array("[]".utf8))
        // Every optional field absent, and every one present, happen among the cases.
        #expect(requests.contains { $0.number == nil && $0.lander == nil && $0.linesAdded == nil })
        #expect(requests.contains { $0.number != nil && $0.lander != nil && $0.waitSeconds != nil && $0.workSeconds != nil })
    }

    @Test("the writer knows every stored property of ChangeRequest")
    func everyField() {
        var generator = Generator(state: 1)
        #expect(Mirror(reflecting: Self.request(&generator)).children.count == ChangeRequestJSON.fieldCount,
                "ChangeRequest gained or lost a field: write it in ChangeRequestJSON.append, in the encoder's key order")
    }
}
