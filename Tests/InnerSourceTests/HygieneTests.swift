import Foundation
import InnerSourceModel
@testable import Scoring
import Testing

/// The report for files given as path → text (documents have text; other files an empty string).
private func report(_ files: [String: String]) -> HygieneReport {
    BarrierBaseline.hygiene(files)
}

private func readme(_ text: String, path: String = "README.md") -> ReadmeHygiene {
    report([path: text]).readme
}

/// A long enough tail that only the part under test decides a README's status.
private let filler = (1...10).map { "Line \($0) of the reference section." }.joined(separator: "\n")

@Suite("Hygiene: README")
struct ReadmeHygieneTests {
    @Test("a purpose statement in the first lines", arguments: [
        ("# Payments\n\nPayments takes card and bank payments for every checkout.\n", 3),
        ("# Payments\n\nTakes card payments\nfor every checkout.\n", 3),
        ("<p align=\"center\"><img src=\"logo.png\"></p>\n\n<h1 align=\"center\">Payments</h1>\n\nA service that takes card payments for checkout.\n", 5),
        ("# Payments [![CI](https://ci.example.com/badge.svg)](https://ci.example.com)\n\n[![Coverage](https://c.example.com/b.svg)](https://c.example.com)\n\n> The service that takes card payments for every checkout.\n", 5),
        ("Payments\n========\n\nPayments takes card and bank payments for every checkout.\n", 4),
        ("# Payments\n\nSee the [service catalogue](https://catalogue.example.com/payments) for the team, the API and the runbooks.\n", 3),
    ])
    func purpose(text: String, line: Int) {
        let check = readme(text).purpose
        #expect(check.status == .adequate)
        #expect(check.evidence.first?.line == line)
        #expect(check.evidence.first?.path == "README.md")
    }

    @Test("no purpose statement", arguments: [
        "# Payments\n\n[![CI](https://ci.example.com/badge.svg)](https://ci.example.com) [![Cov](https://c.example.com/b.svg)](https://c.example.com)\n\n## Install\n",
        "# Payments\n\n- fast payments for every checkout in the company\n- refunds too, within one day\n",
        "# Payments\n\n```\nthis is a long line of code with many words in it\n```\n",
        "# Payments\n\nWork in progress.\n",
        "# Payments\n" + String(repeating: "\n", count: 30) + "Payments takes card and bank payments for every checkout.\n",
        "| service | owner | on call rota for the payments team |\n| --- | --- | --- |\n",
    ])
    func noPurpose(text: String) {
        let check = readme(text).purpose
        #expect(check.status == .missing)
        #expect(check.evidence.isEmpty)
        #expect(check.note.contains("no paragraph of at least 6 words"))
    }

    @Test("a getting-started section, in several wordings and markups", arguments: [
        ("README.md", "# Payments\n\n## Getting Started\n", 3, "getting started"),
        ("README.md", "# Payments\n\n### Quick start\n", 3, "quick start"),
        ("README.md", "# Payments\n\n## Installation\n", 3, "installation"),
        ("README.md", "# Payments\n\n## Usage\n", 3, "usage"),
        ("README.md", "# Payments\n\n## Building from source\n", 3, "building"),
        ("README.md", "# Payments\n\nInstallation\n------------\n", 3, "installation"),
        ("README.md", "# Payments\n\n**Installation:**\n", 3, "installation"),
        ("README.md", "<h1>Payments</h1>\n<h2 id=\"usage\">Usage</h2>\n", 2, "usage"),
        ("README.adoc", "= Payments\n\n== Getting Started\n", 3, "getting started"),
        ("README.rst", "Payments\n########\n\nSetting up\n~~~~~~~~~~\n", 4, "setting up"),
        ("README.org", "* Payments\n** Prerequisites\n", 2, "prerequisites"),
    ])
    func gettingStarted(path: String, text: String, line: Int, keyword: String) {
        let check = readme(text, path: path).gettingStarted
        #expect(check.status == .adequate)
        #expect(check.evidence.first?.line == line)
        #expect(check.evidence.first?.keyword == keyword)
    }

    @Test("no getting-started section", arguments: [
        "# Payments\n\n## Architecture\n\n## License\n",
        "# Payments\n\n```sh\n# install the tools first\nbrew install swift\n```\n",
        "# Payments\n\nTo install it, ask the platform team.\n",
        "# Payments\n\n- Installation\n- Usage\n",
    ])
    func noGettingStarted(text: String) {
        let check = readme(text).gettingStarted
        #expect(check.status == .missing)
        #expect(check.note == "README.md: no heading such as Getting started, Installation, Usage, Build or Running")
    }

