import Foundation
import InnerSourceModel

/// CNCF gitdm's affiliation files (`developers_affiliations*.txt` and `email-map`).
///
/// ```
/// alice: alice!corp.example, alice!users.noreply.github.com     # GitHub login: e-mails with ! for @
///     Search until 2024-02-01                                   # indented: the person's companies
///     Platform                                                  # from where the previous one ended
/// dave!corp.example Platform < 2024-01-01                       # email-map: an e-mail's employer until
/// dave!corp.example Search                                      # ... and after
/// ```
/// gitdm's rule: each affiliation starts where the previous one ended (the first is open at its start);
/// `from DATE` may say where one starts. `NotFound`, `Independent`, `(Unknown)` and `?` name no company:
/// the person is unaffiliated then.
extension RosterImport {
    /// Companies that are no team.
    static let gitdmNoCompany: Set<String> = ["notfound", "independent", "(unknown)", "unknown", "?", "(independent)", "(not found)"]

    /// Whether the text's first meaningful line is a gitdm affiliation or email-map line.
    static func isGitdm(_ text: String) -> Bool {
        for raw in text.split(whereSeparator: \.isNewline) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            return gitdmHeader(line) != nil || gitdmMapLine(line) != nil
        }
        return false
    }

    /// `login: e!d, e2!d2` → login and e-mails.
    static func gitdmHeader(_ line: String) -> (login: String, emails: [String])? {
        guard let colon = line.firstIndex(of: ":") else { return nil }
        let login = line[..<colon].trimmingCharacters(in: .whitespaces)
        let emails = line[line.index(after: colon)...].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard !login.isEmpty, !login.contains(" "), !emails.isEmpty, emails.allSatisfy({ $0.contains("!") && !$0.contains(" ") }) else { return nil }
        return (login, emails.map { $0.replacingOccurrences(of: "!", with: "@") })
    }

    /// `user!domain Employer < YYYY-MM-DD` → e-mail, employer, until.
    static func gitdmMapLine(_ line: String) -> (email: String, company: String, until: String?)? {
        guard let space = line.firstIndex(of: " ") else { return nil }
        let email = String(line[..<space])
        guard email.contains("!"), !email.contains(":") else { return nil }
        var rest = line[line.index(after: space)...].trimmingCharacters(in: .whitespaces)
        var until: String?
        if let mark = rest.range(of: " < ") {
            until = rest[mark.upperBound...].trimmingCharacters(in: .whitespaces)
            rest = rest[..<mark.lowerBound].trimmingCharacters(in: .whitespaces)
        }
        guard !rest.isEmpty else { return nil }
        return (email.replacingOccurrences(of: "!", with: "@"), rest, until)
    }

    /// One dated affiliation as written.
    struct GitdmAffiliation {
        var company: String
        var from: (text: String, line: Int?)?
        var until: (text: String, line: Int?)?
        var line: Int
    }

    static func readGitdm(_ text: String, into draft: inout RosterFile.Draft, _ problems: inout ProblemList) {
        var teams: [String: Int?] = [:]
        var person: (login: String, emails: [String], line: Int)?
        var affiliations: [GitdmAffiliation] = []
        var mapped: [(email: String, affiliations: [GitdmAffiliation])] = []
        func flush() {
            if let person {
                if affiliations.isEmpty { problems.warning(person.line, "\(person.login) has no company lines under it") }
                var login: String?
                if case .success(let value) = RosterFile.login(person.login, host: .github) { login = value }
                add(affiliations, emails: person.emails, login: login, person: "gitdm:" + person.login)
            }
            person = nil
            affiliations = []
        }
        func add(_ list: [GitdmAffiliation], emails: [String], login: String?, person: String) {
            // gitdm's rule: each affiliation starts where the previous one ended.
            var previousEnd: (text: String, line: Int?)?
            for affiliation in list {
                let dates = RosterFile.dates(from: affiliation.from ?? previousEnd, to: affiliation.until, &problems)
                previousEnd = affiliation.until
                guard dates.ok, !gitdmNoCompany.contains(affiliation.company.lowercased()) else { continue }
                if let problem = Team.nameProblem(affiliation.company) {
                    problems.error(affiliation.line, problem)
                    continue
                }
                if teams[affiliation.company] == nil { teams[affiliation.company] = affiliation.line }
                for email in emails {
                    switch ConfigValues.email(email) {
                    case .success(let address):
                        var membership = TeamMembership(email: address, team: Team(affiliation.company), from: dates.from, to: dates.to,
                                                        file: problems.file, line: affiliation.line)
                        if let login { membership.logins = [.github: login] }
                        membership.person = person
                        draft.memberships.append(membership)
                    case .failure(let message):
                        problems.error(affiliation.line, message.text)
                    }
                }
            }
        }
        var number = 0
        for raw in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" }) {
            number += 1
            let rawLine = String(raw).replacingOccurrences(of: "\r", with: "")
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if rawLine.first?.isWhitespace == true {
                guard person != nil else {
                    problems.error(number, "\(line.quotedExcerpt) is indented but follows no login: line (login: email!domain, ...)")
                    continue
                }
                affiliations.append(gitdmAffiliation(line, line: number))
            } else if let header = gitdmHeader(line) {
                flush()
                person = (header.login, header.emails, number)
            } else if let entry = gitdmMapLine(line) {
                flush()
                let affiliation = GitdmAffiliation(company: entry.company, from: nil, until: entry.until.map { ($0, number) }, line: number)
                if let index = mapped.firstIndex(where: { $0.email == entry.email }) {
                    mapped[index].affiliations.append(affiliation)
                } else {
                    mapped.append((entry.email, [affiliation]))
                }
            } else {
                problems.error(number, "cannot read \(line.quotedExcerpt): gitdm lines are `login: email!domain, ...` with indented companies (`Company until YYYY-MM-DD`), or `email!domain Company < YYYY-MM-DD`")
            }
        }
        flush()
        for entry in mapped {
            // An email-map's dated lines in date order, the undated one (the current employer) last.
            let ordered = entry.affiliations.enumerated().sorted { a, b in
                switch (a.element.until?.text, b.element.until?.text) {
                case let (x?, y?): return (x, a.offset) < (y, b.offset)
                case (.some, nil): return true
                case (nil, .some): return false
                case (nil, nil): return a.offset < b.offset
                }
            }.map(\.element)
            add(ordered, emails: [entry.email], login: nil, person: "gitdm:" + entry.email)
        }
        draft.teams = teams.map { (name: $0.key, line: $0.value, empty: false) }.sorted { $0.name < $1.name }
        if draft.memberships.isEmpty && !problems.hasErrors { problems.error(nil, "the gitdm file lists no affiliation") }
    }

    /// `Company`, `Company until D`, `Company from D`, `Company from D until D`.
    static func gitdmAffiliation(_ text: String, line: Int) -> GitdmAffiliation {
        var rest = text
        var from: (text: String, line: Int?)?, until: (text: String, line: Int?)?
        if let mark = rest.range(of: " until ", options: .backwards) {
            until = (rest[mark.upperBound...].trimmingCharacters(in: .whitespaces), line)
            rest = String(rest[..<mark.lowerBound])
        }
        if let mark = rest.range(of: " from ", options: .backwards) {
            from = (rest[mark.upperBound...].trimmingCharacters(in: .whitespaces), line)
            rest = String(rest[..<mark.lowerBound])
        }
        return GitdmAffiliation(company: rest.trimmingCharacters(in: .whitespaces), from: from, until: until, line: line)
    }
}
