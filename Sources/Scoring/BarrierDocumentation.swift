import InnerSourceModel

/// No README: a newcomer cannot tell what the repository is for.
public struct NoReadmeBarrier: Barrier {
    public static let id = "no_readme"
    public static let severity = BarrierSeverity.high
    public static let looksFor = "no README at the root, .github/, docs/, doc/ or .gitlab/"
    public static let remedy = "Add a README.md at the root that says what the project is for, how to build and use it, "
        + "and how to contribute."

    public static var triggeringExamples: [BarrierExample] {
        [
            BarrierExample("no README at all", files: { $0["README.md"] = nil }),
            BarrierExample("a README only inside src/, where nobody looks", files: {
                $0["src/README.md"] = $0["README.md"]
                $0["README.md"] = nil
            }),
        ]
    }

    public static var nonTriggeringExamples: [BarrierExample] {
        [
            BarrierExample("the healthy README", context: .healthy),
            BarrierExample("a README in docs/", files: {
                $0["docs/README.md"] = $0["README.md"]
                $0["README.md"] = nil
            }),
            BarrierExample("a one-line README is thin, not missing", files: { $0["README.md"] = "# Payments\n" }),
        ]
    }

    public static func evaluate(_ context: BarrierContext) -> BarrierFinding? {
        guard context.hygiene.readme.check.status == .missing else { return nil }
        return finding(context.hygiene.readme.check.note)
    }
}

/// A README too short, or without the parts a newcomer needs.
public struct ThinReadmeBarrier: Barrier {
    public static let id = "thin_readme"
    public static let severity = BarrierSeverity.low
    public static let looksFor = "a README with fewer than \(Hygiene.readmeMinimumLines) non-empty lines, or without a purpose "
        + "statement, a getting-started section or how to get involved"
    public static let remedy = "Say in the README's first paragraph what the project is for, add a Getting started section "
        + "(build, run, use) and a Contributing section that links CONTRIBUTING.md."

    public static var triggeringExamples: [BarrierExample] {
        [
            BarrierExample("a title and one sentence", files: {
                $0["README.md"] = "# Payments\n\nPayments takes card and bank payments for every checkout.\n"
            }),
            BarrierExample("every part, but only nine lines", files: {
                $0["README.md"] = """
                    # Payments

                    Payments is the service that takes card and bank payments for every checkout in the company.
                    It runs in every region.
                    It answers within 200 ms.

                    ## Usage

                    Run `swift run`.

                    ## Contributing

                    See [CONTRIBUTING.md](CONTRIBUTING.md).
                    """
            }),
            BarrierExample("long, but never says how to get started", files: {
                $0["README.md"] = """
                    # Payments

                    Payments is the service that takes card and bank payments for every checkout in the company.

                    ## Architecture

                    The service has three parts: the API, the ledger and the settlement job.
                    Each part runs in its own container.
                    All three share one database.
                    The API takes requests from checkout.
                    The ledger records every movement of money.
                    The settlement job runs every night.

                    ## Contributing

                    See [CONTRIBUTING.md](CONTRIBUTING.md).
                    """
            }),
        ]
    }

    public static var nonTriggeringExamples: [BarrierExample] {
        [
            BarrierExample("the healthy README", context: .healthy),
            BarrierExample("no README at all is no_readme's business", files: { $0["README.md"] = nil }),
        ]
    }

    public static func evaluate(_ context: BarrierContext) -> BarrierFinding? {
        guard context.hygiene.readme.check.status == .thin else { return nil }
        return finding(context.hygiene.readme.check.note)
    }
}

/// No contributing guide: a newcomer does not know how changes are made here.
public struct NoContributingGuideBarrier: Barrier {
    public static let id = "no_contributing_guide"
    public static let severity = BarrierSeverity.medium
    public static let looksFor = "no CONTRIBUTING file at the root, .github/, docs/, doc/ or .gitlab/"
    public static let remedy = "Add a CONTRIBUTING.md that says how to build, how to run the tests, how to submit a change "
        + "and who reviews it."

    public static var triggeringExamples: [BarrierExample] {
        [
            BarrierExample("no CONTRIBUTING at all", files: { $0["CONTRIBUTING.md"] = nil }),
            BarrierExample("the README links a CONTRIBUTING.md that is not there", files: { $0["CONTRIBUTING.md"] = nil }),
        ]
    }

    public static var nonTriggeringExamples: [BarrierExample] {
        [
            BarrierExample("the healthy guide", context: .healthy),
            BarrierExample("a guide in .github/", files: {
                $0[".github/CONTRIBUTING.md"] = $0["CONTRIBUTING.md"]
                $0["CONTRIBUTING.md"] = nil
            }),
        ]
    }

    public static func evaluate(_ context: BarrierContext) -> BarrierFinding? {
        let hygiene = context.hygiene
        guard hygiene.contributing.check.status == .missing else { return nil }
        var evidence = hygiene.contributing.check.note
        if hygiene.readme.involvement.status == .adequate, let first = hygiene.readme.involvement.evidence.first {
            evidence += "; the README only has \(first.reference)"
        }
        return finding(evidence)
    }
}

