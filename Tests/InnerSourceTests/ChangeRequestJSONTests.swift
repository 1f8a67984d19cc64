import Foundation
import InnerSourceModel
@testable import Pipeline
import Scoring
import Testing

/// The facts file's hand-written change requests against Foundation's JSONEncoder, byte for byte.
@Suite("Change requests in the facts file")
struct ChangeRequestJSONTests {
    /// Every control character, both escaped characters, a slash, DEL and text beyond ASCII.
    static let alphabet: [String] = (0..<0x20).map { String(Unicode.Scalar(UInt8($0))) }
        + ["\"", "\\", "/", "\u{7F}", "a", "Z", " ", "é", "€", "😀", "\u{2028}", "\u{FEFF}", "-", "_"]

    static func below(_ bound: Int, _ generator: inout SplitMix) -> Int { Int.random(in: 0..<bound, using: &generator) }

    static func text(_ generator: inout SplitMix) -> String {
        String((0..<below(12, &generator)).map { _ in alphabet[below(alphabet.count, &generator)] }.joined())
    }

    static func person(_ generator: inout SplitMix) -> TeamedPerson {
        TeamedPerson(key: text(&generator), identity: Identity(name: text(&generator), email: text(&generator)),
                     team: Team(text(&generator)))
    }

    static func request(_ generator: inout SplitMix) -> ChangeRequest {
        func maybe<T>(_ value: T) -> T? { Bool.random(using: &generator) ? value : nil }
        func time() -> Int64 { Int64(generator.next() % 4_000_000_000) - 1_000_000_000 }
        return ChangeRequest(
            id: text(&generator),
            kind: ChangeRequestKind.allCases[below(ChangeRequestKind.allCases.count, &generator)],
            number: maybe(ChangeRequestNumber(ChangeRequestHost.allCases[below(ChangeRequestHost.allCases.count, &generator)],
                                              below(100_000, &generator))),
            state: ChangeRequestState.allCases[below(ChangeRequestState.allCases.count, &generator)],
            proposer: person(&generator),
            coAuthors: (0..<below(3, &generator)).map { _ in person(&generator) },
            crossTeam: Bool.random(using: &generator), proposerIsBot: Bool.random(using: &generator),
            lander: maybe(person(&generator)),
            landedBy: maybe(LanderRole.allCases[below(LanderRole.allCases.count, &generator)]),
            reviewers: (0..<below(3, &generator)).map { _ in person(&generator) },
            commits: below(500, &generator),
            linesAdded: maybe(below(1_000_000, &generator)), linesDeleted: maybe(below(1_000_000, &generator)),
            opened: maybe(time()), newest: maybe(time()), landed: maybe(time()), lastActivity: maybe(time()),
            waitShown: Bool.random(using: &generator))
    }

    @Test("2,000 generated change requests: the same bytes as the encoder, one by one and as an array")
    func sameBytesAsTheEncoder() throws {
        var generator = SplitMix(seed: 20_261_203)
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
        var generator = SplitMix(seed: 1)
        #expect(Mirror(reflecting: Self.request(&generator)).children.count == ChangeRequestJSON.fieldCount,
                "ChangeRequest gained or lost a field: write it in ChangeRequestJSON.append, in the encoder's key order")
    }

    @Test("2,000 generated change requests read back: what JSONDecoder reads from the same bytes")
    func readsWhatItWrites() throws {
        var generator = SplitMix(seed: 20_261_204)
        var requests = (0..<2_000).map { _ in Self.request(&generator) }
        // Stored wait and work that the initialiser would not derive (the reader takes them as written).
        requests[0].waitSeconds = 7
        requests[1].workSeconds = nil
        let bytes = ChangeRequestJSON.array(requests)
        let read = try ChangeRequestJSON.parse(bytes)
        #expect(read == requests)
        #expect(read == (try RunFacts.decoder().decode([ChangeRequest].self, from: Data(bytes))))
        #expect(try ChangeRequestJSON.parse(Array("[]".utf8)).isEmpty)
    }

    @Test("anything the writer does not write is refused, and the facts are then decoded by JSONDecoder")
    func refusesWhatItDoesNotWrite() throws {
        var generator = SplitMix(seed: 5)
        let request = Self.request(&generator)
        let written = String(decoding: ChangeRequestJSON.array([request]), as: UTF8.self)
        let variants = [
            written.replacingOccurrences(of: "\"commits\":", with: "\"commits\": "),   // white space
            written.replacingOccurrences(of: "\"commits\":", with: "\"commitz\":"),    // an unknown key
            written.replacingOccurrences(of: "\"id\":", with: "\"ids\":"),             // a required field missing
            String(written.dropLast()),                                                 // truncated
            written + " ",                                                              // trailing bytes
            written.replacingOccurrences(of: "\"kind\":\"", with: "\"kind\":\"\\u0041"), // an escape it never writes
            written.replacingOccurrences(of: "\"commits\":", with: "\"commits\":99999999999999999999,\"x\":"),
        ]
        for variant in variants {
            #expect(throws: ChangeRequestJSON.Unreadable.self, "\(variant)") { try ChangeRequestJSON.parse(Array(variant.utf8)) }
        }
        // A repository's facts whose array cannot be read this way are decoded whole, by the decoder.
        var facts = RunFacts.Repository(RepositoryAnalysis.failed(name: "r", path: "/r", reason: "none"))
        facts.changeRequests = [request]
        let parts = try RunFacts.encodeParts(facts)
        let range = try #require(parts.changeRequests)
        #expect(try RunFacts.decodeRepository(parts.data, changeRequests: range).changeRequests == [request])
        var spaced = parts.data
        spaced.insert(UInt8(ascii: " "), at: range.lowerBound + 1)
        let decoded = try RunFacts.decodeRepository(spaced, changeRequests: range.lowerBound..<range.upperBound + 1)
        #expect(decoded.changeRequests == [request])
        #expect(try RunFacts.decodeRepository(parts.data, changeRequests: nil).changeRequests == [request])
        #expect(try RunFacts.decodeRepository(parts.data, changeRequests: 3..<parts.data.count + 10).changeRequests == [request])
    }
}