    @Test("how to get involved", arguments: [
        ("# Payments\n\n## Contributing\n\nAsk us.\n", 3, "contributing"),
        ("# Payments\n\n## How to get involved\n", 3, "get involved"),
        ("# Payments\n\nRead [the guide](docs/CONTRIBUTING.md) before you start.\n", 3, "CONTRIBUTING"),
        ("# Payments\n\nPull requests are welcome!\n", 3, "pull requests are welcome"),
        ("# Payments\n\nContributions welcome: see the issues labelled good first issue.\n", 3, "contributions welcome"),
    ])
    func involvement(text: String, line: Int, keyword: String) {
        let check = readme(text).involvement
        #expect(check.status == .adequate)
        #expect(check.evidence.first?.line == line)
        #expect(check.evidence.first?.keyword == keyword)
    }

    @Test("no way to get involved", arguments: [
        "# Payments\n\n## License\n\nMIT\n",
        "# Payments\n\n```\ncat contributing.md\n```\n",
        "# Payments\n\nWe do not take contributions right now.\n",
    ])
    func noInvolvement(text: String) {
        #expect(readme(text).involvement.status == .missing)
    }

    @Test("thin, adequate or missing")
    func status() {
        let complete = "# Payments\n\nPayments takes card and bank payments for every checkout.\n\n## Usage\n\nRun it.\n\n## Contributing\n\nSee CONTRIBUTING.md.\n"
        let short = readme(complete)
        #expect(short.nonEmptyLines == 6)
        #expect(short.check.status == .thin)
        #expect(short.check.note == "README.md: only 6 non-empty lines (fewer than 10)")

        let long = readme(complete + filler)
        #expect(long.nonEmptyLines == 16)
        #expect(long.check.status == .adequate)

        let noSections = readme("# Payments\n\nPayments takes card and bank payments for every checkout.\n" + filler)
        #expect(noSections.check.status == .thin)
        #expect(noSections.check.note == "README.md: without a getting-started section or how to get involved")

        let none = report(["main.swift": ""]).readme
        #expect(none.check.status == .missing)
        #expect(none.path == nil)
        #expect([none.purpose, none.gettingStarted, none.involvement].allSatisfy { $0.status == .missing })
    }

    @Test("which README is read", arguments: [
        (["README.md", "docs/README.md"], "README.md"),
        (["README.de.md", "README.md"], "README.md"),
        (["README.txt", "README.rst"], "README.rst"),
        (["docs/README.md", ".github/README.md"], ".github/README.md"),
        (["src/README.md", "doc/readme.md"], "doc/readme.md"),
    ])
    func choice(paths: [String], chosen: String) {
        let files = Dictionary(uniqueKeysWithValues: paths.map { ($0, "# \($0)\n") })
        #expect(report(files).readme.path == chosen)
    }

    @Test("a real-world README: every part with its line")
    func realistic() {
        let text = """
            <div align="center">
              <img src="docs/logo.svg" width="120">
              <h1>ledger-service</h1>
              [![Build](https://ci.example.com/ledger/badge.svg)](https://ci.example.com/ledger)
            </div>

            The ledger service records every movement of money between accounts, so that
            finance can reconcile the books at the end of each day.

            ## Table of contents

            - [Quick start](#quick-start)
            - [Contributing](#contributing)

            ## Quick start

            ```bash
            # install the toolchain
            make setup
            make run
            ```

            ## Contributing

            Read [CONTRIBUTING.md](./CONTRIBUTING.md) and join #ledger on Slack.
            """
        let hygiene = report(["README.md": text, "Makefile": ""])
        #expect(hygiene.readme.check.status == .adequate)
        #expect(hygiene.readme.purpose.evidence.first?.line == 7)
        #expect(hygiene.readme.gettingStarted.evidence.map(\.line) == [15])
        #expect(hygiene.readme.involvement.evidence.map(\.line) == [23, 25])
        #expect(hygiene.communication.evidence.map(\.reference) == ["README.md:25: Read [CONTRIBUTING.md](./CONTRIBUTING.md) and join #ledger on Slack."])
        #expect(hygiene.documentedBuild.status == .adequate)
        #expect(hygiene.documentedBuild.evidence.first?.line == 19)
        #expect(hygiene.documentedBuild.evidence.first?.keyword == "make")
    }
}

@Suite("Hygiene: CONTRIBUTING")
struct ContributingHygieneTests {
    static let complete = """
        # Contributing

        ## Building

        Install Swift 6, then run `swift build`.

        ## Running the tests

        `swift test` runs them all.

        ## Sending a change

        Fork the repository and open a pull request; a trusted committer reviews it.
        """

