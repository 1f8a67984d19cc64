import InnerSourceModel

/// An answer of the readiness checklist.
public enum Verdict: String, Hashable, Sendable, Codable { case yes, partly, no, unknown }

/// A question of the readiness checklist: the questions every InnerSource effort must answer, in the order
/// the checklist asks them. The raw value is the stable id outputs carry.
public enum ReadinessQuestion: String, Hashable, Sendable, Codable, CaseIterable {
    case openCulture = "open_culture"
    case resourcing
    case openSource = "open_source"
    case sharedPlatform = "shared_platform"
    case practiceOpenCollaboration = "practice_open_collaboration"
    case practiceModularTestable = "practice_modular_testable"
    case practiceCoreTeam = "practice_core_team"

    /// The question as a manager reads it.
    public var text: String {
        switch self {
        case .openCulture: return "Is our culture open and transparent?"
        case .resourcing: return "Are we well resourced, or do hard deadlines rule?"
        case .openSource: return "Do we contribute back to the open-source community?"
        case .sharedPlatform: return "Do we run one shared platform or a variety?"
        case .practiceOpenCollaboration: return "Key practice: open collaboration"
        case .practiceModularTestable: return "Key practice: modular and testable architecture"
        case .practiceCoreTeam: return "Key practice: a strong core team"
        }
    }
}

/// One question of the readiness checklist, answered with the evidence and the next step.
public struct ChecklistItem: Hashable, Sendable, Codable {
    public var id: ReadinessQuestion
    /// The question's text, as outputs show it.
    public var question: String
    public var verdict: Verdict
    public var evidence: [String]
    public var nextStep: String

    public init(_ id: ReadinessQuestion, verdict: Verdict, evidence: [String], nextStep: String) {
        self.id = id
        self.question = id.text
        self.verdict = verdict
        self.evidence = evidence
        self.nextStep = nextStep
    }

    /// How a signal's evidence line starts: `yes: ` when the signal is met, `no: ` when it is not.
    public static func signalPrefix(met: Bool) -> String { met ? "yes: " : "no: " }

    /// The evidence with the unmet signals (`no: `) first, each group in its own order: what explains a
    /// `partly` or a `no` comes before what is fine already.
    public var evidenceUnmetFirst: [String] {
        let unmet = Self.signalPrefix(met: false)
        return evidence.filter { $0.hasPrefix(unmet) } + evidence.filter { !$0.hasPrefix(unmet) }
    }
}

/// The readiness checklist of one repository or of the whole run, and what git cannot show.
public struct Checklist: Hashable, Sendable, Codable {
    public var scope: String
    public var items: [ChecklistItem]
    public var cannotShow: [String]
}

/// What one repository contributes to the readiness checklist (plain values: scoring stays pure).
public struct ReadinessInput: Sendable, Codable {
    public var repository: String
    public var crossTeam: CrossTeamFigures
    public var concentration: ConcentrationFigures
    public var rhythm: WorkRhythm
    public var documentation: DocumentationSignals
    /// Remote URLs (credentials already removed).
    public var remotes: [String]
    /// People on a roster team (not unaffiliated) made commits here: known only with a roster.
    public var rosterGiven: Bool
    public var commitsByRosterPeople: Int
    /// Commits with a `Reviewed-by` trailer: reviews git can see.
    public var reviewedCommits: Int

    public init(repository: String, crossTeam: CrossTeamFigures, concentration: ConcentrationFigures, rhythm: WorkRhythm,
                documentation: DocumentationSignals, remotes: [String], rosterGiven: Bool, commitsByRosterPeople: Int,
                reviewedCommits: Int) {
        self.repository = repository
        self.crossTeam = crossTeam
        self.concentration = concentration
        self.rhythm = rhythm
        self.documentation = documentation
        self.remotes = remotes
        self.rosterGiven = rosterGiven
        self.commitsByRosterPeople = commitsByRosterPeople
        self.reviewedCommits = reviewedCommits
    }
}

/// Answers the questions every InnerSource effort must answer, per repository and over the run.
public enum Readiness {
    /// Hosts whose repositories are usually public.
    public static let publicHosts = ["github.com", "gitlab.com", "bitbucket.org", "codeberg.org", "git.sr.ht",
                                     "sourceforge.net", "gitee.com", "salsa.debian.org", "gitlab.gnome.org",
                                     "gitlab.freedesktop.org", "invent.kde.org", "git.kernel.org", "go.googlesource.com",
                                     "chromium.googlesource.com", "android.googlesource.com"]

