import Attribution
import Components
import InnerSourceModel
import Scoring

extension Analyzer {
    /// The repository's component rules at HEAD (its documents and ownership files, the run's configured
    /// components and folder depth), ready to place paths; nil when it has none.
    static func componentLookup(snapshot: RepositorySnapshot, ownership: [HeadDocument], options: RunOptions) -> ComponentLookup? {
        var documents = snapshot.documents
        let known = Set(documents.map(\.path))
        documents += ownership.filter { !known.contains($0.path) }
        guard let rules = ComponentRules(documents: documents, configured: options.components,
                                         folderDepth: options.componentDepth, headPaths: snapshot.paths),
              !rules.rules.isEmpty else { return nil }
        return ComponentLookup(rules)
    }

    /// Each component's files at HEAD and truck factor over them, from the history's authorship.
    struct ComponentFiles {
        var files: [Int32: Int] = [:]
        var truck: [Int32: (factor: Int?, people: [String], files: Int)] = [:]

        init() {}

        init(lookup: inout ComponentLookup, snapshot: RepositorySnapshot, authorship: AuthorshipTally) {
            var paths: [Int32: [String]] = [:]
            for path in snapshot.paths { paths[lookup.component(of: path), default: []].append(path) }
            for (component, list) in paths {
                files[component] = list.count
                truck[component] = authorship.truckFactor(headPaths: list, binaryPaths: snapshot.binaryPaths)
            }
        }
    }

    /// The figures of every component, and of the unowned paths when there are any (at HEAD or in the
    /// window). Each commit counts once for each component it touched.
    static func componentFigures(_ rules: ComponentRules, files: ComponentFiles, commits: [AttributedCommit],
                                 touches: [[ComponentTouch]], options: RunOptions, windowEnd: Int64,
                                 repository: String, changeRequests: [ChangeRequest] = [],
                                 landedCommits: [String: [Int]] = [:]) -> [ComponentFigures] {
        let unowned = Int32(-1)
        var byComponent: [Int32: [Int]] = [:]
        for (position, list) in touches.enumerated() {
            for touch in list { byComponent[touch.component, default: []].append(position) }
        }
        var result: [ComponentFigures] = []
        let lastActivity = RuleOwnership.lastActivity(commits)
        // Landed change requests by component: those with a commit that changed one of its files.
        var requestsByComponent: [Int32: [ChangeRequest]] = [:]
        for request in changeRequests where request.state == .landed && !request.proposerIsBot {
            var components = Set<Int32>()
            for position in landedCommits[request.id] ?? [] where position < touches.count {
                for touch in touches[position] { components.insert(touch.component) }
            }
            for component in components { requestsByComponent[component, default: []].append(request) }
        }
        for index in Array(rules.rules.indices.map(Int32.init)) + [unowned] {
            let positions = byComponent[index] ?? []
            if index == unowned && positions.isEmpty && files.files[unowned] == nil { continue }
            let subset = positions.map { commits[$0] }
            let shares = positions.map { position in touches[position].first { $0.component == index }! }
            var figures: ComponentFigures
            if index == unowned {
                figures = ComponentFigures(component: ComponentFigures.unownedName, rule: nil, ruleSource: "none",
                                           declaredOwners: [], ownership: nil, ownerSource: "none")
                figures.declared = RuleOwnership.assess(subset, declaredTeams: [], unknownOwners: [], unowned: true,
                                                        lastTeamActivity: lastActivity, windowEnd: windowEnd,
                                                        share: options.declaredShare)
            } else {
                let rule = rules.rules[Int(index)]
                let style: ComponentOwnership.OwnerStyle = switch rule.source {
                case .owners: .userName
                case .catalog: .group
                default: .handle
                }
                let (ownership, teams, unknown) = ComponentOwnership.resolve(
                    declared: rule.owners, style: style, source: rule.place, roster: options.attribution.roster,
                    asOf: options.asOf, commitsByTeam: CrossTeam.commitsByTeam(subset))
                let mapped = ownership.source != .inferred
                figures = ComponentFigures(component: rule.component, rule: rule.place, ruleSource: rule.source.rawValue,
                                           declaredOwners: rule.owners, ownership: ownership,
                                           ownerSource: mapped ? rule.source.rawValue : "inferred")
                figures.ruleFile = rule.file
                figures.ruleLine = rule.line
                figures.pattern = rule.pattern
                if rule.source != .folders {
                    figures.declared = RuleOwnership.assess(subset, declaredTeams: teams, unknownOwners: unknown, unowned: false,
                                                            lastTeamActivity: lastActivity, windowEnd: windowEnd,
                                                            share: options.declaredShare)
                }
            }
            figures.measure(subset, touches: shares, files: files.files[index] ?? 0,
                            truck: files.truck[index] ?? (nil, [], 0), since: options.window.since, windowEnd: windowEnd)
            figures.measureFlows(subset, touches: shares, repository: repository, minimumGroupSize: options.minimumGroupSize)
            figures.measureChangeRequests(requestsByComponent[index] ?? [])
            result.append(figures)
        }
        return result
    }
}