    @Test("build, test and submit, each with its line", arguments: [
        (complete, [3, 7, 11], HygieneStatus.adequate),
        ("Open a pull request.\n", [nil, nil, 1], HygieneStatus.thin),
        ("Run `make`, then `make check`.\n", [1, 1, nil], HygieneStatus.thin),
        ("Patches go to the mailing list with git send-email.\n", [nil, nil, 1], HygieneStatus.thin),
        ("Be nice.\n", [nil, nil, nil], HygieneStatus.thin),
        ("Set up with `npm ci`, check with `npm test`, then create a merge request.\n", [1, 1, 1], HygieneStatus.adequate),
    ])
    func families(text: String, lines: [Int?], status: HygieneStatus) {
        let guide = report(["CONTRIBUTING.md": text]).contributing
        #expect(guide.check.status == status)
        #expect([guide.build, guide.test, guide.submit].map { $0.evidence.first?.line } == lines)
        for part in [guide.build, guide.test, guide.submit] {
            #expect((part.status == .adequate) == (part.evidence.first != nil))
        }
    }

    @Test("what a thin guide leaves out")
    func thinNote() {
        let guide = report(["CONTRIBUTING.md": "Open a pull request.\n"]).contributing
        #expect(guide.check.note == "CONTRIBUTING.md does not say how to build or how to test")
        #expect(guide.build.note.hasPrefix("CONTRIBUTING.md never says how to build: none of \"build\""))
    }

    @Test("found in any of the folders", arguments: [".github/CONTRIBUTING.md", "docs/contributing.rst", "CONTRIBUTING", ".gitlab/CONTRIBUTING.md"])
    func folders(path: String) {
        #expect(report([path: Self.complete]).contributing.path == path)
    }

    @Test("missing")
    func missing() {
        let guide = report(["README.md": "# x\n", "src/CONTRIBUTING.md": Self.complete]).contributing
        #expect(guide.check.status == .missing)
        #expect(guide.submit.status == .missing)
    }
}

@Suite("Hygiene: owners and committers")
struct OwnershipHygieneTests {
    @Test("CODEOWNERS default rules", arguments: [
        ("* @org/payments\n", HygieneStatus.adequate, 1, ["@org/payments"]),
        ("# Owners\n/docs/ @org/writers\n* @olga @piet\n", .adequate, 3, ["@olga", "@piet"]),
        ("** @org/payments # everyone\n", .adequate, 1, ["@org/payments"]),
        ("/** olga@example.com\n", .adequate, 1, ["olga@example.com"]),
        ("[Backend] @org/backend\n*\n", .adequate, 2, ["@org/backend"]),
        ("* @org/payments\n/vendor/ @org/platform\n*\n", .thin, 3, []),
        ("/src/ @org/payments\n", .thin, nil, []),
        ("\n", .thin, nil, []),
    ] as [(String, HygieneStatus, Int?, [String])])
    func codeowners(text: String, status: HygieneStatus, line: Int?, owners: [String]) {
        let hygiene = report([".github/CODEOWNERS": text]).codeowners
        #expect(hygiene.check.status == status)
        #expect(hygiene.owners == owners)
        #expect(hygiene.check.evidence.first?.line == line)
        #expect(hygiene.path == ".github/CODEOWNERS")
    }

    @Test("CODEOWNERS locations, GitHub's order first", arguments: [
        (["CODEOWNERS"], "CODEOWNERS"),
        (["docs/CODEOWNERS"], "docs/CODEOWNERS"),
        ([".gitlab/CODEOWNERS"], ".gitlab/CODEOWNERS"),
        (["CODEOWNERS", ".github/CODEOWNERS"], ".github/CODEOWNERS"),
        (["docs/CODEOWNERS", "CODEOWNERS"], "CODEOWNERS"),
        (["src/CODEOWNERS"], nil),
    ])
    func codeownersPaths(paths: [String], chosen: String?) {
        let files = Dictionary(uniqueKeysWithValues: paths.map { ($0, "* @org/payments\n") })
        let hygiene = report(files).codeowners
        #expect(hygiene.path == chosen)
        #expect(hygiene.check.status == (chosen == nil ? .missing : .adequate))
    }

    @Test("trusted committers", arguments: [
        (["TRUSTED-COMMITTERS.md": "# Trusted committers\n\n- Olga <olga@example.com>\n"], HygieneStatus.adequate, "TRUSTED-COMMITTERS.md", 3),
        (["docs/TRUSTED_COMMITTERS.md": "| name | handle |\n"], .adequate, "docs/TRUSTED_COMMITTERS.md", 1),
        (["MAINTAINERS": "Olga Owner <olga@example.com>\n"], .adequate, "MAINTAINERS", 1),
        (["MAINTAINERS.md": "# Maintainers\n"], .thin, "MAINTAINERS.md", nil),
        (["README.md": "# Payments\n\n## Maintainers\n\n- @olga\n"], .adequate, "README.md", 3),
        (["CONTRIBUTING.md": "# Guide\n\n## Trusted committers\n\n## Reviews\n\nWe review.\n"], .thin, "CONTRIBUTING.md", 3),
        (["README.md": "# Payments\n\n## Usage\n\nRun it.\n"], .missing, nil, nil),
    ] as [([String: String], HygieneStatus, String?, Int?)])
    func trustedCommitters(files: [String: String], status: HygieneStatus, path: String?, line: Int?) {
        let check = report(files).trustedCommitters
        #expect(check.status == status)
        #expect(check.evidence.first?.path == path)
        #expect(check.evidence.first?.line == line)
    }
}

