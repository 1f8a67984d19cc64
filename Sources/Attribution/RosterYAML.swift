import InnerSourceModel

/// Writes a roster as our YAML (`innersource roster convert`): every team sorted by name, its members in
/// the order read with their logins and dates, its domains and CODEOWNERS handles. Read back, it gives the
/// same roster, so that a run with the converted file writes the same outputs as one with the original.
public enum RosterYAML {
    public static func text(_ roster: Roster, source: String, format: RosterFile.Format) -> String {
        var lines = ["# Converted by innersource roster convert from \(source.asOneLine) (\(format.rawValue)).", "teams:"]
        let members = Dictionary(grouping: roster.memberships, by: \.team)
        let domains = Dictionary(grouping: roster.domains.sorted { $0.key < $1.key }, by: \.value)
        let handles = Dictionary(grouping: roster.codeowners.sorted { $0.key < $1.key }, by: \.value)
        // One person's logins are written on their first e-mail only (the file has no person of several
        // e-mails): the other e-mails share the same memberships, so the roster read back is the same.
        var bearer: [String: String] = [:]
        for membership in roster.memberships {
            if let person = membership.person, bearer[person] == nil { bearer[person] = membership.email }
        }
        for team in roster.teams {
            let teamMembers = members[team] ?? [], teamDomains = domains[team] ?? [], teamHandles = handles[team] ?? []
            guard !(teamMembers.isEmpty && teamDomains.isEmpty && teamHandles.isEmpty) else {
                lines.append("  \(quoted(team.name)): {}")
                continue
            }
            lines.append("  \(quoted(team.name)):")
            if !teamMembers.isEmpty {
                lines.append("    members:")
                for member in teamMembers {
                    var fields: [String] = []
                    if !member.email.isEmpty { fields.append("email: \(quoted(member.email))") }
                    let bearsLogins = member.person.map { bearer[$0] == member.email } ?? true
                    for host in CodeHost.allCases where bearsLogins {
                        if let login = member.logins[host] { fields.append("\(host.rawValue): \(quoted(login))") }
                    }
                    if let from = member.from { fields.append("from: \(UTCTime.iso8601(from))") }
                    if let to = member.to { fields.append("to: \(UTCTime.iso8601(to))") }
                    lines.append("      - { \(fields.joined(separator: ", ")) }")
                }
            }
            if !teamDomains.isEmpty { lines.append("    domains: [\(teamDomains.map { quoted($0.key) }.joined(separator: ", "))]") }
            if !teamHandles.isEmpty { lines.append("    codeowners: [\(teamHandles.map { quoted($0.key) }.joined(separator: ", "))]") }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A YAML double-quoted scalar.
    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                let hex = String(scalar.value, radix: 16, uppercase: true)
                result += "\\x" + String(repeating: "0", count: 2 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
