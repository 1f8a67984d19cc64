/// A team people are on and repositories are owned by, as a roster or an e-mail domain names it.
///
/// `unaffiliated` is not a team: it stands for people no team claims (a data-quality figure, never an owner,
/// never a contributing team). It is checked here and only here: `isUnaffiliated` for a person's team, and
/// `nameProblem` for a name a user writes (a roster's team, `--owner`, a pipeline's `owner:`), which may not be
/// that word in any case, nor hold a control character.
public struct Team: Hashable, Comparable, Sendable, Codable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let name: String

    public init(_ name: String) {
        self.name = name
    }

    public init(stringLiteral name: String) {
        self.init(name)
    }

    /// People whom no team claims.
    public static let unaffiliated = Team(reservedName)

    /// The word `unaffiliated` stands for; no team may be named so.
    public static let reservedName = "unaffiliated"

    /// Whether this stands for people no team claims rather than for a team.
    public var isUnaffiliated: Bool { name == Team.reservedName }

    /// Whether a team name a user wrote is the reserved word (in any case), which no team may take.
    private static func isReserved(_ name: String) -> Bool { name.lowercased() == reservedName }

    /// Whether a character may not stand in a team name: the control characters (C0, DEL, C1) and the line
    /// and paragraph separators. Team names are written as they are into CSV cells, metric labels, Markdown
    /// and HTML, where such a character breaks a row or a line (or, NUL, truncates it).
    public static func isForbiddenInName(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.generalCategory == .control || scalar == "\u{2028}" || scalar == "\u{2029}"
    }

    /// Why a team name a user wrote (a roster's team, `--owner`, a pipeline's `owner:`) cannot be used, as
    /// the sentence an error gives; nil when it can. The one check of team names.
    public static func nameProblem(_ name: String) -> String? {
        if isReserved(name) {
            return "the team name 'unaffiliated' is reserved for people no team claims; choose another name"
        }
        guard let forbidden = name.unicodeScalars.first(where: isForbiddenInName) else { return nil }
        let shown = name.unicodeScalars.map { isForbiddenInName($0) ? "\\u{\(String($0.value, radix: 16, uppercase: true))}" : String($0) }
        let code = String(forbidden.value, radix: 16, uppercase: true)
        return "the team name '\(shown.joined())' holds a control character (U+\(String(repeating: "0", count: max(0, 4 - code.count)) + code)); team names go into CSV cells, metrics and reports: remove it"
    }

    public var description: String { name }

    public static func < (lhs: Team, rhs: Team) -> Bool { lhs.name < rhs.name }

    public init(from decoder: any Decoder) throws {
        name = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(name)
    }
}
