import CodeOwners
import InnerSourceModel

/// How well a check is met.
public enum HygieneStatus: String, Hashable, Sendable, Codable, CaseIterable {
    /// Present and doing its job.
    case adequate
    /// Present, but short or missing a part a newcomer needs.
    case thin
    /// Not there.
    case missing
}

/// Where a check found what it looked for: a file, the line (1-based; nil for a path-only match), the
/// line's text, and the keyword that matched.
public struct HygieneEvidence: Hashable, Sendable, Codable {
    public var path: String
    public var line: Int?
    public var excerpt: String
    public var keyword: String?

    public init(path: String, line: Int? = nil, excerpt: String = "", keyword: String? = nil) {
        self.path = path
        self.line = line
        self.excerpt = excerpt
        self.keyword = keyword
    }

    /// `README.md:12: ## Getting started`, or the path alone.
    public var reference: String {
        let place = line.map { "\(path):\($0)" } ?? path
        return excerpt.isEmpty ? place : "\(place): \(excerpt)"
    }
}

/// Which check a `HygieneCheck` is: its id is stable and snake case (`readme_getting_started`).
public enum HygieneCheckID: String, Hashable, Sendable, Codable, CaseIterable {
    case readme
    case readmePurpose = "readme_purpose"
    case readmeGettingStarted = "readme_getting_started"
    case readmeInvolvement = "readme_involvement"
    case contributing
    case contributingBuild = "contributing_build"
    case contributingTest = "contributing_test"
    case contributingSubmit = "contributing_submit"
    case codeowners
    case trustedCommitters = "trusted_committers"
    case communication
    case license
    case issueTemplates = "issue_templates"
    case pullRequestTemplates = "pull_request_templates"
    case tests
    case ci
    case buildSystems = "build_systems"
    case documentedBuild = "documented_build"
}

/// One check: its status, the evidence for it, and a sentence saying what was found or what was looked
/// for and not found.
public struct HygieneCheck: Hashable, Sendable, Codable {
    public var id: HygieneCheckID
    public var status: HygieneStatus
    /// Sorted by path, then line.
    public var evidence: [HygieneEvidence]
    public var note: String

    public init(id: HygieneCheckID, status: HygieneStatus, evidence: [HygieneEvidence] = [], note: String) {
        self.id = id
        self.status = status
        self.evidence = evidence
        self.note = note
    }
}

/// The README: whether it says what the project is for, how to start, and how to get involved.
public struct ReadmeHygiene: Hashable, Sendable, Codable {
    /// `readme`: missing, thin (fewer than ``Hygiene/readmeMinimumLines`` non-empty lines or a part
    /// missing) or adequate.
    public var check: HygieneCheck
    public var path: String?
    public var nonEmptyLines: Int
    /// `readme_purpose`: a paragraph of prose in the first lines.
    public var purpose: HygieneCheck
    /// `readme_getting_started`: a getting-started, installation, usage or build section.
    public var gettingStarted: HygieneCheck
    /// `readme_involvement`: a contributing section, a link to CONTRIBUTING, or an invitation to contribute.
    public var involvement: HygieneCheck
}

/// The contributing guide: whether it says how to build, test and submit a change.
public struct ContributingHygiene: Hashable, Sendable, Codable {
    /// `contributing`: missing, thin (a part missing) or adequate.
    public var check: HygieneCheck
    public var path: String?
    public var nonEmptyLines: Int
    public var build: HygieneCheck
    public var test: HygieneCheck
    public var submit: HygieneCheck
}

/// CODEOWNERS: whether a default rule gives every file an owner.
public struct CodeownersHygiene: Hashable, Sendable, Codable {
    /// `codeowners`: missing (no file), thin (no default rule with an owner) or adequate.
    public var check: HygieneCheck
    public var path: String?
    /// The default rule as written (`* @org/payments`), when there is one.
    public var defaultRule: String?
    public var owners: [String]
}

/// The licence file and, when its first lines tell, its kind.
public struct LicenseHygiene: Hashable, Sendable, Codable {
    /// `license`: missing, thin (an empty file) or adequate.
    public var check: HygieneCheck
    public var path: String?
    /// `MIT`, `Apache-2.0`, `GPL-3.0`, `BSD-3-Clause`, `proprietary`, ...; nil when not recognised.
    public var kind: String?
}

