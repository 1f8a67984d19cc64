import InnerSourceModel
import Scoring

extension HTMLReport {
    /// A repository's components (`class="components"`, one row each, `id="components-N"`) and, below them,
    /// the rules that drifted or are orphaned with their evidence (`class="drifted-rules"`). Nothing for a
    /// repository without ownership rules.
    static func componentSection(_ analysis: RepositoryAnalysis, index: Int) -> [String] {
        guard let components = analysis.components else { return [] }
        func share(_ value: Double?) -> String { value.map(Format.percent) ?? "-" }
        func factor(_ value: Int?) -> String { value.map(String.init) ?? "-" }
        var out = ["<h4>Components</h4>",
                   "<table class=\"components\" id=\"components-\(index + 1)\"><thead><tr><th scope=\"col\">Component</th>"
                   + "<th scope=\"col\">Rule</th><th scope=\"col\">Owner</th><th scope=\"col\" class=\"num\">Files</th>"
                   + "<th scope=\"col\" class=\"num\">Commits</th><th scope=\"col\" class=\"num\">Cross-team</th>"
                   + "<th scope=\"col\" class=\"num\">Teams</th><th scope=\"col\" class=\"num\">Bus</th><th scope=\"col\" class=\"num\">Truck</th>"
                   + "<th scope=\"col\">Verdict</th></tr></thead><tbody>"]
        for component in components {
            let owner = component.ownerTeam.map { escape($0.name) + " <span class=\"muted\">(\(escape(component.ownerSource)))</span>" } ?? "-"
            out.append("<tr><th scope=\"row\">\(escape(component.component))</th><td>\(escape(component.rule ?? "-"))</td><td>\(owner)</td>"
                       + "<td class=\"num\">\(component.files)</td><td class=\"num\">\(component.commits)</td>"
                       + "<td class=\"num\">\(component.crossTeamCommits) (\(share(component.crossTeamShare)))</td>"
                       + "<td class=\"num\">\(component.contributingTeams.count)</td><td class=\"num\">\(factor(component.busFactor))</td>"
                       + "<td class=\"num\">\(factor(component.truckFactor))</td><td>\(escape(component.declared?.verdict.rawValue ?? "-"))</td></tr>")
        }
        out.append("</tbody></table>")
        let stale = components.filter { [.drifted, .orphaned].contains($0.declared?.verdict) }
        guard !stale.isEmpty else { return out }
        out.append("<h4>Rules that drifted or are orphaned</h4>")
        out.append("<ul class=\"drifted-rules\">")
        for component in stale {
            let declared = component.declared!
            let owners = component.declaredOwners.isEmpty ? "no owner" : component.declaredOwners.joined(separator: " ")
            let teams = declared.declaredTeams.isEmpty ? "no team of the roster" : declared.declaredTeams.map(\.name).joined(separator: ", ")
            let counts = declared.commitsByTeam.prefix(4).map { "\($0.team) \($0.commits)" }.joined(separator: ", ")
            let last = declared.lastOwnerActivity.map { "; last change by a declared team " + String(UTCTime.iso8601($0).prefix(10)) } ?? "; no change by a declared team"
            out.append("<li><strong>\(escape(declared.verdict.rawValue))</strong> \(escape(component.rule ?? component.component)) "
                       + "<code>\(escape(component.pattern ?? component.component))</code>: declares \(escape(owners)) (\(escape(teams))); "
                       + "\(Format.count(component.commits, "commit"))" + (counts.isEmpty ? "" : " (" + escape(counts) + ")")
                       + ", declared share \(share(declared.declaredShare))\(escape(last))</li>")
        }
        out.append("</ul>")
        return out
    }
}
