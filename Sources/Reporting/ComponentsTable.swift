import InnerSourceModel
import Scoring

/// `components.csv` and the `components` table: one row per component of each repository with ownership
/// rules, in rule order (the unowned paths last). Not written when no repository of the run has components.
public enum ComponentsTable {
    public typealias Row = (repository: String, component: ComponentFigures)

    public static let definition = TableDefinition<Row>(
        name: "components", key: ["repository", "component"], indexes: [["owner_team"]],
        columns: [
            .text("repository") { $0.repository },
            .text("component") { $0.component.component },
            .text("rule") { $0.component.rule },
            .text("rule_source") { $0.component.ruleSource },
            .text("declared_owners") { $0.component.declaredOwners.isEmpty ? nil : $0.component.declaredOwners.joined(separator: "; ") },
            .text("owner_team") { $0.component.ownerTeam?.name },
            .text("owner_source") { $0.component.ownerSource },
            .boolean("owner_close") { $0.component.ownerClose },
            .integer("files") { $0.component.files },
            .integer("commits") { $0.component.commits },
            .integer("lines_added") { $0.component.linesAdded },
            .integer("lines_deleted") { $0.component.linesDeleted },
            .integer("cross_team_commits") { $0.component.crossTeamCommits },
            .ratio("cross_team_share") { $0.component.crossTeamShare },
            .integer("contributing_teams") { $0.component.contributingTeams.count },
            .integer("contributors") { $0.component.contributors },
            .integer("bus_factor") { $0.component.busFactor },
            .integer("truck_factor") { $0.component.truckFactor },
            .integer("owner_landed") { $0.component.landing.ownerLanded },
            .integer("self_landed") { $0.component.landing.selfLanded },
            .integer("platform_landed") { $0.component.landing.platformLanded },
            .ratio("gatekeeper_share") { $0.component.landing.busiestCommitterShare },
            .integer("change_requests") { $0.component.changeRequests },
            .integer("cross_team_change_requests") { $0.component.crossTeamChangeRequests },
        ],
        rows: { run in
            run.analyses.flatMap { analysis in (analysis.components ?? []).map { (analysis.name, $0) } }
        },
        omittedWhenEmpty: true)
}