@Suite("Hygiene: communication and licence")
struct CommunicationHygieneTests {
    @Test("named channels", arguments: [
        ("Questions? Ask in #payments on Slack.", "Slack"),
        ("Find us in the Payments channel on Microsoft Teams.", "Microsoft Teams"),
        ("Chat: [Matrix](https://matrix.to/#/#payments:example.org)", "Matrix"),
        ("Join our Discord server.", "Discord"),
        ("Write to the payments-dev mailing list.", "mailing list"),
        ("Chat on [Gitter](https://gitter.im/example/payments).", "Gitter"),
        ("We are #payments on IRC (Libera.Chat).", "IRC"),
        ("Ask on Zulip.", "Zulip"),
        ("Ask in [Discussions](https://github.com/example/payments/discussions).", "Discussions"),
    ])
    func channel(line: String, name: String) {
        let check = report(["README.md": "# Payments\n\n" + line + "\n"]).communication
        #expect(check.status == .adequate)
        #expect(check.evidence.first?.keyword == name)
        #expect(check.evidence.first?.line == 3)
    }

    @Test("words that are not channels", arguments: [
        "The CI runs a build matrix over three versions.",
        "Our teams work together on this.",
        "Open an issue if something breaks.",
    ])
    func noChannel(line: String) {
        #expect(report(["README.md": "# Payments\n\n" + line + "\n"]).communication.status == .missing)
    }

    @Test("a COMMUNICATION file")
    func communicationFile() {
        #expect(report(["COMMUNICATION.md": "# Talk to us\n\nJoin #payments on Slack.\n"]).communication.evidence.first?.reference
            == "COMMUNICATION.md:3: Join #payments on Slack.")
        #expect(report(["COMMUNICATION.md": "# Talk to us\n"]).communication.status == .thin)
    }

    @Test("licence kinds from the first lines", arguments: [
        ("MIT License\n\nCopyright (c) 2024 Example\n\nPermission is hereby granted, free of charge, to any person", "MIT"),
        ("                                 Apache License\n                           Version 2.0, January 2004\n", "Apache-2.0"),
        ("GNU GENERAL PUBLIC LICENSE\nVersion 3, 29 June 2007\n", "GPL-3.0"),
        ("GNU GENERAL PUBLIC LICENSE\nVersion 2, June 1991\n", "GPL-2.0"),
        ("GNU LESSER GENERAL PUBLIC LICENSE\nVersion 3\n", "LGPL"),
        ("GNU AFFERO GENERAL PUBLIC LICENSE\nVersion 3\n", "AGPL-3.0"),
        ("Mozilla Public License Version 2.0\n", "MPL-2.0"),
        ("Copyright (c) 2024, Example\nAll rights reserved.\n\nRedistribution and use in source and binary forms, with or without\nmodification, are permitted.\n3. Neither the name of the copyright holder", "BSD-3-Clause"),
        ("Copyright (c) 2024, Example\nAll rights reserved.\n\nRedistribution and use in source and binary forms, with or without\nmodification, are permitted.\n", "BSD-2-Clause"),
        ("Copyright 2024 Example Corp. All rights reserved.\nInternal use only.\n", "proprietary"),
        ("This is free and unencumbered software released into the public domain.\n", "Unlicense"),
    ])
    func licenseKind(text: String, kind: String) {
        let license = report(["LICENSE": text]).license
        #expect(license.check.status == .adequate)
        #expect(license.kind == kind)
    }

    @Test("licence files", arguments: [
        ("LICENSE.md", HygieneStatus.adequate), ("LICENCE", .adequate), ("COPYING", .adequate), ("docs/LICENSE.txt", .adequate),
        ("src/LICENSE", .missing),
    ])
    func licenseFiles(path: String, status: HygieneStatus) {
        #expect(report([path: "Some licence of our own.\n"]).license.check.status == status)
    }
}

@Suite("Hygiene: paths")
struct PathHygieneTests {
    @Test("issue templates", arguments: [
        (".github/ISSUE_TEMPLATE/bug_report.md", true), (".github/ISSUE_TEMPLATE/config.yml", true),
        (".github/issue_template.md", true), ("ISSUE_TEMPLATE.md", true), ("docs/ISSUE_TEMPLATE.md", true),
        (".gitlab/issue_templates/Bug.md", true), ("src/issue_template.md", false), (".github/pull_request_template.md", false),
    ])
    func issueTemplates(path: String, found: Bool) {
        let check = report([path: ""]).issueTemplates
        #expect(check.status == (found ? .adequate : .missing))
        #expect(check.evidence.map(\.path) == (found ? [path] : []))
    }

