import InnerSourceModel
import Scoring

/// The facts file's change requests, written directly as bytes: exactly what `RunFacts.encoder()` (Foundation's
/// JSONEncoder: compact, keys in snake case sorted byte by byte, slashes unescaped, nil fields left out)
/// writes for `[ChangeRequest]`, without its containers and key conversion, which took an eighth of a warm
/// batch's CPU over 106,000 change requests. `ChangeRequestJSONTests` compares the two byte for byte and
/// fails when `ChangeRequest` gains a field this writer does not know.
enum ChangeRequestJSON {
    /// The stored properties of `ChangeRequest` written here (the test compares it with the type's own).
    static let fieldCount = 20

    /// `requests` as a JSON array.
    static func array(_ requests: [ChangeRequest]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(requests.count * 600)
        out.append(UInt8(ascii: "["))
        for (index, request) in requests.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            append(request, to: &out)
        }
        out.append(UInt8(ascii: "]"))
        return out
    }

    /// One change request as a JSON object, its keys in the encoder's order.
    static func append(_ request: ChangeRequest, to out: inout [UInt8]) {
        var first = true
        func key(_ name: StaticString) {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            out.append(UInt8(ascii: "\""))
            name.withUTF8Buffer { out.append(contentsOf: $0) }
            out.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
        }
        out.append(UInt8(ascii: "{"))
        key("co_authors"); people(request.coAuthors, to: &out)
        key("commits"); integer(request.commits, to: &out)
        key("cross_team"); boolean(request.crossTeam, to: &out)
        key("id"); string(request.id, to: &out)
        key("kind"); string(request.kind.rawValue, to: &out)
        if let landed = request.landed { key("landed"); integer(landed, to: &out) }
        if let role = request.landedBy { key("landed_by"); string(role.rawValue, to: &out) }
        if let lander = request.lander { key("lander"); person(lander, to: &out) }
        if let last = request.lastActivity { key("last_activity"); integer(last, to: &out) }
        if let added = request.linesAdded { key("lines_added"); integer(added, to: &out) }
        if let deleted = request.linesDeleted { key("lines_deleted"); integer(deleted, to: &out) }
        if let newest = request.newest { key("newest"); integer(newest, to: &out) }
        if let number = request.number {
            key("number")
            out.append(contentsOf: Array(#"{"host":"#.utf8))
            string(number.host.rawValue, to: &out)
            out.append(contentsOf: Array(#","number":"#.utf8))
            integer(number.number, to: &out)
            out.append(UInt8(ascii: "}"))
        }
        if let opened = request.opened { key("opened"); integer(opened, to: &out) }
        key("proposer"); person(request.proposer, to: &out)
        key("proposer_is_bot"); boolean(request.proposerIsBot, to: &out)
        key("reviewers"); people(request.reviewers, to: &out)
        key("state"); string(request.state.rawValue, to: &out)
        if let wait = request.waitSeconds { key("wait_seconds"); integer(wait, to: &out) }
        if let work = request.workSeconds { key("work_seconds"); integer(work, to: &out) }
        out.append(UInt8(ascii: "}"))
    }

    private static func people(_ people: [TeamedPerson], to out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        for (index, one) in people.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            person(one, to: &out)
        }
        out.append(UInt8(ascii: "]"))
    }

    /// `{"identity":{"email":…,"name":…},"key":…,"team":…}` (a team encodes as its name).
    private static func person(_ person: TeamedPerson, to out: inout [UInt8]) {
        out.append(contentsOf: Array(#"{"identity":{"email":"#.utf8))
        string(person.identity.email, to: &out)
        out.append(contentsOf: Array(#","name":"#.utf8))
        string(person.identity.name, to: &out)
        out.append(contentsOf: Array(#"},"key":"#.utf8))
        string(person.key, to: &out)
        out.append(contentsOf: Array(#","team":"#.utf8))
        string(person.team.name, to: &out)
        out.append(UInt8(ascii: "}"))
    }

    private static func boolean(_ value: Bool, to out: inout [UInt8]) {
        out.append(contentsOf: value ? Array("true".utf8) : Array("false".utf8))
    }

    private static func integer(_ value: some BinaryInteger, to out: inout [UInt8]) {
        out.append(contentsOf: String(value).utf8)
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// A JSON string as the encoder writes it: `"` and `\` escaped, control characters as `\b \t \n \f \r`
    /// or `\u00xx` (lower-case hex), everything else (`/`, DEL, any non-ASCII) as its UTF-8 bytes.
    private static func string(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x08: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x09: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x0A: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0C: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case 0x0D: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0..<0x20:
                out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                        hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0xF)]])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
