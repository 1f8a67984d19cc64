import Foundation
import InnerSourceModel
import Reporting
import Scoring

/// `innersource-facts.json`: every repository's analysis as a batch run measured it, so that
/// `innersource merge` can recompute the run-level outputs (organisation figures, team flows, the
/// checklist) from the facts rather than average shard results. Written by every `run` (and `merge`) into
/// the outputs folder, whatever `formats` says; pseudonymized like every other file.
///
/// Its layout is its own (`Repository` below, and `schemas/facts.schema.json` with no unannounced key), not
/// the analysis type's: a field added to `RepositoryAnalysis` reaches this file only when it is added here
/// too, with a new `currentVersion`. Keys are snake case and sorted, as in summary.json.
public struct RunFacts: Codable, Sendable {
    /// Bumped when the layout of this file changes; merge refuses files of another version.
    public static let currentVersion = 5

    /// One repository's analysis, every part an output needs: what merge gives back to the writers.
    public struct Repository: Codable, Sendable {
        public var name: String
        public var snapshot: RepositorySnapshot
        public var commitsWalked: Int
        public var totals: HistoryTotals
        public var ownership: Ownership
        public var crossTeam: CrossTeamFigures
        public var concentration: ConcentrationFigures
        public var rhythm: WorkRhythm
        public var contributors: [TeamedContributor]
        public var monthly: [MonthlyFigures]
        public var teamFlows: TeamFlowTable
        public var findings: [Finding]
        public var hygiene: HygieneReport
        public var barriers: [BarrierFinding]
        public var openness: OpennessScore?
        public var readiness: ReadinessInput?
        public var checklist: Checklist?
        public var failure: String?
        /// The change requests in the window.
        public var changeRequests: [ChangeRequest]
        /// The components; absent (not written) for a repository without ownership rules, so that facts
        /// files of such runs keep their layout.
        public var components: [ComponentFigures]?

        /// The facts of an analysis; the documents' text, which served the hygiene checks already made, is
        /// left out (no output needs it again).
        public init(_ analysis: RepositoryAnalysis) {
            name = analysis.name
            snapshot = analysis.snapshot
            snapshot.documents = analysis.snapshot.documents.map { HeadDocument(path: $0.path, text: "", truncated: $0.truncated) }
            commitsWalked = analysis.commitsWalked
            totals = analysis.totals
            ownership = analysis.ownership
            crossTeam = analysis.crossTeam
            concentration = analysis.concentration
            rhythm = analysis.rhythm
            contributors = analysis.contributors
            monthly = analysis.monthly
            teamFlows = analysis.teamFlows
            findings = analysis.findings
            hygiene = analysis.hygiene
            barriers = analysis.barriers
            openness = analysis.openness
            readiness = analysis.readiness
            checklist = analysis.checklist
            failure = analysis.failure
            changeRequests = analysis.changeRequests
            components = analysis.components
        }

        /// The analysis these facts were taken from.
        public var analysis: RepositoryAnalysis {
            var analysis = RepositoryAnalysis(
                name: name, snapshot: snapshot, commitsWalked: commitsWalked, totals: totals, ownership: ownership,
                crossTeam: crossTeam, concentration: concentration, rhythm: rhythm, contributors: contributors,
                monthly: monthly, teamFlows: teamFlows, findings: findings, hygiene: hygiene, barriers: barriers,
                openness: openness, readiness: readiness, checklist: checklist, failure: failure)
            analysis.changeRequests = changeRequests
            analysis.components = components
            return analysis
        }
    }

    public var factsVersion: Int
    public var schemaVersion: Int
    /// The formats the run wrote, which merge writes too.
    public var formats: [String]
    public var run: RunInfo
    /// Sorted by name.
    public var repositories: [Repository]
    /// Beside `repositories`, each one's bytes when they are at hand already (`AnalysisMemo`): what
    /// `RunFacts.encode` writes for it, taken instead of encoding it again.
    private var encodedRepositories: [Data?] = []

    public init(run: RunInfo, formats: Set<OutputFormat>, analyses: [RepositoryAnalysis]) {
        self.init(run: run, formats: formats, analyses: analyses, encoded: analyses.map { _ in nil })
    }

    /// With `encoded[i]`, when there, the bytes of `analyses[i]`'s entry.
    init(run: RunInfo, formats: Set<OutputFormat>, analyses: [RepositoryAnalysis], encoded: [Data?]) {
        factsVersion = Self.currentVersion
        schemaVersion = ToolInfo.schemaVersion
        self.formats = formats.map(\.rawValue).sorted()
        self.run = run
        let sorted = zip(analyses, encoded).sorted { $0.0.name < $1.0.name }
        repositories = sorted.map { Repository($0.0) }
        encodedRepositories = sorted.map(\.1)
    }

    private enum CodingKeys: String, CodingKey { case factsVersion, schemaVersion, formats, run, repositories }

