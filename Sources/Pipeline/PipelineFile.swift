import Attribution
import Components
import Foundation
import Ingest
import InnerSourceModel
import Reporting
import Scoring
import Yams

/// What a pipeline file (`innersource run PIPELINE.yml`) asks for, typed and checked. Paths are absolute:
/// relative ones were taken from the pipeline file's folder.
public struct PipelineConfiguration: Sendable, Hashable {
    /// A folder under which every git repository is analysed.
    public struct RootSource: Sendable, Hashable {
        /// Absolute.
        public var path: String
        /// As written in the file (before `${VAR}` expansion).
        public var written: String
        public var include: [String]
        public var exclude: [String]
        /// The owning team of every repository found under the root.
        public var owner: Team?
        /// `follow_symlinks`: whether links to folders inside the root (and to repositories outside it) are
        /// followed (`RepositoryDiscovery`).
        public var followSymlinks = true
        public var line: Int?
    }

    /// One repository named in the file.
    public struct RepositorySource: Sendable, Hashable {
        /// Absolute.
        public var path: String
        /// As written in the file (before `${VAR}` expansion): the repository's identity for shards.
        public var written: String
        public var owner: Team?
        /// The name rows are keyed by; nil for the folder name.
        public var name: String?
        /// The revision analysed; nil for HEAD.
        public var revision: String?
        public var line: Int?
    }

    public enum Source: Sendable, Hashable {
        case root(RootSource)
        case repository(RepositorySource)
    }

    /// The pipeline file, as given.
    public var file: String
    public var sources: [Source] = []
    public var roster: String?
    public var aliases: String?
    /// The lines naming them, for problems found in the files themselves.
    public var rosterLine: Int?
    public var aliasesLine: Int?
    /// Bot patterns added to (or, without defaults, replacing) the built-in list.
    public var botPatterns: [String] = []
    public var defaultBots = true
    /// AI agent patterns added to (or, without defaults, replacing) the built-in list.
    public var agentPatterns: [String] = []
    public var defaultAgents = true
    /// Platform committers added to github.com's and gitlab.com's.
    public var platformCommitters: [String] = []
    /// `roster_format:`; nil to detect the roster's format.
    public var rosterFormat: RosterFormat?
    /// Hosts whose addresses are noreply addresses (a GitLab instance's commit e-mail host).
    public var noreplyHosts: [String] = []
    public var since: DateArgument?
    public var until: DateArgument?
    public var asOf: DateArgument?
    /// `history.merges`.
    public var merges: MergePolicy = .count
    /// `history.renames`.
    public var renames: RenamePolicy = .off
    /// `history.shallow`.
    public var shallow: ShallowPolicy = .fail
    public var pseudonymize = false
    public var minimumGroupSize: Int?
    /// `change_requests.stale_after`, in days.
    public var staleAfterDays: Int = RunOptions.defaultStaleAfterDays
    /// `outputs: { history_keep: N }`: the newest runs the database's history keeps; nil keeps all.
    public var historyKeep: Int?
    /// `outputs: { postgres: { url: ... } }`: the PostgreSQL sink's database, when any.
    public var postgresURL: String?
    /// `thresholds`: the readiness checklist's.
    public var thresholds = ReadinessThresholds.standard
    /// `components.file`, `components.depth`, `components.owner_share` (as `--components`, `--component-depth`,
    /// `--owner-share`).
    public var componentsFile: String?
    /// `components:` as a list (or `components.list`): components declared in the pipeline itself.
    public var components: [ConfiguredComponent] = []
    public var componentDepth = 0
    public var declaredShare = RuleOwnership.defaultShare
    /// Absolute.
    public var outputDirectory = ""
    public var formats: Set<OutputFormat> = Set(OutputFormat.allCases)
    public var cacheEnabled = true
    /// Absolute; nil for `.cache` inside the outputs folder.
    public var cacheDirectory: String?

    /// The folder of the cache: `cache.dir`, else `.cache` inside the outputs folder.
    public var cacheFolder: String { cacheDirectory ?? outputDirectory + "/.cache" }

    /// The cache file this configuration uses.
    public var cachePath: String { cacheFolder + "/innersource-cache.sqlite" }

