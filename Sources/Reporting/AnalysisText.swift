import InnerSourceModel
import Scoring

/// The readable summary `analyze` prints: the repository's facts, its findings and its contributors,
/// as an aligned terminal table or as Markdown. Every text from the repository (names, paths, evidence,
/// messages) is printed as one line with its control characters replaced (`String.asOneLine`): only the
/// colours this type adds reach the terminal.
public enum AnalysisText {
    public enum Style: Sendable { case table, markdown }

    /// - Parameter limit: how many contributors to list (the rest are counted); nil lists all.
    /// - Parameter colour: ANSI colours for a terminal (table style only): bold headings, verdicts and
    ///   barrier severities in green, yellow and red.
    public static func render(_ analysis: RepositoryAnalysis, run: RunInfo, style: Style, limit: Int?, colour: Bool = false) -> String {
        var out: [String] = []
        let snapshot = analysis.snapshot
        let totals = analysis.totals
        let markdown = style == .markdown
        let paint = colour && !markdown
        func bold(_ text: String) -> String { paint ? "\u{1B}[1m\(text)\u{1B}[0m" : text }
        func tint(_ text: String, _ code: String) -> String { paint ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
        func heading(_ text: String) { out.append(markdown ? "\n## \(text.asOneLine)\n" : "\n" + bold(text.asOneLine)) }
        func fact(_ label: String, _ value: String) {
            out.append(markdown ? "- **\(label)**: \(value.asOneLine)" : "  \(label.padding(16))\(value.asOneLine)")
        }

        out.append(markdown ? "# Repository \(analysis.name.asOneLine)" : bold("Repository \(analysis.name.asOneLine)"))
        if markdown { out.append("") }
        fact("path", snapshot.path + (snapshot.isBare ? " (bare)" : ""))
        fact("head", headText(snapshot))
        if snapshot.revision != "HEAD" { fact("revision", "\(snapshot.revision) at \(snapshot.tip?.short ?? "-")") }
        fact("remotes", snapshot.remotes.isEmpty ? "none" : snapshot.remotes.map { "\($0.name) \($0.url)" }.joined(separator: ", "))
        if let clone = cloneText(snapshot) { fact("clone", clone) }
        fact("files at head", Format.grouped(snapshot.paths.count))
        fact("documents", documentsText(snapshot))
        let window = windowText(run)
        fact("window", window)
        let figures = analysis.crossTeam
        fact("commits", "\(Format.grouped(figures.commits)) (+\(Format.grouped(figures.mergeCommits)) merges, \(Format.grouped(figures.botCommits)) by bots) of \(Format.grouped(analysis.commitsWalked)) in history")
        fact("contributors", "\(Format.grouped(analysis.people)) people in \(figures.teams.count) team(s)"
             + (figures.unaffiliatedCommits > 0 ? ", \(Format.grouped(figures.unaffiliatedCommits)) commits unaffiliated" : ""))
        fact("lines", "+\(Format.grouped(totals.linesAdded)) -\(Format.grouped(totals.linesDeleted))"
             + (totals.binaryFileChanges > 0 ? ", \(Format.grouped(totals.binaryFileChanges)) binary file changes" : "")
             + (totals.unknownFileChanges > 0 ? ", \(Format.grouped(totals.unknownFileChanges)) unknown (blobs missing)" : ""))
        if let first = totals.firstCommit, let last = totals.lastCommit {
            fact("active", "\(Cells.date(first)) to \(Cells.date(last))")
        }

        heading("Cross-team")
        let ownership = analysis.ownership
        fact("owner", (ownership.team?.name ?? "none") + " (\(ownership.source.rawValue)\(ownership.close ? ", close call" : ""))")
        fact("evidence", ownership.evidence)
        if ownership.team != nil {
            let share = figures.crossTeamShare.map { " (\(Format.percent($0)))" } ?? ""
            fact("cross-team", "\(Format.grouped(figures.crossTeamCommits)) commits\(share) by \(Format.grouped(figures.crossTeamContributors)) people from \(figures.contributingTeams.count) other team(s)")
            if !figures.contributingTeams.isEmpty {
                let listed = figures.contributingTeams.prefix(8).map(\.name).joined(separator: ", ")
                fact("other teams", listed + (figures.contributingTeams.count > 8 ? ", …" : ""))
            }
            let landing = figures.landing
            if figures.crossTeamCommits > 0 {
                fact("landed by", "owners \(landing.ownerLanded), authors themselves \(landing.selfLanded), platform \(landing.platformLanded), others \(landing.other)")
                if let busiest = landing.busiestCommitter, let share = landing.busiestCommitterShare {
                    fact("gatekeeper", "\(busiest) landed \(Format.percent(share)) of outsiders' commits landed by people")
                }
                if let outsider = landing.outsiderMedianDelaySeconds {
                    let own = landing.ownerMedianDelaySeconds.map { ", owners' own \(duration($0))" } ?? ""
                    let leftOut = landing.platformDelaysLeftOut > 0
                        ? "; \(Format.grouped(landing.platformDelaysLeftOut)) landed through the platform left out" : ""
                    fact("time to land", "outsiders' median \(duration(outsider))\(own) (author date to landing\(leftOut))")
                } else if landing.platformDelaysLeftOut > 0 {
                    fact("time to land", "not measurable from commits: landed through the platform, which writes the commit when it lands")
                }
            }
        }

        changeRequestLines(analysis, run: run, heading: heading, fact: fact)

        heading("Concentration")
        let concentration = analysis.concentration
        func factor(_ value: Int?, _ names: [String]) -> String {
            guard let value else { return "-" }
            return "\(value)" + (names.isEmpty ? "" : " (" + names.prefix(5).joined(separator: ", ") + (names.count > 5 ? ", …" : "") + ")")
        }
        fact("bus factor", factor(concentration.busFactor, concentration.busFactorPeople))
        fact("elephant factor", factor(concentration.elephantFactor, concentration.elephantFactorTeams.map(\.name)))
        fact("truck factor", factor(concentration.truckFactor, concentration.truckFactorPeople)
             + " over \(Format.grouped(concentration.truckFactorFiles)) files at HEAD")
        fact("onion", "\(Format.count(concentration.core.count, "person", plural: "people")) made 80% of the commits (core), "
             + "\(concentration.regular) the next 15% (regular), \(concentration.casual) the rest (casual)"
             + (concentration.inactiveCore.isEmpty ? "" : "; of the core, no commit in 180 days: " + concentration.inactiveCore.prefix(5).joined(separator: ", ")))
        fact("landers", concentration.landers.isEmpty ? "nobody lands others' work as git shows it (landed through the platform, or by their authors)"
             : concentration.landers.prefix(5).joined(separator: ", ") + (concentration.landers.count > 5 ? ", …" : "") + " land others' work")

        if let openness = analysis.openness {
            heading("Openness \(openness.aggregateText)/10" + (openness.score.map { " (\($0)/100)" } ?? ""))
            for check in openness.checks {
                let score = check.isConclusive ? "\(check.score)/10" : "?"
                fact(check.id.replacingOccurrences(of: "_", with: " "),
                     "\(score) weight \(check.weightText)  " + (check.isConclusive ? "" : "inconclusive: ") + check.evidence)
            }
        }

        if !analysis.barriers.isEmpty {
            heading("Barriers")
            for finding in analysis.barriers {
                let code = finding.severity == .high ? "31" : finding.severity == .medium ? "33" : "2"
                out.append((markdown ? "- " : "  - ") + tint("[\(finding.severity.rawValue)]", code) + " \(finding.id): \(finding.evidence.asOneLine)")
                out.append((markdown ? "  " : "      ") + "remedy: \(finding.remedy.asOneLine)")
            }
        }

        if let checklist = analysis.checklist {
            heading("Readiness")
            for item in checklist.items {
                let codes: [Verdict: String] = [.yes: "32", .partly: "33", .no: "31", .unknown: "2"]
                out.append((markdown ? "- " : "  ") + tint(item.verdict.rawValue.padding(8), codes[item.verdict] ?? "0") + item.question.asOneLine)
                for line in item.evidenceUnmetFirst { out.append((markdown ? "    - " : "            ") + line.asOneLine) }
                if item.verdict != .yes { out.append((markdown ? "    - next: " : "            next: ") + item.nextStep.asOneLine) }
            }
        }

        if !analysis.findings.isEmpty {
            heading("Findings")
            for finding in analysis.findings {
                let examples = finding.examples.isEmpty ? "" : " (e.g. \(finding.examples.joined(separator: ", ")))"
                out.append((markdown ? "- " : "  - ") + (finding.message + examples).asOneLine)
            }
        }

        guard !analysis.contributors.isEmpty else {
            out.append("")
            return out.joined(separator: "\n") + "\n"
        }
        heading("Contributors")
        let shown = limit.map { Array(analysis.contributors.prefix($0)) } ?? analysis.contributors
        let header = ["contributor", "team", "commits", "co-authored", "added", "deleted", "first", "last"]
        let rows = shown.map { person in
            [person.identity.display.asOneLine, person.team.name.asOneLine, Format.grouped(person.commits), Format.grouped(person.coauthoredCommits),
             Format.grouped(person.linesAdded), Format.grouped(person.linesDeleted), Cells.date(person.firstCommit),
             Cells.date(person.lastCommit)]
        }
        if markdown {
            out.append("| " + header.joined(separator: " | ") + " |")
            out.append("|" + header.indices.map { (2...5).contains($0) ? " ---: |" : " --- |" }.joined())
            for row in rows {
                out.append("| " + row.map { $0.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "<", with: "&lt;") }.joined(separator: " | ") + " |")
            }
        } else {
            out.append(TextTable(header: header.map { $0.uppercased() }, rows: rows, numeric: [2, 3, 4, 5]).render())
        }
        if shown.count < analysis.contributors.count {
            let rest = analysis.contributors.count - shown.count
            out.append((markdown ? "\n" : "  ") + "… and \(Format.grouped(rest)) more (all of them with --limit 0, --format json or --out)")
        }
        out.append("")
        return out.joined(separator: "\n") + "\n"
    }