/// A contributing guide that leaves out how to build, test or submit.
public struct ThinContributingGuideBarrier: Barrier {
    public static let id = "thin_contributing_guide"
    public static let severity = BarrierSeverity.low
    public static let looksFor = "a CONTRIBUTING file that does not say how to build, how to test, or how to submit a change"
    public static let remedy = "Complete CONTRIBUTING.md: the commands that build and test the project, and how to open a "
        + "pull or merge request and get it reviewed."

    public static var triggeringExamples: [BarrierExample] {
        [
            BarrierExample("a guide that only asks for pull requests", files: {
                $0["CONTRIBUTING.md"] = "# Contributing\n\nOpen a pull request and we will look at it.\n"
            }),
            BarrierExample("a code of conduct in place of a guide", files: {
                $0["CONTRIBUTING.md"] = "# Contributing\n\nBe kind to each other.\n"
            }),
        ]
    }

    public static var nonTriggeringExamples: [BarrierExample] {
        [
            BarrierExample("the healthy guide", context: .healthy),
            BarrierExample("a short guide that covers all three", files: {
                $0["CONTRIBUTING.md"] = "Build with `make`, test with `make test`, then send a merge request.\n"
            }),
            BarrierExample("no guide at all is no_contributing_guide's business", files: { $0["CONTRIBUTING.md"] = nil }),
        ]
    }

    public static func evaluate(_ context: BarrierContext) -> BarrierFinding? {
        guard context.hygiene.contributing.check.status == .thin else { return nil }
        return finding(context.hygiene.contributing.check.note)
    }
}

/// Nobody named to review and land outsiders' changes.
public struct NoOwnerOrTrustedCommittersBarrier: Barrier {
    public static let id = "no_owner_or_trusted_committers"
    public static let severity = BarrierSeverity.high
    public static let looksFor = "no CODEOWNERS default rule with an owner, and no trusted-committers list (TRUSTED-COMMITTERS, "
        + "MAINTAINERS or OWNERS file, or a README/CONTRIBUTING section on trusted committers or maintainers)"
    public static let remedy = "Name who reviews outsiders' changes: a CODEOWNERS file whose `*` rule names the owning team, "
        + "and a TRUSTED-COMMITTERS.md listing the people and how to reach them."

    public static var triggeringExamples: [BarrierExample] {
        [
            BarrierExample("neither CODEOWNERS nor a committers section", files: {
                $0[".github/CODEOWNERS"] = nil
                $0["CONTRIBUTING.md"] = "Build with `make`, test with `make test`, then send a merge request.\n"
            }),
            BarrierExample("CODEOWNERS without a default rule, and an empty maintainers file", files: {
                $0[".github/CODEOWNERS"] = "/docs/ @org/writers\n"
                $0["CONTRIBUTING.md"] = "Build with `make`, test with `make test`, then send a merge request.\n"
                $0["MAINTAINERS.md"] = "# Maintainers\n"
            }),
        ]
    }

    public static var nonTriggeringExamples: [BarrierExample] {
        [
            BarrierExample("CODEOWNERS and a committers section", context: .healthy),
            BarrierExample("only a CODEOWNERS default rule", files: {
                $0["CONTRIBUTING.md"] = "Build with `make`, test with `make test`, then send a merge request.\n"
            }),
            BarrierExample("only a TRUSTED-COMMITTERS file", files: {
                $0[".github/CODEOWNERS"] = nil
                $0["TRUSTED-COMMITTERS.md"] = "# Trusted committers\n\n- Olga Owner <olga@example.com>\n"
            }),
        ]
    }

    public static func evaluate(_ context: BarrierContext) -> BarrierFinding? {
        let hygiene = context.hygiene
        guard hygiene.codeowners.check.status != .adequate, hygiene.trustedCommitters.status != .adequate else { return nil }
        var evidence = hygiene.codeowners.check.note + "; " + hygiene.trustedCommitters.note
        if context.ownership.source == .inferred {
            evidence += "; the owning team is only inferred (\(context.ownership.evidence))"
        }
        return finding(evidence)
    }
}

/// No licence or terms of use.
public struct NoLicenseBarrier: Barrier {
    public static let id = "no_license"
    public static let severity = BarrierSeverity.low
    public static let looksFor = "no LICENSE, LICENCE or COPYING file"
    public static let remedy = "Add a LICENSE file: the company's inner-source licence or terms of use, so that other teams "
        + "know they may reuse and change the code."

    public static var triggeringExamples: [BarrierExample] {
        [BarrierExample("no licence file", files: { $0["LICENSE"] = nil })]
    }

