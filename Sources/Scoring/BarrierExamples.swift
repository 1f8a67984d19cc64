import InnerSourceModel

/// The healthy repository barriers' examples start from: documented, owned, tested, built in CI, with
/// outsiders' work landing in good time through several people. It triggers no barrier.
public enum BarrierBaseline {
    /// 2024-06-01T00:00:00Z.
    public static let asOf: Int64 = 1_717_200_000
    public static let day: Int64 = 86_400
    /// The window: the year before as-of.
    public static let since: Int64 = asOf - 366 * day

    /// Files at HEAD: path → text (documents have text; other files an empty string).
    public static let files: [String: String] = [
        "README.md": """
            # Payments

            Payments is the service that takes card and bank payments for every checkout in the company.

            ## Getting started

            ```sh
            swift build
            swift test
            ```

            ## Contributing

            We welcome contributions from every team: read [CONTRIBUTING.md](CONTRIBUTING.md) first.
            Questions? Ask in #payments on Slack.
            """,
        "CONTRIBUTING.md": """
            # Contributing to Payments

            ## Building

            Run `swift build` at the root.

            ## Testing

            Run `swift test`; every change needs a test.

            ## Submitting a change

            Open a pull request against `main`; a trusted committer reviews it within two working days.

            ## Trusted committers

            - Olga Owner (@olga)
            - Piet Payments (@piet)
            """,
        ".github/CODEOWNERS": "# Payments owns everything\n* @org/payments\n",
        "LICENSE": "MIT License\n\nCopyright (c) 2024 Example Corp\n\nPermission is hereby granted, free of charge, to any person obtaining a copy\n",
        ".github/workflows/ci.yml": "",
        ".github/ISSUE_TEMPLATE/bug_report.md": "",
        ".github/pull_request_template.md": "",
        "Package.swift": "",
        "Sources/Payments/Payments.swift": "",
        "Sources/Payments/Card.swift": "",
        "Tests/PaymentsTests/PaymentsTests.swift": "",
    ]

    /// The hygiene of ``files``.
    public static func hygiene(_ files: [String: String]) -> HygieneReport {
        let documents = files.filter { !$0.value.isEmpty }.map { HeadDocument(path: $0.key, text: $0.value, truncated: false) }
            .sorted { $0.path < $1.path }
        return Hygiene.assess(paths: files.keys.sorted(), documents: documents)
    }

    static var concentration: ConcentrationFigures {
        var figures = ConcentrationFigures()
        figures.busFactor = 3
        figures.busFactorPeople = ["Olga Owner <olga@example.com>", "Piet Payments <piet@example.com>", "Sam Search <sam@example.com>"]
        figures.elephantFactor = 1
        figures.elephantFactorTeams = ["payments"]
        figures.truckFactor = 2
        figures.truckFactorPeople = ["Olga Owner <olga@example.com>", "Piet Payments <piet@example.com>"]
        figures.truckFactorFiles = 40
        figures.core = figures.busFactorPeople
        figures.regular = 3
        figures.casual = 6
        return figures
    }

    static var crossTeam: CrossTeamFigures {
        var figures = CrossTeamFigures()
        figures.commits = 240
        figures.mergeCommits = 30
        figures.contributors = 12
        figures.teams = ["payments", "search", "web"]
        figures.crossTeamCommits = 48
        figures.crossTeamShare = 0.2
        figures.crossTeamContributors = 5
        figures.contributingTeams = ["search", "web"]
        figures.landing.ownerLanded = 20
        figures.landing.selfLanded = 10
        figures.landing.platformLanded = 18
        figures.landing.busiestCommitter = "Olga Owner <olga@example.com>"
        figures.landing.busiestCommitterShare = 0.4
        figures.landing.outsiderMedianDelaySeconds = Double(day) * 0.8
        figures.landing.ownerMedianDelaySeconds = Double(day) * 0.3
        return figures
    }

    static var totals: HistoryTotals {
        var totals = HistoryTotals()
        totals.commits = 240
        totals.mergeCommits = 30
        totals.linesAdded = 18_000
        totals.linesDeleted = 6_000
        totals.firstCommit = since + 2 * day
        totals.lastCommit = asOf - 3 * day
        return totals
    }

    static let ownership = Ownership(team: "payments", source: .codeowners,
                                     evidence: ".github/CODEOWNERS:2: * @org/payments (@org/payments is payments)")
}

extension BarrierContext {
    /// The healthy repository of ``BarrierBaseline``: it triggers no barrier.
    public static let healthy = healthy(files: { _ in })

    /// The healthy repository with `change` applied to its files (path → text), hygiene assessed afresh.
    public static func healthy(files change: (inout [String: String]) -> Void) -> BarrierContext {
        var files = BarrierBaseline.files
        change(&files)
        return BarrierContext(hygiene: BarrierBaseline.hygiene(files), concentration: BarrierBaseline.concentration,
                              crossTeam: BarrierBaseline.crossTeam, ownership: BarrierBaseline.ownership,
                              totals: BarrierBaseline.totals, asOf: BarrierBaseline.asOf, since: BarrierBaseline.since,
                              until: nil)
    }
}
