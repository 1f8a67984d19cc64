import InnerSourceModel
import Scoring

/// `barriers.csv` and the `barriers` table: each barrier found, with evidence a person can follow and the
/// remedy, most severe first within a repository.
public enum BarriersTable {
    public typealias Row = (repository: String, barrier: BarrierFinding)

    public static let definition = TableDefinition<Row>(
        name: "barriers", key: ["repository", "barrier"], indexes: [["barrier"], ["severity"]],
        columns: [
            .text("repository") { $0.repository },
            .text("barrier") { $0.barrier.id },
            .text("severity") { $0.barrier.severity.rawValue },
            .text("evidence") { $0.barrier.evidence },
            .text("remedy") { $0.barrier.remedy },
        ],
        rows: { run in
            run.analyses.flatMap { analysis in
                analysis.barriers.sorted { ($0.severity.rank, $0.id) < ($1.severity.rank, $1.id) }.map { (analysis.name, $0) }
            }
        })
}
