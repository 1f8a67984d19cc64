import Foundation
import InnerSourceModel
import Yams

/// Backstage's software catalog: `kind: Group` entities (`metadata.name`, `spec.parent`, `spec.members`) and
/// `kind: User` entities (`spec.profile.email`, `spec.memberOf`, and the `github.com/user-login` annotation
/// as the GitHub login), in one YAML file of several documents. Other kinds are skipped.
///
/// A user's team is the group that lists them in `members` or that they list in `memberOf`; of several, the
/// groups that are another of theirs' ancestor (through `spec.parent`) are left out, so that a team's
/// member is not also its department's. A user still in two groups is on two teams at once: an error, as
/// in our YAML. Entity references are read with their kind and namespace (`group:default/payments`).
extension RosterImport {
    static func isBackstage(_ text: String) -> Bool {
        text.contains("apiVersion: backstage.io/") && (text.contains("kind: Group") || text.contains("kind: User"))
    }

    /// `group:default/payments` → `payments`.
    static func entityName(_ reference: String) -> String {
        var name = Substring(reference.trimmingCharacters(in: .whitespaces))
        if let colon = name.firstIndex(of: ":") { name = name[name.index(after: colon)...] }
        if let slash = name.lastIndex(of: "/") { name = name[name.index(after: slash)...] }
        return String(name).lowercased()
    }

    static func readBackstage(_ text: String, into draft: inout RosterFile.Draft, _ problems: inout ProblemList) {
        guard let documents = YAMLTree.composeAll(text, into: &problems) else {
            draft.complete = false
            return
        }
        struct Group { var name: String; var line: Int?; var parent: String?; var members: [String] }
        struct User { var name: String; var line: Int?; var email: String?; var login: String?; var memberOf: [String] }
        var groups: [String: Group] = [:], groupOrder: [String] = []
        var users: [User] = []
        func strings(_ node: Node?, _ field: String, of name: String) -> [String] {
            guard let node, !YAMLTree.isNull(node) else { return [] }
            return YAMLTree.list(node, field: field, in: "of \(name)", into: &problems).compactMap { item in
                guard let text = YAMLTree.string(item), !text.isEmpty else {
                    problems.error(YAMLTree.line(item), "\(field) of \(name) must list entity names, not \(YAMLTree.describe(item))")
                    return nil
                }
                return entityName(text)
            }
        }
        for document in documents {
            guard case .mapping(let entity) = document else { continue }
            let kind = entity["kind"].flatMap(YAMLTree.string)
            guard kind == "Group" || kind == "User" else { continue }
            let line = YAMLTree.line(document)
            guard case .mapping(let metadata)? = entity["metadata"], let rawName = metadata["name"].flatMap(YAMLTree.string), !rawName.isEmpty else {
                problems.error(line, "a \(kind!) entity needs metadata.name")
                continue
            }
            let name = rawName.lowercased()
            var spec: Node.Mapping?
            if case .mapping(let found)? = entity["spec"] { spec = found }
            if kind == "Group" {
                if let problem = Team.nameProblem(name) {
                    problems.error(line, problem)
                    continue
                }
                if groups[name] != nil {
                    problems.error(line, "group \(name) is defined twice")
                    continue
                }
                groups[name] = Group(name: name, line: line, parent: spec?["parent"].flatMap(YAMLTree.string).map(entityName),
                                     members: strings(spec?["members"], "spec.members", of: "group \(name)"))
                groupOrder.append(name)
            } else {
                var email: String?
                if case .mapping(let profile)? = spec?["profile"], let node = profile["email"], !YAMLTree.isNull(node), let text = YAMLTree.string(node) {
                    switch ConfigValues.email(text) {
                    case .success(let value): email = value
                    case .failure(let message): problems.error(YAMLTree.line(node), "\(message.text) (user \(name))")
                    }
                }
                var login: String?
                if case .mapping(let annotations)? = metadata["annotations"], let node = annotations["github.com/user-login"],
                   let text = YAMLTree.string(node) {
                    switch RosterFile.login(text, host: .github) {
                    case .success(let value): login = value
                    case .failure(let message): problems.error(YAMLTree.line(node), "\(message.text) (user \(name))")
                    }
                }
                users.append(User(name: name, line: line, email: email, login: login,
                                  memberOf: strings(spec?["memberOf"], "spec.memberOf", of: "user \(name)")))
            }
        }
        func ancestors(_ group: String) -> Set<String> {
            var result: Set<String> = [], current = groups[group]?.parent
            while let parent = current, result.insert(parent).inserted { current = groups[parent]?.parent }
            return result
        }
        for user in users {
            var mine = user.memberOf
            for name in groupOrder where groups[name]!.members.contains(user.name) && !mine.contains(name) { mine.append(name) }
            for name in mine where groups[name] == nil {
                problems.error(user.line, "user \(user.name) is a member of group \(name), which the file does not define")
            }
            mine = mine.filter { groups[$0] != nil }
            let covered = mine.reduce(into: Set<String>()) { $0.formUnion(ancestors($1)) }
            let teams = mine.filter { !covered.contains($0) }
            guard !teams.isEmpty else { continue }
            if user.email == nil && user.login == nil {
                problems.warning(user.line, "user \(user.name) has no spec.profile.email nor github.com/user-login annotation: no commit can match them")
                continue
            }
            for team in teams {
                var membership = TeamMembership(email: user.email ?? "", team: Team(team), file: problems.file, line: user.line)
                if let login = user.login { membership.logins = [.github: login] }
                draft.memberships.append(membership)
            }
        }
        draft.teams = groupOrder.map { (name: $0, line: groups[$0]!.line, empty: false) }
        if groups.isEmpty && !problems.hasErrors { problems.error(nil, "the Backstage file defines no Group entity") }
    }
}
