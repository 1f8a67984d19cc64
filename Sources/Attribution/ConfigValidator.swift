import Foundation
import InnerSourceModel
import Yams

/// What reading a configuration file gave: the value when the file has no errors, and every problem found
/// (errors and warnings), sorted by line.
public struct ConfigResult<Value: Sendable>: Sendable {
    /// nil when `problems` holds an error (or the file could not be read at all).
    public var value: Value?
    public var problems: [ConfigProblem]

    public init(value: Value?, problems: [ConfigProblem]) {
        self.value = value
        self.problems = problems
    }

    public var errors: [ConfigProblem] { problems.filter { $0.severity == .error } }
    public var warnings: [ConfigProblem] { problems.filter { $0.severity == .warning } }

    /// The value, or every problem as one `ConfigError` when there is an error.
    public func get() throws(ConfigError) -> Value {
        guard let value, errors.isEmpty else { throw ConfigError(problems: problems) }
        return value
    }
}

/// Checks a configuration file of any kind innersource reads (roster in YAML or CSV, aliases in YAML)
/// and lists every problem in it, for `innersource validate`.
public enum ConfigValidator {
    public enum Kind: String, Hashable, Sendable {
        case rosterYAML = "roster"
        case rosterCSV = "roster (CSV)"
        /// A roster in another tool's format (org-data.json, a SortingHat export).
        case rosterImported = "roster (imported)"
        case aliases
        /// A readable file that is none of the above.
        case unknown
        /// Missing, a folder, unreadable, or not UTF-8 text.
        case unreadable
    }

    /// The outcome of checking one file.
    public struct Report: Sendable {
        public var path: String
        public var kind: Kind
        /// Errors and warnings, sorted by line (problems about the whole file first).
        public var problems: [ConfigProblem]
        /// The roster, when the file is a roster without errors.
        public var roster: Roster?
        /// The aliases, when the file is an aliases file without errors.
        public var aliases: Aliases?

        public var errorCount: Int { problems.count { $0.severity == .error } }
        public var warningCount: Int { problems.count { $0.severity == .warning } }

        /// `teams.yml: 2 errors, 1 warning`, or `teams.yml: ok (roster: 3 teams, 12 memberships)`.
        public var summary: String {
            if errorCount > 0 {
                return "\(path): \(Format.count(errorCount, "error")), \(Format.count(warningCount, "warning"))"
            }
            var contents = ""
            if let roster {
                contents = " (roster: \(Format.count(roster.teams.count, "team")), \(Format.count(roster.memberships.count, "membership")))"
            } else if let aliases {
                contents = " (aliases: \(Format.count(aliases.entries.count, "person", plural: "people")))"
            }
            let warnings = warningCount > 0 ? ", \(Format.count(warningCount, "warning"))" : ""
            return "\(path): ok\(warnings)\(contents)"
        }
    }

    /// Detects the kind of the file at `path`, reads it and reports every problem.
    public static func check(path: String) -> Report {
        var problems = ProblemList(file: path)
        var notText = false
        guard let text = ConfigText.read(path, into: &problems, notText: &notText) else {
            // Text that is not UTF-8 is a problem in the file (with its line); the rest stops everything.
            return Report(path: path, kind: notText ? .unknown : .unreadable, problems: problems.sorted)
        }
        if ConfigText.sniff(text) == .nothing {
            problems.error(nil, "the file is empty: a roster starts with teams: (or, in CSV, the header email,team,from,to), an aliases file with people:")
            return Report(path: path, kind: .unknown, problems: problems.sorted)
        }
        switch detect(path: path, text: text) {
        case .rosterCSV:
            let result = RosterFile.parse(text, format: .csv, file: path)
            return Report(path: path, kind: .rosterCSV, problems: result.problems, roster: result.value)
        case .rosterYAML:
            let result = RosterFile.parse(text, format: .yaml, file: path)
            return Report(path: path, kind: .rosterYAML, problems: result.problems, roster: result.value)
        case .rosterImported:
            let result = RosterFile.read(text: text, path: path, format: nil)
            return Report(path: path, kind: .rosterImported, problems: result.problems, roster: result.value)
        case .aliases:
            let result = AliasesFile.parse(text, file: path)
            return Report(path: path, kind: .aliases, problems: result.problems, aliases: result.value)
        case .unknown, .unreadable:
            // A YAML syntax error is worth more than "unknown kind": report it where it is.
            if ConfigText.looksLikeYAMLFile(path) || !ConfigText.hasCSVExtension(path) {
                var syntax = ProblemList(file: path)
                if YAMLTree.compose(text, into: &syntax) == nil, syntax.hasErrors {
                    return Report(path: path, kind: .unknown, problems: syntax.sorted)
                }
            }
            problems.error(nil, """
                this is not a file innersource reads: a roster is YAML with a top-level teams: key \
                (or CSV with the header email,team,from,to), an aliases file is YAML with a top-level people: key
                """)
            return Report(path: path, kind: .unknown, problems: problems.sorted)
        }
    }

