import InnerSourceModel

/// The README checks: purpose, getting started, how to get involved.
enum HygieneReadme {
    /// Heading words of a getting-started section, in several wordings.
    static let gettingStarted = HygieneKeywords([
        "getting started", "get started", "quick start", "quickstart", "quick-start", "first steps", "installation", "install",
        "installing", "setup", "set up", "setting up", "usage", "how to use", "using", "build", "building", "builds",
        "compile", "compiling", "compilation", "running", "run", "how to run", "requirements", "prerequisites",
        "development", "developing", "local development", "tutorial", "example", "examples", "try it", "deploy", "deployment",
    ])
    /// Heading words of a section on contributing.
    static let involvementHeadings = HygieneKeywords([
        "contributing", "contribute", "contribution", "contributions", "contributors", "get involved", "getting involved",
        "how to help", "help wanted", "join us", "community", "pull requests", "reporting issues", "reporting bugs",
    ])
    /// Sentences that invite contributions.
    static let invitations = HygieneKeywords([
        "contributions are welcome", "contributions welcome", "contributions are very welcome", "we welcome contributions",
        "pull requests are welcome", "pull requests welcome", "prs welcome", "prs are welcome", "merge requests are welcome",
        "merge requests welcome", "how to contribute", "want to contribute", "like to contribute", "wish to contribute",
        "to contribute please", "feel free to contribute", "feel free to open",
    ])

    static func assess(_ document: HeadDocument?) -> ReadmeHygiene {
        guard let document else {
            let nowhere = "no README at the root, .github/, docs/, doc/ or .gitlab/"
            func missing(_ id: HygieneCheckID) -> HygieneCheck { HygieneCheck(id: id, status: .missing, note: nowhere) }
            return ReadmeHygiene(check: missing(.readme), path: nil, nonEmptyLines: 0, purpose: missing(.readmePurpose),
                                 gettingStarted: missing(.readmeGettingStarted), involvement: missing(.readmeInvolvement))
        }
        let readme = HygieneDocument(document)
        let purpose = self.purpose(readme)
        let started = HygieneGuides.headingCheck(
            readme, id: .readmeGettingStarted, keywords: gettingStarted,
            lookedFor: "heading such as Getting started, Installation, Usage, Build or Running")
        let involvement = self.involvement(readme)
        let lines = readme.nonEmptyLines
        let parts = [(purpose, "a purpose statement"), (started, "a getting-started section"), (involvement, "how to get involved")]
        let absent = parts.filter { $0.0.status != .adequate }.map(\.1)
        var problems: [String] = []
        if lines < Hygiene.readmeMinimumLines { problems.append("only \(lines) non-empty lines (fewer than \(Hygiene.readmeMinimumLines))") }
        if !absent.isEmpty { problems.append("without " + HygieneGuides.list(absent, joiner: "or")) }
        let check = problems.isEmpty
            ? HygieneCheck(id: .readme, status: .adequate, evidence: [HygieneEvidence(path: readme.path)],
                           note: "\(readme.path): \(lines) non-empty lines, with a purpose statement, a getting-started section and how to get involved")
            : HygieneCheck(id: .readme, status: .thin, evidence: [HygieneEvidence(path: readme.path)],
                           note: "\(readme.path): " + problems.joined(separator: "; "))
        return ReadmeHygiene(check: check, path: readme.path, nonEmptyLines: lines, purpose: purpose,
                             gettingStarted: started, involvement: involvement)
    }

    /// The first paragraph of prose starting within ``Hygiene/purposeLineWindow`` lines with at least
    /// ``Hygiene/purposeMinimumWords`` words (badges, images, links' targets, tags, lists, tables left out).
    static func purpose(_ readme: HygieneDocument) -> HygieneCheck {
        var paragraph: [HygieneLine] = []
        func qualifies() -> Bool {
            paragraph.reduce(0) { $0 + $1.words.count } >= Hygiene.purposeMinimumWords
        }
        for line in readme.lines {
            if line.kind == .prose && isStatement(line) {
                if paragraph.isEmpty && line.number > Hygiene.purposeLineWindow { break }
                paragraph.append(line)
                continue
            }
            if qualifies() { break }
            paragraph = []
        }
        if let first = paragraph.first, qualifies() {
            return HygieneCheck(id: .readmePurpose, status: .adequate, evidence: [readme.evidence(first)],
                                note: "\(readme.path):\(first.number) says what the project is")
        }
        return HygieneCheck(
            id: .readmePurpose, status: .missing,
            note: "\(readme.path): no paragraph of at least \(Hygiene.purposeMinimumWords) words of prose in the first "
                + "\(Hygiene.purposeLineWindow) lines (headings, badges, lists, tables and code do not count)")
    }