    /// Whether the cache folder is the outputs folder or lies inside it (symbolic links followed), where
    /// whoever receives the outputs folder receives the cache's real names and e-mails too.
    public var cacheIsInsideOutputs: Bool { Self.isInside(path: cacheFolder, folder: outputDirectory) }

    /// Whether `path` is `folder` or lies inside it, symbolic links followed.
    static func isInside(path: String, folder: String) -> Bool {
        func resolved(_ path: String) -> String { URL(fileURLWithPath: path).resolvingSymlinksInPath().standardizedFileURL.path }
        let outer = resolved(folder), inner = resolved(path)
        return inner == outer || inner.hasPrefix(outer.hasSuffix("/") ? outer : outer + "/")
    }

    public init(file: String) {
        self.file = file
    }
}

/// Reads a pipeline file into a `PipelineConfiguration`, finding every problem in it with its line.
/// Unknown keys are errors (with a suggestion for a typo); `${VAR}` and `${VAR:-default}` in values are
/// taken from the environment.
public enum PipelineFile {
    static let topKeys = ["version", "repositories", "roster", "aliases", "bots", "window", "history", "change_requests", "components",
                          "privacy", "outputs", "cache", "thresholds", "agents", "platform_committers", "noreply_hosts", "roster_format"]
    static let rootKeys = ["root", "include", "exclude", "owner", "follow_symlinks"]
    static let pathKeys = ["path", "owner", "name", "ref"]

    /// The configuration in `path`, and every problem found.
    public static func read(path: String, environment: [String: String] = ProcessInfo.processInfo.environment)
        -> ConfigResult<PipelineConfiguration> {
        var problems = ProblemList(file: path)
        guard let text = ConfigText.read(path, into: &problems) else { return problems.result(nil) }
        return parse(text, file: path, environment: environment)
    }

    /// Whether a YAML text is a pipeline file rather than a roster or aliases file.
    public static func looksLikePipeline(_ text: String) -> Bool {
        var ignored = ProblemList(file: "")
        guard case .mapping(let top)? = YAMLTree.compose(text, into: &ignored) else { return false }
        let keys = Set(top.keys.compactMap(\.scalar?.string))
        return keys.contains("repositories") || (keys.contains("version") && keys.contains("outputs"))
    }

    /// Parses pipeline text; relative paths are taken from the folder of `file`.
    public static func parse(_ text: String, file: String, environment: [String: String]) -> ConfigResult<PipelineConfiguration> {
        let (configuration, problems) = interpret(text, file: file, environment: environment)
        return problems.result(configuration)
    }