    @Test("pull- and merge-request templates", arguments: [
        (".github/pull_request_template.md", true), ("PULL_REQUEST_TEMPLATE.md", true), ("docs/pull_request_template.md", true),
        (".github/PULL_REQUEST_TEMPLATE/feature.md", true), (".gitlab/merge_request_templates/Default.md", true),
        (".github/ISSUE_TEMPLATE/bug.md", false), ("templates/pull_request.md", false),
    ])
    func pullRequestTemplates(path: String, found: Bool) {
        #expect(report([path: ""]).pullRequestTemplates.status == (found ? .adequate : .missing))
    }

    @Test("tests by the conventions of each language", arguments: [
        ("tests/test_ledger.py", true), ("test/ledger.js", true), ("spec/ledger_spec.rb", true), ("src/__tests__/ledger.js", true),
        ("ledger/ledger_test.go", true), ("ledger/test_ledger.py", true), ("ledger/ledger_test.py", true),
        ("Tests/LedgerTests/LedgerTests.swift", true), ("Sources/LedgerTests.swift", true),
        ("src/main/java/com/example/LedgerTest.java", true), ("src/test/java/com/example/Ledger.java", true),
        ("web/ledger.test.ts", true), ("web/ledger.spec.js", true), ("Ledger.Tests/LedgerFacts.cs", true),
        ("app/src/androidTest/Ledger.kt", true), ("t/ledger.t", true), ("lib/ledger_spec.lua", true),
        ("src/main/java/com/example/Ledger.java", false), ("latest/notes.go", false), ("src/Contest.swift", false),
        ("docs/testing-strategy.md", false), ("vendor/lib/tests/x_test.go", false), ("node_modules/a/test/a.js", false),
        ("src/attestation.py", false), ("src/EXIT.java", false),
    ])
    func testPath(path: String, isTest: Bool) {
        let tests = report([path: ""]).tests
        #expect(tests.files == (isTest ? 1 : 0))
        #expect(tests.check.status == (isTest ? .adequate : .missing))
    }

    @Test("test counts, folders and examples")
    func testSummary() {
        let paths = ["Sources/App/main.swift", "Sources/App/Ledger.swift", "Tests/AppTests/LedgerTests.swift",
                     "Tests/AppTests/Fixtures/ledger.json", "web/src/ledger.test.ts", "web/src/ledger.ts", "vendor/x/tests/a.c"]
        let tests = report(Dictionary(uniqueKeysWithValues: paths.map { ($0, "") })).tests
        #expect(tests.files == 3)
        #expect(tests.folders == ["Tests/"])
        #expect(tests.examples == ["Tests/AppTests/Fixtures/ledger.json", "Tests/AppTests/LedgerTests.swift", "web/src/ledger.test.ts"])
        #expect(tests.codeFiles == 3)
        #expect(tests.check.note == "3 test paths, in Tests/")
    }

    @Test("CI systems by their configuration", arguments: [
        (".github/workflows/ci.yml", "GitHub Actions", ".github/workflows/ci.yml"),
        (".github/workflows/release.yaml", "GitHub Actions", ".github/workflows/release.yaml"),
        (".gitlab-ci.yml", "GitLab CI", ".gitlab-ci.yml"),
        ("Jenkinsfile", "Jenkins", "Jenkinsfile"),
        ("ci/Jenkinsfile.release", "Jenkins", "ci/Jenkinsfile.release"),
        ("azure-pipelines.yml", "Azure Pipelines", "azure-pipelines.yml"),
        (".azure-pipelines/build.yml", "Azure Pipelines", ".azure-pipelines/"),
        (".circleci/config.yml", "CircleCI", ".circleci/config.yml"),
        (".buildkite/pipeline.yml", "Buildkite", ".buildkite/"),
        (".travis.yml", "Travis CI", ".travis.yml"),
        ("appveyor.yml", "AppVeyor", "appveyor.yml"),
        (".drone.yml", "Drone", ".drone.yml"),
        ("bitbucket-pipelines.yml", "Bitbucket Pipelines", "bitbucket-pipelines.yml"),
        (".teamcity/settings.kts", "TeamCity", ".teamcity/"),
        (".woodpecker.yml", "Woodpecker", ".woodpecker.yml"),
        (".woodpecker/build.yml", "Woodpecker", ".woodpecker/"),
        (".tekton/pipeline.yaml", "Tekton", ".tekton/"),
        ("ci/pipeline.yml", "Concourse", "ci/pipeline.yml"),
        (".cirrus.yml", "Cirrus CI", ".cirrus.yml"),
        ("ledger.gocd.yaml", "GoCD", "ledger.gocd.yaml"),
        ("bamboo-specs/bamboo.yml", "Bamboo", "bamboo-specs/"),
        ("cloudbuild.yaml", "Google Cloud Build", "cloudbuild.yaml"),
        ("buildspec.yml", "AWS CodeBuild", "buildspec.yml"),
        (".builds/alpine.yml", "sourcehut builds", ".builds/"),
    ])
    func ci(path: String, name: String, evidence: String) {
        let ci = report([path: ""]).ci
        #expect(ci.tools == [DetectedTool(name: name, paths: [evidence])])
        #expect(ci.check.status == .adequate)
        #expect(ci.check.evidence.first?.keyword == name)
    }

