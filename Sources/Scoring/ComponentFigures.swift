import InnerSourceModel

/// What one commit changed of one component: a compact record kept beside the attributed commit.
public struct ComponentTouch: Sendable, Hashable {
    /// The component's index (`ComponentRules.rules`), or the unowned pseudo-component's (`rules.count`).
    public var component: Int32
    public var linesAdded: Int32
    public var linesDeleted: Int32

    public init(component: Int32, linesAdded: Int32, linesDeleted: Int32) {
        self.component = component
        self.linesAdded = linesAdded
        self.linesDeleted = linesDeleted
    }

    /// The components a commit's changed files fall in, each once with the lines of its files.
    /// - Parameter component: the component of a path (the caller memoises it by path).
    public static func touches(of files: [FileChange], component: (String) -> Int32) -> [ComponentTouch] {
        var touches: [ComponentTouch] = []
        for file in files {
            let index = component(file.path)
            let added = Int32(clamping: file.lines.added), deleted = Int32(clamping: file.lines.deleted)
            if let position = touches.firstIndex(where: { $0.component == index }) {
                touches[position].linesAdded &+= added
                touches[position].linesDeleted &+= deleted
            } else {
                touches.append(ComponentTouch(component: index, linesAdded: added, linesDeleted: deleted))
            }
        }
        return touches
    }
}

/// One component's figures in the window (docs/DEFINITIONS.md, "Components"): the figures a repository has,
/// over the commits that changed a file of the component (a commit touching several counts once for each).
public struct ComponentFigures: Hashable, Sendable, Codable {
    public var component: String
    /// `FILE:LINE` of the rule (or `components:NAME`, or the folder); nil for the unowned paths.
    public var rule: String?
    /// Where the rule comes from: `config`, `codeowners`, `owners`, `catalog`, `folders`; `none` for unowned paths.
    public var ruleSource: String
    public var declaredOwners: [String] = []
    /// The file the rule stands in, its 1-based line, and its pattern as written (`FOLDER/` for an OWNERS
    /// file or a descriptor); nil for the unowned paths (and file and line for rules without them).
    public var ruleFile: String?
    public var ruleLine: Int?
    public var pattern: String?
    public var ownerTeam: Team?
    /// How the owning team was decided: the rule's source when a declared owner maps to a team, else
    /// `inferred` (most commits under the component), `none` for the unowned paths.
    public var ownerSource: String
    public var ownerClose = false
    public var ownerEvidence: String
    /// Files at HEAD in the component.
    public var files = 0
    public var commits = 0
    public var linesAdded = 0
    public var linesDeleted = 0
    public var crossTeamCommits = 0
    public var crossTeamShare: Double?
    public var contributingTeams: [Team] = []
    public var contributors = 0
    public var busFactor: Int?
    public var truckFactor: Int?
    /// Who landed the cross-team commits; `busiestCommitterShare` is the gatekeeper share.
    public var landing = LandingFigures()
    public var monthly: [MonthlyFigures] = []
    /// Declared against actual: the rule's verdict and its evidence; nil for folder components (no rule
    /// declares them).
    public var declared: RuleOwnership?
    /// Team flows into the component's owning team (the rows of `component_flows.csv`): commits and the
    /// component's lines from each contributing team, person counts under the minimum group size left out.
    public var flows: [TeamFlow] = []
    /// Landed change requests in the window (people's, not bots') with a commit that changed a file of the
    /// component, and those cross-team against the component's owner. Requests that did not land are not
    /// placed (their files are not read into components).
    public var changeRequests = 0
    public var crossTeamChangeRequests = 0

    public init(component: String, rule: String?, ruleSource: String, declaredOwners: [String], ownership: Ownership?,
                ownerSource: String) {
        self.component = component
        self.rule = rule
        self.ruleSource = ruleSource
        self.declaredOwners = declaredOwners
        self.ownerTeam = ownership?.team
        self.ownerSource = ownerSource
        self.ownerClose = ownership?.close ?? false
        self.ownerEvidence = ownership?.evidence ?? "no rule covers these paths"
    }

    /// Measures the component over `commits` (those that changed one of its files, with `touches` the
    /// component's share of each), `files` and `truck` over its files at HEAD.
    public mutating func measure(_ commits: [AttributedCommit], touches: [ComponentTouch], files: Int,
                                 truck: (factor: Int?, people: [String], files: Int), since: Int64?, windowEnd: Int64) {
        self.files = files
        let figures = CrossTeam.figures(commits, owner: ownerTeam)
        self.commits = figures.commits
        for (commit, touch) in zip(commits, touches) where commit.inWindow && !commit.isMerge && !commit.isBot {
            linesAdded += Int(touch.linesAdded)
            linesDeleted += Int(touch.linesDeleted)
        }
        crossTeamCommits = figures.crossTeamCommits
        crossTeamShare = figures.crossTeamShare
        contributingTeams = figures.contributingTeams
        contributors = figures.contributors
        landing = figures.landing
        busFactor = Concentration.figures(commits, windowEnd: windowEnd, truck: truck).busFactor
        truckFactor = truck.factor
        monthly = commits.isEmpty ? [] : CrossTeam.monthly(commits, owner: ownerTeam, since: since, through: windowEnd)
    }

    /// Counts the component's landed change requests, cross-team against its own owner.
    public mutating func measureChangeRequests(_ requests: [ChangeRequest]) {
        changeRequests = requests.count
        crossTeamChangeRequests = ownerTeam == nil ? 0 : requests.filter { request in
            ([request.proposer] + request.coAuthors).contains { $0.team != ownerTeam && !$0.team.isUnaffiliated }
        }.count
    }

    /// The team flows into the component's owner over `commits`, each commit's lines replaced by the
    /// component's share (`touches`).
    public mutating func measureFlows(_ commits: [AttributedCommit], touches: [ComponentTouch], repository: String,
                                      minimumGroupSize: Int?) {
        var table = TeamFlowTable()
        let own = zip(commits, touches).map { commit, touch -> AttributedCommit in
            var copy = commit
            copy.linesAdded = Int(touch.linesAdded)
            copy.linesDeleted = Int(touch.linesDeleted)
            return copy
        }
        table.add(repository: repository, commits: own, owner: ownerTeam)
        flows = table.flows(minimumGroupSize: minimumGroupSize)
    }

    /// The name of the pseudo-component of the paths no rule owns.
    public static let unownedName = "(unowned)"
}