    public static var nonTriggeringExamples: [BarrierExample] {
        [
            BarrierExample("an MIT licence", context: .healthy),
            BarrierExample("a proprietary COPYING file", files: {
                $0["LICENSE"] = nil
                $0["COPYING"] = "Copyright 2024 Example Corp. All rights reserved.\n"
            }),
        ]
    }

    public static func evaluate(_ context: BarrierContext) -> BarrierFinding? {
        guard context.hygiene.license.check.status == .missing else { return nil }
        return finding(context.hygiene.license.check.note)
    }
}

/// No named place to ask questions.
public struct NoCommunicationChannelBarrier: Barrier {
    public static let id = "no_communication_channel"
    public static let severity = BarrierSeverity.low
    public static let looksFor = "no COMMUNICATION file naming a channel, and no channel (Slack, Teams, Matrix, Discord, mailing "
        + "list, Gitter, IRC, Zulip, Discussions, ...) named in README or CONTRIBUTING"
    public static let remedy = "Name the channel where the owning team answers questions (a Slack or Teams channel, a mailing "
        + "list, Discussions) in the README or a COMMUNICATION.md."

    public static var triggeringExamples: [BarrierExample] {
        [
            BarrierExample("no channel anywhere", files: {
                $0["README.md"] = $0["README.md"].map { $0.replacingLine(containing: "Slack", with: "Questions? Open an issue.") }
            }),
            BarrierExample("a COMMUNICATION file that names no channel", files: {
                $0["README.md"] = $0["README.md"].map { $0.replacingLine(containing: "Slack", with: "Questions? Open an issue.") }
                $0["COMMUNICATION.md"] = "# Communication\n\nTalk to us.\n"
            }),
        ]
    }

    public static var nonTriggeringExamples: [BarrierExample] {
        [
            BarrierExample("Slack named in the README", context: .healthy),
            BarrierExample("a mailing list in COMMUNICATION.md", files: {
                $0["README.md"] = $0["README.md"].map { $0.replacingLine(containing: "Slack", with: "Questions? Open an issue.") }
                $0["COMMUNICATION.md"] = "Write to the payments-dev mailing list.\n"
            }),
        ]
    }

    public static func evaluate(_ context: BarrierContext) -> BarrierFinding? {
        guard context.hygiene.communication.status != .adequate else { return nil }
        return finding(context.hygiene.communication.note)
    }
}

/// A build system is there, but nothing says how to use it.
public struct UndocumentedBuildBarrier: Barrier {
    public static let id = "undocumented_build"
    public static let severity = BarrierSeverity.medium
    public static let looksFor = "a build system at the root or one folder down, while README, CONTRIBUTING and build documents "
        + "never give a build command or a Build section"
    public static let remedy = "Write the commands that build the project from a fresh clone (prerequisites included) in the "
        + "README's Getting started section or in CONTRIBUTING.md."

    public static var triggeringExamples: [BarrierExample] {
        [
            BarrierExample("Package.swift and a Makefile, and no word on building", files: {
                $0["Makefile"] = ""
                $0["README.md"] = "# Payments\n\nPayments takes card and bank payments for every checkout in the company.\n"
                $0["CONTRIBUTING.md"] = "# Contributing\n\nOpen a pull request; we review it.\n"
            }),
            BarrierExample("a Gradle build and a README that only describes the API", files: {
                $0["Package.swift"] = nil
                $0["build.gradle.kts"] = ""
                $0["README.md"] = "# Payments\n\nThe API takes POST /payments with an amount and a card token.\n"
                $0["CONTRIBUTING.md"] = nil
            }),
        ]
    }

    public static var nonTriggeringExamples: [BarrierExample] {
        [
            BarrierExample("`swift build` in the README", context: .healthy),
            BarrierExample("no build system at all (a documentation repository)", files: {
                $0["Package.swift"] = nil
                $0["README.md"] = "# Handbook\n\nThe payments team's handbook, in Markdown.\n"
                $0["CONTRIBUTING.md"] = nil
            }),
            BarrierExample("the build in a BUILDING.md", files: {
                $0["README.md"] = "# Payments\n\nPayments takes card and bank payments for every checkout in the company.\n"
                $0["CONTRIBUTING.md"] = nil
                $0["BUILDING.md"] = "# Building\n\n    $ make release\n"
            }),
        ]
    }

    public static func evaluate(_ context: BarrierContext) -> BarrierFinding? {
        let hygiene = context.hygiene
        guard !hygiene.buildSystems.tools.isEmpty, hygiene.documentedBuild.status != .adequate else { return nil }
        let found = hygiene.buildSystems.tools.map { "\($0.name) (\($0.paths.prefix(Hygiene.maximumEvidence).joined(separator: ", ")))" }
        return finding("build systems found: " + found.joined(separator: ", ") + "; " + hygiene.documentedBuild.note)
    }
}

extension String {
    /// This text with every line containing `needle` replaced by `replacement`: for examples.
    func replacingLine(containing needle: String, with replacement: String) -> String {
        split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.contains(needle) ? replacement : String($0) }
            .joined(separator: "\n")
    }
}