    @Test("not CI", arguments: [
        ".github/workflows/README.md", ".github/workflows/scripts/build.yml", "docs/.travis.yml", "src/a/b/Jenkinsfile",
        "vendor/lib/Jenkinsfile", "travis.yml",
    ])
    func notCI(path: String) {
        let ci = report([path: ""]).ci
        #expect(ci.tools.isEmpty)
        #expect(ci.check.status == .missing)
    }

    @Test("build systems, at the root or one folder down", arguments: [
        ("Package.swift", "SwiftPM"), ("Makefile", "Make"), ("CMakeLists.txt", "CMake"), ("meson.build", "Meson"),
        ("MODULE.bazel", "Bazel"), ("app/build.gradle.kts", "Gradle"), ("pom.xml", "Maven"), ("package.json", "npm"),
        ("pnpm-lock.yaml", "pnpm"), ("Cargo.toml", "Cargo"), ("go.mod", "Go modules"), ("pyproject.toml", "Python"),
        ("requirements.txt", "Python"), ("poetry.lock", "Poetry"), ("Gemfile", "Bundler"), ("composer.json", "Composer"),
        ("src/Ledger.csproj", ".NET"), ("Ledger.sln", ".NET"), ("build.sbt", "sbt"), ("mix.exs", "Mix"),
        ("rebar.config", "Rebar"), ("ledger.cabal", "Cabal"), ("stack.yaml", "Stack"), ("dune-project", "Dune"),
        ("configure.ac", "Autotools"), ("SConstruct", "SCons"), ("build.xml", "Ant"), ("flake.nix", "Nix"),
        ("Dockerfile", "Docker"), ("deploy/Dockerfile.prod", "Docker"), ("Ledger.xcodeproj/project.pbxproj", "Xcode"),
    ])
    func buildSystem(path: String, name: String) {
        let tools = report([path: ""]).buildSystems.tools
        #expect(tools.map(\.name) == [name])
    }

    @Test("not build systems: too deep, vendored or look-alikes", arguments: [
        "services/api/Makefile", "vendor/Makefile", "node_modules/left-pad/package.json", "third_party/zlib/CMakeLists.txt",
        "docs/makefile.md", "a/b/Ledger.xcodeproj/project.pbxproj", "Makefile.txt",
    ])
    func notBuildSystem(path: String) {
        #expect(report([path: ""]).buildSystems.tools.isEmpty)
    }

    @Test("several systems, sorted by name, evidence paths sorted")
    func severalSystems() {
        let paths = ["Makefile", "Package.swift", "web/package.json", "package.json", "Dockerfile", ".github/workflows/b.yml",
                     ".github/workflows/a.yml", "Jenkinsfile"]
        let hygiene = report(Dictionary(uniqueKeysWithValues: paths.map { ($0, "") }))
        #expect(hygiene.buildSystems.tools == [
            DetectedTool(name: "Docker", paths: ["Dockerfile"]), DetectedTool(name: "Make", paths: ["Makefile"]),
            DetectedTool(name: "npm", paths: ["package.json", "web/package.json"]), DetectedTool(name: "SwiftPM", paths: ["Package.swift"]),
        ])
        #expect(hygiene.ci.tools == [
            DetectedTool(name: "GitHub Actions", paths: [".github/workflows/a.yml", ".github/workflows/b.yml"]),
            DetectedTool(name: "Jenkins", paths: ["Jenkinsfile"]),
        ])
    }
}

@Suite("Hygiene: documented build")
struct BuildInstructionHygieneTests {
    @Test("says how to build", arguments: [
        ("README.md", "# X\n\n```sh\n$ swift build -c release\n```\n", 4, "swift build"),
        ("README.md", "# X\n\n```\ngit clone x && cd x && make\n```\n", 4, "make"),
        ("README.md", "# X\n\nRun `./gradlew assemble` to get the jar.\n", 3, "gradlew"),
        ("README.md", "# X\n\n    sudo make install\n", 3, "make"),
        ("README.md", "# X\n\nYou need Go 1.22; go build ./... builds everything.\n", 3, "go build"),
        ("README.md", "# X\n\nThe project is built with Maven.\n", 3, "maven"),
        ("README.md", "# X\n\n## Building from source\n", 3, "building"),
        ("CONTRIBUTING.md", "First `npm ci`, then hack away.\n", 1, "npm ci"),
        ("docs/BUILDING.md", "Use `cmake -S . -B build`.\n", 1, "cmake"),
        ("HACKING", "$ ./configure && make\n", 1, "configure"),
    ])
    func documented(path: String, text: String, line: Int, keyword: String) {
        let check = report([path: text]).documentedBuild
        #expect(check.status == .adequate)
        #expect(check.evidence.first?.path == path)
        #expect(check.evidence.first?.line == line)
        #expect(check.evidence.first?.keyword == keyword)
    }

