import InnerSourceModel

/// Decides a component's owning team: the first declared owner that maps to a team, else the team with most
/// commits under the component (as a repository's owner is inferred).
public enum ComponentOwnership {
    /// How a declared owner is written, which says how it maps to a team.
    public enum OwnerStyle: Sendable {
        /// CODEOWNERS and configured owners: `@org/team` or `@user` through the roster's `codeowners:`, an e-mail
        /// through its memberships on the as-of date; a configured owner may also be a team's name.
        case handle
        /// OWNERS: a user name (`@name` through `codeowners:`), or an e-mail.
        case userName
        /// A catalog's `spec.owner`: `group:name` or `name`, a team of that name.
        case group
    }

    /// - Returns: the ownership, the teams the declared owners map to (in their order, each once), and the
    ///   declared owners that map to no team (or person) of the roster (none without a roster).
    public static func resolve(declared owners: [String], style: OwnerStyle, source: String, roster: Roster?, asOf: Int64,
                               commitsByTeam: [Team: Int]) -> (ownership: Ownership, teams: [Team], unknown: [String]) {
        var unknown: [String] = []
        var teams: [Team] = []
        var found: (owner: String, team: Team)?
        for owner in owners {
            if let team = team(of: owner, style: style, roster: roster, asOf: asOf) {
                if found == nil { found = (owner, team) }
                if !teams.contains(team) { teams.append(team) }
            } else {
                unknown.append(owner)
            }
        }
        if let found {
            return (Ownership(team: found.team, source: .codeowners,
                              evidence: "\(source) names \(found.owner) (\(found.team))"), teams, roster == nil ? [] : unknown)
        }
        let note = owners.isEmpty ? nil
            : roster == nil && style != .group ? "\(source) names \(owners.joined(separator: ", ")) (without a roster no handle maps to a team)"
            : "\(source) names \(owners.joined(separator: ", ")), no team the roster knows"
        return (OwnershipResolver.infer(commitsByTeam, note: note), teams, roster == nil ? [] : unknown)
    }

    static func team(of owner: String, style: OwnerStyle, roster: Roster?, asOf: Int64) -> Team? {
        switch style {
        case .handle:
            if let team = OwnershipResolver.team(ofOwner: owner, roster: roster, asOf: asOf) { return team }
            guard !owner.contains("@") else { return nil }
            // A configured owner may be a team's name (as --owner is).
            guard let roster else { return Team(owner) }
            return roster.teams.first { $0.name.lowercased() == owner.lowercased() }
        case .userName:
            if owner.contains("@") && !owner.hasPrefix("@") { return OwnershipResolver.team(ofOwner: owner, roster: roster, asOf: asOf) }
            return OwnershipResolver.team(ofOwner: owner.hasPrefix("@") ? owner : "@" + owner, roster: roster, asOf: asOf)
        case .group:
            var name = Substring(owner)
            if let colon = name.firstIndex(of: ":") { name = name[name.index(after: colon)...] }
            if let slash = name.lastIndex(of: "/") { name = name[name.index(after: slash)...] }
            guard let roster else { return name.isEmpty ? nil : Team(String(name)) }
            return roster.teams.first { $0.name.lowercased() == name.lowercased() } ?? roster.codeowners["@" + name.lowercased()]
        }
    }
}
