import InnerSourceModel
import Scoring

/// `change_requests.csv` and the `change_requests` table: one row per change request in the window, sorted
/// by repository, then landing time (or, for one that did not land, last activity), then id.
public enum ChangeRequestsTable {
    public typealias Row = (repository: String, owner: Team?, request: ChangeRequest, asOf: Int64)

    public static let definition = TableDefinition<Row>(
        name: "change_requests", key: ["repository", "change_request"],
        indexes: [["proposer_team"], ["state"], ["landed"]],
        columns: [
            .text("repository") { $0.repository },
            .text("change_request") { $0.request.id },
            .text("kind") { $0.request.kind.rawValue },
            .integer("number") { $0.request.number?.number },
            .text("state") { $0.request.state.rawValue },
            .text("proposer") { $0.request.proposer.identity.display },
            .text("proposer_team") { $0.request.proposer.team.name },
            .text("owner_team") { $0.owner?.name },
            .boolean("cross_team") { $0.request.crossTeam },
            .text("lander") { $0.request.lander?.identity.display },
            .text("lander_team") { $0.request.lander?.team.name },
            .text("landed_by") { $0.request.landedBy?.rawValue },
            .text("reviewers") { row in
                row.request.reviewers.isEmpty ? nil : row.request.reviewers.map(\.identity.display).joined(separator: "; ")
            },
            .integer("commits") { $0.request.commits },
            .integer("lines_added") { $0.request.linesAdded },
            .integer("lines_deleted") { $0.request.linesDeleted },
            .time("opened") { $0.request.opened },
            .time("landed") { $0.request.landed },
            .integer("work_seconds") { $0.request.workSeconds.map(Int.init) },
            .integer("wait_seconds") { $0.request.waitSeconds.map(Int.init) },
            .integer("age_days") { $0.request.ageDays(asOf: $0.asOf) },
            .text("host") { $0.request.number?.host.rawValue },
            .boolean("proposer_is_bot") { $0.request.proposerIsBot },
        ],
        rows: { run in
            run.analyses.flatMap { analysis in
                analysis.changeRequests.map { (analysis.name, analysis.ownership.team, $0, run.info.asOf) }
            }
        })
}