    /// Prose that can state a purpose: not a list item, table row or directive.
    private static func isStatement(_ line: HygieneLine) -> Bool {
        let trimmed = HygieneText.trim(line.text)
        return !HygieneText.isListItem(trimmed) && !trimmed.hasPrefix("|") && !trimmed.hasPrefix("..") && !trimmed.hasPrefix(":")
    }

    static func involvement(_ readme: HygieneDocument) -> HygieneCheck {
        var evidence: [HygieneEvidence] = []
        for line in readme.lines where line.kind != .code && line.kind != .blank {
            if line.isHeading, let keyword = involvementHeadings.match(line.words) {
                evidence.append(readme.evidence(line, keyword: keyword))
            } else if let keyword = linksToContributing(line.text) ?? invitations.match(line.words) {
                evidence.append(readme.evidence(line, keyword: keyword))
            }
        }
        if evidence.isEmpty {
            return HygieneCheck(
                id: .readmeInvolvement, status: .missing,
                note: "\(readme.path): no Contributing or Get involved section, no link to CONTRIBUTING and no invitation to contribute")
        }
        let sorted = Hygiene.sorted(evidence)
        return HygieneCheck(id: .readmeInvolvement, status: .adequate, evidence: sorted,
                            note: "\(sorted[0].path):\(sorted[0].line ?? 0) says how to get involved")
    }

    /// "CONTRIBUTING" when the line names or links the contributing guide.
    static func linksToContributing(_ text: String) -> String? {
        let lower = text.lowercased()
        let links = ["contributing.md", "contributing.rst", "contributing.adoc", "contributing.txt", "](contributing", "/contributing"]
        return text.contains("CONTRIBUTING") || links.contains(where: lower.contains) ? "CONTRIBUTING" : nil
    }
}

/// The contributing guide's checks: how to build, test and submit.
enum HygieneContributing {
    static let build = HygieneKeywords([
        "build", "builds", "building", "compile", "compiling", "set up", "setup", "setting up", "development environment",
        "dev environment", "install the dependencies", "install dependencies", "installing dependencies", "prerequisites",
    ])
    static let test = HygieneKeywords([
        "test", "tests", "testing", "tested", "unit test", "unit tests", "test suite", "spec", "specs", "pytest", "tox",
        "rspec", "jest", "phpunit", "ctest", "make check",
    ])
    static let submit = HygieneKeywords([
        "pull request", "pull requests", "merge request", "merge requests", "patch", "patches", "review", "reviews",
        "reviewed", "reviewer", "reviewers", "code review", "pr", "prs", "mr", "fork", "forking", "submit", "submitting",
        "submission", "gerrit", "send email", "send a change", "sending a change", "sending changes", "propose a change",
        "proposing a change", "proposing changes",
    ])

    static func assess(_ document: HeadDocument?) -> ContributingHygiene {
        guard let document else {
            let nowhere = "no CONTRIBUTING at the root, .github/, docs/, doc/ or .gitlab/"
            func missing(_ id: HygieneCheckID) -> HygieneCheck { HygieneCheck(id: id, status: .missing, note: nowhere) }
            return ContributingHygiene(check: missing(.contributing), path: nil, nonEmptyLines: 0, build: missing(.contributingBuild),
                                       test: missing(.contributingTest), submit: missing(.contributingSubmit))
        }
        let guide = HygieneDocument(document)
        let build = family(guide, id: .contributingBuild, keywords: build, commands: true, what: "how to build")
        let test = family(guide, id: .contributingTest, keywords: test, commands: false, what: "how to test")
        let submit = family(guide, id: .contributingSubmit, keywords: submit, commands: false,
                            what: "how to submit a change (pull or merge request, patch, review)")
        let absent = [(build, "how to build"), (test, "how to test"), (submit, "how to submit a change")]
            .filter { $0.0.status != .adequate }.map(\.1)
        let check = absent.isEmpty
            ? HygieneCheck(id: .contributing, status: .adequate, evidence: [HygieneEvidence(path: guide.path)],
                           note: "\(guide.path) says how to build, test and submit a change")
            : HygieneCheck(id: .contributing, status: .thin, evidence: [HygieneEvidence(path: guide.path)],
                           note: "\(guide.path) does not say " + HygieneGuides.list(absent, joiner: "or"))
        return ContributingHygiene(check: check, path: guide.path, nonEmptyLines: guide.nonEmptyLines,
                                   build: build, test: test, submit: submit)
    }