    /// Which kind of file this is, by extension and content.
    static func detect(path: String, text: String) -> Kind {
        if ConfigText.hasCSVExtension(path) { return .rosterCSV }
        if path.lowercased().hasSuffix(".json") || text.drop(while: \.isWhitespace).first == "{",
           let format = RosterImport.detect(text), format != .yaml, format != .csv {
            return .rosterImported
        }
        if RosterImport.isBackstage(text) || (!ConfigText.looksLikeYAMLFile(path) && RosterImport.isGitdm(text)) {
            return .rosterImported
        }
        switch ConfigText.sniff(text) {
        case .yamlKey("teams"): return .rosterYAML
        case .yamlKey("people"): return .aliases
        case .csvHeader where !ConfigText.looksLikeYAMLFile(path): return .rosterCSV
        default: break
        }
        // The top-level key may come after others (or after a document marker): look at the tree.
        var ignored = ProblemList(file: path)
        guard case .mapping(let top)? = YAMLTree.compose(text, into: &ignored) else { return .unknown }
        let keys = Set(top.keys.compactMap(\.scalar?.string))
        if keys.contains("teams") { return .rosterYAML }
        if keys.contains("people") { return .aliases }
        return .unknown
    }
}

// MARK: - Shared by the loaders

/// Problems of one file, in the order found, each once.
package struct ProblemList {
    package let file: String
    package private(set) var problems: [ConfigProblem] = []
    /// The problems already listed: a problem found twice is listed once.
    private var listed: Set<ConfigProblem> = []

    package init(file: String) {
        self.file = file
    }

    /// The file's name as messages cite other places in it: `teams.yml:12`.
    package var shortName: String { (file as NSString).lastPathComponent }

    package func place(_ line: Int?) -> String {
        line.map { "\(shortName):\($0)" } ?? shortName
    }

    package mutating func error(_ line: Int?, _ message: String) {
        append(ConfigProblem(file: file, line: line, severity: .error, message: message))
    }

    package mutating func warning(_ line: Int?, _ message: String) {
        append(ConfigProblem(file: file, line: line, severity: .warning, message: message))
    }

    private mutating func append(_ problem: ConfigProblem) {
        if listed.insert(problem).inserted { problems.append(problem) }
    }

    package var hasErrors: Bool { problems.contains { $0.severity == .error } }

    /// By line, problems about the whole file first; the order found within a line.
    package var sorted: [ConfigProblem] {
        problems.enumerated().sorted { a, b in
            let la = a.element.line ?? 0, lb = b.element.line ?? 0
            return la != lb ? la < lb : a.offset < b.offset
        }.map(\.element)
    }

    package func result<Value: Sendable>(_ value: Value?) -> ConfigResult<Value> {
        ConfigResult(value: hasErrors ? nil : value, problems: sorted)
    }
}

