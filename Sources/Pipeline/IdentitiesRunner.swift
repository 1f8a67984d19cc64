import Attribution
import Foundation
import Ingest
import InnerSourceModel
import Reporting

/// What `innersource identities` is asked: a repository or a pipeline file, the aliases already in use,
/// where the proposals go.
public struct IdentitiesInvocation: Sendable {
    /// A repository (work tree or bare), or a pipeline file whose repositories are read.
    public var target: String
    /// An aliases file applied first (a pipeline's `aliases:` otherwise): people it already joins are not proposed.
    public var aliases: String?
    /// Hosts whose addresses are noreply addresses (a pipeline's `noreply_hosts:` are added).
    public var noreplyHosts: [String] = []
    /// Where `mailmap.proposed` and `aliases.proposed.yml` are written; nil prints them only.
    public var outputFolder: String?

    public init(target: String) {
        self.target = target
    }
}

/// Runs `innersource identities PATH|PIPELINE.yml`: reads every author and co-author of the histories
/// (after `.mailmap` and the aliases file; bots and AI agents left out), lists the likely duplicate people
/// with their evidence (`DuplicateFinder`), and proposes `.mailmap` lines and an aliases file to review. It
/// never merges anyone itself. Exit status 2 when the target or a file cannot be read; 1 when a pipeline's
/// repository could not be read (named on stderr, the others' proposals written).
public enum IdentitiesRunner {
    /// The proposals' file names in the outputs folder.
    public static let mailmapFile = "mailmap.proposed"
    public static let aliasesFile = "aliases.proposed.yml"

    public static func run(_ invocation: IdentitiesInvocation) throws(CommandFailure) {
        var repositories: [(name: String, path: String, revision: String?)] = []
        var aliasesPath = invocation.aliases
        var noreplyHosts = invocation.noreplyHosts
        if ConfigText.isRegularFile(invocation.target), let text = try? String(contentsOfFile: invocation.target, encoding: .utf8),
           PipelineFile.looksLikePipeline(text) {
            let loaded = PipelineFile.read(path: invocation.target)
            guard let configuration = loaded.value else {
                throw CommandFailure(status: 2, message: ConfigError(problems: loaded.problems).summaryLine)
            }
            let planned: [PlannedRepository]
            do {
                planned = try BatchPlan.repositories(configuration) { Console.error($0) }
            } catch {
                throw CommandFailure(status: 2, message: "\(error)")
            }
            for repository in planned {
                if let failure = repository.failure {
                    Console.error("\(repository.name): \(failure)")
                } else {
                    repositories.append((repository.name, repository.path, repository.revision))
                }
            }
            aliasesPath = aliasesPath ?? configuration.aliases
            noreplyHosts += configuration.noreplyHosts
        } else {
            repositories = [(invocation.target, invocation.target, nil)]
        }
        let aliases: Aliases
        do {
            aliases = try AttributionFiles.load(roster: nil, aliases: aliasesPath).aliases
        } catch {
            throw CommandFailure(status: 2, message: error.message)
        }
        var observed = ObservedIdentities(aliases: aliases)
        let isPipeline = repositories.count != 1 || repositories.first?.path != invocation.target
        var unreadable: [String] = []
        for repository in repositories {
            // An empty window with the commits outside it delivered: every commit's people, no diffs read.
            let options = IngestOptions(revision: repository.revision, window: TimeWindow(since: CommitRecord.showableTimes.upperBound + 1),
                                        includeOutsideWindow: true)
            do {
                _ = try Ingestor.ingest(repositoryAt: repository.path, options: options) { observed.add($0) }
            } catch {
                // One repository of a pipeline that cannot be read is named and left out, as a batch does.
                guard isPipeline else { throw CommandFailure(status: 2, message: "\(repository.name): \(error)") }
                Console.error("\(repository.name): \(error)")
                unreadable.append(repository.name)
            }
        }
        let finder = DuplicateFinder(platform: PlatformIdentities(noreplyHosts: noreplyHosts))
        let identities = observed.identities
        let (proposals, refused) = finder.proposals(identities)
        try Console.write(report(proposals: proposals, refused: refused, people: identities.count,
                                 repositories: repositories.count - unreadable.count, written: invocation.outputFolder))
        let failure = unreadable.isEmpty ? nil : CommandFailure(
            status: 1, message: "\(Format.count(unreadable.count, "repository", plural: "repositories")) could not be read and \(unreadable.count == 1 ? "is" : "are") left out: \(unreadable.joined(separator: ", "))")
        guard let folder = invocation.outputFolder else {
            if let failure { throw failure }
            return
        }
        let mailmap = proposals.flatMap(\.mailmapLines)
        let mailmapText = "# Proposed by innersource identities: review each line before adding it to .mailmap.\n"
            + mailmap.map { $0 + "\n" }.joined()
        do {
            try AtomicFile.writeAll([(folder + "/" + mailmapFile, Data(mailmapText.utf8)),
                                     (folder + "/" + aliasesFile, Data(DuplicateFinder.aliasesFile(proposals).utf8))])
        } catch {
            throw CommandFailure(status: 2, message: "\(folder): \(error)")
        }
        if let failure { throw failure }
    }

