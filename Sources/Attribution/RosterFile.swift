import CSV
import Foundation
import InnerSourceModel
import Yams

/// Reads a roster file (YAML or an HR export in CSV) into a `Roster`, finding every problem in it.
///
/// YAML:
/// ```yaml
/// teams:
///   payments:
///     members:
///       - alice@example.com                                            # always a member
///       - { email: bob@example.com, from: 2023-01-01, to: 2024-03-01 }  # half-open [from, to), UTC
///       - { email: cy@example.com, github: cy, gitlab: cy }             # logins: noreply commits, @cy in CODEOWNERS
///     domains: [payments.example.com]   # optional: e-mails at these domains belong to the team
///     codeowners: ["@org/payments"]     # optional: CODEOWNERS handles that mean this team
/// ```
/// CSV: a header naming the columns `email`, `team` and optionally `from`, `to`, `github`, `gitlab` (any case,
/// any order; other columns are ignored with a warning), then one membership per row; empty cells are open
/// dates or no login.
public enum RosterFile {
    public enum Format: String, Hashable, Sendable, CaseIterable {
        case yaml, csv
        /// GitHub's measure-innersource `org-data.json`: login → `{"manager": login}`.
        case orgData = "org-data"
        /// GrimoireLab SortingHat's JSON export: `uidentities` with `identities` and dated `enrollments`.
        case sortingHat = "sortinghat"
        /// CNCF gitdm affiliations: `login: email!domain, ...` blocks with indented dated companies, and
        /// `email-map` lines `user!domain Employer < YYYY-MM-DD`.
        case gitdm
        /// Backstage catalog entities: `kind: Group` (`spec.members`, `spec.parent`) and `kind: User`
        /// (`spec.profile.email`, `spec.memberOf`).
        case backstage
    }

    static let teamKeys = ["members", "domains", "codeowners"]
    static let memberKeys = ["email", "from", "to", "github", "gitlab"]
    static let csvColumns = ["email", "team", "from", "to", "github", "gitlab"]

    /// The roster in `path`; every problem (errors and warnings) thrown together when it has an error.
    public static func load(path: String) throws(ConfigError) -> Roster {
        try read(path: path).get()
    }

    /// The roster in `path` and every problem found, warnings included.
    public static func read(path: String) -> ConfigResult<Roster> {
        var problems = ProblemList(file: path)
        guard let text = ConfigText.read(path, into: &problems) else { return problems.result(nil) }
        return read(text: text, path: path, format: nil)
    }

    /// The roster in `text` (read from `path`) in `format`, or in the format it is detected to be in.
    public static func read(text: String, path: String, format given: Format?) -> ConfigResult<Roster> {
        var problems = ProblemList(file: path)
        guard let format = given ?? format(path: path, text: text) else {
            problems.error(nil, """
                cannot tell the roster's format: write YAML starting with teams: (and name the file .yml), \
                or CSV with the header email,team,from,to (and name the file .csv), or give --roster-format \
                (\(Format.allCases.map(\.rawValue).joined(separator: ", ")))
                """)
            return problems.result(nil)
        }
        return parse(text, format: format, file: path)
    }

    /// By extension (.yml, .yaml, .csv), else by the first line that says something.
    public static func format(path: String, text: String) -> Format? {
        if path.lowercased().hasSuffix(".json") || text.drop(while: \.isWhitespace).first == "{",
           let detected = RosterImport.detect(text) {
            return detected
        }
        if RosterImport.isBackstage(text) { return .backstage }
        if ConfigText.looksLikeYAMLFile(path) { return .yaml }
        if RosterImport.isGitdm(text) { return .gitdm }
        if ConfigText.hasCSVExtension(path) { return .csv }
        switch ConfigText.sniff(text) {
        case .yamlKey("teams"): return .yaml
        case .csvHeader: return .csv
        default: return nil
        }
    }