    private static func family(_ guide: HygieneDocument, id: HygieneCheckID, keywords: HygieneKeywords, commands: Bool,
                               what: String) -> HygieneCheck {
        var evidence: [HygieneEvidence] = []
        for line in guide.lines where line.kind != .blank && line.kind != .decoration {
            let keyword = keywords.match(line.words) ?? (commands ? HygieneBuildInstructions.command(in: line) : nil)
            if let keyword { evidence.append(guide.evidence(line, keyword: keyword)) }
        }
        guard let first = evidence.first else {
            return HygieneCheck(id: id, status: .missing,
                                note: "\(guide.path) never says \(what): none of \(HygieneGuides.sample(keywords)) found")
        }
        return HygieneCheck(id: id, status: .adequate, evidence: Hygiene.sorted(evidence),
                            note: "\(guide.path):\(first.line ?? 0) says \(what)")
    }
}

/// Whether README, CONTRIBUTING or a build document (BUILDING, INSTALL, HACKING, DEVELOPING, DEVELOPMENT)
/// says how to build: a build command in code (a block, `inline code` or a `$ ` line; commands of two words
/// such as `cargo build` count in prose too), a heading about building, or a sentence naming a build tool
/// with a verb such as build, compile or install.
enum HygieneBuildInstructions {
    /// Commands that count only in code: alone in prose they are ordinary words or too vague.
    static let codeCommands = [
        "make", "gmake", "cmake", "ninja", "meson", "bazel", "bazelisk", "buck", "buck2", "pants", "gradle", "gradlew",
        "mvn", "mvnw", "ant", "sbt", "scons", "configure", "autoreconf", "autogen sh", "msbuild", "xcodebuild", "just", "task",
        "earthly", "rake", "lein", "tox", "nox",
    ].map(HygieneText.words)
    /// Commands of two or more words, which count in prose as well.
    static let phraseCommands = [
        "swift build", "swift run", "swift package", "cargo build", "cargo run", "cargo install", "go build", "go install",
        "go run", "go generate", "npm install", "npm ci", "npm run", "yarn install", "yarn build", "pnpm install",
        "pnpm build", "bun install", "pip install", "pip3 install", "python setup py", "python m build", "python m pip install",
        "python3 m pip install", "poetry install", "poetry build", "pipenv install", "uv sync", "mvn install", "mvn package",
        "gradle build", "gradlew build", "dotnet build", "dotnet restore", "dotnet run", "bundle install", "composer install",
        "mix compile", "mix deps get", "rebar3 compile", "cabal build", "stack build", "dune build", "nix build",
        "nix develop", "docker build", "docker compose build", "podman build", "zig build", "flutter build", "run make",
        "type make", "running make", "make install", "make build", "cmake build", "bazel build", "meson setup",
    ].map(HygieneText.words)
    /// Build tools named in a sentence together with ``verbs``.
    static let toolNames = HygieneKeywords([
        "gradle", "maven", "cmake", "bazel", "cargo", "swiftpm", "swift package manager", "npm", "yarn", "pnpm", "meson",
        "sbt", "poetry", "pip", "bundler", "composer", "dotnet", "msbuild", "rebar3", "cabal", "dune", "scons", "docker",
        "xcode", "visual studio", "autotools", "ninja", "makefile", "leiningen",
    ])
    static let verbs = HygieneKeywords([
        "build", "builds", "building", "built", "compile", "compiles", "compiling", "compiled", "install", "installs", "installing",
    ])
    static let headings = HygieneKeywords([
        "build", "building", "builds", "how to build", "build instructions", "build from source", "building from source",
        "compile", "compiling", "compilation", "development setup", "local development", "developing", "development",
        "hacking", "from source",
    ])
    static let documentNames: Set<String> = ["BUILDING", "INSTALL", "HACKING", "DEVELOPING", "DEVELOPMENT"]

