import InnerSourceModel

/// Ownership rules that name the wrong keepers: drifted or orphaned rules cover most of the changes.
public struct StaleCodeOwnersBarrier: Barrier {
    public static let id = "stale_code_owners"
    public static let severity = BarrierSeverity.medium
    public static let looksFor = "ownership rules (CODEOWNERS, OWNERS, catalog, configured components) whose verdict is drifted or "
        + "orphaned cover more than the configured share (default 50%) of the changes under rules in the window"
    public static let remedy = "Update the rules to name the teams that keep the code (innersource analyze --suggest-codeowners "
        + "prints the teams that do), or hand the code back to its declared owners: a contributor asks the wrong reviewers."

    public static let triggeringExamples = [
        BarrierExample("two rules, the busier one drifted") { $0.components = [rule("/api/", 8, .drifted, top: "search"), rule("/web/", 2, .agrees)] },
        BarrierExample("an orphaned rule covers most changes") { $0.components = [rule("/legacy/", 6, .orphaned), rule("/web/", 4, .agrees)] },
    ]
    public static let nonTriggeringExamples = [
        BarrierExample("no components") { $0.components = nil },
        BarrierExample("a drifted rule with few changes") { $0.components = [rule("/api/", 2, .drifted, top: "search"), rule("/web/", 8, .agrees)] },
        BarrierExample("exactly the share") { $0.components = [rule("/api/", 5, .drifted, top: "search"), rule("/web/", 5, .agrees)] },
        BarrierExample("dormant rules only") { $0.components = [rule("/api/", 0, .dormant)] },
    ]

    public static func evaluate(_ context: BarrierContext) -> BarrierFinding? {
        guard let components = context.components else { return nil }
        let ruled = components.filter { $0.declared != nil && $0.declared?.verdict != .unowned }
        let total = ruled.reduce(0) { $0 + $1.commits }
        let stale = ruled.filter { [.drifted, .orphaned].contains($0.declared?.verdict) }
        let staleCommits = stale.reduce(0) { $0 + $1.commits }
        guard total > 0, Double(staleCommits) > context.declaredShare * Double(total) else { return nil }
        let named = stale.sorted { ($1.commits, $0.component) < ($0.commits, $1.component) }.prefix(3).map { component -> String in
            let declared = component.declared!
            let top = declared.topTeam.map { ", most by \($0) (\(BarrierText.percent(declared.topTeamShare ?? 0)))" } ?? ""
            return "\(component.rule ?? component.component) \(declared.verdict.rawValue) (\(Format.count(component.commits, "commit"))\(top))"
        }
        return finding("\(Format.count(stale.count, "rule")) drifted or orphaned cover \(staleCommits) of \(total) changes under rules "
                       + "\(context.windowDescription) (\(BarrierText.percent(Double(staleCommits) / Double(total)))): "
                       + named.joined(separator: "; "))
    }

    static func rule(_ name: String, _ commits: Int, _ verdict: RuleOwnership.Verdict, top: Team? = nil) -> ComponentFigures {
        var figures = ComponentFigures(component: name, rule: "CODEOWNERS:1", ruleSource: "codeowners", declaredOwners: ["@acme/payments"],
                                       ownership: nil, ownerSource: "codeowners")
        figures.commits = commits
        var declared = RuleOwnership()
        declared.verdict = verdict
        declared.topTeam = top
        declared.topTeamShare = top == nil ? nil : 0.8
        figures.declared = declared
        return figures
    }
}

/// Much of the code, or of the work, is under no ownership rule: nobody is asked to review it.
public struct UnownedPathsBarrier: Barrier {
    public static let id = "unowned_paths"
    public static let severity = BarrierSeverity.low
    public static let threshold = 0.10
    public static let looksFor = "a repository with ownership rules where more than 10% of the files at HEAD, or of the changes "
        + "in the window, fall under no rule (or under a rule without owners)"
    public static let remedy = "Add rules for the unowned folders (or a default rule), so that a contributor knows whom to ask."