    public static let cannotShow = [
        "Reviews on a hosting platform, unless recorded in commits as Reviewed-by trailers.",
        "Pairing and help that no Co-authored-by trailer names.",
        "Contributions to repositories that were not analysed, and work that never reached a commit.",
        "Who is allowed to merge: git shows who committed, not who had the right to.",
    ]

    /// The host of a remote URL (`https://host/...`, `ssh://git@host/...`, `git@host:path`), lower-cased; nil
    /// for a local path or a `file://` URL, which name no host.
    static func host(of url: String) -> String? {
        if let scheme = url.range(of: "://") {
            let rest = url[scheme.upperBound...]
            let authority = rest.prefix { $0 != "/" }
            let hostPart = authority.split(separator: "@").last.map(String.init) ?? String(authority)
            return hostPart.split(separator: ":").first.map { $0.lowercased() }.flatMap { $0.isEmpty ? nil : $0 }
        }
        if let at = url.firstIndex(of: "@"), let colon = url[at...].firstIndex(of: ":") {
            return String(url[url.index(after: at)..<colon]).lowercased()
        }
        return nil
    }

    /// Marked open source (an open-source licence at HEAD) or hosted where repositories are public.
    static func isPublic(_ input: ReadinessInput) -> Bool {
        input.documentation.openSourceLicense || onPublicHost(input)
    }

    static func onPublicHost(_ input: ReadinessInput) -> Bool {
        input.remotes.contains { url in host(of: url).map { publicHosts.contains($0) } ?? false }
    }

    static func openSourceReason(_ input: ReadinessInput) -> String {
        var reasons: [String] = []
        if input.documentation.openSourceLicense { reasons.append("marked open source by its licence") }
        if onPublicHost(input) {
            reasons.append("hosted on " + Set(input.remotes.compactMap(host(of:)).filter { publicHosts.contains($0) }).sorted().joined(separator: ", "))
        }
        return "open source: " + reasons.joined(separator: " and ")
    }

    static func verdict(_ passed: Int, of total: Int) -> Verdict {
        guard total > 0 else { return .unknown }
        return passed == total ? .yes : passed == 0 ? .no : .partly
    }

    static func percent(_ share: Double?) -> String {
        share.map(Format.percent) ?? "-"
    }

    // MARK: per repository

    /// The checklist of one repository at the standard thresholds.
    public static func checklist(for input: ReadinessInput) -> Checklist {
        checklist(for: input, thresholds: .standard)
    }