    static func assess(_ library: HygieneLibrary) -> HygieneCheck {
        let sources = [library.first(["README"]), library.first(["CONTRIBUTING"])].compactMap { $0 } + library.all(documentNames)
        var evidence: [HygieneEvidence] = []
        for document in sources.map(HygieneDocument.init) {
            for line in document.lines {
                if let keyword = match(line) { evidence.append(document.evidence(line, keyword: keyword)) }
            }
        }
        guard !evidence.isEmpty else {
            let read = sources.isEmpty
                ? "there is no README or CONTRIBUTING"
                : HygieneGuides.list(sources.map(\.path)) + (sources.count == 1 ? " never says" : " never say") + " how to build"
            return HygieneCheck(id: .documentedBuild, status: .missing,
                                note: "\(read): looked for commands such as `make`, `swift build`, `npm install`, "
                                    + "`cargo build`, `mvn`, `gradle`, `go build`, `pip install`, `cmake`, and headings such as Build or Building")
        }
        let sorted = Hygiene.sorted(evidence)
        return HygieneCheck(id: .documentedBuild, status: .adequate, evidence: sorted,
                            note: "\(sorted[0].path):\(sorted[0].line ?? 0) says how to build")
    }

    /// What on the line says how to build, if anything.
    static func match(_ line: HygieneLine) -> String? {
        switch line.kind {
        case .heading:
            return headings.match(line.words)
        case .code, .prose:
            if let command = command(in: line) { return command }
            if line.kind == .prose, let tool = toolNames.match(line.words), verbs.match(line.words) != nil { return tool }
            return nil
        case .blank, .decoration:
            return nil
        }
    }

    /// A build command on the line: at the start of a shell command in code, or a command of several words anywhere.
    static func command(in line: HygieneLine) -> String? {
        var segments: [String] = HygieneText.inlineCode(line.text)
        if line.kind == .code { segments.append(line.text) }
        let trimmed = HygieneText.trim(line.text)
        if trimmed.hasPrefix("$ ") || trimmed.hasPrefix("% ") { segments.append(String(trimmed.dropFirst(2))) }
        for segment in segments.flatMap(shellCommands) {
            let words = HygieneText.words(segment)
            if let command = (codeCommands + phraseCommands).first(where: { HygieneText.starts(words, with: $0) }) {
                return command.joined(separator: " ")
            }
        }
        let words = HygieneText.words(line.text)
        return phraseCommands.first { HygieneText.contains(words, phrase: $0) }.map { $0.joined(separator: " ") }
    }

    /// The commands of a shell line, split at `&&`, `||`, `;` and `|`, without prompts or `sudo`.
    static func shellCommands(_ text: String) -> [String] {
        var parts = [text]
        for separator in ["&&", "||", ";", "|"] {
            parts = parts.flatMap { $0.split(separator: separator).map(String.init) }
        }
        return parts.map { part in
            var command = HygieneText.trim(part)
            while let first = command.first, "$%>".contains(first) { command = HygieneText.trim(command.dropFirst()) }
            if command.hasPrefix("sudo ") { command = HygieneText.trim(command.dropFirst(5)) }
            return command
        }
    }
}

/// Helpers shared by the document checks.
enum HygieneGuides {
    /// Evidence of headings matching `keywords`.
    static func headingCheck(_ document: HygieneDocument, id: HygieneCheckID, keywords: HygieneKeywords, lookedFor: String) -> HygieneCheck {
        let evidence = document.headings.compactMap { line in
            keywords.match(line.words).map { document.evidence(line, keyword: $0) }
        }
        guard let first = evidence.first else {
            return HygieneCheck(id: id, status: .missing, note: "\(document.path): no \(lookedFor)")
        }
        return HygieneCheck(id: id, status: .adequate, evidence: Hygiene.sorted(evidence),
                            note: "\(document.path):\(first.line ?? 0) has the heading \"\(first.excerpt)\"")
    }

    /// `a, b and c`.
    static func list(_ items: [String], joiner: String = "and") -> String {
        guard items.count > 1, let last = items.last else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " \(joiner) " + last
    }

    /// The first phrases of a family, for a note saying what was looked for.
    static func sample(_ keywords: HygieneKeywords) -> String {
        keywords.phrases.prefix(5).map { "\"" + $0.joined(separator: " ") + "\"" }.joined(separator: ", ") + "…"
    }
}
