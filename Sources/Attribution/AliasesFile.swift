import Foundation
import InnerSourceModel
import Yams

/// Reads an aliases file into `Aliases`, finding every problem in it.
///
/// ```yaml
/// people:
///   - name: Alice Able
///     email: alice@example.com
///     aliases: [alice@old.example.org, a.able@gmail.com, "alice"]   # with @: e-mails, otherwise names
/// ```
public enum AliasesFile {
    static let personKeys = ["name", "email", "aliases", "github", "gitlab"]

    /// The aliases in `path`; every problem (errors and warnings) thrown together when it has an error.
    public static func load(path: String) throws(ConfigError) -> Aliases {
        try read(path: path).get()
    }

    /// The aliases in `path` and every problem found, warnings included.
    public static func read(path: String) -> ConfigResult<Aliases> {
        var problems = ProblemList(file: path)
        guard let text = ConfigText.read(path, into: &problems) else { return problems.result(nil) }
        return parse(text, file: path)
    }

    /// Parses aliases text; `file` names it in problems and entries.
    public static func parse(_ text: String, file: String) -> ConfigResult<Aliases> {
        var problems = ProblemList(file: file)
        let text = text.droppingByteOrderMark
        guard let people = readPeople(text, &problems) else { return problems.result(nil) }
        let persons = people.compactMap { readPerson($0, &problems) }
        checkClaims(persons, &problems)
        return problems.result(Aliases(entries: persons.map(\.entry)))
    }

    /// The items under `people:`; nil when the file is not an aliases file at all.
    private static func readPeople(_ text: String, _ problems: inout ProblemList) -> [Node]? {
        let hadErrors = problems.hasErrors
        guard let root = YAMLTree.compose(text, into: &problems) else {
            if problems.hasErrors == hadErrors {
                problems.error(nil, "the file is empty: an aliases file starts with people:")
            }
            return nil
        }
        guard case .mapping(let top) = root else {
            problems.error(YAMLTree.line(root), "an aliases file is a mapping that starts with people:, not \(YAMLTree.describe(root))")
            return nil
        }
        if top["teams"] != nil && top["people"] == nil {
            problems.error(YAMLTree.line(root), "this is a roster (teams:), not an aliases file (people:)")
            return nil
        }
        let fields = YAMLTree.fields(top, allowed: ["people"], in: "at the top level", into: &problems)
        guard let (_, value) = fields["people"] else {
            problems.error(YAMLTree.line(root), "the aliases file has no people: key (people: → a list of name:, email:, aliases:)")
            return nil
        }
        let people = YAMLTree.list(value, field: "people:", in: "at the top level", into: &problems)
        if people.isEmpty && !problems.hasErrors {
            problems.warning(YAMLTree.line(value), "people: lists nobody")
        }
        return people
    }

    /// A person read from the file, with the line of each alias (`e:` e-mails, `n:` names).
    private struct Person {
        var entry: AliasEntry
        var aliasLines: [String: Int]
        var label: String { entry.canonical.name.isEmpty ? entry.canonical.email : entry.canonical.name }
    }