    /// - Parameter thresholds: the values the answers go by (``ReadinessThresholds``).
    public static func checklist(for input: ReadinessInput, thresholds: ReadinessThresholds) -> Checklist {
        let t = thresholds
        // Without a commit in the window, every signal from history is unknown, and so is every answer that
        // needs one: documents alone say nothing of a culture or a team.
        let active = input.crossTeam.commits > 0
        var items: [ChecklistItem] = []
        let docs = input.documentation, cross = input.crossTeam, conc = input.concentration
        let contributions = cross.contributions, landing = contributions.landing, requests = cross.changeRequests

        // 1. Open and transparent.
        var checks: [(Bool, String)] = [
            (docs.readme == .adequate && docs.contributing == .adequate,
             "README \(docs.readme.rawValue), contributing guide \(docs.contributing.rawValue)"),
        ]
        if active {
            checks.append(((contributions.crossTeamShare ?? 0) >= t.crossTeamShare,
                           "\(percent(contributions.crossTeamShare)) of \(contributions.noun) from other teams (aim: \(aimPercent(t.crossTeamShare)) or more)"))
            checks.append((landing.ownerLanded + landing.platformLanded > 0,
                           "\(landing.ownerLanded) outsiders' \(contributions.noun) landed by owners, \(landing.platformLanded) through the platform"))
            if let acceptance = requests.acceptanceRatio {
                checks.append((acceptance >= t.acceptanceRatio, "\(percent(acceptance)) of other teams' change requests that were decided landed "
                               + "(\(requests.crossTeamLanded) landed, \(requests.crossTeamDeclined) declined; aim: \(t.acceptanceRatio == 0.5 ? "half" : aimPercent(t.acceptanceRatio)) or more)"))
            }
        }
        items.append(item(.openCulture, checks, active: active,
                          next: "Write down how to contribute (CONTRIBUTING), and land other teams' changes through the owners."))

        // 2. Resourcing: from the maintainers git can show, the onion as supporting evidence.
        let maintainers = maintainersShown(input, aim: t.maintainers)
        var resourcing: [(Bool, String)] = []
        if active {
            resourcing.append((maintainers.count >= t.maintainers, maintainers.evidence))
            resourcing.append(((conc.truckFactor ?? 0) >= t.truckFactor, "truck factor \(conc.truckFactor.map(String.init) ?? "-")"))
            resourcing.append(((conc.busFactor ?? 0) >= t.busFactor, "bus factor \(conc.busFactor.map(String.init) ?? "-")"))
            resourcing.append(((input.rhythm.outsideWorkingHoursShare ?? 0) <= t.outsideWorkingHoursShare,
                               "\(percent(input.rhythm.outsideWorkingHoursShare)) of commits outside \(t.workingHoursText) on weekdays" + aim(t.outsideWorkingHoursShare, .outsideWorkingHoursShare)))
            resourcing.append(((input.rhythm.weekendShare ?? 0) <= t.weekendShare, "\(percent(input.rhythm.weekendShare)) of commits at weekends" + aim(t.weekendShare, .weekendShare)))
            if let burst = input.rhythm.releaseBurstRatio {
                resourcing.append((burst < t.releaseBurstRatio, "the week before a release has \(Format.twoDecimals(burst))x the usual commits"))
            }
        }
        var resourcingItem = item(.resourcing, resourcing, active: active,
                                  next: "Share maintenance across at least two active maintainers and watch out-of-hours work before releases.")
        if active { resourcingItem.evidence.append(onionNote(conc)) }
        items.append(resourcingItem)

        // 3. Open source.
        let publicRepository = isPublic(input)
        var openSource = ChecklistItem(.openSource, verdict: .unknown, evidence: [],
                                       nextStep: "Analyse the open-source projects you use, with your roster, to see your people's contributions.")
        if !publicRepository {
            openSource.evidence = ["neither marked open source (no open-source licence at HEAD) nor on a public host (remotes: \(input.remotes.isEmpty ? "none" : input.remotes.joined(separator: ", ")))"]
        } else if !input.rosterGiven {
            openSource.evidence = [openSourceReason(input) + ", but without a roster nothing tells which contributors are ours"]
            openSource.nextStep = "Run with --roster to tell your people from everyone else's."
        } else if !active {
            openSource.evidence = [openSourceReason(input), noHistory]
        } else {
            openSource.verdict = input.commitsByRosterPeople > 0 ? .yes : .no
            openSource.evidence = [openSourceReason(input), "\(input.commitsByRosterPeople) commits by people on our teams"]
        }
        items.append(openSource)

        // 4. Shared platform: answered over the run; here, what this repository uses.
        let hosts = Set(input.remotes.compactMap(host(of:))).sorted()
        items.append(ChecklistItem(
            .sharedPlatform, verdict: .unknown,
            evidence: ["hosts: \(hosts.isEmpty ? unknownHosts : hosts.joined(separator: ", "))",
                       "CI: \(docs.ciSystems.isEmpty ? "none found" : docs.ciSystems.joined(separator: ", "))",
                       "build: \(docs.buildSystems.isEmpty ? "none found" : docs.buildSystems.joined(separator: ", "))"],
            nextStep: "Answered over all repositories: run the batch over the organisation."))

        // Practices.
        var collaboration: [(Bool, String)] = [(docs.contributing == .adequate, "contributing guide \(docs.contributing.rawValue)")]
        if active {
            collaboration.append((contributions.crossTeam > 0, "\(contributions.counted(contributions.crossTeam, crossTeam: true)) from \(cross.contributingTeams.count) other team(s)"))
            collaboration.append((landing.ownerLanded + landing.platformLanded > 0, "owners or the platform landed \(landing.ownerLanded + landing.platformLanded) of them"))
        }
        items.append(item(.practiceOpenCollaboration, collaboration, active: active,
                          next: "Invite other teams' changes and land them through trusted committers."))
        // Tests, CI and the build are at HEAD: answered without history.
        items.append(item(.practiceModularTestable, [
            (docs.tests, docs.tests ? "tests present" : "no tests found"),
            (!docs.ciSystems.isEmpty, docs.ciSystems.isEmpty ? "no CI configuration" : "CI: " + docs.ciSystems.joined(separator: ", ")),
            (docs.buildDocumented, docs.buildDocumented ? "the build is documented" : "the build is not documented"),
        ], active: true, next: "Add tests and CI, and document the build so that outsiders can change the code safely."))
        var core: [(Bool, String)] = [(docs.codeownersDefaultRule || docs.trustedCommitters,
                                       "owners named: CODEOWNERS default rule \(docs.codeownersDefaultRule ? "yes" : "no"), trusted committers \(docs.trustedCommitters ? "yes" : "no")")]
        if active {
            core.append((maintainers.count >= t.maintainers, maintainers.evidence))
            core.append((conc.inactiveCore.isEmpty, conc.inactiveCore.isEmpty
                         ? "everyone of the onion's core (the people who made 80% of the commits) committed in the last \(t.inactiveCoreDays) days"
                         : "of the onion's core, no commit in the last \(t.inactiveCoreDays) days: " + conc.inactiveCore.prefix(3).joined(separator: ", ")))
            core.append(((conc.truckFactor ?? 0) >= t.truckFactor, "truck factor \(conc.truckFactor.map(String.init) ?? "-")"))
        }
        items.append(item(.practiceCoreTeam, core, active: active, next: "Name the trusted committers and grow the core beyond one person."))

        var cannot = [declinedNote(input.crossTeam.changeRequests)] + cannotShow
        cannot.append("\(input.reviewedCommits) commit(s) here carry a Reviewed-by trailer; other reviews are invisible to git.")
        return Checklist(scope: input.repository, items: items, cannotShow: cannot)
    }