    @Test("does not say how to build", arguments: [
        "# X\n\nMake sure you have an account first.\n",
        "# X\n\nWe make payments simple.\n",
        "# X\n\n## Installation\n\nDownload the binary from the releases page.\n",
        "# X\n\nThe API takes POST /payments.\n",
    ])
    func undocumented(text: String) {
        let check = report(["README.md": text, "Makefile": ""]).documentedBuild
        #expect(check.status == .missing)
        #expect(check.note.hasPrefix("README.md never says how to build: looked for commands such as `make`"))
    }

    @Test("nothing to read")
    func noDocuments() {
        #expect(report(["Makefile": ""]).documentedBuild.note.hasPrefix("there is no README or CONTRIBUTING"))
    }
}

@Suite("Hygiene: the report")
struct HygieneReportTests {
    @Test("line classification", arguments: [
        ("# Title", HygieneLine.Kind.heading(level: 1)),
        ("### Third", .heading(level: 3)),
        ("#hashtag", .prose),
        ("Plain text.", .prose),
        ("", .blank),
        ("---", .decoration),
        ("<!-- note -->", .decoration),
    ])
    func classify(line: String, kind: HygieneLine.Kind) {
        #expect(HygieneText.classify(line, path: "README.md").first?.kind == kind)
    }

    @Test("code fences hide headings, and end")
    func fences() {
        let lines = HygieneText.classify("```\n# not a heading\n```\n# Heading\n~~~\n## no\n~~~", path: "README.md")
        #expect(lines.map(\.kind) == [.code, .code, .code, .heading(level: 1), .code, .code, .code])
    }

    @Test("plain text drops images, link targets, tags and URLs")
    func plain() {
        #expect(HygieneText.plain("[![CI](https://x/b.svg)](https://x) See [the guide](docs/g.md) <b>now</b> at https://x.example")
            == "See the guide now at")
    }

    @Test("every check once, in a fixed order, with a note")
    func checks() {
        let checks = BarrierContext.healthy.hygiene.checks
        #expect(checks.map(\.id.rawValue) == [
            "readme", "readme_purpose", "readme_getting_started", "readme_involvement", "contributing", "contributing_build",
            "contributing_test", "contributing_submit", "codeowners", "trusted_committers", "communication", "license",
            "issue_templates", "pull_request_templates", "tests", "ci", "build_systems", "documented_build",
        ])
        #expect(checks.allSatisfy { $0.status == .adequate && !$0.note.isEmpty && !$0.evidence.isEmpty })
        let empty = report([:]).checks
        #expect(empty.allSatisfy { $0.status == .missing && $0.evidence.isEmpty && !$0.note.isEmpty })
    }

    @Test("snake-case JSON, the same bytes every time")
    func json() throws {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys]
        let first = try encoder.encode(BarrierContext.healthy.hygiene)
        let second = try encoder.encode(BarrierBaseline.hygiene(BarrierBaseline.files))
        #expect(first == second)
        let text = String(decoding: first, as: UTF8.self)
        for key in ["\"non_empty_lines\"", "\"build_systems\"", "\"documented_build\"", "\"pull_request_templates\"", "\"getting_started\""] {
            #expect(text.contains(key), "\(key)")
        }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        #expect(try decoder.decode(HygieneReport.self, from: first) == BarrierContext.healthy.hygiene)
    }
}