    /// The change-request section: what landed and how, other teams' requests, waits, gatekeeping, the heads
    /// kept (or how to keep them) and review flows.
    static func changeRequestLines(_ analysis: RepositoryAnalysis, run: RunInfo, heading: (String) -> Void,
                                   fact: (String, String) -> Void) {
        let figures = analysis.crossTeam
        let requests = figures.changeRequests
        let unit = figures.contributions.unit
        heading(unit == .changeRequests ? "Change requests (the unit of the headline figures)" : "Change requests")
        let kinds = requests.landedByKind
        let kindList = [("merge", kinds.merge), ("squash", kinds.squash), ("rebase", kinds.rebase), ("gerrit", kinds.gerrit),
                        ("direct", kinds.direct)].filter { $0.1 > 0 }.map { "\(Format.grouped($0.1)) \($0.0)" }
        fact("change requests", "\(Format.grouped(requests.changeRequests)) in the window: \(Format.grouped(requests.landed)) landed"
             + (kindList.isEmpty ? "" : " (" + kindList.joined(separator: ", ") + ")")
             + ", \(Format.grouped(requests.pending)) pending, \(Format.grouped(requests.declined)) declined (not landed, older than \(run.staleAfterDays) days)"
             + (requests.botChangeRequests > 0 ? "; \(Format.grouped(requests.botChangeRequests)) by bots left out" : ""))
        if unit == .commits {
            fact("unit", "commits: every change landed as a direct push and no request heads are kept, so one commit is one change request")
        }
        if analysis.ownership.team != nil, requests.crossTeam > 0 {
            let share = requests.crossTeamShare.map { " (\(Format.percent($0)) of landed)" } ?? ""
            let acceptance = requests.acceptanceRatio.map { "; acceptance \(Format.percent($0)) (landed of landed and declined)" } ?? ""
            fact("cross-team", "\(Format.grouped(requests.crossTeam)): \(Format.grouped(requests.crossTeamLanded)) landed\(share), "
                 + "\(Format.grouped(requests.crossTeamDeclined)) declined, \(Format.grouped(requests.crossTeamPending)) pending\(acceptance)")
            func wait(_ figures: WaitFigures) -> String {
                guard let median = figures.medianSeconds else { return "not measured" }
                return "median \(duration(median))" + (figures.p90Seconds.map { ", 90% within \(duration($0))" } ?? "")
                    + " over \(Format.grouped(figures.measured))"
            }
            fact("wait", "other teams' \(wait(requests.crossTeamWait)); owners' own \(wait(requests.ownerWait)) (newest commit to landing)")
            let landing = requests.landing
            if requests.crossTeamLanded > 0 {
                fact("landed by", "owners \(landing.ownerLanded), proposers themselves \(landing.selfLanded), platform \(landing.platformLanded), others \(landing.other)")
            }
            if let busiest = landing.busiestCommitter, let share = landing.busiestCommitterShare {
                fact("gatekeeper", "\(busiest) landed \(Format.percent(share)) of other teams' change requests landed by people")
            }
        }
        if requests.headsFound > 0 {
            fact("request heads", "\(Format.grouped(requests.headsFound)) kept, \(Format.grouped(requests.headsLanded)) of them landed"
                 + (requests.unreadableHeads > 0 ? ", \(Format.grouped(requests.unreadableHeads)) unreadable" : ""))
        } else {
            fact("request heads", "none kept: proposals that never landed are invisible; mirror with git clone --mirror or the "
                 + "+refs/pull/*:refs/pull/* refspec (GitLab: +refs/merge-requests/*:refs/merge-requests/*) to count them")
        }
        if !requests.reviewFlows.isEmpty {
            fact("reviews", requests.reviewFlows.prefix(5).map { "\($0.reviewerTeam.name) → \($0.proposerTeam.name) \($0.changeRequests)" }
                 .joined(separator: ", ") + (requests.reviewFlows.count > 5 ? ", …" : ""))
        }
    }