    public static let triggeringExamples = [
        BarrierExample("a fifth of the files unowned") { $0.components = [unowned(files: 2, commits: 0), owned(files: 8, commits: 5)] },
        BarrierExample("a fifth of the changes unowned") { $0.components = [unowned(files: 1, commits: 2), owned(files: 19, commits: 8)] },
    ]
    public static let nonTriggeringExamples = [
        BarrierExample("no components") { $0.components = nil },
        BarrierExample("everything owned") { $0.components = [owned(files: 8, commits: 5)] },
        BarrierExample("exactly a tenth") { $0.components = [unowned(files: 1, commits: 1), owned(files: 9, commits: 9)] },
    ]

    public static func evaluate(_ context: BarrierContext) -> BarrierFinding? {
        guard let components = context.components,
              let unowned = components.first(where: { $0.declared?.verdict == .unowned }) else { return nil }
        let files = components.reduce(0) { $0 + $1.files }, commits = components.reduce(0) { $0 + $1.commits }
        let fileShare = files > 0 ? Double(unowned.files) / Double(files) : 0
        let commitShare = commits > 0 ? Double(unowned.commits) / Double(commits) : 0
        guard fileShare > threshold || commitShare > threshold else { return nil }
        return finding("\(unowned.files) of \(Format.count(files, "file")) at HEAD (\(BarrierText.percent(fileShare))) and "
                       + "\(unowned.commits) of \(commits) changes \(context.windowDescription) (\(BarrierText.percent(commitShare))) "
                       + "are under no ownership rule")
    }

    static func unowned(files: Int, commits: Int) -> ComponentFigures {
        var figures = ComponentFigures(component: ComponentFigures.unownedName, rule: nil, ruleSource: "none", declaredOwners: [],
                                       ownership: nil, ownerSource: "none")
        figures.files = files
        figures.commits = commits
        var declared = RuleOwnership()
        declared.verdict = .unowned
        figures.declared = declared
        return figures
    }

    static func owned(files: Int, commits: Int) -> ComponentFigures {
        var figures = StaleCodeOwnersBarrier.rule("/src/", commits, .agrees)
        figures.files = files
        return figures
    }
}

/// An ownership rule names a handle, e-mail or group that the roster does not know: its owners cannot be told.
public struct CodeOwnerUnknownHandleBarrier: Barrier {
    public static let id = "code_owner_unknown_handle"
    public static let severity = BarrierSeverity.low
    public static let looksFor = "with a roster, an owner named by an ownership rule (a CODEOWNERS handle or e-mail, an OWNERS "
        + "user, a catalog group) that maps to no team or person of the roster"
    public static let remedy = "Fix the handle (a renamed team, a person who left), or add it to the roster's codeowners: list, so "
        + "that its rules can be checked against who does the work."

    public static let triggeringExamples = [
        BarrierExample("a rule names a team nobody knows") { $0.components = [unknown(["@acme/legacy"])] },
    ]
    public static let nonTriggeringExamples = [
        BarrierExample("no components") { $0.components = nil },
        BarrierExample("every handle known") { $0.components = [unknown([])] },
    ]

    public static func evaluate(_ context: BarrierContext) -> BarrierFinding? {
        guard let components = context.components else { return nil }
        var places: [String] = [], handles: [String] = []
        for component in components {
            guard let unknown = component.declared?.unknownOwners, !unknown.isEmpty else { continue }
            places.append("\(component.rule ?? component.component) (\(unknown.joined(separator: ", ")))")
            for handle in unknown where !handles.contains(handle) { handles.append(handle) }
        }
        guard !handles.isEmpty else { return nil }
        return finding("\(Format.count(handles.count, "owner")) the roster does not know, in "
                       + "\(Format.count(places.count, "rule")): " + places.prefix(5).joined(separator: "; "))
    }

    static func unknown(_ owners: [String]) -> ComponentFigures {
        var figures = StaleCodeOwnersBarrier.rule("/legacy/", 3, owners.isEmpty ? .agrees : .orphaned)
        figures.declared?.unknownOwners = owners
        return figures
    }
}