    /// The evidence line of an answer that history must give when the window holds no commit.
    static let noHistory = "no commits in the window: the signals from history are unknown"

    /// What the evidence says of hosts when no remote has one (none, or local paths).
    static let unknownHosts = "unknown (no remote, or only local paths)"

    /// The maintainers git can show: people named in CODEOWNERS or the committers file, and people who land
    /// others' work; a person counted once when an e-mail shows them in both.
    static func maintainersShown(_ input: ReadinessInput, aim: Int = ReadinessThresholds.standard.maintainers) -> (count: Int, evidence: String) {
        let named = input.documentation.namedMaintainers
        let landers = input.concentration.landers.filter { display in
            guard let open = display.lastIndex(of: "<") else { return true }
            return !named.contains(String(display[display.index(after: open)...].dropLast()).lowercased())
        }
        func list(_ people: [String]) -> String {
            people.isEmpty ? "none" : people.prefix(3).joined(separator: ", ") + (people.count > 3 ? ", and \(people.count - 3) more" : "")
        }
        let count = named.count + landers.count
        return (count, Format.count(count, "maintainer") + " git can show (aim: \(aim) or more): named in CODEOWNERS or a committers file: "
                + list(named) + "; landing others' work: " + list(input.concentration.landers))
    }

    /// Nothing for a threshold at its default (the evidence reads as it always did); else `(aim: at most 30%)`.
    static func aim(_ value: Double, _ threshold: ReadinessThreshold) -> String {
        value == ReadinessThresholds.standard[threshold] ? "" : " (aim: at most \(aimPercent(value)))"
    }

    /// A threshold's share as people write it: `10%`, `12.5%`.
    static func aimPercent(_ share: Double) -> String {
        let hundredths = (share * 100_000).rounded() / 1000
        return hundredths == hundredths.rounded() ? "\(Int(hundredths))%" : Format.percent(share)
    }

    /// The onion as supporting evidence: counted in no verdict.
    static func onionNote(_ figures: ConcentrationFigures) -> String {
        "note: " + Format.count(figures.core.count, "person", plural: "people") + " made 80% of the commits (the onion's core), "
            + "\(figures.regular) the next 15%, \(figures.casual) the rest"
    }

    static func item(_ question: ReadinessQuestion, _ checks: [(Bool, String)], active: Bool, next: String) -> ChecklistItem {
        let verdict = active ? verdict(checks.filter(\.0).count, of: checks.count) : .unknown
        var evidence = checks.map { ChecklistItem.signalPrefix(met: $0.0) + $0.1 }
        if !active { evidence.append(noHistory) }
        return ChecklistItem(question, verdict: verdict, evidence: evidence, nextStep: verdict == .yes ? "Keep it so." : next)
    }

    // MARK: over the run

