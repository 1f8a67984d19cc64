import InnerSourceModel
import Scoring

/// `innersource analyze --suggest-codeowners`: for each component, the team that keeps it, printed as a
/// CODEOWNERS rule beside the rule as it stands, with the evidence. Printed only: no file is ever written.
public enum SuggestedCodeOwners {
    /// The text for one repository.
    /// - Parameter handles: each team's CODEOWNERS handle (the roster's `codeowners:`, a team handle first).
    public static func render(_ analysis: RepositoryAnalysis, handles: [Team: String]) -> String {
        var lines = ["# Suggested CODEOWNERS for \(analysis.name): for each component, the team that keeps it.",
                     "# Printed only; no file is written. Each current rule is a comment above its suggestion."]
        guard let components = analysis.components else {
            lines.append("# \(analysis.name) has no ownership rules (CODEOWNERS beyond a default rule, OWNERS, catalog-info.yaml,")
            lines.append("# --components): it is one component. Owner: \(analysis.ownership.team?.name ?? "none") (\(analysis.ownership.evidence)).")
            if let team = analysis.ownership.team { lines.append("* " + owner(team, handles)) }
            return lines.joined(separator: "\n") + "\n"
        }
        for component in components {
            lines.append("")
            let evidence = Self.evidence(component)
            if component.declared?.verdict == .unowned || component.rule == nil {
                lines.append("# \(ComponentFigures.unownedName): \(Format.count(component.files, "file")) at HEAD under no rule; \(evidence)")
                continue
            }
            let current = ([component.pattern ?? component.component] + component.declaredOwners).joined(separator: " ")
            let verdict = component.declared.map { " (\($0.verdict.rawValue))" } ?? ""
            lines.append("# now \(component.rule ?? component.component)\(verdict): \(current)")
            lines.append("# \(evidence)")
            // A rule that agrees keeps its owner (a tie with another team is no reason to move it).
            let agrees = component.declared?.verdict == .agrees
            guard let keeper = (agrees ? component.ownerTeam : nil) ?? component.declared?.topTeam ?? component.ownerTeam else {
                lines.append("# no team made a change here: keep the rule as it is")
                continue
            }
            lines.append(pattern(component) + " " + owner(keeper, handles))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The component's paths as a CODEOWNERS pattern: the rule's own for CODEOWNERS, `/FOLDER/` for a
    /// folder, `/FOLDER/PATTERN` for a `per-file` line, `*` for the root.
    static func pattern(_ component: ComponentFigures) -> String {
        let pattern = component.pattern ?? component.component
        if component.ruleSource == "codeowners" { return pattern }
        if pattern == "/" || pattern == "/*" { return "*" }
        return pattern.hasPrefix("/") ? pattern : "/" + pattern
    }

    static func owner(_ team: Team, _ handles: [Team: String]) -> String {
        handles[team] ?? "@\(team.name)  # no codeowners: handle for \(team.name) in the roster"
    }

    static func evidence(_ component: ComponentFigures) -> String {
        let counts = component.declared?.commitsByTeam.prefix(3).map { "\($0.team) \($0.commits)" } ?? []
        var text = "\(Format.count(component.commits, "commit")) in the window"
        if !counts.isEmpty { text += ": " + counts.joined(separator: ", ") }
        if let share = component.declared?.topTeamShare { text += " (top team \(Int((share * 100).rounded()))%)" }
        return text
    }
}