@Suite("Hygiene: path prefilters")
struct HygienePathPrefilterTests {
    /// Paths of one to five components from pieces that every kind of rule looks for, in other cases,
    /// with letters beyond ASCII that `String` compares or lower-cases to ASCII (the Kelvin sign, a dotted
    /// capital I, a combining accent), a carriage return before a line feed, and vendored folders.
    static func generatedPaths(count: Int) -> [String] {
        var pieces: Set<String> = ["src", "lib", "tests", "docs", "Docs", "DOCS", "vendor", "Vendor", "third_party", "deps",
                                   "App.xcodeproj", "a.xcodeproj", ".xcodeproj", "ISSUE_TEMPLATE", "issue_template.md",
                                   "Pull_Request_Template.md", "pull_request_template", ".GitHub", "ci", "pipeline.yml",
                                   "Makefile", "BUC\u{212A}", "BUCK", "Ma\u{212A}efile", "Jenkinsfile.groovy",
                                   "Jenkinsfile\u{301}", "\u{130}SSUE_TEMPLATE", "x.Dockerfile", "Dockerfile.dev",
                                   ".gitlab-ci.yml", "workflows", "build.yml", "a\r\nb", "\r\n", "", "e\u{301}", "main.c"]
        for rule in HygieneTools.ciRules + HygieneTools.buildRules {
            for pattern in rule.patterns {
                switch pattern {
                case .path(let text), .folder(let text), .files(in: let text, extensions: _):
                    for part in text.split(separator: "/") { pieces.insert(String(part)) }
                    pieces.insert(text.uppercased())
                case .name(let text), .namePrefix(let text), .nameSuffix(let text), .folderSuffix(let text):
                    pieces.insert(text)
                    pieces.insert("x" + text)
                    pieces.insert(text + ".y")
                }
            }
        }
        for folder in HygieneTemplates.issueFolders + HygieneTemplates.pullRequestFolders
            + HygieneTemplates.issueFiles + HygieneTemplates.pullRequestFiles {
            for part in folder.split(separator: "/") { pieces.insert(String(part)); pieces.insert(part.uppercased()) }
        }
        let vocabulary = pieces.sorted()
        var generator = SplitMix(seed: 17)
        return (0..<count).map { _ in
            (0..<Int.random(in: 1...5, using: &generator)).map { _ in vocabulary.randomElement(using: &generator)! }
                .joined(separator: "/")
        }
    }

    @Test("tool detection finds the same with and without the prefilter")
    func toolsUnchanged() {
        let paths = Self.generatedPaths(count: 40_000)
        for rules in [HygieneTools.ciRules, HygieneTools.buildRules] {
            let filtered = HygieneTools.detect(paths, rules: rules)
            let full = HygieneTools.detect(paths, rules: rules, prefiltered: false)
            #expect(filtered.map(\.name) == full.map(\.name))
            #expect(filtered.map(\.paths) == full.map(\.paths))
            #expect(!full.isEmpty)
        }
        // Each path alone too: a path the filter skips matches no rule.
        let filter = DeepPathFilter(HygieneTools.ciRules + HygieneTools.buildRules)
        var skipped = 0
        for path in paths where !filter.mayMatch(path) {
            skipped += 1
            #expect(HygieneTools.detect([path], rules: HygieneTools.ciRules + HygieneTools.buildRules, prefiltered: false).isEmpty,
                    "\(path.debugDescription) was skipped but matches")
        }
        #expect(skipped > 10_000)
    }

    @Test("template checks find the same with and without the prefilter")
    func templatesUnchanged() {
        let paths = Self.generatedPaths(count: 40_000)
        for (folders, files) in [(HygieneTemplates.issueFolders, HygieneTemplates.issueFiles),
                                 (HygieneTemplates.pullRequestFolders, HygieneTemplates.pullRequestFiles)] {
            let filtered = HygieneTemplates.check(paths, id: .issueTemplates, what: "template", folders: folders, files: files)
            let full = HygieneTemplates.check(paths, id: .issueTemplates, what: "template", folders: folders, files: files,
                                              prefiltered: false)
            #expect(filtered == full)
            #expect(filtered.status == .adequate)
            // Each path alone too: a path the prefilter rejects is no template.
            let starts = (folders + files).map { Array($0.utf8) }
            var skipped = 0
            for path in paths where !ASCIIPath.mayBeginCaseInsensitively(path, withAnyOf: starts) {
                skipped += 1
                #expect(HygieneTemplates.check([path], id: .issueTemplates, what: "template", folders: folders, files: files,
                                               prefiltered: false).status == .missing, "\(path.debugDescription) was skipped")
            }
            #expect(skipped > 10_000)
        }
    }

    @Test("what the filters skip and what they leave to the rules", arguments: [
        ("src/git/blob.c", false), ("tests/resources/a/b", false), (".github/workflows/x/y.yml", true),
        ("a/App.xcodeproj/project.pbxproj", true), ("App.xcodeproj/x/y", true), ("src/Makefile", true),
        ("Makefile", true), ("src/\u{e9}t\u{e9}/x.c", true), ("ci/pipeline.yml", true), ("cI/x/y", false),
    ])
    func deepFilter(path: String, mayMatch: Bool) {
        #expect(DeepPathFilter(HygieneTools.ciRules + HygieneTools.buildRules).mayMatch(path) == mayMatch)
    }

    @Test("template prefilter", arguments: [
        ("src/x.md", false), ("Docs/ISSUE_TEMPLATE.md", true), (".GITHUB/Issue_Template/a.md", true), (".github/pull_request_template/a.md", false),
        ("include/git2.h", false), ("issue_template.md", true), ("\u{130}ssue_template.md", true), ("docs/x", false),
    ])
    func templateFilter(path: String, mayBeTemplate: Bool) {
        let starts = (HygieneTemplates.issueFolders + HygieneTemplates.issueFiles).map { Array($0.utf8) }
        #expect(ASCIIPath.mayBeginCaseInsensitively(path, withAnyOf: starts) == mayBeTemplate)
    }
}
