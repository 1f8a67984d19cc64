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
        var clone: [String] = []
        if snapshot.isShallow { clone.append("shallow") }
        if snapshot.isPartialClone { clone.append("partial") }
        if !clone.isEmpty { fact("clone", clone.joined(separator: ", ")) }
        fact("files at head", grouped(snapshot.paths.count))
        fact("documents", snapshot.documents.isEmpty ? "none found" : snapshot.documents.map(\.path).joined(separator: ", "))
        let window = windowText(run)
        fact("window", window)
        let figures = analysis.crossTeam
        fact("commits", "\(grouped(figures.commits)) (+\(grouped(figures.mergeCommits)) merges, \(grouped(figures.botCommits)) by bots) of \(grouped(analysis.commitsWalked)) in history")
        fact("contributors", "\(grouped(analysis.people)) people in \(figures.teams.count) team(s)"
             + (figures.unaffiliatedCommits > 0 ? ", \(grouped(figures.unaffiliatedCommits)) commits unaffiliated" : ""))
        fact("lines", "+\(grouped(totals.linesAdded)) -\(grouped(totals.linesDeleted))"
             + (totals.binaryFileChanges > 0 ? ", \(grouped(totals.binaryFileChanges)) binary file changes" : "")
             + (totals.unknownFileChanges > 0 ? ", \(grouped(totals.unknownFileChanges)) unknown (blobs missing)" : ""))
        if let first = totals.firstCommit, let last = totals.lastCommit {
            fact("active", "\(Cells.date(first)) to \(Cells.date(last))")
        }

        heading("Cross-team")
        let ownership = analysis.ownership
        fact("owner", (ownership.team?.name ?? "none") + " (\(ownership.source.rawValue)\(ownership.close ? ", close call" : ""))")
        fact("evidence", ownership.evidence)
        if ownership.team != nil {
            let share = figures.crossTeamShare.map { " (\(Format.percent($0)))" } ?? ""
            fact("cross-team", "\(grouped(figures.crossTeamCommits)) commits\(share) by \(grouped(figures.crossTeamContributors)) people from \(figures.contributingTeams.count) other team(s)")
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
                    fact("time to land", "outsiders' median \(duration(outsider))\(own) (author date to commit date)")
                }
            }
        }

        heading("Concentration")
        let concentration = analysis.concentration
        func factor(_ value: Int?, _ names: [String]) -> String {
            guard let value else { return "-" }
            return "\(value)" + (names.isEmpty ? "" : " (" + names.prefix(5).joined(separator: ", ") + (names.count > 5 ? ", …" : "") + ")")
        }
        fact("bus factor", factor(concentration.busFactor, concentration.busFactorPeople))
        fact("elephant factor", factor(concentration.elephantFactor, concentration.elephantFactorTeams.map(\.name)))
        fact("truck factor", factor(concentration.truckFactor, concentration.truckFactorPeople)
             + " over \(grouped(concentration.truckFactorFiles)) files at HEAD")
        fact("onion", "\(concentration.core.count) core, \(concentration.regular) regular, \(concentration.casual) casual"
             + (concentration.inactiveCore.isEmpty ? "" : "; inactive core: " + concentration.inactiveCore.prefix(5).joined(separator: ", ")))

        if let openness = analysis.openness {
            heading("Openness \(openness.score)/100")
            for component in openness.components {
                let points = Int(component.points.rounded())
                fact(component.id.replacingOccurrences(of: "_", with: " "), "\(points)/\(Int(component.maximum))  \(component.evidence)")
            }
            if openness.barrierPenalty > 0 { fact("barriers", "-\(Int(openness.barrierPenalty))") }
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
            [person.identity.display.asOneLine, person.team.name.asOneLine, grouped(person.commits), grouped(person.coauthoredCommits),
             grouped(person.linesAdded), grouped(person.linesDeleted), Cells.date(person.firstCommit),
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
            out.append((markdown ? "\n" : "  ") + "… and \(grouped(rest)) more (all of them with --limit 0, --format json or --out)")
        }
        out.append("")
        return out.joined(separator: "\n") + "\n"
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