    /// The text printed: each proposed person with the pairs and evidence, the refused pairs, the lines.
    static func report(proposals: [DuplicateProposal], refused: [RefusedPair], people: Int, repositories: Int,
                       written: String?) -> String {
        var lines = ["\(Format.count(people, "address", plural: "addresses")) in \(Format.count(repositories, "repository", plural: "repositories")) read: \(Format.count(proposals.count, "likely duplicate person", plural: "likely duplicate people"))"]
        for proposal in proposals {
            lines.append("")
            lines.append("\(proposal.canonical.display.replacingControlCharacters) also commits as \(proposal.others.joined(separator: ", ").replacingControlCharacters)")
            for pair in proposal.pairs {
                lines.append("  \(pair.rule.rawValue): \(pair.first) and \(pair.second)".replacingControlCharacters)
                for evidence in pair.evidence { lines.append("    - \(evidence.replacingControlCharacters)") }
            }
        }
        if !refused.isEmpty {
            lines.append("")
            lines.append("Not proposed:")
            for pair in refused { lines.append("  \(pair.first) and \(pair.second): \(pair.reason)".replacingControlCharacters) }
        }
        let mailmap = proposals.flatMap(\.mailmapLines)
        if !mailmap.isEmpty {
            lines.append("")
            lines.append(written.map { "Proposed .mailmap lines (also in \($0)/\(mailmapFile), with \(aliasesFile)):" }
                         ?? "Proposed .mailmap lines (write them and an aliases file with --out DIR):")
            lines += mailmap.map { "  " + $0.replacingControlCharacters }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// The addresses of histories with their names and commits, after aliases; bots and agents left out.
struct ObservedIdentities {
    let aliases: Aliases
    let bots = BotRules.standard
    let agents = AgentRules.standard
    private var byEmail: [String: ObservedIdentity] = [:]

    init(aliases: Aliases) {
        self.aliases = aliases
    }

    mutating func add(_ record: CommitRecord) {
        guard !record.isMerge else { return }
        for identity in [record.author.identity] + record.coAuthors {
            let canonical = aliases.resolve(identity)
            guard !canonical.email.isEmpty, canonical.email.contains("@"), !bots.isBot(canonical), !bots.isBot(identity),
                  agents.match(canonical) == .none, agents.match(identity) == .none else { continue }
            let key = canonical.key
            var entry = byEmail[key] ?? ObservedIdentity(email: key, names: [:], commits: 0)
            entry.commits += 1
            entry.names[identity.name, default: 0] += 1
            byEmail[key] = entry
        }
    }

    /// Sorted by e-mail.
    var identities: [ObservedIdentity] { byEmail.values.sorted { $0.email < $1.email } }
}