    public static func checklist(overall inputs: [ReadinessInput], repositoryLists: [Checklist]) -> Checklist {
        var items: [ChecklistItem] = []
        for question in ReadinessQuestion.allCases {
            if question == .sharedPlatform {
                items.append(platform(inputs))
                continue
            }
            let answers = repositoryLists.compactMap { $0.items.first { $0.id == question } }
            let known = answers.filter { $0.verdict != .unknown }
            let yes = known.filter { $0.verdict == .yes }.count, no = known.filter { $0.verdict == .no }.count
            let verdict: Verdict = known.isEmpty ? .unknown : yes == known.count ? .yes : no == known.count ? .no : .partly
            var evidence = ["\(yes) of \(known.count) repositories answer yes, \(no) no, \(known.count - yes - no) partly; \(answers.count - known.count) unknown"]
            // The repositories behind the verdict: those answering no, then partly, then unknown, by name.
            for (answer, label) in [(Verdict.no, "no"), (.partly, "partly"), (.unknown, "unknown")] {
                let names = zip(repositoryLists, answers).filter { $0.1.verdict == answer }.map(\.0.scope).sorted()
                guard !names.isEmpty else { continue }
                evidence.append("answering \(label): " + names.prefix(namedRepositories).joined(separator: ", ")
                                + (names.count > namedRepositories ? " and \(names.count - namedRepositories) more" : ""))
            }
            let next = answers.first { $0.verdict != .yes }?.nextStep ?? "Keep it so."
            items.append(ChecklistItem(question, verdict: verdict, evidence: evidence, nextStep: next))
        }
        let kept = inputs.filter { $0.crossTeam.changeRequests.headsFound > 0 }.count
        let declined = kept == inputs.count && kept > 0
            ? "Declined contributions: every repository keeps its request heads, so proposals that never landed are counted; "
                + "requests whose heads were deleted are invisible."
            : "Declined contributions: \(kept) of \(Format.count(inputs.count, "repository", plural: "repositories")) keep their pull or "
                + "merge request heads, where proposals that never landed are counted; elsewhere they are invisible. " + fetchHeads
        return Checklist(scope: "all repositories", items: items, cannotShow: [declined] + cannotShow)
    }

    /// Repositories a run-level answer names for each verdict, at most.
    static let namedRepositories = 8

    /// How to keep the heads that show proposals which never landed.
    static let fetchHeads = "Mirror with the heads kept (git clone --mirror, or the refspecs +refs/pull/*:refs/pull/* on GitHub "
        + "and +refs/merge-requests/*:refs/merge-requests/* on GitLab) to count them."

    /// What this repository shows of proposals that never landed.
    static func declinedNote(_ requests: ChangeRequestFigures) -> String {
        guard requests.headsFound > 0 else {
            return "Declined contributions: this clone keeps no pull or merge request heads, so proposals that never landed "
                + "are invisible. " + fetchHeads
        }
        return "Declined contributions: \(Format.count(requests.headsFound, "request head")) kept here; the "
            + "\(requests.declined + requests.pending) in the window that did not land are counted (\(requests.declined) declined, "
            + "\(requests.pending) pending). git cannot tell an open request from one closed without merging: age decides. "
            + "Requests whose heads were deleted are invisible."
    }

    static func platform(_ inputs: [ReadinessInput]) -> ChecklistItem {
        let hosts = Set(inputs.flatMap { $0.remotes.compactMap(host(of:)) }).sorted()
        let ci = Set(inputs.flatMap(\.documentation.ciSystems)).sorted()
        let build = Set(inputs.flatMap(\.documentation.buildSystems)).sorted()
        let verdict: Verdict
        if inputs.count < 2 || (hosts.isEmpty && ci.isEmpty) {
            verdict = .unknown
        } else if hosts.isEmpty {
            // Hosts unknown is not one host: the CI systems alone can only show a variety.
            verdict = ci.count > 2 ? .no : ci.count == 2 ? .partly : .unknown
        } else if hosts.count <= 1 && ci.count <= 1 {
            verdict = .yes
        } else if hosts.count <= 2 && ci.count <= 2 {
            verdict = .partly
        } else {
            verdict = .no
        }
        return ChecklistItem(
            .sharedPlatform, verdict: verdict,
            evidence: ["\(inputs.count) repositories", "hosts: \(hosts.isEmpty ? unknownHosts : hosts.joined(separator: ", "))",
                       "CI systems: \(ci.isEmpty ? "none" : ci.joined(separator: ", "))",
                       "build systems: \(build.isEmpty ? "none" : build.joined(separator: ", "))"],
            nextStep: verdict == .yes ? "Keep it so." : inputs.count < 2 ? "Analyse all repositories together to answer this."
                : "Converge on one code host and one CI system, so that moving between teams' code costs nothing.")
    }
}