    /// The configuration as far as it could be read, even with errors (nil when the text is not a mapping
    /// of keys), and every problem: `validate` checks the files a broken pipeline names too.
    static func interpret(_ text: String, file: String, environment: [String: String])
        -> (configuration: PipelineConfiguration?, problems: ProblemList) {
        var reader = Reader(problems: ProblemList(file: file), environment: environment,
                            folder: URL(fileURLWithPath: file).deletingLastPathComponent().path)
        var configuration = PipelineConfiguration(file: file)
        guard let root = YAMLTree.compose(text, into: &reader.problems) else {
            if !reader.problems.hasErrors { reader.problems.error(nil, "the file is empty: a pipeline starts with version: 1") }
            return (nil, reader.problems)
        }
        guard case .mapping(let top) = root else {
            reader.problems.error(YAMLTree.line(root), "a pipeline is a mapping of keys (version:, repositories:, outputs: ...), not \(YAMLTree.describe(root))")
            return (nil, reader.problems)
        }
        let fields = YAMLTree.fields(top, allowed: topKeys, in: "at the top of the pipeline", into: &reader.problems)

        if let version = fields["version"] {
            if YAMLTree.string(version.value) != "1" {
                reader.problems.error(YAMLTree.line(version.value), "version: this tool reads version 1 pipelines, not \(YAMLTree.describe(version.value))")
            }
        } else {
            reader.problems.error(nil, "version: is missing: start the file with version: 1")
        }

        if let repositories = fields["repositories"] {
            let items = YAMLTree.list(repositories.value, field: "repositories", in: "in the pipeline", into: &reader.problems)
            if items.isEmpty {
                reader.problems.error(YAMLTree.line(repositories.key), "repositories: name at least one root: (a folder of repositories) or path: (one repository)")
            }
            for item in items { reader.source(item, into: &configuration) }
        } else {
            reader.problems.error(nil, "repositories: is missing: list the roots (- root: /srv/git) or repositories (- path: /srv/git/app.git) to analyse")
        }

        configuration.roster = fields["roster"].flatMap { reader.path($0.value, field: "roster") }
        configuration.aliases = fields["aliases"].flatMap { reader.path($0.value, field: "aliases") }
        configuration.rosterLine = fields["roster"].flatMap { YAMLTree.line($0.value) }
        configuration.aliasesLine = fields["aliases"].flatMap { YAMLTree.line($0.value) }
        if let bots = fields["bots"] { reader.bots(bots.value, into: &configuration) }
        if let agents = fields["agents"] { reader.agents(agents.value, into: &configuration) }
        if let committers = fields["platform_committers"] {
            configuration.platformCommitters = reader.strings(committers.value, field: "platform_committers", in: "in the pipeline")
        }
        if let format = fields["roster_format"], let value = reader.text(format.value, field: "roster_format") {
            if let known = RosterFormat(rawValue: value) {
                configuration.rosterFormat = known
            } else {
                reader.problems.error(YAMLTree.line(format.value), "roster_format: \(value.quotedExcerpt) is not a format: \(RosterFormat.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }
        if let hosts = fields["noreply_hosts"] {
            configuration.noreplyHosts = reader.strings(hosts.value, field: "noreply_hosts", in: "in the pipeline")
        }
        if let window = fields["window"] { reader.window(window.value, into: &configuration) }
        if let history = fields["history"] { reader.history(history.value, into: &configuration) }
        if let requests = fields["change_requests"] { reader.changeRequests(requests.value, into: &configuration) }
        if let components = fields["components"] { reader.components(components.value, into: &configuration) }
        if let privacy = fields["privacy"] { reader.privacy(privacy.value, into: &configuration) }
        if let outputs = fields["outputs"] {
            reader.outputs(outputs.value, into: &configuration)
        } else {
            reader.problems.error(nil, "outputs: is missing: say where results go, e.g. outputs: { dir: out/nightly }")
        }
        if let cache = fields["cache"] { reader.cache(cache.value, into: &configuration) }
        if let thresholds = fields["thresholds"] { reader.thresholds(thresholds, into: &configuration) }
        reader.checkDuplicates(configuration)
        return (configuration, reader.problems)
    }

    /// Expands `${NAME}` and `${NAME:-default}`; `$$` is a literal `$`. nil with a message for an unset
    /// variable without a default or an unclosed `${`.
    static func expand(_ text: String, environment: [String: String]) -> Result<String, ExpansionError> {
        var result = ""
        var rest = Substring(text)
        while let dollar = rest.firstIndex(of: "$") {
            result += rest[..<dollar]
            let after = rest[rest.index(after: dollar)...]
            if after.hasPrefix("$") {
                result += "$"
                rest = after.dropFirst()
                continue
            }
            guard after.hasPrefix("{") else {
                result += "$"
                rest = after
                continue
            }
            guard let close = after.firstIndex(of: "}") else {
                return .failure(ExpansionError(message: "'${' is not closed with '}' in \(text.quotedExcerpt)"))
            }
            let body = after[after.index(after: after.startIndex)..<close]
            let name: Substring, fallback: Substring?
            if let separator = body.range(of: ":-") {
                name = body[..<separator.lowerBound]
                fallback = body[separator.upperBound...]
            } else {
                name = body
                fallback = nil
            }
            guard !name.isEmpty, name.allSatisfy({ $0 == "_" || $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
                return .failure(ExpansionError(message: "'${\(body)}' is not a variable name (letters, digits and _) in \(text.quotedExcerpt)"))
            }
            if let fallback, fallback.contains("${") {
                return .failure(ExpansionError(message: "'${\(body)}': a default cannot hold another ${...}; set the variable instead"))
            }
            if let value = environment[String(name)], !(value.isEmpty && fallback != nil) {
                result += value
            } else if let fallback {
                result += fallback
            } else {
                return .failure(ExpansionError(message: "the environment variable \(name) is not set; set it or write ${\(name):-default}"))
            }
            rest = after[after.index(after: close)...]
        }
        result += rest
        return .success(result)
    }

    struct ExpansionError: Error {
        var message: String
    }

    /// Walks the tree, collecting problems.
    struct Reader {
        var problems: ProblemList
        let environment: [String: String]
        let folder: String

        /// A scalar's text with variables expanded; nil with a problem for a list, a mapping or a bad variable.
        mutating func text(_ node: Node, field: String) -> String? {
            guard let raw = YAMLTree.string(node), !YAMLTree.isNull(node) else {
                problems.error(YAMLTree.line(node), "\(field) must be a single value, not \(YAMLTree.isNull(node) ? "empty" : YAMLTree.describe(node))")
                return nil
            }
            switch PipelineFile.expand(raw, environment: environment) {
            case .success(let value):
                if value.trimmingCharacters(in: .whitespaces).isEmpty {
                    problems.error(YAMLTree.line(node), "\(field) is empty")
                    return nil
                }
                return value
            case .failure(let error):
                problems.error(YAMLTree.line(node), "\(field): \(error.message)")
                return nil
            }
        }

        /// A path, absolute (relative ones are taken from the pipeline file's folder).
        mutating func path(_ node: Node, field: String) -> String? {
            guard let value = text(node, field: field) else { return nil }
            return absolute(value)
        }

        func absolute(_ value: String) -> String {
            let expanded = (value as NSString).expandingTildeInPath
            let url = expanded.hasPrefix("/") ? URL(fileURLWithPath: expanded)
                : URL(fileURLWithPath: expanded, relativeTo: URL(fileURLWithPath: folder, isDirectory: true))
            return url.standardizedFileURL.path
        }

        mutating func bool(_ node: Node, field: String) -> Bool? {
            if let value = node.bool, node.scalar != nil { return value }
            problems.error(YAMLTree.line(node), "\(field) must be true or false, not \(YAMLTree.describe(node))")
            return nil
        }

        mutating func strings(_ node: Node, field: String, in place: String) -> [String] {
            YAMLTree.list(node, field: field, in: place, into: &problems).compactMap { text($0, field: field) }
        }

        mutating func mapping(_ node: Node, field: String, allowed: [String]) -> [String: (key: Node, value: Node)]? {
            guard case .mapping(let mapping) = node else {
                problems.error(YAMLTree.line(node), "\(field) must be a mapping of \(allowed.joined(separator: ", ")), not \(YAMLTree.describe(node))")
                return nil
            }
            return YAMLTree.fields(mapping, allowed: allowed, in: "in \(field)", into: &problems)
        }

        mutating func owner(_ node: Node) -> Team? {
            guard let team = text(node, field: "owner") else { return nil }
            if let problem = Team.nameProblem(team) {
                problems.error(YAMLTree.line(node), "owner: \(problem)")
                return nil
            }
            return Team(team)
        }

        mutating func globs(_ node: Node, field: String) -> [String] {
            let patterns = strings(node, field: field, in: "in a root entry")
            for pattern in patterns {
                do {
                    _ = try Glob(pattern)
                } catch {
                    problems.error(YAMLTree.line(node), "\(field): \(error)")
                }
            }
            return patterns
        }

        mutating func source(_ item: Node, into configuration: inout PipelineConfiguration) {
            guard case .mapping(let mapping) = item else {
                problems.error(YAMLTree.line(item), "each repositories entry is a mapping with root: or path:, not \(YAMLTree.describe(item))")
                return
            }
            let keys = Set(mapping.keys.compactMap(\.scalar?.string))
            let line = YAMLTree.line(item)
            if keys.contains("root") && keys.contains("path") {
                problems.error(line, "a repositories entry has root: (a folder of repositories) or path: (one repository), not both")
                return
            }
            if keys.contains("root") {
                let fields = YAMLTree.fields(mapping, allowed: PipelineFile.rootKeys, in: "in a root entry", into: &problems)
                guard let rootNode = fields["root"]?.value, let written = YAMLTree.string(rootNode),
                      let path = path(rootNode, field: "root") else { return }
                configuration.sources.append(.root(PipelineConfiguration.RootSource(
                    path: path, written: written, include: fields["include"].map { globs($0.value, field: "include") } ?? [],
                    exclude: fields["exclude"].map { globs($0.value, field: "exclude") } ?? [],
                    owner: fields["owner"].flatMap { owner($0.value) },
                    followSymlinks: fields["follow_symlinks"].flatMap { bool($0.value, field: "follow_symlinks") } ?? true,
                    line: line)))
            } else if keys.contains("path") {
                let fields = YAMLTree.fields(mapping, allowed: PipelineFile.pathKeys, in: "in a path entry", into: &problems)
                guard let pathNode = fields["path"]?.value, let written = YAMLTree.string(pathNode),
                      let path = path(pathNode, field: "path") else { return }
                var name = fields["name"].flatMap { text($0.value, field: "name") }
                if let given = name, given.hasPrefix("/") || given.hasSuffix("/") || given.contains("//") {
                    problems.error(fields["name"].flatMap { YAMLTree.line($0.value) }, "name: \(given.quotedExcerpt) cannot start or end with / or hold //")
                    name = nil
                }
                configuration.sources.append(.repository(PipelineConfiguration.RepositorySource(
                    path: path, written: written, owner: fields["owner"].flatMap { owner($0.value) }, name: name,
                    revision: fields["ref"].flatMap { text($0.value, field: "ref") }, line: line)))
            } else {
                problems.error(line, "a repositories entry needs root: (a folder of repositories) or path: (one repository)")
            }
        }

        mutating func bots(_ node: Node, into configuration: inout PipelineConfiguration) {
            guard let fields = mapping(node, field: "bots", allowed: ["patterns", "defaults"]) else { return }
            if let patterns = fields["patterns"] {
                configuration.botPatterns = strings(patterns.value, field: "patterns", in: "in bots")
            }
            if let defaults = fields["defaults"], let value = bool(defaults.value, field: "bots.defaults") {
                configuration.defaultBots = value
            }
        }

        mutating func agents(_ node: Node, into configuration: inout PipelineConfiguration) {
            guard let fields = mapping(node, field: "agents", allowed: ["patterns", "defaults"]) else { return }
            if let patterns = fields["patterns"] {
                configuration.agentPatterns = strings(patterns.value, field: "patterns", in: "in agents")
            }
            if let defaults = fields["defaults"], let value = bool(defaults.value, field: "agents.defaults") {
                configuration.defaultAgents = value
            }
        }

        mutating func date(_ node: Node, field: String) -> DateArgument? {
            guard let value = text(node, field: field) else { return nil }
            do {
                return try DateArgument(parsing: value)
            } catch {
                problems.error(YAMLTree.line(node), "\(field): \(error)")
                return nil
            }
        }

        mutating func window(_ node: Node, into configuration: inout PipelineConfiguration) {
            guard let fields = mapping(node, field: "window", allowed: ["since", "until", "as_of"]) else { return }
            configuration.since = fields["since"].flatMap { date($0.value, field: "since") }
            configuration.until = fields["until"].flatMap { date($0.value, field: "until") }
            configuration.asOf = fields["as_of"].flatMap { date($0.value, field: "as_of") }
            // Checked here only when the order does not depend on when the run happens (both absolute, or
            // both relative to one as-of); the run checks the anchored window again.
            if let since = configuration.since?.spec, let until = configuration.until?.spec, since.isAbsolute == until.isAbsolute {
                let anchor = configuration.asOf.map { $0.spec.resolve(asOf: 0) } ?? 0
                if since.resolve(asOf: anchor) >= until.resolve(asOf: anchor) {
                    problems.error(fields["until"].flatMap { YAMLTree.line($0.value) }, "window: since must be before until")
                }
            }
        }

        mutating func history(_ node: Node, into configuration: inout PipelineConfiguration) {
            guard let fields = mapping(node, field: "history", allowed: ["merges", "renames", "shallow"]) else { return }
            if let renames = fields["renames"], let value = text(renames.value, field: "renames") {
                if let policy = RenamePolicy(rawValue: value) {
                    configuration.renames = policy
                } else {
                    problems.error(YAMLTree.line(renames.value), "renames: \(value.quotedExcerpt) is not a policy: off (a rename is a deletion and an addition, as git log --no-renames) or detect (paired as git log -M pairs them)")
                }
            }
            if let merges = fields["merges"], let value = text(merges.value, field: "merges") {
                if let policy = MergePolicy(rawValue: value) {
                    configuration.merges = policy
                } else {
                    problems.error(YAMLTree.line(merges.value), "merges: \(value.quotedExcerpt) is not a policy: count (merges are counted, their lines are not) or measure (lines against the first parent)")
                }
            }
            if let shallow = fields["shallow"], let value = text(shallow.value, field: "shallow") {
                if let policy = ShallowPolicy(rawValue: value) {
                    configuration.shallow = policy
                } else {
                    problems.error(YAMLTree.line(shallow.value), "shallow: \(value.quotedExcerpt) is not a policy: fail (report shallow clones as not analysed) or analyze (analyse what they have)")
                }
            }
        }

        mutating func changeRequests(_ node: Node, into configuration: inout PipelineConfiguration) {
            guard let fields = mapping(node, field: "change_requests", allowed: ["stale_after"]) else { return }
            guard let stale = fields["stale_after"] else { return }
            if let days = Self.days(stale.value) {
                configuration.staleAfterDays = days
            } else {
                problems.error(YAMLTree.line(stale.value), "stale_after must be a number of days from 1 to 36500 (30, 30 days, 4 weeks), not \(YAMLTree.describe(stale.value))")
            }
        }

        /// `thresholds:`: each key a ``ReadinessThreshold``, whole numbers for counts, days and hours, shares as
        /// `0.1` or `10%`.
        mutating func thresholds(_ entry: (key: Node, value: Node), into configuration: inout PipelineConfiguration) {
            guard let fields = mapping(entry.value, field: "thresholds", allowed: ReadinessThreshold.allCases.map(\.rawValue)) else { return }
            var thresholds = ReadinessThresholds.standard
            var valid = true
            for threshold in ReadinessThreshold.allCases {
                guard let field = fields[threshold.rawValue] else { continue }
                if let value = Self.threshold(field.value, threshold) {
                    thresholds[threshold] = value
                } else {
                    valid = false
                    let range = threshold.range
                    let kind = threshold.isWhole ? "a whole number from \(Int(range.lowerBound)) to \(Int(range.upperBound))"
                        : range.upperBound == 1 ? "a share from 0 to 1 (0.1 or 10%)"
                        : "a number from \(Int(range.lowerBound)) to \(Int(range.upperBound))"
                    problems.error(YAMLTree.line(field.value), "\(threshold.rawValue) must be \(kind), not \(YAMLTree.describe(field.value))")
                }
            }
            if valid, let problem = thresholds.problem {
                let line = fields[ReadinessThreshold.workingHoursEnd.rawValue].flatMap { YAMLTree.line($0.value) }
                    ?? fields[ReadinessThreshold.workingHoursStart.rawValue].flatMap { YAMLTree.line($0.value) }
                problems.error(line, "thresholds: \(problem)")
                return
            }
            if valid { configuration.thresholds = thresholds }
        }

        /// A threshold's value within its range; nil when it is not one.
        static func threshold(_ node: Node, _ threshold: ReadinessThreshold) -> Double? {
            guard node.scalar != nil else { return nil }
            let value: Double?
            if threshold.isWhole {
                value = node.int.map(Double.init)
            } else if let text = YAMLTree.string(node)?.trimmingWhitespace(), text.hasSuffix("%"), threshold.range.upperBound == 1 {
                value = Double(text.dropLast().trimmingWhitespace()).map { $0 / 100 }
            } else {
                value = node.int.map(Double.init) ?? node.float
            }
            guard let value, value.isFinite, threshold.range.contains(value) else { return nil }
            return value
        }

        /// `components:` as a list of components (`name`, `paths`, `owner`, as a components file), or as
        /// `{ file: components.yml, list: [...], depth: 1, owner_share: 0.5 }`.
        mutating func components(_ node: Node, into configuration: inout PipelineConfiguration) {
            if case .sequence = node {
                configuration.components = declaredComponents(node)
                return
            }
            guard let fields = mapping(node, field: "components", allowed: ["file", "list", "depth", "owner_share"]) else { return }
            configuration.componentsFile = fields["file"].flatMap { path($0.value, field: "file") }
            if let list = fields["list"] { configuration.components = declaredComponents(list.value) }
            if let depth = fields["depth"] {
                if let value = depth.value.int, depth.value.scalar != nil, (0...32).contains(value) {
                    configuration.componentDepth = value
                } else {
                    problems.error(YAMLTree.line(depth.value), "depth must be a number of folders from 0 to 32, not \(YAMLTree.describe(depth.value))")
                }
            }
            if let share = fields["owner_share"] {
                if let value = share.value.float, share.value.scalar != nil, value > 0, value <= 1 {
                    configuration.declaredShare = value
                } else {
                    problems.error(YAMLTree.line(share.value), "owner_share must be a share above 0 and at most 1, such as 0.5, not \(YAMLTree.describe(share.value))")
                }
            }
        }

        /// A list of components written in the pipeline, read as a components file reads its list.
        mutating func declaredComponents(_ node: Node) -> [ConfiguredComponent] {
            guard case .sequence = node else {
                problems.error(YAMLTree.line(node), "components must be a list of components (name, paths, owner), not \(YAMLTree.describe(node))")
                return []
            }
            do {
                let text = try Yams.serialize(node: node)
                let entries = (try Yams.load(yaml: text) as? [Any]) ?? []
                return try ComponentsFile.parse(entries: entries, place: "components")
            } catch let problem as ComponentsFile.Problem {
                problems.error(YAMLTree.line(node), problem.description)
            } catch {
                problems.error(YAMLTree.line(node), "components: \(error)")
            }
            return []
        }

        /// `30`, `30 days`, `1 day`, `30d`, `4 weeks`, `2w`: a number of days from 1 to 36,500.
        static func days(_ node: Node) -> Int? {
            if let value = node.int, node.scalar != nil { return (1...36_500).contains(value) ? value : nil }
            guard let text = YAMLTree.string(node)?.trimmingWhitespace().lowercased() else { return nil }
            let digits = text.prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty, digits.count <= 6, let number = Int(digits) else { return nil }
            let unit = text.dropFirst(digits.count).trimmingWhitespace()
            let days: Int
            switch unit {
            case "", "d", "day", "days": days = number
            case "w", "week", "weeks": days = number * 7
            default: return nil
            }
            return (1...36_500).contains(days) ? days : nil
        }

        mutating func privacy(_ node: Node, into configuration: inout PipelineConfiguration) {
            guard let fields = mapping(node, field: "privacy", allowed: ["pseudonymize", "min_group_size"]) else { return }
            if let pseudonymize = fields["pseudonymize"], let value = bool(pseudonymize.value, field: "pseudonymize") {
                configuration.pseudonymize = value
            }
            if let minimum = fields["min_group_size"] {
                if let value = minimum.value.int, minimum.value.scalar != nil, value >= 1 {
                    configuration.minimumGroupSize = value
                } else {
                    problems.error(YAMLTree.line(minimum.value), "min_group_size must be a whole number of at least 1, not \(YAMLTree.describe(minimum.value))")
                }
            }
        }

        mutating func outputs(_ node: Node, into configuration: inout PipelineConfiguration) {
            guard let fields = mapping(node, field: "outputs", allowed: ["dir", "formats", "history_keep", "postgres"]) else { return }
            if let postgres = fields["postgres"], let sink = mapping(postgres.value, field: "postgres", allowed: ["url"]) {
                if let url = sink["url"], let value = text(url.value, field: "url"), !value.trimmingWhitespace().isEmpty {
                    configuration.postgresURL = value
                } else {
                    problems.error(YAMLTree.line(postgres.value), "postgres: url: is missing or empty: the database to write into (postgresql://user@host/database), e.g. url: ${INNERSOURCE_POSTGRES_URL}")
                }
            }
            if let keep = fields["history_keep"] {
                if let value = keep.value.int, keep.value.scalar != nil, value >= 1 {
                    configuration.historyKeep = value
                } else {
                    problems.error(YAMLTree.line(keep.value), "history_keep must be a whole number of runs, at least 1, not \(YAMLTree.describe(keep.value))")
                }
            }
            if let dir = fields["dir"] {
                configuration.outputDirectory = path(dir.value, field: "dir") ?? ""
            } else {
                problems.error(YAMLTree.line(node), "outputs: dir: is missing: the folder the results are written to")
            }
            if let formats = fields["formats"] {
                var chosen: Set<OutputFormat> = []
                for item in YAMLTree.list(formats.value, field: "formats", in: "in outputs", into: &problems) {
                    guard let name = text(item, field: "formats") else { continue }
                    if let format = OutputFormat(rawValue: name.lowercased()) {
                        chosen.insert(format)
                    } else {
                        problems.error(YAMLTree.line(item), "formats: unknown format \(name.quotedExcerpt); choose from \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", "))")
                    }
                }
                if chosen.isEmpty && !problems.hasErrors {
                    problems.error(YAMLTree.line(formats.value), "formats: name at least one format, or leave formats: out for all of them")
                }
                configuration.formats = chosen.isEmpty ? configuration.formats : chosen
            }
        }

        mutating func cache(_ node: Node, into configuration: inout PipelineConfiguration) {
            guard let fields = mapping(node, field: "cache", allowed: ["enabled", "dir"]) else { return }
            if let enabled = fields["enabled"], let value = bool(enabled.value, field: "cache.enabled") {
                configuration.cacheEnabled = value
            }
            if let dir = fields["dir"] {
                configuration.cacheDirectory = path(dir.value, field: "cache.dir")
            }
        }

        /// The same repository and ref named twice is a warning: it is analysed once.
        mutating func checkDuplicates(_ configuration: PipelineConfiguration) {
            var seen: [String: Int?] = [:]
            for case .repository(let source) in configuration.sources {
                let key = source.path + "\u{0}" + (source.revision ?? "")
                if let first = seen[key] {
                    problems.warning(source.line, "\(source.written) is listed twice with the same ref (first at \(problems.place(first))): it is analysed once")
                } else {
                    seen[key] = source.line
                }
            }
        }
    }
}

/// `innersource validate PIPELINE.yml`: the pipeline's own problems, then those of the roster and aliases
/// files it names, and warnings for repositories and roots that are not there (a run would report them as
/// not analysed).
public enum PipelineValidator {
    public struct Report: Sendable {
        public var problems: [ConfigProblem]
        public var configuration: PipelineConfiguration?
        public var errorCount: Int { problems.count { $0.severity == .error } }
        public var warningCount: Int { problems.count { $0.severity == .warning } }
    }

    public static func check(path: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> Report {
        var read = ProblemList(file: path)
        guard let text = ConfigText.read(path, into: &read) else { return Report(problems: read.sorted, configuration: nil) }
        let (parsed, found) = PipelineFile.interpret(text, file: path, environment: environment)
        var problems = found.sorted
        // Referenced files are checked even when the pipeline has errors elsewhere: every problem at once.
        if let parsed {
            for (file, line, what) in [(parsed.roster, parsed.rosterLine, "roster"), (parsed.aliases, parsed.aliasesLine, "aliases")] {
                guard let file else { continue }
                var report = ConfigValidator.check(path: file)
                // A roster in a format named by roster_format: is checked as that format.
                if what == "roster", let format = parsed.rosterFormat, report.kind != .unreadable,
                   let text = try? String(contentsOfFile: file, encoding: .utf8) {
                    report.problems = RosterFile.read(text: text, path: file, format: format).problems
                }
                if report.kind == .unreadable {
                    // The file cannot even be read: say so where the pipeline names it.
                    let cause = report.problems.first?.message ?? "cannot read the file"
                    problems.append(ConfigProblem(file: path, line: line, severity: .error, message: "\(what) \(file): \(cause)"))
                } else {
                    problems += report.problems
                }
            }
            for source in parsed.sources {
                switch source {
                case .root(let root):
                    if !isDirectory(root.path) {
                        problems.append(ConfigProblem(file: path, line: root.line, severity: .warning,
                                                      message: "root \(root.path) is not a folder here: a run would report it as not analysed"))
                    }
                case .repository(let entry):
                    if !isDirectory(entry.path) {
                        problems.append(ConfigProblem(file: path, line: entry.line, severity: .warning,
                                                      message: "path \(entry.path) is not a folder here: a run would report it as not analysed"))
                    }
                }
            }
        }
        return Report(problems: problems, configuration: found.hasErrors ? nil : parsed)
    }

    private static func isDirectory(_ path: String) -> Bool {
        var isFolder: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && isFolder.boolValue
    }
}