/// Reading configuration text: UTF-8, a byte order mark tolerated, and what the first line says.
package enum ConfigText {
    package static func read(_ path: String, into problems: inout ProblemList) -> String? {
        var notText = false
        return read(path, into: &problems, notText: &notText)
    }

    /// The file's text; nil with a problem when it cannot be read, `notText` true when it is not UTF-8.
    package static func read(_ path: String, into problems: inout ProblemList, notText: inout Bool) -> String? {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            problems.error(nil, "cannot read the file: it does not exist")
            return nil
        }
        if isFolder.boolValue {
            problems.error(nil, "cannot read the file: it is a folder")
            return nil
        }
        // A device or a pipe would be read for ever (/dev/zero) or wait for a writer.
        guard isRegularFile(path) else {
            problems.error(nil, "cannot read the file: it is not a regular file (a device, a pipe or a socket); give a file")
            return nil
        }
        guard access(path, R_OK) == 0 else {
            problems.error(nil, "cannot read the file: \(String(cString: strerror(errno)).lowercased()); give this user read access to it")
            return nil
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            problems.error(nil, "cannot read the file: \((error as NSError).localizedDescription)")
            return nil
        }
        guard let text = String(data: data, encoding: .utf8) else {
            problems.error(firstInvalidLine(data), "the file is not UTF-8 text: save it as UTF-8")
            notText = true
            return nil
        }
        return text.droppingByteOrderMark
    }

    /// Whether `path` (its target, for a symbolic link) is a regular file: the only kind a configuration
    /// file can be.
    package static func isRegularFile(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFREG
    }

    /// The line holding the first byte sequence that is not UTF-8.
    private static func firstInvalidLine(_ data: Data) -> Int? {
        for (index, line) in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated()
        where String(data: Data(line), encoding: .utf8) == nil {
            return index + 1
        }
        return nil
    }

    package static func fileExtension(_ path: String) -> String {
        (path as NSString).pathExtension.lowercased()
    }

    package static func looksLikeYAMLFile(_ path: String) -> Bool { ["yml", "yaml"].contains(fileExtension(path)) }
    package static func hasCSVExtension(_ path: String) -> Bool { fileExtension(path) == "csv" }

    package enum Sniffed: Equatable {
        case yamlKey(String)
        case csvHeader
        case other
        /// Only blank lines and comments.
        case nothing
    }

    /// What the first line that says something (not blank, not a `#` comment, not `---`) looks like.
    package static func sniff(_ text: String) -> Sniffed {
        for raw in text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) {
            let line = String(raw).trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line == "---" { continue }
            for key in ["teams", "people"] where line.hasPrefix(key + ":") { return .yamlKey(key) }
            let cells = line.lowercased().split(separator: ",", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: CharacterSet.whitespaces.union(CharacterSet(charactersIn: "\""))) }
            if cells.count > 1, cells.contains("email"), cells.contains("team") { return .csvHeader }
            return .other
        }
        return .nothing
    }
}

/// Values users write in configuration files, checked the same way in every format.
enum ConfigValues {
    /// The e-mail lower-cased, or why it is not an e-mail address.
    static func email(_ raw: String) -> Result<String, Message> {
        let text = raw.trimmingCharacters(in: .whitespaces)
        if text.isEmpty { return .failure(Message("the e-mail is empty")) }
        guard let at = text.lastIndex(of: "@") else {
            return .failure(Message("\(text.quotedExcerpt) is not an e-mail address: it has no @"))
        }
        let local = text[..<at], domain = text[text.index(after: at)...]
        if local.isEmpty || domain.isEmpty || local.contains("@") || text.contains(where: \.isWhitespace) {
            return .failure(Message("\(text.quotedExcerpt) is not an e-mail address: write it as name@domain"))
        }
        return .success(text.lowercased())
    }

    static let dateFormats = "YYYY-MM-DD, or a date-time such as 2024-01-31T08:00:00Z (UTC unless it has an offset such as +02:00)"

    /// An absolute date, as seconds since the epoch; relative dates (`3 days ago`, `today`) are refused.
    static func absoluteDate(_ raw: String, field: String) -> Result<Int64, Message> {
        let text = raw.trimmingCharacters(in: .whitespaces)
        switch try? DateSpec(parsing: text) {
        case .absolute(let seconds)?:
            return .success(seconds)
        case .relative?, .now?:
            return .failure(Message("\(field): \(text.quotedExcerpt) is a relative date; a roster needs absolute dates: \(dateFormats)"))
        case nil:
            return .failure(Message("\(field): cannot read the date \(text.quotedExcerpt): write \(dateFormats)"))
        }
    }

    /// `2024-01-01`, or the full time when it is not midnight UTC.
    static func display(_ seconds: Int64) -> String {
        let iso = UTCTime.iso8601(seconds)
        return iso.hasSuffix("T00:00:00Z") ? String(iso.prefix(10)) : iso
    }

    struct Message: Error {
        var text: String
        init(_ text: String) { self.text = text }
    }
}

