import InnerSourceModel
import Scoring

/// The facts file's change requests, written directly as bytes: exactly what `RunFacts.encoder()` (Foundation's
/// JSONEncoder: compact, keys in snake case sorted byte by byte, slashes unescaped, nil fields left out)
/// writes for `[ChangeRequest]`, without its containers and key conversion, which took an eighth of a warm
/// batch's CPU over 106,000 change requests. `ChangeRequestJSONTests` compares the two byte for byte and
/// fails when `ChangeRequest` gains a field this writer does not know. `parse` reads what `array` writes back,
/// for a repository's facts kept in the cache (`AnalysisMemo`), where JSONDecoder's containers and key
/// conversion took half the time of taking a repository's analysis from the cache.
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

    /// What `parse` does not read: anything but what `array` writes (an unknown key, a missing field, another
    /// escape, trailing bytes). The caller then decodes with JSONDecoder.
    struct Unreadable: Error {
        var offset: Int
    }

    /// The change requests of a JSON array as `array` writes it (keys in any order; nil fields absent).
    static func parse(_ bytes: some Collection<UInt8>) throws(Unreadable) -> [ChangeRequest] {
        var reader = Reader(bytes: Array(bytes))
        let requests = try reader.requests()
        guard reader.index == reader.bytes.count else { throw Unreadable(offset: reader.index) }
        return requests
    }

    /// A strict reader of the JSON `array` writes: no white space, strings with the encoder's escapes only.
    private struct Reader {
        let bytes: [UInt8]
        var index = 0

        init(bytes: [UInt8]) { self.bytes = bytes }

        mutating func requests() throws(Unreadable) -> [ChangeRequest] {
            var requests: [ChangeRequest] = []
            try expect(UInt8(ascii: "["))
            if try peek() == UInt8(ascii: "]") {
                index += 1
                return requests
            }
            while true {
                requests.append(try request())
                if try next() == UInt8(ascii: "]") { return requests }
                index -= 1
                try expect(UInt8(ascii: ","))
            }
        }

        mutating func request() throws(Unreadable) -> ChangeRequest {
            var id: String?, kind: ChangeRequestKind?, state: ChangeRequestState?, proposer: TeamedPerson?
            var coAuthors: [TeamedPerson]?, reviewers: [TeamedPerson]?, crossTeam: Bool?, proposerIsBot: Bool?, commits: Int?
            var number: ChangeRequestNumber?, lander: TeamedPerson?, landedBy: LanderRole?
            var linesAdded: Int?, linesDeleted: Int?, opened: Int64?, newest: Int64?, landed: Int64?, lastActivity: Int64?
            var waitSeconds: Int64?, workSeconds: Int64?
            let start = index
            try object { (reader: inout Reader, key: String) throws(Unreadable) in
                switch key {
                case "co_authors": coAuthors = try reader.people()
                case "commits": commits = Int(try reader.integer())
                case "cross_team": crossTeam = try reader.boolean()
                case "id": id = try reader.string()
                case "kind": kind = ChangeRequestKind(rawValue: try reader.string())
                case "landed": landed = try reader.integer()
                case "landed_by": landedBy = LanderRole(rawValue: try reader.string())
                case "lander": lander = try reader.person()
                case "last_activity": lastActivity = try reader.integer()
                case "lines_added": linesAdded = Int(try reader.integer())
                case "lines_deleted": linesDeleted = Int(try reader.integer())
                case "newest": newest = try reader.integer()
                case "number": number = try reader.number()
                case "opened": opened = try reader.integer()
                case "proposer": proposer = try reader.person()
                case "proposer_is_bot": proposerIsBot = try reader.boolean()
                case "reviewers": reviewers = try reader.people()
                case "state": state = ChangeRequestState(rawValue: try reader.string())
                case "wait_seconds": waitSeconds = try reader.integer()
                case "work_seconds": workSeconds = try reader.integer()
                default: throw Unreadable(offset: reader.index)
                }
            }
            guard let id, let kind, let state, let proposer, let coAuthors, let reviewers, let crossTeam, let proposerIsBot,
                  let commits else { throw Unreadable(offset: start) }
            var request = ChangeRequest(
                id: id, kind: kind, number: number, state: state, proposer: proposer, coAuthors: coAuthors,
                crossTeam: crossTeam, proposerIsBot: proposerIsBot, lander: lander, landedBy: landedBy, reviewers: reviewers,
                commits: commits, linesAdded: linesAdded, linesDeleted: linesDeleted, opened: opened, newest: newest,
                landed: landed, lastActivity: lastActivity)
            // As stored, not derived again (the decoder takes them as they are too).
            request.workSeconds = workSeconds
            request.waitSeconds = waitSeconds
            return request
        }

        /// `{"host":…,"number":…}`.
        mutating func number() throws(Unreadable) -> ChangeRequestNumber {
            var host: ChangeRequestHost?, number: Int?
            let start = index
            try object { (reader: inout Reader, key: String) throws(Unreadable) in
                switch key {
                case "host": host = ChangeRequestHost(rawValue: try reader.string())
                case "number": number = Int(try reader.integer())
                default: throw Unreadable(offset: reader.index)
                }
            }
            guard let host, let number else { throw Unreadable(offset: start) }
            return ChangeRequestNumber(host, number)
        }

        mutating func people() throws(Unreadable) -> [TeamedPerson] {
            var people: [TeamedPerson] = []
            try expect(UInt8(ascii: "["))
            if try peek() == UInt8(ascii: "]") {
                index += 1
                return people
            }
            while true {
                people.append(try person())
                if try next() == UInt8(ascii: "]") { return people }
                index -= 1
                try expect(UInt8(ascii: ","))
            }
        }

        /// `{"identity":{"email":…,"name":…},"key":…,"team":…}`.
        mutating func person() throws(Unreadable) -> TeamedPerson {
            var email: String?, name: String?, key: String?, team: String?
            let start = index
            try object { (reader: inout Reader, field: String) throws(Unreadable) in
                switch field {
                case "identity":
                    try reader.object { (reader: inout Reader, part: String) throws(Unreadable) in
                        switch part {
                        case "email": email = try reader.string()
                        case "name": name = try reader.string()
                        default: throw Unreadable(offset: reader.index)
                        }
                    }
                case "key": key = try reader.string()
                case "team": team = try reader.string()
                default: throw Unreadable(offset: reader.index)
                }
            }
            guard let email, let name, let key, let team else { throw Unreadable(offset: start) }
            return TeamedPerson(key: key, identity: Identity(name: name, email: email), team: Team(team))
        }

        /// An object's members, each key handed to `member`, which reads its value.
        mutating func object(_ member: (inout Reader, String) throws(Unreadable) -> Void) throws(Unreadable) {
            try expect(UInt8(ascii: "{"))
            if try peek() == UInt8(ascii: "}") {
                index += 1
                return
            }
            while true {
                let key = try string()
                try expect(UInt8(ascii: ":"))
                try member(&self, key)
                if try next() == UInt8(ascii: "}") { return }
                index -= 1
                try expect(UInt8(ascii: ","))
            }
        }

        mutating func boolean() throws(Unreadable) -> Bool {
            if matches("true") { return true }
            if matches("false") { return false }
            throw Unreadable(offset: index)
        }

        mutating func matches(_ word: StaticString) -> Bool {
            let count = word.utf8CodeUnitCount
            guard index + count <= bytes.count else { return false }
            let same = word.withUTF8Buffer { word in (0..<count).allSatisfy { bytes[index + $0] == word[$0] } }
            if same { index += count }
            return same
        }

        /// A decimal integer, as `String(value)` writes it.
        mutating func integer() throws(Unreadable) -> Int64 {
            let start = index
            var negative = false
            if index < bytes.count, bytes[index] == UInt8(ascii: "-") {
                negative = true
                index += 1
            }
            var value: Int64 = 0
            let digits = index
            while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
                let (times, overflowTimes) = value.multipliedReportingOverflow(by: 10)
                let digit = Int64(bytes[index] - UInt8(ascii: "0"))
                let (sum, overflowSum) = negative ? times.subtractingReportingOverflow(digit) : times.addingReportingOverflow(digit)
                guard !overflowTimes, !overflowSum else { throw Unreadable(offset: start) }
                value = sum
                index += 1
            }
            guard index > digits else { throw Unreadable(offset: start) }
            return value
        }

        /// A string with the escapes `string(_:to:)` writes (`\"`, `\\`, `\b \t \n \f \r`, `\u00xx`).
        mutating func string() throws(Unreadable) -> String {
            try expect(UInt8(ascii: "\""))
            let start = index
            // Without an escape, the bytes are the string's.
            while index < bytes.count, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "\\") { index += 1 }
            guard index < bytes.count else { throw Unreadable(offset: start) }
            if bytes[index] == UInt8(ascii: "\"") {
                defer { index += 1 }
                return try text(bytes[start..<index], at: start)
            }
            var unescaped = Array(bytes[start..<index])
            while true {
                guard index < bytes.count else { throw Unreadable(offset: start) }
                let byte = bytes[index]
                index += 1
                if byte == UInt8(ascii: "\"") { return try text(unescaped[...], at: start) }
                guard byte == UInt8(ascii: "\\") else {
                    unescaped.append(byte)
                    continue
                }
                guard index < bytes.count else { throw Unreadable(offset: index) }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""): unescaped.append(UInt8(ascii: "\""))
                case UInt8(ascii: "\\"): unescaped.append(UInt8(ascii: "\\"))
                case UInt8(ascii: "b"): unescaped.append(0x08)
                case UInt8(ascii: "t"): unescaped.append(0x09)
                case UInt8(ascii: "n"): unescaped.append(0x0A)
                case UInt8(ascii: "f"): unescaped.append(0x0C)
                case UInt8(ascii: "r"): unescaped.append(0x0D)
                case UInt8(ascii: "u"):
                    guard index + 4 <= bytes.count, bytes[index] == UInt8(ascii: "0"), bytes[index + 1] == UInt8(ascii: "0"),
                          let high = hexValue(bytes[index + 2]), let low = hexValue(bytes[index + 3]), high < 2
                    else { throw Unreadable(offset: index) }
                    unescaped.append(high << 4 | low)
                    index += 4
                default: throw Unreadable(offset: index)
                }
            }
        }

        /// Valid UTF-8 as a string; anything else is not what the writer wrote.
        private func text(_ utf8: ArraySlice<UInt8>, at offset: Int) throws(Unreadable) -> String {
            guard let text = String(validating: utf8, as: UTF8.self) else { throw Unreadable(offset: offset) }
            return text
        }

        private func hexValue(_ byte: UInt8) -> UInt8? {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
            default: return nil
            }
        }

        mutating func expect(_ byte: UInt8) throws(Unreadable) {
            guard index < bytes.count, bytes[index] == byte else { throw Unreadable(offset: index) }
            index += 1
        }

        func peek() throws(Unreadable) -> UInt8 {
            guard index < bytes.count else { throw Unreadable(offset: index) }
            return bytes[index]
        }

        mutating func next() throws(Unreadable) -> UInt8 {
            let byte = try peek()
            index += 1
            return byte
        }
    }
}
