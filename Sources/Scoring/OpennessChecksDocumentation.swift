import InnerSourceModel

/// The score of a document by its level: adequate 10, thin 5, missing 0.
enum DocumentScore {
    static func score(_ level: DocumentationSignals.Level) -> Int {
        switch level {
        case .adequate: return 10
        case .thin: return 5
        case .missing: return 0
        }
    }
}

/// Whether a newcomer finds out what the repository is and how to start.
public struct ReadmeCheck: OpennessCheck {
    public static let id = "readme"
    public static let importance = CheckImportance.high
    public static let looksFor = "a README at the root, in docs/ or .github/: 10 adequate (a purpose, getting started and a "
        + "way to get involved, 10 lines or more), 5 thin, 0 missing"
    public static let barriers = ["no_readme", "thin_readme"]

    public static var examples: [OpennessCheckExample] {
        [
            OpennessCheckExample("the healthy README", expected: 10, evidence: .healthy),
            OpennessCheckExample("a one-line README", expected: 5, files: { $0["README.md"] = "# Payments\n" }),
            OpennessCheckExample("no README", expected: 0, files: { $0["README.md"] = nil }),
        ]
    }

    public static func evaluate(_ evidence: OpennessEvidence) -> OpennessCheckResult {
        let level = evidence.documentation.readme
        return result(DocumentScore.score(level), level == .missing ? "no README" : "README \(level.rawValue)")
    }
}

/// Whether a newcomer is told how to build, test and submit a change.
public struct ContributingGuideCheck: OpennessCheck {
    public static let id = "contributing_guide"
    public static let importance = CheckImportance.high
    public static let looksFor = "a contributing guide (CONTRIBUTING at the root, in docs/ or .github/): 10 adequate (how to "
        + "build, to test and to submit), 5 thin, 0 missing"
    public static let barriers = ["no_contributing_guide", "thin_contributing_guide"]

    public static var examples: [OpennessCheckExample] {
        [
            OpennessCheckExample("the healthy guide", expected: 10, evidence: .healthy),
            OpennessCheckExample("a guide that only asks for pull requests", expected: 5, files: {
                $0["CONTRIBUTING.md"] = "# Contributing\n\nOpen a pull request.\n"
            }),
            OpennessCheckExample("no guide", expected: 0, files: { $0["CONTRIBUTING.md"] = nil }),
        ]
    }

    public static func evaluate(_ evidence: OpennessEvidence) -> OpennessCheckResult {
        let level = evidence.documentation.contributing
        return result(DocumentScore.score(level), level == .missing ? "no contributing guide" : "contributing guide \(level.rawValue)")
    }
}

/// Whether the repository says who owns it and who reviews outsiders' changes.
public struct OwnershipNamedCheck: OpennessCheck {
    public static let id = "ownership_named"
    public static let importance = CheckImportance.medium
    /// Points of each half.
    public static let half = 5.0
    public static let looksFor = "5 for a CODEOWNERS default rule with an owner (less the share of its rules that drifted, "
        + "once component ownership measures drift), 5 for trusted committers named (a TRUSTED-COMMITTERS, MAINTAINERS or "
        + "OWNERS file, or a README/CONTRIBUTING section; 2.5 when it names nobody)"
    public static let barriers = ["no_owner_or_trusted_committers"]

    public static var examples: [OpennessCheckExample] {
        [
            OpennessCheckExample("CODEOWNERS and a committers section", expected: 10, evidence: .healthy),
            OpennessCheckExample("only a CODEOWNERS default rule", expected: 5, files: {
                $0["CONTRIBUTING.md"] = "Build with `make`, test with `make test`, then send a merge request.\n"
            }),
            OpennessCheckExample("only a TRUSTED-COMMITTERS file", expected: 5, files: {
                $0[".github/CODEOWNERS"] = nil
                $0["TRUSTED-COMMITTERS.md"] = "# Trusted committers\n\n- Olga Owner <olga@example.com>\n"
            }),
            OpennessCheckExample("neither", expected: 0) {
                $0.documentation.codeownersDefaultRule = false
                $0.trustedCommitters = .missing
            },
            OpennessCheckExample("CODEOWNERS without a default rule, and an empty maintainers file", expected: 3, files: {
                $0[".github/CODEOWNERS"] = "/docs/ @org/writers\n"
                $0["CONTRIBUTING.md"] = "Build with `make`, test with `make test`, then send a merge request.\n"
                $0["MAINTAINERS.md"] = "# Maintainers\n"
            }),
            OpennessCheckExample("half the CODEOWNERS rules drifted", expected: 8) {
                $0.codeOwnersDrift = CodeOwnersDrift(rules: 4, drifted: 2)
            },
        ]
    }

    public static func evaluate(_ evidence: OpennessEvidence) -> OpennessCheckResult {
        let documentation = evidence.documentation
        var points = 0.0
        var said: [String] = []
        if documentation.codeownersDefaultRule {
            var codeowners = half
            var text = "CODEOWNERS default rule"
            if let drift = evidence.codeOwnersDrift, drift.rules > 0, drift.drifted > 0 {
                codeowners *= 1 - Double(min(drift.drifted, drift.rules)) / Double(drift.rules)
                text += " (\(drift.drifted) of \(Format.count(drift.rules, "rule")) drifted)"
            }
            points += codeowners
            said.append(text)
        } else {
            said.append("no CODEOWNERS default rule")
        }
        switch evidence.trustedCommitters {
        case .adequate:
            points += half
            said.append("trusted committers named")
        case .thin:
            points += half / 2
            said.append("a trusted-committers file or section that names nobody")
        case .missing:
            said.append("no trusted committers named")
        }
        return result(tenths(points / 10), said.joined(separator: ", "))
    }
}

/// Whether a newcomer knows where to ask.
public struct CommunicationChannelCheck: OpennessCheck {
    public static let id = "communication_channel"
    public static let importance = CheckImportance.low
    public static let looksFor = "a channel named (Slack, Teams, Matrix, Discord, mailing list, ...) in a COMMUNICATION file, "
        + "README or CONTRIBUTING: 10; a COMMUNICATION file that names none 5; else 0"
    public static let barriers = ["no_communication_channel"]

    public static var examples: [OpennessCheckExample] {
        [
            OpennessCheckExample("Slack named in the README", expected: 10, evidence: .healthy),
            OpennessCheckExample("no channel anywhere", expected: 0, files: {
                $0["README.md"] = $0["README.md"].map { $0.replacingLine(containing: "Slack", with: "Questions? Open an issue.") }
            }),
            OpennessCheckExample("a COMMUNICATION file that names no channel", expected: 5, files: {
                $0["README.md"] = $0["README.md"].map { $0.replacingLine(containing: "Slack", with: "Questions? Open an issue.") }
                $0["COMMUNICATION.md"] = "# Communication\n\nTalk to us.\n"
            }),
        ]
    }

    public static func evaluate(_ evidence: OpennessEvidence) -> OpennessCheckResult {
        switch evidence.communication {
        case .adequate: return result(10, "a communication channel is named")
        case .thin: return result(5, "a communication document that names no channel")
        case .missing: return result(0, "no communication channel named")
        }
    }
}