/// Tests found by the conventions of common languages.
public struct TestHygiene: Hashable, Sendable, Codable {
    /// `tests`: adequate with at least one test path, else missing.
    public var check: HygieneCheck
    /// Paths that are tests or live in a test folder.
    public var files: Int
    /// Test folders (`Tests/`, `src/test/`), sorted.
    public var folders: [String]
    /// The first ``Hygiene/maximumTestExamples`` test paths, sorted.
    public var examples: [String]
    /// Files of code (by extension: `.swift`, `.java`, `.py`, `.go`, ...) that are not tests, outside
    /// vendored folders: a repository without any has nothing to test.
    public var codeFiles: Int
}

/// A tool found by its files: a CI system or a build system.
public struct DetectedTool: Hashable, Sendable, Codable {
    public var name: String
    /// The files or folders that show it, sorted, at most ``Hygiene/maximumToolPaths``.
    public var paths: [String]

    public init(name: String, paths: [String]) {
        self.name = name
        self.paths = paths
    }
}

/// CI systems or build systems found in the paths at HEAD.
public struct ToolHygiene: Hashable, Sendable, Codable {
    /// `ci` or `build_systems`: adequate when any was found, else missing.
    public var check: HygieneCheck
    /// Sorted by name.
    public var tools: [DetectedTool]
}

/// Standard documentation and repository hygiene at HEAD, from the paths and documents alone.
public struct HygieneReport: Hashable, Sendable, Codable {
    public var readme: ReadmeHygiene
    public var contributing: ContributingHygiene
    public var codeowners: CodeownersHygiene
    /// `trusted_committers`: a TRUSTED-COMMITTERS, MAINTAINERS or OWNERS file, or a README/CONTRIBUTING
    /// section on trusted committers or maintainers.
    public var trustedCommitters: HygieneCheck
    /// `communication`: a named channel in COMMUNICATION, SUPPORT, README or CONTRIBUTING.
    public var communication: HygieneCheck
    public var license: LicenseHygiene
    /// `issue_templates`: GitHub's or GitLab's issue templates.
    public var issueTemplates: HygieneCheck
    /// `pull_request_templates`: GitHub's pull-request or GitLab's merge-request templates.
    public var pullRequestTemplates: HygieneCheck
    public var tests: TestHygiene
    public var ci: ToolHygiene
    public var buildSystems: ToolHygiene
    /// `documented_build`: README, CONTRIBUTING or a build document says how to build.
    public var documentedBuild: HygieneCheck
    /// The people the repository names as its maintainers: personal owners in CODEOWNERS (`@user` handles
    /// and e-mails, in any rule) and the handles and e-mails of the trusted-committers file or section;
    /// lower-cased, sorted. Team handles (`@org/team`) name no person and are left out.
    public var namedMaintainers: [String] = []

    /// Every check, parts after their whole, in a fixed order.
    public var checks: [HygieneCheck] {
        [readme.check, readme.purpose, readme.gettingStarted, readme.involvement,
         contributing.check, contributing.build, contributing.test, contributing.submit,
         codeowners.check, trustedCommitters, communication, license.check, issueTemplates, pullRequestTemplates,
         tests.check, ci.check, buildSystems.check, documentedBuild]
    }
}

/// Assesses documentation and hygiene. Pure: the same paths and documents give the same report.
public enum Hygiene {
    /// A README with fewer non-empty lines than this is thin.
    public static let readmeMinimumLines = 10
    /// The purpose statement is looked for in the README's first lines...
    public static let purposeLineWindow = 25
    /// ...as a paragraph of prose (not a heading, badge, list or code) of at least this many words.
    public static let purposeMinimumWords = 6
    /// Evidence entries kept per check.
    public static let maximumEvidence = 3
    /// Paths kept per detected tool, and test folders kept.
    public static let maximumToolPaths = 10
    /// Test paths kept as examples.
    public static let maximumTestExamples = 5

