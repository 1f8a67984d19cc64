import Foundation
import InnerSourceModel
import Scoring

/// `summary.json` (and `analyze --format json`): the run's provenance and every result, nested.
/// Keys are written in snake case and sorted, so the same input writes the same bytes.
public struct SummaryDocument: Codable, Sendable, Hashable {
    public struct Tool: Codable, Sendable, Hashable {
        public var name: String
        public var version: String
    }

    public struct Options: Codable, Sendable, Hashable {
        public var revision: String?
        public var since: String?
        public var until: String?
        public var mergeStatistics: Bool
        public var detectRenames: Bool
        public var roster: String?
        public var aliases: String?
        public var owner: String?
        public var botPatterns: [String]
        public var agentPatterns: [String]
        public var platformCommitters: [String]
        public var noreplyHosts: [String]
        public var pseudonymized: Bool
        public var minimumGroupSize: Int?
    }

    public struct Owner: Codable, Sendable, Hashable {
        public var team: String?
        public var source: String
        public var close: Bool
        public var runnerUp: String?
        public var evidence: String
    }

    public struct CrossTeam: Codable, Sendable, Hashable {
        public var crossTeamCommits: Int
        public var crossTeamShare: Double?
        public var crossTeamContributors: Int
        public var teams: [Team]
        public var contributingTeams: [Team]
        public var unaffiliatedCommits: Int
        public var landing: LandingFigures
        /// The same repository counted in change requests.
        public var changeRequests: ChangeRequestFigures
        /// The headline figures in their unit: change requests where the repository shows them, else commits.
        public var contributions: Contributions
        /// Commits an AI agent took part in; of the cross-team ones, how many and their share.
        public var agentAssistedCommits: Int
        public var agentAssistedCrossTeamCommits: Int
        public var agentAssistedCrossTeamShare: Double?
    }

    public struct Head: Codable, Sendable, Hashable {
        public var branch: String?
        public var commit: String?
        public var detached: Bool
        public var unborn: Bool
    }

    public struct Repository: Codable, Sendable, Hashable {
        public var repository: String
        public var path: String
        public var gitDirectory: String
        public var status: String
        /// Why the repository could not be analysed (status `error`).
        public var error: String?
        public var head: Head
        public var revision: String
        public var analysedCommit: String?
        public var bare: Bool
        public var shallow: Bool
        /// A promisor is present and objects the analysis needed are absent (`absentObjects` counts them).
        public var partialClone: Bool
        public var absentObjects: AbsentObjects
        public var remotes: [Remote]
        public var filesAtHead: Int
        public var documents: [String]
        public var commitsWalked: Int
        public var owner: Owner
        public var commits: Int
        public var mergeCommits: Int
        public var botCommits: Int
        public var crossTeam: CrossTeam
        public var openness: OpennessScore?
        public var barriers: [BarrierFinding]
        public var hygiene: HygieneReport
        public var checklist: Checklist?
        public var concentration: ConcentrationFigures
        public var rhythm: WorkRhythm
        public var tags: Int
        public var monthly: [MonthlyFigures]
        public var linesAdded: Int
        public var linesDeleted: Int
        public var binaryFileChanges: Int
        public var unknownFileChanges: Int
        public var contributors: Int
        public var firstCommit: String?
        public var lastCommit: String?
        public var findings: [Finding]
        /// The repository's components; absent for a repository without ownership rules.
        public var components: [ComponentFigures]? = nil
    }

    public struct Contributor: Codable, Sendable, Hashable {
        public var repository: String
        public var contributor: String
        public var name: String
        /// The canonical e-mail (lower-cased) that identifies the person.
        public var email: String
        public var team: String
        public var commits: Int
        public var coauthoredCommits: Int
        public var linesAdded: Int
        public var linesDeleted: Int
        public var firstCommit: String
        public var lastCommit: String
    }

    public var schemaVersion: Int
    public var tool: Tool
    public var asOf: String
    /// SHA-256 of the configuration (options, roster and aliases contents); the same for shards of one run.
    public var configurationDigest: String
    public var options: Options
    public var repositories: [Repository]
    public var contributors: [Contributor]
    public var teamFlows: [TeamFlow]
    /// The readiness checklist over every repository.
    public var checklist: Checklist
    /// Bus and elephant factors over every repository.
    public var run: RunConcentration
    /// What a batch run (`innersource run`, `merge`) did: pipeline, repositories, commits read and cached, shard.
    public var batch: BatchInfo?
    /// The readiness checklist's thresholds this run used.
    public var thresholds: ReadinessThresholds