    /// Parses roster text; `file` names it in problems and memberships.
    public static func parse(_ text: String, format: Format, file: String) -> ConfigResult<Roster> {
        var problems = ProblemList(file: file)
        let text = text.droppingByteOrderMark
        var draft = Draft()
        switch format {
        case .yaml: readYAML(text, into: &draft, &problems)
        case .csv: readCSV(text, into: &draft, &problems)
        case .orgData: RosterImport.readOrgData(text, into: &draft, &problems)
        case .sortingHat: RosterImport.readSortingHat(text, into: &draft, &problems)
        case .gitdm: RosterImport.readGitdm(text, into: &draft, &problems)
        case .backstage: RosterImport.readBackstage(text, into: &draft, &problems)
        }
        guard draft.complete else { return problems.result(nil) }
        let roster = draft.check(&problems)
        return problems.result(roster)
    }

    // MARK: - What the file says, before the checks across entries

    struct Claim {
        var value: String
        var team: String
        var line: Int?
    }

    struct Draft {
        /// Team name and where it is defined, in file order.
        var teams: [(name: String, line: Int?, empty: Bool)] = []
        var memberships: [TeamMembership] = []
        var domains: [Claim] = []
        var codeowners: [Claim] = []
        /// false when the file could not be read as a roster at all (no teams:, a bad header).
        var complete = true

        /// Checks across entries (people in two teams at once, domains and handles claimed twice,
        /// empty teams), then the roster.
        func check(_ problems: inout ProblemList) -> Roster {
            for team in teams where team.empty {
                problems.warning(team.line, "team \(team.name) has no members, domains or codeowners")
            }
            var spelling: [String: (name: String, line: Int?)] = [:]
            var warned: Set<String> = []
            for (name, line) in teams.map({ ($0.name, $0.line) }) + memberships.map({ ($0.team.name, $0.line) }) {
                guard let first = spelling[name.lowercased()] else {
                    spelling[name.lowercased()] = (name, line)
                    continue
                }
                if first.name != name, warned.insert(name).inserted {
                    problems.warning(line, "team \(name.quotedExcerpt) and team \(first.name.quotedExcerpt) (\(problems.place(first.line))) differ only in case: they count as two teams")
                }
            }
            checkOverlaps(&problems)
            checkLogins(&problems)
            let domainMap = checkClaims(domains, what: "domain", &problems)
            let handleMap = checkClaims(codeowners, what: "codeowners handle", &problems)
            return Roster(teams: teams.map { Team($0.name) }, memberships: memberships,
                          domains: domainMap.mapValues { Team($0) }, codeowners: handleMap.mapValues { Team($0) })
        }

        /// One error per login that two people (two e-mails) give: a noreply commit could not say whose it is.
        private func checkLogins(_ problems: inout ProblemList) {
            var first: [String: TeamMembership] = [:]
            var reported: Set<String> = []
            for membership in memberships {
                for host in CodeHost.allCases {
                    guard let login = membership.logins[host] else { continue }
                    let key = Roster.loginKey(host, login)
                    guard let earlier = first[key] else {
                        first[key] = membership
                        continue
                    }
                    let samePerson = earlier.email == membership.email || (earlier.person != nil && earlier.person == membership.person)
                    if !samePerson, reported.insert(key).inserted {
                        problems.error(membership.line, "the \(host.rawValue) login \(login) is given by two people: \(earlier.email) (\(problems.place(earlier.line))) and \(membership.email) (\(problems.place(membership.line))); a login is one person's")
                    }
                }
            }
        }

        /// How many lines an error about one e-mail's overlapping memberships names before "and N more".
        static let placesNamed = 3