    /// Every check, from the paths at HEAD (sorted or not) and the documents read in full there.
    public static func assess(paths: [String], documents: [HeadDocument]) -> HygieneReport {
        let library = HygieneLibrary(documents)
        let readme = HygieneReadme.assess(library.first(["README"]))
        let contributing = HygieneContributing.assess(library.first(["CONTRIBUTING"]))
        let buildTools = HygieneTools.detect(paths, rules: HygieneTools.buildRules)
        let ciTools = HygieneTools.detect(paths, rules: HygieneTools.ciRules)
        return HygieneReport(
            readme: readme,
            contributing: contributing,
            codeowners: HygieneCodeowners.assess(documents),
            trustedCommitters: HygieneGovernance.trustedCommitters(library),
            communication: HygieneGovernance.communication(library),
            license: HygieneLicense.assess(library.first(["LICENSE", "LICENCE", "COPYING"])),
            issueTemplates: HygieneTemplates.issueTemplates(paths),
            pullRequestTemplates: HygieneTemplates.pullRequestTemplates(paths),
            tests: HygieneTestFiles.assess(paths),
            ci: ToolHygiene(check: HygieneTools.check(id: .ci, found: ciTools, what: "CI configuration",
                                                      lookedFor: HygieneTools.ciLookedFor),
                            tools: ciTools),
            buildSystems: ToolHygiene(check: HygieneTools.check(id: .buildSystems, found: buildTools, what: "build system",
                                                                lookedFor: HygieneTools.buildLookedFor),
                                      tools: buildTools),
            documentedBuild: HygieneBuildInstructions.assess(library),
            namedMaintainers: HygieneGovernance.namedMaintainers(library, codeowners: CodeOwnersFile(in: documents))
        )
    }

    /// Every check, from a repository's snapshot.
    public static func assess(_ snapshot: RepositorySnapshot) -> HygieneReport {
        assess(paths: snapshot.paths, documents: snapshot.documents)
    }

    /// Keeps the first ``maximumEvidence`` entries in path and line order.
    static func sorted(_ evidence: [HygieneEvidence]) -> [HygieneEvidence] {
        Array(evidence.sorted { ($0.path, $0.line ?? 0) < ($1.path, $1.line ?? 0) }.prefix(maximumEvidence))
    }
}

/// The documents at HEAD, found by base name in ``DocumentLocations/folders`` order.
struct HygieneLibrary: Sendable {
    var documents: [HeadDocument]

    init(_ documents: [HeadDocument]) {
        self.documents = documents
    }

    /// Extensions in order of preference: a reader's README.md before README.de.md or README.txt.
    static let extensionPreference = [".md", ".markdown", ".rst", ".adoc", ".asciidoc", ".txt", "", ".org"]

    /// Every document whose base name is one of `stems`, best first.
    func all(_ stems: Set<String>) -> [HeadDocument] {
        func rank(_ document: HeadDocument) -> (Int, Int, String) {
            let (folder, stem, file) = DocumentLocations.split(document.path)
            let folderRank = DocumentLocations.folders.firstIndex(of: folder) ?? DocumentLocations.folders.count
            let suffix = String(file.dropFirst(stem.count)).lowercased()
            let extensionRank = Self.extensionPreference.firstIndex(of: suffix) ?? Self.extensionPreference.count
            return (folderRank, extensionRank, document.path)
        }
        return documents.filter {
            let (folder, stem, _) = DocumentLocations.split($0.path)
            return stems.contains(stem) && DocumentLocations.folders.contains(folder)
        }.sorted { rank($0) < rank($1) }
    }

    func first(_ stems: Set<String>) -> HeadDocument? { all(stems).first }
}

extension HygieneReport {
    /// The report without the quoted lines of documents (they may name people): paths and line numbers
    /// stay. Used when pseudonymizing.
    public func withoutExcerpts() -> HygieneReport {
        func clear(_ check: HygieneCheck) -> HygieneCheck {
            var copy = check
            copy.evidence = check.evidence.map { HygieneEvidence(path: $0.path, line: $0.line, excerpt: "", keyword: $0.keyword) }
            return copy
        }
        var report = self
        report.readme.check = clear(readme.check)
        report.readme.purpose = clear(readme.purpose)
        report.readme.gettingStarted = clear(readme.gettingStarted)
        report.readme.involvement = clear(readme.involvement)
        report.contributing.check = clear(contributing.check)
        report.contributing.build = clear(contributing.build)
        report.contributing.test = clear(contributing.test)
        report.contributing.submit = clear(contributing.submit)
        report.codeowners.check = clear(codeowners.check)
        report.trustedCommitters = clear(trustedCommitters)
        report.communication = clear(communication)
        report.license.check = clear(license.check)
        report.issueTemplates = clear(issueTemplates)
        report.pullRequestTemplates = clear(pullRequestTemplates)
        report.tests.check = clear(tests.check)
        report.ci.check = clear(ci.check)
        report.buildSystems.check = clear(buildSystems.check)
        report.documentedBuild = clear(documentedBuild)
        return report
    }
}
