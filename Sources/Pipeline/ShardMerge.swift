import Foundation
import InnerSourceModel
import Reporting
import Scoring

/// Shards that do not fit together, or a folder that is not a shard: merge writes nothing (exit status 2).
public struct MergeError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// `innersource merge DIR... --out DIR`: combines the outputs of the shards of one run into exactly what a
/// single run would have written. Organisation-level figures (run concentration, team flows, the checklist)
/// are recomputed from the shards' facts, never averaged.
public enum ShardMerge {
    public static func merge(folders: [String], into output: String) throws(MergeError) -> BatchOutcome {
        guard !folders.isEmpty else { throw MergeError(message: "name the shard folders to merge") }
        var shards: [(folder: String, facts: RunFacts)] = []
        for folder in folders {
            if sameFolder(folder, output) {
                throw MergeError(message: "\(folder): --out must be a folder of its own, not one of the shards")
            }
            shards.append((folder, try read(folder)))
        }
        let first = shards[0]
        for shard in shards.dropFirst() {
            try same(shard.facts.run.toolVersion, first.facts.run.toolVersion, "tool versions", shard.folder, first.folder)
            try same(UTCTime.iso8601(shard.facts.run.asOf), UTCTime.iso8601(first.facts.run.asOf),
                     "as-of times (pin window.as_of, or give every shard the same --as-of)", shard.folder, first.folder)
            try same(shard.facts.run.configurationDigest, first.facts.run.configurationDigest,
                     "configuration digests (the pipeline, roster, aliases or options differ)", shard.folder, first.folder)
            try same(shard.facts.run.pseudonymKeyCheck ?? "none", first.facts.run.pseudonymKeyCheck ?? "none",
                     "pseudonym keys (every shard must use the same INNERSOURCE_PSEUDONYM_KEY)", shard.folder, first.folder)
            try same(shard.facts.formats.joined(separator: ","), first.facts.formats.joined(separator: ","), "formats",
                     shard.folder, first.folder)
        }

        // A folder without a shard (a whole run, or a merge) is shard 0 of 1.
        func slice(_ facts: RunFacts) -> ShardInfo { facts.run.batch?.shard ?? ShardInfo(index: 0, count: 1) }
        let count = slice(first.facts).count
        var byIndex: [Int: String] = [:]
        for shard in shards {
            let info = slice(shard.facts)
            guard info.count == count else {
                throw MergeError(message: "\(shard.folder) is shard \(info.index)/\(info.count) but \(first.folder) is one of \(count) shards: merge the shards of one run")
            }
            if let other = byIndex[info.index] {
                throw MergeError(message: "overlapping shards: \(other) and \(shard.folder) are both shard \(info.index)/\(count)")
            }
            byIndex[info.index] = shard.folder
        }
        let missing = (0..<count).filter { byIndex[$0] == nil }
        if !missing.isEmpty {
            let list = missing.map { "\($0)/\(count)" }.joined(separator: ", ")
            throw MergeError(message: "missing \(missing.count == 1 ? "shard" : "shards") \(list): give the output folder of every shard from 0 to \(count - 1)")
        }

        var analyses: [RepositoryAnalysis] = []
        var owner: [String: String] = [:]
        for shard in shards {
            for analysis in shard.facts.analyses {
                if let other = owner[analysis.name] {
                    throw MergeError(message: "overlapping shards: repository '\(analysis.name)' is in both \(other) and \(shard.folder)")
                }
                owner[analysis.name] = shard.folder
                analyses.append(analysis)
            }
        }
        analyses.sort { $0.name < $1.name }

        var run = first.facts.run
        let batches = shards.compactMap(\.facts.run.batch)
        run.batch = BatchInfo(pipeline: first.facts.run.batch?.pipeline ?? "", repositories: analyses.count,
                              failed: analyses.count { $0.failure != nil },
                              commitsRead: batches.reduce(0) { $0 + $1.commitsRead },
                              commitsFromCache: batches.reduce(0) { $0 + $1.commitsFromCache },
                              shard: nil, mergedShards: count)
        let formats = Set(first.facts.formats.compactMap(OutputFormat.init(rawValue:)))
        do {
            // The shards' facts are pseudonymised already, like every file they wrote.
            let notices = try RunFacts.writeOutputs(analyses, run: run, formats: formats, privacy: .none, to: output)
            for notice in notices { Console.error("warning: " + notice) }
        } catch {
            throw MergeError(message: "\(error)")
        }
        return BatchOutcome(analyses: analyses, run: run, outputDirectory: output,
                            commitsRead: run.batch?.commitsRead ?? 0, commitsFromCache: run.batch?.commitsFromCache ?? 0)
    }

    static func read(_ folder: String) throws(MergeError) -> RunFacts {
        let path = folder + "/" + RunFacts.fileName
        guard let data = FileManager.default.contents(atPath: path) else {
            var isFolder: ObjCBool = false
            if !FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) || !isFolder.boolValue {
                throw MergeError(message: "\(folder): no such folder")
            }
            throw MergeError(message: "\(folder): no \(RunFacts.fileName): not an output folder of innersource run (or the shard has not finished)")
        }
        let facts: RunFacts
        do {
            facts = try RunFacts.decode(data)
        } catch {
            throw MergeError(message: "\(path): cannot be read (\(FactsValues.describe(error, in: data))); run that shard again")
        }
        guard facts.factsVersion == RunFacts.currentVersion, facts.schemaVersion == ToolInfo.schemaVersion else {
            throw MergeError(message: "\(path): written with schema version \(facts.schemaVersion) (facts version \(facts.factsVersion)); this innersource writes schema version \(ToolInfo.schemaVersion) (facts version \(RunFacts.currentVersion)): run every shard with one version")
        }
        if let problem = FactsValues.firstProblem(in: facts) {
            throw MergeError(message: "\(path): \(problem); run that shard again")
        }
        return facts
    }

    /// Whether two paths name one existing folder, through symbolic links, `..` and trailing slashes: the
    /// same device and inode. A path that does not exist is no shard.
    static func sameFolder(_ first: String, _ second: String) -> Bool {
        var one = stat(), other = stat()
        guard stat(first, &one) == 0, stat(second, &other) == 0 else { return false }
        return one.st_dev == other.st_dev && one.st_ino == other.st_ino
    }

    private static func same(_ value: String, _ reference: String, _ what: String, _ folder: String,
                             _ referenceFolder: String) throws(MergeError) {
        guard value == reference else {
            throw MergeError(message: "the shards do not fit together: \(folder) and \(referenceFolder) have different \(what): \(value) and \(reference)")
        }
    }
}