/// Walking a Yams node tree while collecting problems with their lines.
package enum YAMLTree {
    /// The document's root node; nil when empty or when it does not parse (then with an error).
    package static func compose(_ text: String, into problems: inout ProblemList) -> Node? {
        do {
            return try Yams.compose(yaml: text)
        } catch let error as YamlError {
            report(error, text: text, into: &problems)
        } catch {
            problems.error(nil, "YAML syntax error: \(error)")
        }
        return nil
    }

    /// Every document's root node (`---` separates them); nil when the text does not parse (then with an error).
    package static func composeAll(_ text: String, into problems: inout ProblemList) -> [Node]? {
        do {
            return try Array(Yams.compose_all(yaml: text))
        } catch let error as YamlError {
            report(error, text: text, into: &problems)
        } catch {
            problems.error(nil, "YAML syntax error: \(error)")
        }
        return nil
    }

    private static func report(_ error: YamlError, text: String, into problems: inout ProblemList) {
        func context(_ context: YamlError.Context?) -> String {
            guard let context else { return "" }
            return " (\(context.text) at line \(context.mark.line))"
        }
        switch error {
        case .scanner(let ctx, let problem, let mark, _), .parser(let ctx, let problem, let mark, _),
             .composer(let ctx, let problem, let mark, _):
            problems.error(mark.line, "YAML syntax error: \(problem)\(context(ctx))")
        case .duplicatedKeysInMapping(let duplicates, let ctx):
            let keys = duplicates.map(\.quotedExcerpt).joined(separator: ", ")
            problems.error(ctx.mark.line > 0 ? ctx.mark.line : nil,
                           "YAML syntax error: the key \(keys) appears twice in the same mapping (write it once)")
        case .reader(let problem, let offset, _, _):
            let line = offset.map { offset in text.prefix(offset).count { $0 == "\n" || $0 == "\r\n" } + 1 }
            problems.error(line, "cannot read the YAML text: \(problem)")
        default:
            problems.error(nil, "YAML syntax error: \(error)")
        }
    }

    package static func line(_ node: Node) -> Int? { node.mark?.line }

    package static func isNull(_ node: Node) -> Bool { node.null != nil }

    /// The text of a scalar; nil for a mapping or a sequence.
    package static func string(_ node: Node) -> String? {
        node.scalar?.string
    }

    package static func describe(_ node: Node) -> String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .scalar(let scalar): return scalar.string.quotedExcerpt
        case .alias: return "an alias"
        }
    }

    /// The entries of a mapping by key, reporting keys that are not in `allowed` (with a suggestion) and
    /// keys that are not text.
    package static func fields(_ mapping: Node.Mapping, allowed: [String], in place: String,
                       into problems: inout ProblemList) -> [String: (key: Node, value: Node)] {
        var result: [String: (key: Node, value: Node)] = [:]
        for (key, value) in mapping {
            guard let name = string(key) else {
                problems.error(line(key), "\(place): a key must be a word, not \(describe(key)) (allowed keys: \(allowed.joined(separator: ", ")))")
                continue
            }
            guard allowed.contains(name) else {
                let hint = suggestion(for: name, among: allowed).map { "; did you mean '\($0)'?" } ?? ""
                problems.error(line(key), "unknown key \(name.quotedExcerpt) \(place)\(hint) (allowed keys: \(allowed.joined(separator: ", ")))")
                continue
            }
            result[name] = (key, value)
        }
        return result
    }

    /// The items of a list field; a single scalar counts as a list of one, an empty value as no items.
    package static func list(_ node: Node, field: String, in place: String, into problems: inout ProblemList) -> [Node] {
        switch node {
        case .sequence(let sequence): return Array(sequence)
        case .scalar where isNull(node): return []
        case .scalar: return [node]
        default:
            problems.error(line(node), "\(field) \(place) must be a list (one '- item' per line, or [a, b]), not \(describe(node))")
            return []
        }
    }

    /// The allowed key one typo away (a letter missing, extra, wrong or two swapped; any case), for
    /// `member`, `Members`, `form`, `mail`.
    package static func suggestion(for key: String, among allowed: [String]) -> String? {
        let lower = key.lowercased()
        return allowed.first { distance(lower, $0) <= 1 }
    }

    /// Optimal string alignment distance (Levenshtein with adjacent transpositions).
    private static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var d = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[a.count][b.count]
    }
}
