import Foundation
import Ingest

/// One repository analysed with an incremental cache (`CommitCache`), as the batch and `analyze --cache` do:
/// the commits its last run read come from the cache, and so do the change-request facts, hygiene reports
/// and binary classifications at HEAD computed from the same objects. The cache never fails a repository: a
/// store that cannot be opened, stored facts that are damaged, or a history that cannot be read in full for
/// the cache each become a warning and a read without it. What it gives is exactly what a read without the
/// cache gives.
enum CachedAnalysis {
    /// Analyses `target`, with `cache` when there is one; `warning` receives what went wrong with the cache
    /// (one sentence, without the repository's name), ending with `retry` where the cache's facts were
    /// damaged (what to do if it repeats). Throws what a read without the cache throws.
    static func analyse(_ target: AnalysisTarget, options: RunOptions, cache: CommitCache?,
                        progress: ((Int) -> Void)? = nil, retry: String,
                        warning: (String) -> Void) throws -> AnalysisOutcome {
        guard let cache else { return try Analyzer.analyze(target, options: options, progress: progress) }
        let key = CommitCache.key(path: target.path, revision: target.revision)
        var store: RepositoryFactStore?
        do {
            store = try cache.store(repository: key, merges: options.merges, renames: options.renames)
        } catch {
            warning("the cache cannot be used for it (\(BatchRunner.describe(error))); it is read in full")
        }
        do {
            let shared = cache.sharedFacts(merges: options.merges, renames: options.renames)
            var outcome = try Analyzer.analyze(target, options: options, store: store, proposalStore: shared,
                                               hygieneMemo: shared, classificationMemo: shared, progress: progress)
            if let problem = outcome.cacheError {
                warning("the cache could not be updated (\(problem)); the next run reads it again")
                outcome.cacheError = nil
            }
            return outcome
        } catch let damage as CacheDamage {
            warning("\(damage); its facts were dropped and it is read in full (\(retry))")
            try? cache.forget(repository: key)
            return try Analyzer.analyze(target, options: options, progress: progress)
        } catch let error as IngestError where store != nil && error.reason == .unreadableHistory {
            // Filling the cache reads every commit's lines, outside the window too: a damaged blob there
            // must not fail a repository that a plain read analyses.
            let plain = try Analyzer.analyze(target, options: options, progress: progress)
            warning("its full history cannot be cached (\(error.cause.message)); analysed without the cache")
            return plain
        }
    }
}