    /// The documents found at the analysed revision, and how many could not be read.
    static func documentsText(_ snapshot: RepositorySnapshot) -> String {
        let absent = snapshot.absentObjects.documents
        let unread = absent > 0 ? "\(absent) absent from the clone" : nil
        guard !snapshot.documents.isEmpty else { return unread.map { "none readable, " + $0 } ?? "none found" }
        return snapshot.documents.map(\.path).joined(separator: ", ") + (unread.map { "; " + $0 } ?? "")
    }

    /// What the clone lacks, or nil for a complete one: shallow, and the objects the analysis needed and
    /// did not find, with what each costs. A promisor pack or remote alone is not worth a word: many complete
    /// clones have one.
    static func cloneText(_ snapshot: RepositorySnapshot) -> String? {
        var parts: [String] = []
        if snapshot.isShallow { parts.append("shallow") }
        let absent = snapshot.absentObjects
        if !absent.isEmpty {
            var costs: [String] = []
            if absent.changedFiles > 0 {
                costs.append("blobs of \(Format.count(absent.changedFiles, "changed file")) in \(Format.count(absent.commitsWithUnknownLines, "commit")) (lines unknown)")
            }
            if absent.commitsWithUnknownFiles > 0 {
                costs.append("trees of \(Format.count(absent.commitsWithUnknownFiles, "commit")) (changed files unknown)")
            }
            let atTip = absent.documents + absent.otherFiles
            if atTip > 0 {
                costs.append("blobs of \(Format.count(atTip, "file")) at the analysed revision"
                             + (absent.documents > 0 ? " (\(absent.documents) of them documents)" : ""))
            }
            if absent.requestFiles > 0 {
                costs.append("blobs of \(Format.count(absent.requestFiles, "changed file")) in \(Format.count(absent.requestHeads, "request head")) that did not land (their lines unknown)")
            }
            let what = costs.joined(separator: ", ")
            parts.append(snapshot.hasPromisor
                ? "partial, absent: \(what); commits are still counted. A clone made without --filter has them"
                : "damaged, absent: \(what), and no promisor remote can supply them; git fsck shows the damage")
        }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }

