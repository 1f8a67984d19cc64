import InnerSourceModel
import Scoring

/// The `repository_change_requests` database table: each repository's change-request figures (docs/
/// DEFINITIONS.md, "Change requests"), one row per analysed repository. In the database only (summary.json
/// carries the same figures); kept per run in the history so that acceptance and waits have a trend.
public enum RepositoryChangeRequestsTable {
    public static let definition = TableDefinition<RepositoryAnalysis>(
        name: "repository_change_requests", key: ["repository"],
        columns: [
            .text("repository") { $0.name },
            .text("unit") { $0.measured?.crossTeam.contributions.unit.rawValue },
            .integer("change_requests") { $0.measured?.crossTeam.changeRequests.changeRequests },
            .integer("landed") { $0.measured?.crossTeam.changeRequests.landed },
            .integer("pending") { $0.measured?.crossTeam.changeRequests.pending },
            .integer("declined") { $0.measured?.crossTeam.changeRequests.declined },
            .integer("cross_team") { $0.measured?.crossTeam.changeRequests.crossTeam },
            .integer("cross_team_landed") { $0.measured?.crossTeam.changeRequests.crossTeamLanded },
            .integer("cross_team_pending") { $0.measured?.crossTeam.changeRequests.crossTeamPending },
            .integer("cross_team_declined") { $0.measured?.crossTeam.changeRequests.crossTeamDeclined },
            .ratio("cross_team_share") { $0.measured?.crossTeam.changeRequests.crossTeamShare },
            .ratio("acceptance_ratio") { $0.measured?.crossTeam.changeRequests.acceptanceRatio },
            .ratio("owner_acceptance_ratio") { $0.measured?.crossTeam.changeRequests.ownerAcceptanceRatio },
            .integer("cross_team_wait_median_seconds") { seconds($0.measured?.crossTeam.changeRequests.crossTeamWait.medianSeconds) },
            .integer("cross_team_wait_p90_seconds") { seconds($0.measured?.crossTeam.changeRequests.crossTeamWait.p90Seconds) },
            .integer("owner_wait_median_seconds") { seconds($0.measured?.crossTeam.changeRequests.ownerWait.medianSeconds) },
            .integer("owner_wait_p90_seconds") { seconds($0.measured?.crossTeam.changeRequests.ownerWait.p90Seconds) },
            .ratio("gatekeeper_share") { $0.measured?.crossTeam.changeRequests.landing.busiestCommitterShare },
            .integer("request_heads") { $0.measured?.crossTeam.changeRequests.headsFound },
        ],
        rows: { $0.analyses.filter { $0.measured != nil } })

    private static func seconds(_ value: Double?) -> Int? { value.map { Int($0.rounded()) } }
}
