import Foundation
import InnerSourceModel
import Yams

/// Rosters kept in other tools' formats, read into the same draft as our YAML and CSV (so that every check
/// and every answer is the same), with file:line problems: JSON is read through the YAML composer, which
/// keeps each value's line.
///
/// - measure-innersource's `org-data.json` (`{"alice": {"manager": "teamlead"}}`): a person's team is named
///   by their manager's login; a person with no manager is on a team named by their own login. Members are
///   known by GitHub login only.
/// - SortingHat's JSON export (`uidentities` → `identities` and `enrollments`; `organizations` → domains):
///   teams are its organisations; an enrollment's `start`/`end` are its dates, `1900-01-01` and `2100-01-01`
///   meaning open-ended; every e-mail of a unique identity gets its enrollments, and an identity whose
///   `source` is `github` or `gitlab` gives its `username` as that host's login.
enum RosterImport {
    /// The format a JSON text is in: SortingHat's with `uidentities`, else an org-data.json when every value
    /// is an object (its keys are checked when it is read, with their lines).
    static func detect(_ text: String) -> RosterFile.Format? {
        var ignored = ProblemList(file: "")
        guard case .mapping(let top)? = YAMLTree.compose(text, into: &ignored) else { return nil }
        if top["uidentities"] != nil { return .sortingHat }
        // Our YAML written as a flow mapping (`{teams: ...}`), or an aliases file.
        if top["teams"] != nil || top["people"] != nil { return nil }
        let isOrgData = !top.isEmpty && top.allSatisfy { _, value in
            if case .mapping = value { return true }
            return false
        }
        return isOrgData ? .orgData : nil
    }

    static func readOrgData(_ text: String, into draft: inout RosterFile.Draft, _ problems: inout ProblemList) {
        guard case .mapping(let top)? = compose(text, what: "an org-data.json", &draft, &problems) else { return }
        var teams: [String: Int?] = [:]
        for (key, value) in top {
            let line = YAMLTree.line(key)
            guard let raw = YAMLTree.string(key), case .success(let login) = RosterFile.login(raw, host: .github) else {
                problems.error(line, "\(YAMLTree.describe(key)) is not a GitHub login (letters, digits and -): an org-data.json maps logins to {\"manager\": login}")
                continue
            }
            guard case .mapping(let entry) = value else {
                problems.error(YAMLTree.line(value) ?? line, "\(login): must be an object such as {\"manager\": \"teamlead\"}, not \(YAMLTree.describe(value))")
                continue
            }
            let fields = YAMLTree.fields(entry, allowed: ["manager"], in: "in \(login)'s entry", into: &problems)
            var team = login
            if let (_, node) = fields["manager"], !YAMLTree.isNull(node) {
                guard let text = YAMLTree.string(node), case .success(let manager) = RosterFile.login(text, host: .github) else {
                    problems.error(YAMLTree.line(node), "\(login): manager must be a GitHub login, not \(YAMLTree.describe(node))")
                    continue
                }
                team = manager
            }
            if let problem = Team.nameProblem(team) {
                problems.error(line, problem)
                continue
            }
            if teams[team] == nil { teams[team] = line }
            var membership = TeamMembership(email: "", team: Team(team), file: problems.file, line: line)
            membership.logins = [.github: login]
            draft.memberships.append(membership)
        }
        draft.teams = teams.map { (name: $0.key, line: $0.value, empty: false) }.sorted { $0.name < $1.name }
        if draft.memberships.isEmpty && !problems.hasErrors { problems.error(nil, "the org-data.json lists nobody") }
    }