    /// Every repository's analysis.
    public var analyses: [RepositoryAnalysis] { repositories.map(\.analysis) }

    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return encoder
    }

    /// The facts as compact JSON with sorted keys. Repositories are encoded one per task, on every core, and
    /// spliced into the rest: the same bytes as one `JSONEncoder` pass over the whole (compact output has no
    /// indentation to depend on nesting), which took a tenth of a warm batch over 100 repositories.
    public func encoded() throws -> Data {
        var shell = self
        shell.repositories = []
        // Sorted keys put "repositories" after "formats" (strings only) and before "run".
        let outer = try Self.encoder().encode(shell)
        guard let slot = Self.emptyArray("repositories", in: outer) else { return try Self.encoder().encode(self) }
        let parts = ConcurrentResults<Data>(count: repositories.count)
        let repositories = self.repositories
        let known = encodedRepositories.count == repositories.count ? encodedRepositories : repositories.map { _ in nil }
        DispatchQueue.concurrentPerform(iterations: repositories.count) { index in
            parts.set(index, Result { try known[index] ?? Self.encode(repositories[index]) })
        }
        var elements: [Data] = []
        elements.reserveCapacity(parts.values.count)
        for part in parts.values { elements.append(try part.get()) }
        var array = Data(capacity: elements.reduce(2) { $0 + $1.count + 1 })
        array.append(UInt8(ascii: "["))
        for (index, element) in elements.enumerated() {
            if index > 0 { array.append(UInt8(ascii: ",")) }
            array.append(element)
        }
        array.append(UInt8(ascii: "]"))
        return Self.splice(array, into: outer, at: slot)
    }

    /// One repository's facts: its change requests written by `ChangeRequestJSON` and spliced into the rest
    /// as the encoder wrote it, the same bytes as the encoder's own pass over the whole.
    static func encode(_ repository: Repository) throws -> Data {
        try encodeParts(repository).data
    }

    /// `encode(repository)`, and where in it the change requests' array lies (`[` to `]`) when it was
    /// written by `ChangeRequestJSON` (nil when the encoder wrote the whole).
    static func encodeParts(_ repository: Repository) throws -> (data: Data, changeRequests: Range<Int>?) {
        guard !repository.changeRequests.isEmpty else { return (try encoder().encode(repository), nil) }
        var shell = repository
        shell.changeRequests = []
        let outer = try encoder().encode(shell)
        guard let slot = emptyArray("change_requests", in: outer) else { return (try encoder().encode(repository), nil) }
        let array = ChangeRequestJSON.array(repository.changeRequests)
        let start = slot.lowerBound - outer.startIndex
        return (splice(array, into: outer, at: slot), start..<start + array.count)
    }

    /// A repository's facts from what `encodeParts` wrote: the change requests read by `ChangeRequestJSON`
    /// and the rest by JSONDecoder, or all of it by JSONDecoder when that reader cannot read them.
    static func decodeRepository(_ data: Data, changeRequests range: Range<Int>?) throws -> Repository {
        let decoder = decoder()
        guard let range, range.lowerBound >= 0, range.upperBound <= data.count, range.count >= 2 else {
            return try decoder.decode(Repository.self, from: data)
        }
        let start = data.startIndex
        let bytes = data[start + range.lowerBound..<start + range.upperBound]
        guard bytes.first == UInt8(ascii: "["), bytes.last == UInt8(ascii: "]"),
              let requests = try? ChangeRequestJSON.parse(bytes) else {
            return try decoder.decode(Repository.self, from: data)
        }
        var shell = Data(capacity: data.count - range.count + 2)
        shell.append(data[start..<start + range.lowerBound])
        shell.append(contentsOf: [UInt8(ascii: "["), UInt8(ascii: "]")])
        shell.append(data[start + range.upperBound..<data.endIndex])
        var repository = try decoder.decode(Repository.self, from: shell)
        repository.changeRequests = requests
        return repository
    }

    /// Where `"KEY":[]` is in `outer` (what the encoder wrote with that array emptied): the `[]`. Nil unless it
    /// occurs exactly once: another key of that name holding an empty array could be the one found, and the
    /// caller then takes the encoder's own pass over the whole. (Compact output has no indentation that would
    /// depend on nesting, so what is spliced in is the same bytes the encoder writes there.)
    private static func emptyArray(_ key: String, in outer: Data) -> Range<Data.Index>? {
        let marker = Data("\"\(key)\":[]".utf8)
        guard let range = outer.range(of: marker), outer.range(of: marker, in: range.upperBound..<outer.endIndex) == nil
        else { return nil }
        return range.upperBound - 2..<range.upperBound
    }

    /// `outer` with `array` (a whole JSON array) in place of the empty one at `slot`.
    private static func splice(_ array: some Collection<UInt8>, into outer: Data, at slot: Range<Data.Index>) -> Data {
        var data = Data(capacity: outer.count + array.count)
        data.append(outer[outer.startIndex..<slot.lowerBound])
        data.append(contentsOf: array)
        data.append(outer[slot.upperBound...])
        return data
    }

    public static func decode(_ data: Data) throws -> RunFacts {
        try decoder().decode(RunFacts.self, from: data)
    }

    /// The decoder of what `encoder()` writes.
    static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return decoder
    }

    /// The file holding what merge needs to recompute a run's outputs; always written by `run` and `merge`.
    public static let fileName = "innersource-facts.json"

    /// Writes a batch's outputs as one set: the files of `formats` and the facts file, the files of other
    /// formats removed (the folder holds one run).
    /// - Returns: notices for the user (see `OutputSet.write`).
    /// - Parameter encoded: beside `analyses`, the bytes of each one's entry when they are at hand.
    static func writeOutputs(_ analyses: [RepositoryAnalysis], encoded: [Data?]? = nil, run: RunInfo, formats: Set<OutputFormat>,
                             privacy: OutputPrivacy, to folder: String, historyKeep: Int? = nil) throws -> [String] {
        // The facts file is made beside the formats' files.
        let produceFacts: @Sendable () throws -> [OutputFile] = {
            let facts = try RunFacts(run: run, formats: formats, analyses: analyses,
                                     encoded: encoded ?? analyses.map { _ in nil }).encoded()
            return [OutputFile(name: fileName, data: privacy.utf8(facts))]
        }
        return try OutputSet.write(OutputRun(analyses: analyses, info: run), formats: formats, privacy: privacy, to: folder,
                                   producing: produceFacts, removingOthers: true, historyKeep: historyKeep)
    }
}
