/// A team people are on and repositories are owned by, as a roster or an e-mail domain names it.
///
/// `unaffiliated` is not a team: it stands for people no team claims (a data-quality figure, never an owner,
/// never a contributing team). It is checked here and only here: `isUnaffiliated` for a person's team, and
/// `isReserved` for a name a user writes (a roster's team, `--owner`, a pipeline's `owner:`), which may not be
/// that word in any case.
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
    public static func isReserved(_ name: String) -> Bool { name.lowercased() == reservedName }

    /// The sentence a configuration error gives for a reserved name.
    public static let reservedNameProblem =
        "the team name 'unaffiliated' is reserved for people no team claims; rename the team"

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