    static func readSortingHat(_ text: String, into draft: inout RosterFile.Draft, _ problems: inout ProblemList) {
        guard case .mapping(let top)? = compose(text, what: "a SortingHat export", &draft, &problems) else { return }
        var teams: [String: Int?] = [:]
        func team(_ node: Node) -> String? {
            guard let name = YAMLTree.string(node)?.trimmingCharacters(in: .whitespaces), !name.isEmpty, !YAMLTree.isNull(node) else {
                problems.error(YAMLTree.line(node), "organization must be a name, not \(YAMLTree.describe(node))")
                return nil
            }
            if let problem = Team.nameProblem(name) {
                problems.error(YAMLTree.line(node), problem)
                return nil
            }
            if teams[name] == nil { teams[name] = YAMLTree.line(node) }
            return name
        }
        if let organizations = top["organizations"], !YAMLTree.isNull(organizations) {
            guard case .mapping(let byName) = organizations else {
                problems.error(YAMLTree.line(organizations), "organizations must map each organisation to its domains, not \(YAMLTree.describe(organizations))")
                return
            }
            for (nameNode, domains) in byName {
                guard let name = team(nameNode) else { continue }
                for item in YAMLTree.list(domains, field: "domains", in: "of \(name)", into: &problems) {
                    guard case .mapping(let entry) = item, let domainNode = entry["domain"], let domain = YAMLTree.string(domainNode),
                          !domain.isEmpty, !domain.contains("@") else {
                        problems.error(YAMLTree.line(item), "a domain of \(name) must be {\"domain\": \"example.com\", \"is_top\": ...}, not \(YAMLTree.describe(item))")
                        continue
                    }
                    draft.domains.append(RosterFile.Claim(value: domain.lowercased(), team: name, line: YAMLTree.line(domainNode)))
                }
            }
        }
        guard let identitiesNode = top["uidentities"], case .mapping(let unique) = identitiesNode else {
            problems.error(YAMLTree.line(top["uidentities"] ?? .mapping(top)), "uidentities must map each unique identity's uuid to its identities and enrollments")
            draft.complete = false
            return
        }
        for (uuidNode, person) in unique {
            let uuid = YAMLTree.string(uuidNode) ?? "?"
            guard case .mapping(let fields) = person else {
                problems.error(YAMLTree.line(person), "unique identity \(uuid) must be an object with identities and enrollments")
                continue
            }
            var emails: [String] = [], logins: [CodeHost: String] = [:]
            for identity in fields["identities"].map({ YAMLTree.list($0, field: "identities", in: "of \(uuid)", into: &problems) }) ?? [] {
                guard case .mapping(let entry) = identity else {
                    problems.error(YAMLTree.line(identity), "an identity of \(uuid) must be an object with email, username and source")
                    continue
                }
                if let node = entry["email"], !YAMLTree.isNull(node), let text = YAMLTree.string(node), !text.isEmpty {
                    switch ConfigValues.email(text) {
                    case .success(let email): if !emails.contains(email) { emails.append(email) }
                    case .failure(let message): problems.error(YAMLTree.line(node), "\(message.text) (an identity of \(uuid))")
                    }
                }
                if let source = entry["source"].flatMap(YAMLTree.string).flatMap({ CodeHost(rawValue: $0.lowercased()) }),
                   let node = entry["username"], !YAMLTree.isNull(node), let text = YAMLTree.string(node) {
                    switch RosterFile.login(text, host: source) {
                    case .success(let login): logins[source] = login
                    case .failure(let message): problems.error(YAMLTree.line(node), "\(message.text) (an identity of \(uuid))")
                    }
                }
            }
            if let profile = fields["profile"], case .mapping(let entry) = profile, let node = entry["email"], !YAMLTree.isNull(node),
               let text = YAMLTree.string(node), case .success(let email) = ConfigValues.email(text), !emails.contains(email) {
                emails.append(email)
            }
            for enrollment in fields["enrollments"].map({ YAMLTree.list($0, field: "enrollments", in: "of \(uuid)", into: &problems) }) ?? [] {
                guard case .mapping(let entry) = enrollment, let organization = entry["organization"] else {
                    problems.error(YAMLTree.line(enrollment), "an enrollment of \(uuid) must be an object with organization, start and end")
                    continue
                }
                guard let name = team(organization) else { continue }
                func date(_ field: String) -> (text: String, line: Int?)? {
                    guard let node = entry[field], !YAMLTree.isNull(node), let text = YAMLTree.string(node) else { return nil }
                    // SortingHat's open ends.
                    if text.hasPrefix("1900-01-01") || text.hasPrefix("2100-01-01") { return nil }
                    // Its dates are UTC without a zone: `2024-02-15T00:00:00`.
                    let zoned = text.count == 19 && text.contains("T") ? text + "Z" : text
                    return (zoned, YAMLTree.line(node))
                }
                let dates = RosterFile.dates(from: date("start"), to: date("end"), &problems)
                guard dates.ok else { continue }
                let line = YAMLTree.line(enrollment)
                if emails.isEmpty && logins.isEmpty {
                    problems.warning(line, "unique identity \(uuid) has no e-mail or login: its enrollment in \(name) matches no commit")
                }
                for email in emails.isEmpty ? [""] : emails where !(email.isEmpty && logins.isEmpty) {
                    var membership = TeamMembership(email: email, team: Team(name), from: dates.from, to: dates.to,
                                                    file: problems.file, line: line)
                    membership.logins = logins
                    membership.person = uuid
                    draft.memberships.append(membership)
                }
            }
        }
        draft.teams = teams.map { (name: $0.key, line: $0.value, empty: false) }.sorted { $0.name < $1.name }
    }

    private static func compose(_ text: String, what: String, _ draft: inout RosterFile.Draft, _ problems: inout ProblemList) -> Node? {
        let hadErrors = problems.hasErrors
        guard let root = YAMLTree.compose(text, into: &problems) else {
            if problems.hasErrors == hadErrors { problems.error(nil, "the file is empty: \(what) is a JSON object") }
            draft.complete = false
            return nil
        }
        guard case .mapping = root else {
            problems.error(YAMLTree.line(root), "\(what) is a JSON object, not \(YAMLTree.describe(root))")
            draft.complete = false
            return nil
        }
        return root
    }
}