        /// One error per e-mail listed at overlapping times: the two memberships when two overlap, else how
        /// many do, a few of their lines and their teams. Sorting each e-mail's memberships by start keeps
        /// this near-linear, however often an e-mail repeats.
        private func checkOverlaps(_ problems: inout ProblemList) {
            var byEmail: [String: [Int]] = [:]
            var order: [String] = []
            for (index, membership) in memberships.enumerated() {
                // A member known only by logins (an org-data.json's) is that login.
                let key = membership.email.isEmpty
                    ? membership.logins.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key.rawValue) login \($0.value)" }.joined(separator: ", ")
                    : membership.email
                if byEmail[key] == nil { order.append(key) }
                byEmail[key, default: []].append(index)
            }
            for email in order {
                let listed = byEmail[email]!.map { memberships[$0] }
                guard listed.count > 1 else { continue }
                let overlapping = Self.overlapping(listed)
                guard overlapping.count > 1 else { continue }
                let first = listed[overlapping[0]], second = listed[overlapping[1]]
                if overlapping.count == 2 {
                    let start = max(first.from ?? .min, second.from ?? .min), end = min(first.to ?? .max, second.to ?? .max)
                    let period = RosterFile.describePeriod(from: start == .min ? nil : start, to: end == .max ? nil : end)
                    if first.team == second.team {
                        problems.error(second.line, "\(email) is listed twice in \(first.team) (\(problems.place(first.line)) and \(problems.place(second.line))) with overlapping dates \(period)")
                    } else {
                        problems.error(second.line, "\(email) is in \(first.team) (\(problems.place(first.line))) and \(second.team) (\(problems.place(second.line))) at the same time \(period)")
                    }
                    continue
                }
                let places = overlapping.prefix(Self.placesNamed).map { problems.place(listed[$0].line) }
                let more = overlapping.count - places.count
                var teams: [String] = []
                var seen: Set<Team> = []
                for index in overlapping where seen.insert(listed[index].team).inserted { teams.append(listed[index].team.name) }
                let teamList = teams.prefix(Self.placesNamed).joined(separator: ", ")
                    + (teams.count > Self.placesNamed ? " and \(InnerSourceModel.Format.count(teams.count - Self.placesNamed, "more team"))" : "")
                problems.error(second.line, """
                    \(email) has \(overlapping.count) memberships (\(places.joined(separator: ", "))\(more > 0 ? " and \(more) more" : "")) \
                    in \(teamList) at overlapping times: a person is on one team at a time; give the memberships \
                    from/to dates that do not overlap
                    """)
            }
        }

        /// The indices (in file order) of the memberships that overlap at least one other: sorted by start,
        /// each is compared with the one reaching furthest so far.
        static func overlapping(_ listed: [TeamMembership]) -> [Int] {
            let byStart = listed.indices.sorted { (listed[$0].from ?? .min, $0) < (listed[$1].from ?? .min, $1) }
            var involved = [Bool](repeating: false, count: listed.count)
            var furthest: (index: Int, end: Int64)?
            for index in byStart {
                if let reach = furthest, (listed[index].from ?? .min) < reach.end {
                    involved[index] = true
                    involved[reach.index] = true
                }
                let end = listed[index].to ?? .max
                if furthest == nil || end > furthest!.end { furthest = (index, end) }
            }
            return listed.indices.filter { involved[$0] }
        }

