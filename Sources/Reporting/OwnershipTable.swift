import InnerSourceModel
import Scoring

/// `ownership.csv` and the `ownership` table: declared against actual, one row per ownership rule of each
/// repository with rules (the unowned paths last), in rule order. Not written when no repository of the run
/// has rules.
public enum OwnershipTable {
    public typealias Row = (repository: String, component: ComponentFigures, declared: RuleOwnership)

    public static let definition = TableDefinition<Row>(
        name: "ownership", key: ["repository", "rule"], indexes: [["verdict"]],
        columns: [
            .text("repository") { $0.repository },
            .text("rule") { $0.component.rule ?? ComponentFigures.unownedName },
            .text("source") { $0.component.ruleSource },
            .text("file") { $0.component.ruleFile },
            .integer("line") { $0.component.ruleLine },
            .text("pattern") { $0.component.pattern },
            .text("declared_owners") { $0.component.declaredOwners.isEmpty ? nil : $0.component.declaredOwners.joined(separator: "; ") },
            .text("declared_teams") { $0.declared.declaredTeams.isEmpty ? nil : $0.declared.declaredTeams.map(\.name).joined(separator: "; ") },
            .integer("files") { $0.component.files },
            .integer("commits") { $0.component.commits },
            .integer("lines") { $0.component.linesAdded + $0.component.linesDeleted },
            .ratio("declared_share") { $0.declared.declaredShare },
            .text("top_team") { $0.declared.topTeam?.name },
            .ratio("top_team_share") { $0.declared.topTeamShare },
            .time("last_owner_activity") { $0.declared.lastOwnerActivity },
            .text("verdict") { $0.declared.verdict.rawValue },
        ],
        rows: { run in
            run.analyses.flatMap { analysis in
                (analysis.components ?? []).compactMap { component in component.declared.map { (analysis.name, component, $0) } }
            }
        },
        omittedWhenEmpty: true)
}
