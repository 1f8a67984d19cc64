import Attribution
import Foundation
import Ingest
import InnerSourceModel
import Scoring

/// Where a batch keeps hygiene reports by what they were computed from (every path at HEAD and every
/// document's text), so that a repository whose tree is unchanged, or a copy of one, is not assessed again.
/// The Pipeline's commit cache implements it; a store that fails answers nothing and keeps nothing.
public protocol HygieneMemo: AnyObject {
    func storedHygiene(key: String) -> Data?
    func keepHygiene(_ report: Data, key: String)
}

/// The hygiene report of a snapshot: from `memo` when it holds one for exactly these paths and documents
/// (under this version's rules), else assessed and kept there.
enum MemoisedHygiene {
    /// The key of a snapshot's report: a digest of the tool version, every path and every document.
    static func key(_ snapshot: RepositorySnapshot) -> String {
        var fields = ["\(ToolInfo.version)|hygiene|\(snapshot.paths.count)|\(snapshot.documents.count)"] + snapshot.paths
        for document in snapshot.documents {
            fields += [document.path, document.truncated ? "truncated" : "whole", document.text]
        }
        return Digest.sha256Hex(ofFields: fields)
    }

    /// Starts the assessment of `snapshot` on a thread of its own (it needs nothing but the snapshot, so
    /// it runs beside change-request reconstruction); `PendingHygiene.report()` waits for it. The memo is
    /// asked and filled on the calling thread only.
    static func start(_ snapshot: RepositorySnapshot, memo: (any HygieneMemo)?) -> PendingHygiene {
        guard let memo else { return PendingHygiene(assessing: snapshot, keep: nil) }
        let key = key(snapshot)
        if let data = memo.storedHygiene(key: key), let report = try? JSONDecoder().decode(HygieneReport.self, from: data) {
            return PendingHygiene(ready: report)
        }
        return PendingHygiene(assessing: snapshot, keep: (memo, key))
    }

    /// Kept only when it reads back as the same report (so a cached run is exactly a cold one).
    static func keep(_ report: HygieneReport, in memo: any HygieneMemo, key: String) {
        if let data = try? JSONEncoder().encode(report), (try? JSONDecoder().decode(HygieneReport.self, from: data)) == report {
            memo.keepHygiene(data, key: key)
        }
    }
}

/// A hygiene report being assessed on another thread (`MemoisedHygiene.start`), or one the memo held.
final class PendingHygiene {
    private let pending: PendingValue<HygieneReport>
    private var keep: (memo: any HygieneMemo, key: String)?

    init(ready report: HygieneReport) {
        pending = PendingValue(ready: report)
    }

    init(assessing snapshot: RepositorySnapshot, keep: (memo: any HygieneMemo, key: String)?) {
        self.keep = keep
        pending = PendingValue { Hygiene.assess(snapshot) }
    }

    /// The report, once assessed; kept in the memo (on the calling thread) the first time it is asked for.
    /// Ask from one thread only.
    func report() -> HygieneReport {
        let report = pending.value()
        if let keep {
            MemoisedHygiene.keep(report, in: keep.memo, key: keep.key)
            self.keep = nil
        }
        return report
    }
}