        /// Values (lower-cased) that must belong to one team; the map value → team.
        private func checkClaims(_ claims: [Claim], what: String, _ problems: inout ProblemList) -> [String: String] {
            var owner: [String: Claim] = [:]
            for claim in claims {
                let key = claim.value.lowercased()
                guard let first = owner[key] else {
                    owner[key] = claim
                    continue
                }
                if first.team == claim.team {
                    problems.warning(claim.line, "\(what) \(claim.value) is listed twice in \(claim.team) (\(problems.place(first.line)) and \(problems.place(claim.line)))")
                } else {
                    problems.error(claim.line, "\(what) \(claim.value) is claimed by two teams: \(first.team) (\(problems.place(first.line))) and \(claim.team) (\(problems.place(claim.line))); a \(what) must mean one team")
                }
            }
            return owner.mapValues(\.team)
        }
    }

    /// `from 2024-01-01`, `from 2024-01-01 to 2024-03-01`, `until 2024-03-01`, or `(neither membership has dates)`.
    static func describePeriod(from: Int64?, to: Int64?) -> String {
        switch (from, to) {
        case let (from?, to?): return "from \(ConfigValues.display(from)) to \(ConfigValues.display(to))"
        case let (from?, nil): return "from \(ConfigValues.display(from))"
        case let (nil, to?): return "until \(ConfigValues.display(to))"
        case (nil, nil): return "(neither membership has dates)"
        }
    }

    /// `from` and `to` checked together: both readable, absolute, and `from` before `to`.
    static func dates(from: (text: String, line: Int?)?, to: (text: String, line: Int?)?,
                      _ problems: inout ProblemList) -> (ok: Bool, from: Int64?, to: Int64?) {
        var ok = true
        func parse(_ value: (text: String, line: Int?)?, _ field: String) -> Int64? {
            guard let value, !value.text.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
            switch ConfigValues.absoluteDate(value.text, field: field) {
            case .success(let seconds): return seconds
            case .failure(let message):
                problems.error(value.line, message.text)
                ok = false
                return nil
            }
        }
        let start = parse(from, "from"), end = parse(to, "to")
        if let start, let end, start >= end {
            problems.error(to?.line ?? from?.line, "from (\(ConfigValues.display(start))) must be before to (\(ConfigValues.display(end))): the membership is [from, to)")
            ok = false
        }
        return (ok, start, end)
    }

    // MARK: - YAML

    private static func readYAML(_ text: String, into draft: inout Draft, _ problems: inout ProblemList) {
        let hadErrors = problems.hasErrors
        guard let root = YAMLTree.compose(text, into: &problems) else {
            if problems.hasErrors == hadErrors {
                problems.error(nil, "the file is empty: a roster starts with teams:")
            }
            draft.complete = false
            return
        }
        guard case .mapping(let top) = root else {
            problems.error(YAMLTree.line(root), "a roster is a mapping that starts with teams:, not \(YAMLTree.describe(root))")
            draft.complete = false
            return
        }
        if top["people"] != nil && top["teams"] == nil {
            problems.error(YAMLTree.line(root), "this is an aliases file (people:), not a roster (teams:)")
            draft.complete = false
            return
        }
        let fields = YAMLTree.fields(top, allowed: ["teams"], in: "at the top level", into: &problems)
        guard let (teamsKey, teamsNode) = fields["teams"] else {
            problems.error(YAMLTree.line(root), "the roster has no teams: key (teams: → team name → members:, domains:, codeowners:)")
            draft.complete = false
            return
        }
        let teams: Node.Mapping
        switch teamsNode {
        case .mapping(let mapping) where !mapping.isEmpty:
            teams = mapping
        case _ where YAMLTree.isNull(teamsNode), .mapping:
            problems.error(YAMLTree.line(teamsKey), "teams: lists no team")
            return
        default:
            problems.error(YAMLTree.line(teamsNode), "teams: must map each team's name to its members:, domains: and codeowners:, not \(YAMLTree.describe(teamsNode))")
            return
        }
        for (nameNode, teamNode) in teams {
            readTeam(nameNode, teamNode, into: &draft, &problems)
        }
    }

    private static func readTeam(_ nameNode: Node, _ teamNode: Node, into draft: inout Draft, _ problems: inout ProblemList) {
        let line = YAMLTree.line(nameNode)
        guard let raw = YAMLTree.string(nameNode), !raw.trimmingCharacters(in: .whitespaces).isEmpty,
              !YAMLTree.isNull(nameNode) else {
            problems.error(line, "a team's name must be a word such as payments, not \(YAMLTree.describe(nameNode))")
            return
        }
        let team = raw.trimmingCharacters(in: .whitespaces)
        if let problem = Team.nameProblem(team) {
            problems.error(line, problem)
            return
        }
        let place = "in team \(team)"
        var entries = 0
        defer { draft.teams.append((team, line, entries == 0)) }
        let fields: [String: (key: Node, value: Node)]
        switch teamNode {
        case .mapping(let mapping):
            fields = YAMLTree.fields(mapping, allowed: teamKeys, in: place, into: &problems)
            // Keys reported as unknown (members: misspelt) already say what is wrong with the team.
            if fields.count < mapping.count { entries += 1 }
        case _ where YAMLTree.isNull(teamNode):
            return
        default:
            problems.error(YAMLTree.line(teamNode), "team \(team) must be a mapping with members:, domains: or codeowners:, not \(YAMLTree.describe(teamNode))")
            entries = 1 // said already
            return
        }
        if let (_, value) = fields["members"] {
            for item in YAMLTree.list(value, field: "members:", in: place, into: &problems) {
                entries += 1
                if let membership = readMember(item, team: team, &problems) { draft.memberships.append(membership) }
            }
        }
        if let (_, value) = fields["domains"] {
            for item in YAMLTree.list(value, field: "domains:", in: place, into: &problems) {
                entries += 1
                guard let text = YAMLTree.string(item), !YAMLTree.isNull(item) else {
                    problems.error(YAMLTree.line(item), "a domain \(place) must be text such as payments.example.com, not \(YAMLTree.describe(item))")
                    continue
                }
                let domain = text.trimmingCharacters(in: .whitespaces).lowercased()
                if domain.isEmpty || domain.contains("@") || domain.contains(where: \.isWhitespace) {
                    problems.error(YAMLTree.line(item), "domain \(text.quotedExcerpt) \(place) must be a bare domain such as payments.example.com (no @, no spaces)")
                    continue
                }
                draft.domains.append(Claim(value: domain, team: team, line: YAMLTree.line(item)))
            }
        }
        if let (_, value) = fields["codeowners"] {
            for item in YAMLTree.list(value, field: "codeowners:", in: place, into: &problems) {
                entries += 1
                guard let text = YAMLTree.string(item), !YAMLTree.isNull(item) else {
                    problems.error(YAMLTree.line(item), "a codeowners handle \(place) must be text such as \"@org/\(team)\", not \(YAMLTree.describe(item))")
                    continue
                }
                let handle = text.trimmingCharacters(in: .whitespaces)
                guard handle.hasPrefix("@"), handle.count > 1, !handle.contains(where: \.isWhitespace) else {
                    problems.error(YAMLTree.line(item), "codeowners handle \(handle.quotedExcerpt) \(place) must start with @, as in CODEOWNERS: \"@org/team\" or \"@user\" (quote it in YAML)")
                    continue
                }
                draft.codeowners.append(Claim(value: handle.lowercased(), team: team, line: YAMLTree.line(item)))
            }
        }
    }

    private static func readMember(_ item: Node, team: String, _ problems: inout ProblemList) -> TeamMembership? {
        let line = YAMLTree.line(item)
        let place = "in team \(team)"
        switch item {
        case .scalar where YAMLTree.isNull(item):
            problems.error(line, "empty member \(place): write an e-mail or { email: ..., from: ..., to: ... }")
            return nil
        case .scalar(let scalar):
            switch ConfigValues.email(scalar.string) {
            case .success(let email): return TeamMembership(email: email, team: Team(team), file: problems.file, line: line)
            case .failure(let message):
                problems.error(line, "\(message.text) (\(place))")
                return nil
            }
        case .mapping(let mapping):
            let fields = YAMLTree.fields(mapping, allowed: memberKeys, in: "in a member of \(team)", into: &problems)
            var ok = fields.count == mapping.count
            var email: String?
            if let (key, value) = fields["email"] {
                if let text = YAMLTree.string(value), !YAMLTree.isNull(value) {
                    switch ConfigValues.email(text) {
                    case .success(let value): email = value
                    case .failure(let message): problems.error(YAMLTree.line(value), "\(message.text) (\(place))")
                    }
                } else {
                    problems.error(YAMLTree.line(value) ?? YAMLTree.line(key), "email: must be an e-mail address \(place), not \(YAMLTree.describe(value))")
                }
            } else if fields["github"] == nil && fields["gitlab"] == nil {
                problems.error(line, "a member \(place) has no email: (write { email: name@example.com, from: YYYY-MM-DD, to: YYYY-MM-DD }, or give github: or gitlab:)")
            }
            func dateText(_ field: String) -> (text: String, line: Int?)? {
                guard let (_, value) = fields[field], !YAMLTree.isNull(value) else { return nil }
                guard let text = YAMLTree.string(value) else {
                    problems.error(YAMLTree.line(value), "\(field): must be a date (\(ConfigValues.dateFormats)), not \(YAMLTree.describe(value))")
                    ok = false
                    return nil
                }
                return (text, YAMLTree.line(value))
            }
            let from = dateText("from"), to = dateText("to")
            let dates = dates(from: from, to: to, &problems)
            var logins: [CodeHost: String] = [:]
            for host in CodeHost.allCases {
                guard let (_, value) = fields[host.rawValue], !YAMLTree.isNull(value) else { continue }
                guard let text = YAMLTree.string(value) else {
                    problems.error(YAMLTree.line(value), "\(host.rawValue): must be a login such as alice \(place), not \(YAMLTree.describe(value))")
                    ok = false
                    continue
                }
                switch login(text, host: host) {
                case .success(let login): logins[host] = login
                case .failure(let message):
                    problems.error(YAMLTree.line(value), "\(message.text) (\(place))")
                    ok = false
                }
            }
            guard ok, dates.ok, email != nil || (fields["email"] == nil && !logins.isEmpty) else { return nil }
            var membership = TeamMembership(email: email ?? "", team: Team(team), from: dates.from, to: dates.to, file: problems.file, line: line)
            membership.logins = logins
            return membership
        default:
            problems.error(line, "a member \(place) must be an e-mail or { email: ..., from: ..., to: ... }, not \(YAMLTree.describe(item))")
            return nil
        }
    }

    // MARK: - CSV

    private static func readCSV(_ text: String, into draft: inout Draft, _ problems: inout ProblemList) {
        let reader: CSVReader
        do {
            reader = try CSVReader(string: text, hasHeaderRow: false)
        } catch {
            problems.error(1, "cannot read the CSV text: \(error)")
            draft.complete = false
            return
        }
        var nextLine = 1
        var columns: [String: Int]?
        var header: [String] = []
        while let row = reader.next() {
            let line = nextLine
            // A quoted field may hold line breaks: the next row starts after them.
            nextLine += 1 + row.reduce(0) { $0 + lineBreaks(in: $1) }
            let cells = row.map { $0.trimmingCharacters(in: .whitespaces) }
            if cells.allSatisfy(\.isEmpty) { continue }
            guard let known = columns else {
                header = cells.map { $0.lowercased() }
                guard let found = readHeader(header, line: line, &problems) else {
                    draft.complete = false
                    return
                }
                columns = found
                continue
            }
            guard cells.count == header.count else {
                problems.error(line, "this row has \(InnerSourceModel.Format.count(cells.count, "field")) but the header has \(header.count) (\(header.joined(separator: ","))); quote fields that contain commas")
                continue
            }
            if cells.contains(where: { lineBreaks(in: $0) > 0 }) {
                problems.error(line, "a field spans several lines: is a closing quote (\") missing?")
                continue
            }
            func cell(_ name: String) -> String? { known[name].map { cells[$0] } }
            var ok = true
            var email: String?
            switch ConfigValues.email(cell("email") ?? "") {
            case .success(let value): email = value
            case .failure where (cell("email") ?? "").isEmpty:
                problems.error(line, "missing email: every row needs the person's e-mail")
            case .failure(let message):
                problems.error(line, message.text)
            }
            let team = cell("team") ?? ""
            if team.isEmpty {
                problems.error(line, "empty team\(email.map { " for \($0)" } ?? ""): every row needs the team's name")
                ok = false
            } else if let problem = Team.nameProblem(team) {
                problems.error(line, problem)
                ok = false
            }
            let dates = dates(from: cell("from").map { ($0, line) }, to: cell("to").map { ($0, line) }, &problems)
            var logins: [CodeHost: String] = [:]
            for host in CodeHost.allCases {
                guard let text = cell(host.rawValue), !text.isEmpty else { continue }
                switch login(text, host: host) {
                case .success(let login): logins[host] = login
                case .failure(let message):
                    problems.error(line, message.text)
                    ok = false
                }
            }
            guard let email, ok, dates.ok else { continue }
            var membership = TeamMembership(email: email, team: Team(team), from: dates.from, to: dates.to, file: problems.file, line: line)
            membership.logins = logins
            draft.memberships.append(membership)
        }
        if columns == nil {
            problems.error(nil, "the file is empty: a roster CSV starts with the header email,team,from,to")
            draft.complete = false
        } else if draft.memberships.isEmpty && !problems.hasErrors {
            problems.error(nil, "the roster lists no membership: add one row per person and team under the header")
        }
    }

    /// Column name → index; nil (with errors) when the header cannot be used.
    private static func readHeader(_ header: [String], line: Int, _ problems: inout ProblemList) -> [String: Int]? {
        var columns: [String: Int] = [:]
        var usable = true
        for (index, name) in header.enumerated() where csvColumns.contains(name) {
            if columns[name] != nil {
                problems.error(line, "the column \(name.quotedExcerpt) appears twice in the header")
                usable = false
            }
            columns[name] = columns[name] ?? index
        }
        let missing = ["email", "team"].filter { columns[$0] == nil }
        if missing.count == 2 {
            problems.error(line, "the first line must be the header naming the columns email,team,from,to (from and to are optional); found \(header.joined(separator: ",").quotedExcerpt)")
            return nil
        }
        for name in missing {
            problems.error(line, "the header has no \(name.quotedExcerpt) column: a roster CSV needs the columns email and team (from and to are optional)")
        }
        for name in header where !csvColumns.contains(name) {
            let hint = YAMLTree.suggestion(for: name, among: csvColumns).map { "; did you mean '\($0)'?" } ?? ""
            problems.warning(line, "the column \((name.isEmpty ? "(empty)" : name).quotedExcerpt) is ignored\(hint) (a roster uses email, team, from, to)")
        }
        return missing.isEmpty && usable ? columns : nil
    }

    /// A login as a roster gives it (a leading `@` allowed), lower-cased: GitHub's letters, digits and `-`;
    /// GitLab's also `_` and `.`.
    static func login(_ raw: String, host: CodeHost) -> Result<String, ConfigValues.Message> {
        var text = raw.trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("@") { text.removeFirst() }
        let punctuation: Set<Character> = host == .github ? ["-"] : ["-", "_", "."]
        func allowed(_ character: Character) -> Bool {
            character.isASCII && (character.isLetter || character.isNumber || punctuation.contains(character))
        }
        guard !text.isEmpty, text.allSatisfy(allowed) else {
            let rule = host == .github ? "letters, digits and -" : "letters, digits, -, _ and ."
            return .failure(ConfigValues.Message("\(host.rawValue): \(raw.quotedExcerpt) is not a login (\(rule), such as alice)"))
        }
        return .success(text.lowercased())
    }

    private static func lineBreaks(in text: String) -> Int {
        var count = 0
        var previous: Unicode.Scalar?
        for scalar in text.unicodeScalars {
            if scalar == "\n" {
                if previous != "\r" { count += 1 }
            } else if scalar == "\r" {
                count += 1
            }
            previous = scalar
        }
        return count
    }
}