    public init(_ output: OutputRun) {
        let run = output.info
        schemaVersion = ToolInfo.schemaVersion
        tool = Tool(name: ToolInfo.name, version: run.toolVersion)
        asOf = UTCTime.iso8601(run.asOf)
        configurationDigest = run.configurationDigest
        options = Options(revision: run.revision, since: run.since.map(UTCTime.iso8601),
                          until: run.until.map(UTCTime.iso8601), mergeStatistics: run.mergeStatistics,
                          detectRenames: run.detectRenames,
                          roster: run.roster, aliases: run.aliases, owner: run.owner?.name, botPatterns: run.botPatterns,
                          agentPatterns: run.agentPatterns,
                          platformCommitters: run.platformCommitters, noreplyHosts: run.noreplyHosts,
                          pseudonymized: run.pseudonymized, minimumGroupSize: run.minimumGroupSize)
        let sorted = output.analyses
        repositories = sorted.map { analysis in
            let snapshot = analysis.snapshot
            let head = snapshot.head
            let detached: Bool = { if case .detached = head { return true } else { return false } }()
            let unborn: Bool = { if case .unborn = head { return true } else { return false } }()
            var entry = Repository(
                repository: analysis.name, path: snapshot.path, gitDirectory: snapshot.gitDirectory,
                status: analysis.status.rawValue, error: analysis.failure,
                head: Head(branch: head.branch, commit: head.commit?.hex, detached: detached, unborn: unborn),
                revision: snapshot.revision, analysedCommit: snapshot.tip?.hex, bare: snapshot.isBare,
                shallow: snapshot.isShallow, partialClone: snapshot.isPartialClone, absentObjects: snapshot.absentObjects,
                remotes: snapshot.remotes,
                filesAtHead: snapshot.paths.count, documents: snapshot.documents.map(\.path),
                commitsWalked: analysis.commitsWalked,
                owner: Owner(team: analysis.ownership.team?.name, source: analysis.ownership.source.rawValue,
                             close: analysis.ownership.close, runnerUp: analysis.ownership.runnerUp?.name,
                             evidence: analysis.ownership.evidence),
                commits: analysis.crossTeam.commits, mergeCommits: analysis.crossTeam.mergeCommits,
                botCommits: analysis.crossTeam.botCommits,
                crossTeam: CrossTeam(
                    crossTeamCommits: analysis.crossTeam.crossTeamCommits, crossTeamShare: analysis.crossTeam.crossTeamShare,
                    crossTeamContributors: analysis.crossTeam.crossTeamContributors, teams: analysis.crossTeam.teams,
                    contributingTeams: analysis.crossTeam.contributingTeams,
                    unaffiliatedCommits: analysis.crossTeam.unaffiliatedCommits, landing: analysis.crossTeam.landing,
                    changeRequests: analysis.crossTeam.changeRequests, contributions: analysis.crossTeam.contributions,
                    agentAssistedCommits: analysis.crossTeam.agentAssistedCommits,
                    agentAssistedCrossTeamCommits: analysis.crossTeam.agentAssistedCrossTeamCommits,
                    agentAssistedCrossTeamShare: analysis.crossTeam.agentAssistedCrossTeamShare),
                openness: analysis.openness, barriers: analysis.barriers, hygiene: analysis.hygiene,
                checklist: analysis.checklist, concentration: analysis.concentration, rhythm: analysis.rhythm, tags: snapshot.tags.count,
                monthly: analysis.monthly, linesAdded: analysis.totals.linesAdded,
                linesDeleted: analysis.totals.linesDeleted, binaryFileChanges: analysis.totals.binaryFileChanges,
                unknownFileChanges: analysis.totals.unknownFileChanges, contributors: analysis.people,
                firstCommit: analysis.totals.firstCommit.map(UTCTime.iso8601),
                lastCommit: analysis.totals.lastCommit.map(UTCTime.iso8601), findings: analysis.findings)
            entry.components = analysis.components
            return entry
        }
        contributors = sorted.flatMap { analysis in
            analysis.contributors.map { person in
                Contributor(
                    repository: analysis.name, contributor: person.identity.display, name: person.identity.name,
                    email: person.key.hasPrefix("name:") ? "" : person.key, team: person.team.name, commits: person.commits,
                    coauthoredCommits: person.coauthoredCommits, linesAdded: person.linesAdded,
                    linesDeleted: person.linesDeleted, firstCommit: UTCTime.iso8601(person.firstCommit),
                    lastCommit: UTCTime.iso8601(person.lastCommit))
            }.sorted { ($0.contributor, $0.team) < ($1.contributor, $1.team) }
        }
        teamFlows = output.teamFlows
        checklist = output.checklist
        self.run = RunConcentration.compute(repositories: sorted.count, contributors: sorted.flatMap(\.contributors))
        batch = run.batch
        thresholds = run.thresholds
    }

    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        var data = try encoder.encode(self)
        data.append(0x0A)
        return data
    }
}

extension OutputFormat {
    /// summary.json.
    public static let json = OutputFormat(name: "json")
}

/// The `json` format: `summary.json`.
public enum SummaryOutput: OutputWriter {
    public static let format = OutputFormat.json
    public static let fileNames = ["summary.json"]

    public static func files(_ run: OutputRun, privacy: OutputPrivacy) throws -> [OutputFile] {
        let data = try SummaryDocument(run).encoded()
        return [OutputFile(name: "summary.json", data: privacy.utf8(data))]
    }
}