    static func headText(_ snapshot: RepositorySnapshot) -> String {
        switch snapshot.head {
        case .branch(let name, let commit): return "\(name) at \(commit.short)"
        case .detached(let commit): return "detached at \(commit.short)"
        case .unborn(let branch): return "\(branch) (no commits yet)"
        }
    }

    static func windowText(_ run: RunInfo) -> String {
        switch (run.since, run.until) {
        case (nil, nil): return "all history (as of \(UTCTime.iso8601(run.asOf)))"
        case (let since?, nil): return "from \(UTCTime.iso8601(since))"
        case (nil, let until?): return "before \(UTCTime.iso8601(until))"
        case (let since?, let until?): return "from \(UTCTime.iso8601(since)) to before \(UTCTime.iso8601(until))"
        }
    }
}

/// `3.5 h`, `2.1 days`, `40 s`.
func duration(_ seconds: Double) -> String {
    if seconds < 120 { return "\(Int(seconds.rounded())) s" }
    if seconds < 7200 { return "\(Int((seconds / 60).rounded())) min" }
    let hours = seconds / 3600
    if hours < 48 { return "\(Int((hours * 10).rounded()) / 10).\(Int((hours * 10).rounded()) % 10) h" }
    let days = Int((hours / 24 * 10).rounded())
    return "\(days / 10).\(days % 10) days"
}

extension String {
    func padding(_ width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}