    private static func readPerson(_ node: Node, _ problems: inout ProblemList) -> Person? {
        let line = YAMLTree.line(node)
        guard case .mapping(let mapping) = node else {
            problems.error(line, "each person under people: is a mapping with name:, email: and aliases:, not \(YAMLTree.describe(node))")
            return nil
        }
        var name = ""
        var ok = true
        var email: String?
        let fields = YAMLTree.fields(mapping, allowed: personKeys, in: "in a person", into: &problems)
        if let (_, value) = fields["name"] {
            if let text = YAMLTree.string(value), !YAMLTree.isNull(value) {
                name = text.trimmingCharacters(in: .whitespaces)
            } else {
                problems.error(YAMLTree.line(value), "name: must be text, not \(YAMLTree.describe(value))")
                ok = false
            }
        }
        let who = name.isEmpty ? "a person" : name
        if let (_, value) = fields["email"] {
            if let text = YAMLTree.string(value), !YAMLTree.isNull(value) {
                switch ConfigValues.email(text) {
                case .success(let value): email = value
                case .failure(let message): problems.error(YAMLTree.line(value), "\(message.text) (the e-mail of \(who))")
                }
            } else {
                problems.error(YAMLTree.line(value) ?? line, "email: of \(who) must be an e-mail address, not \(YAMLTree.describe(value))")
            }
        } else {
            problems.error(line, "\(who) has no email: every person needs the e-mail their aliases resolve to")
        }
        var emails: [String] = [], names: [String] = []
        var lines: [String: Int] = [:]
        if let (_, value) = fields["aliases"] {
            for item in YAMLTree.list(value, field: "aliases:", in: "of \(who)", into: &problems) {
                guard let text = YAMLTree.string(item), !YAMLTree.isNull(item),
                      !text.trimmingCharacters(in: .whitespaces).isEmpty else {
                    problems.error(YAMLTree.line(item), "an alias of \(who) must be an e-mail or a name, not \(YAMLTree.describe(item))")
                    ok = false
                    continue
                }
                let alias = text.trimmingCharacters(in: .whitespaces)
                if alias.contains("@") {
                    switch ConfigValues.email(alias) {
                    case .success(let value):
                        if emails.contains(value) {
                            problems.warning(YAMLTree.line(item), "alias \(value) is listed twice for \(who)")
                        } else {
                            emails.append(value)
                            lines["e:" + value] = YAMLTree.line(item)
                        }
                    case .failure(let message):
                        problems.error(YAMLTree.line(item), "\(message.text) (an alias of \(who); aliases without @ are names)")
                        ok = false
                    }
                } else if names.contains(alias) {
                    problems.warning(YAMLTree.line(item), "alias \(alias.quotedExcerpt) is listed twice for \(who)")
                } else {
                    names.append(alias)
                    lines["n:" + alias] = YAMLTree.line(item)
                }
            }
        }
        var logins: [CodeHost: String] = [:]
        for host in CodeHost.allCases {
            guard let (_, value) = fields[host.rawValue], !YAMLTree.isNull(value) else { continue }
            guard let text = YAMLTree.string(value) else {
                problems.error(YAMLTree.line(value), "\(host.rawValue): of \(who) must be a login such as alice, not \(YAMLTree.describe(value))")
                ok = false
                continue
            }
            switch RosterFile.login(text, host: host) {
            case .success(let login): logins[host] = login
            case .failure(let message):
                problems.error(YAMLTree.line(value), "\(message.text) (of \(who))")
                ok = false
            }
        }
        guard let email, ok else { return nil }
        var entry = AliasEntry(canonical: Identity(name: name, email: email), emails: emails, names: names,
                               file: problems.file, line: line)
        entry.logins = logins
        return Person(entry: entry, aliasLines: lines)
    }

    /// Aliases and e-mails that would resolve to two people.
    private static func checkClaims(_ persons: [Person], _ problems: inout ProblemList) {
        func who(_ person: Person, at line: Int? = nil) -> String {
            "\(person.label) (\(problems.place(line ?? person.entry.line)))"
        }
        var canonical: [String: Person] = [:]
        for person in persons {
            let email = person.entry.canonical.email.lowercased()
            if let first = canonical[email] {
                problems.error(person.entry.line, "\(email) is the e-mail of two people: \(who(first)) and \(who(person)); list each person once")
            } else {
                canonical[email] = person
            }
        }
        var claimed: [String: (person: Person, line: Int?)] = [:]
        for person in persons {
            let own = person.entry.canonical.email.lowercased()
            for email in person.entry.emails {
                let line = person.aliasLines["e:" + email] ?? person.entry.line
                if email == own {
                    problems.warning(line, "alias \(email) of \(who(person)) is the person's own e-mail: it is not needed")
                } else if let other = canonical[email] {
                    problems.error(line, "alias \(email) of \(who(person)) is the e-mail of another person, \(who(other))")
                } else if let first = claimed["e:" + email] {
                    problems.error(line, "alias \(email) is claimed by two people: \(who(first.person, at: first.line)) and \(who(person, at: line))")
                } else {
                    claimed["e:" + email] = (person, line)
                }
            }
            for name in person.entry.names {
                let line = person.aliasLines["n:" + name] ?? person.entry.line
                if let first = claimed["n:" + name] {
                    problems.error(line, "alias \(name.quotedExcerpt) is claimed by two people: \(who(first.person, at: first.line)) and \(who(person, at: line))")
                } else {
                    claimed["n:" + name] = (person, line)
                }
            }
        }
    }
}
