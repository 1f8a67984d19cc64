import CodeOwners
import InnerSourceModel

/// CODEOWNERS: the file and its default rule, as `CodeOwnersFile` reads it.
enum HygieneCodeowners {
    static func assess(_ documents: [HeadDocument]) -> CodeownersHygiene {
        guard let file = CodeOwnersFile(in: documents) else {
            return CodeownersHygiene(
                check: HygieneCheck(id: .codeowners, status: .missing,
                                    note: "no CODEOWNERS at " + CodeOwnersFile.locations.joined(separator: ", ")),
                path: nil, defaultRule: nil, owners: [])
        }
        guard let rule = file.defaultRule else {
            return CodeownersHygiene(
                check: HygieneCheck(id: .codeowners, status: .thin, evidence: [HygieneEvidence(path: file.path)],
                                    note: "\(file.path) has no default rule (`*`, `/*`, `/**` or `**` with an owner): some files have no owner"),
                path: file.path, defaultRule: nil, owners: [])
        }
        let evidence = HygieneEvidence(path: file.path, line: rule.line, excerpt: rule.text, keyword: "default rule")
        guard !rule.owners.isEmpty else {
            return CodeownersHygiene(
                check: HygieneCheck(id: .codeowners, status: .thin, evidence: [evidence],
                                    note: "\(file.path):\(rule.line): the default rule `\(rule.text)` names no owner"),
                path: file.path, defaultRule: rule.text, owners: [])
        }
        return CodeownersHygiene(
            check: HygieneCheck(id: .codeowners, status: .adequate, evidence: [evidence],
                                note: "\(file.path):\(rule.line): every file is owned by " + rule.owners.joined(separator: " ")),
            path: file.path, defaultRule: rule.text, owners: rule.owners)
    }
}

/// Trusted committers and communication channels.
enum HygieneGovernance {
    /// Files that list the people who review and land changes.
    static let committerFiles: Set<String> = ["TRUSTED-COMMITTERS", "TRUSTED_COMMITTERS", "MAINTAINERS", "OWNERS"]
    /// Heading words of a README or CONTRIBUTING section naming them.
    static let committerHeadings = HygieneKeywords([
        "trusted committer", "trusted committers", "committers", "maintainer", "maintainers", "maintained by",
        "core team", "core maintainers", "code owners", "owners",
    ])

    static func trustedCommitters(_ library: HygieneLibrary) -> HygieneCheck {
        if let file = library.first(committerFiles) {
            let document = HygieneDocument(file)
            if let entry = document.lines.first(where: { $0.kind == .prose || $0.kind == .code }) {
                return HygieneCheck(id: .trustedCommitters, status: .adequate, evidence: [document.evidence(entry)],
                                    note: "\(document.path) lists the people who land changes")
            }
            return HygieneCheck(id: .trustedCommitters, status: .thin, evidence: [HygieneEvidence(path: document.path)],
                                note: "\(document.path) lists nobody")
        }
        var thin: HygieneEvidence?
        for file in [library.first(["README"]), library.first(["CONTRIBUTING"])].compactMap({ $0 }) {
            let document = HygieneDocument(file)
            for heading in document.headings {
                guard let keyword = committerHeadings.match(heading.words) else { continue }
                let evidence = document.evidence(heading, keyword: keyword)
                if document.body(of: heading).contains(where: { $0.kind == .prose || $0.kind == .code }) {
                    return HygieneCheck(id: .trustedCommitters, status: .adequate, evidence: [evidence],
                                        note: "\(document.path):\(heading.number) names the \(keyword)")
                }
                thin = thin ?? evidence
            }
        }
        if let thin {
            return HygieneCheck(id: .trustedCommitters, status: .thin, evidence: [thin],
                                note: "\(thin.path):\(thin.line ?? 0): the section \"\(thin.excerpt)\" is empty")
        }
        return HygieneCheck(id: .trustedCommitters, status: .missing,
                            note: "no TRUSTED-COMMITTERS, MAINTAINERS or OWNERS file, and no README or CONTRIBUTING section "
                                + "headed trusted committers or maintainers")
    }

    /// The people named as maintainers: personal CODEOWNERS owners and the handles and e-mails written in the
    /// trusted-committers file (or, without one, the README or CONTRIBUTING sections headed so).
    static func namedMaintainers(_ library: HygieneLibrary, codeowners: CodeOwnersFile?) -> [String] {
        var people = Set(codeowners?.rules.flatMap(\.owners).filter(isPerson).map { $0.lowercased() } ?? [])
        var lines: [String] = []
        if let file = library.first(committerFiles) {
            lines = file.text.split(separator: "\n").map(String.init)
        } else {
            for file in [library.first(["README"]), library.first(["CONTRIBUTING"])].compactMap({ $0 }) {
                let document = HygieneDocument(file)
                for heading in document.headings where committerHeadings.match(heading.words) != nil {
                    lines += document.body(of: heading).map(\.text)
                }
            }
        }
        for line in lines {
            let tokens = line.split(whereSeparator: { " \t()<>[]{},;|*\"'`".contains($0) })
            for token in tokens.map({ HygieneText.strip(HygieneText.strip($0, "."), ":") }) where isPerson(token) {
                people.insert(token.lowercased())
            }
        }
        return people.sorted()
    }

    /// A personal handle (`@alice`, not `@org/team`) or an e-mail address.
    static func isPerson(_ owner: String) -> Bool {
        if owner.hasPrefix("@") {
            let handle = owner.dropFirst()
            return !handle.isEmpty && handle.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
        }
        guard let at = owner.firstIndex(of: "@"), at != owner.startIndex else { return false }
        return owner[owner.index(after: at)...].contains(".")
    }

    /// A named channel: its name, the words that show it, and text to find in a raw line (URLs).
    struct Channel: Sendable {
        var name: String
        var keywords: HygieneKeywords
        var fragments: [String]
    }

    static let channels = [
        Channel(name: "Slack", keywords: HygieneKeywords(["slack"]), fragments: []),
        Channel(name: "Microsoft Teams", keywords: HygieneKeywords(["microsoft teams", "ms teams", "teams channel", "teams chat"]),
                fragments: ["teams.microsoft.com"]),
        Channel(name: "Matrix", keywords: HygieneKeywords(["matrix room", "matrix channel", "on matrix", "matrix chat"]),
                fragments: ["matrix.to/", "matrix.org"]),
        Channel(name: "Discord", keywords: HygieneKeywords(["discord"]), fragments: []),
        Channel(name: "mailing list", keywords: HygieneKeywords(["mailing list", "mailing lists", "mailinglist", "google group",
                                                                 "google groups", "distribution list", "listserv"]),
                fragments: ["groups.google.com", "groups.io/"]),
        Channel(name: "Gitter", keywords: HygieneKeywords(["gitter"]), fragments: []),
        Channel(name: "IRC", keywords: HygieneKeywords(["irc", "libera chat", "freenode", "oftc"]), fragments: []),
        Channel(name: "Zulip", keywords: HygieneKeywords(["zulip"]), fragments: []),
        Channel(name: "Discussions", keywords: HygieneKeywords(["github discussions", "discussions tab", "discussion forum",
                                                               "discussion board", "forum", "discourse"]),
                fragments: ["/discussions"]),
        Channel(name: "Mattermost", keywords: HygieneKeywords(["mattermost"]), fragments: []),
        Channel(name: "Rocket.Chat", keywords: HygieneKeywords(["rocket chat"]), fragments: []),
        Channel(name: "Google Chat", keywords: HygieneKeywords(["google chat"]), fragments: []),
        Channel(name: "Viva Engage", keywords: HygieneKeywords(["yammer", "viva engage"]), fragments: []),
    ]

    static func communication(_ library: HygieneLibrary) -> HygieneCheck {
        let dedicated = library.all(["COMMUNICATION", "SUPPORT"])
        let sources = dedicated + [library.first(["README"]), library.first(["CONTRIBUTING"])].compactMap { $0 }
        var evidence: [HygieneEvidence] = []
        for document in sources.map(HygieneDocument.init) {
            for line in document.lines where line.kind != .blank && line.kind != .decoration {
                if let channel = channel(on: line) { evidence.append(document.evidence(line, keyword: channel)) }
            }
        }
        if !evidence.isEmpty {
            let names = Set(evidence.compactMap(\.keyword)).sorted()
            return HygieneCheck(id: .communication, status: .adequate, evidence: Hygiene.sorted(evidence),
                                note: "channels named: " + names.joined(separator: ", "))
        }
        if let file = dedicated.first {
            return HygieneCheck(id: .communication, status: .thin, evidence: [HygieneEvidence(path: file.path)],
                                note: "\(file.path) names no channel (" + channels.map(\.name).joined(separator: ", ") + ")")
        }
        return HygieneCheck(id: .communication, status: .missing,
                            note: "no COMMUNICATION file, and README and CONTRIBUTING name no channel ("
                                + channels.map(\.name).joined(separator: ", ") + ")")
    }

    static func channel(on line: HygieneLine) -> String? {
        let words = HygieneText.words(line.text)
        let lower = line.text.lowercased()
        return channels.first { channel in
            channel.keywords.match(words) != nil || channel.fragments.contains(where: lower.contains)
        }?.name
    }
}

/// The licence file and its kind.
enum HygieneLicense {
    /// Characters of the licence read to tell its kind.
    static let readLength = 4000

    static func assess(_ document: HeadDocument?) -> LicenseHygiene {
        guard let document else {
            return LicenseHygiene(
                check: HygieneCheck(id: .license, status: .missing,
                                    note: "no LICENSE, LICENCE or COPYING at the root, .github/, docs/, doc/ or .gitlab/"),
                path: nil, kind: nil)
        }
        guard !HygieneText.trim(document.text).isEmpty else {
            return LicenseHygiene(check: HygieneCheck(id: .license, status: .thin, evidence: [HygieneEvidence(path: document.path)],
                                                      note: "\(document.path) is empty"),
                                  path: document.path, kind: nil)
        }
        let kind = self.kind(document.text)
        return LicenseHygiene(
            check: HygieneCheck(id: .license, status: .adequate, evidence: [HygieneEvidence(path: document.path, keyword: kind)],
                                note: "\(document.path): " + (kind ?? "a licence of a kind not recognised")),
            path: document.path, kind: kind)
    }

    /// The licence's kind from its opening text; nil when not recognised.
    static func kind(_ text: String) -> String? {
        let words = HygieneText.words(String(text.prefix(readLength)))
        func has(_ phrase: String) -> Bool { HygieneText.contains(words, phrase: HygieneText.words(phrase)) }
        if has("gnu affero general public license") { return "AGPL-3.0" }
        if has("gnu lesser general public license") || has("gnu library general public license") { return "LGPL" }
        if has("gnu general public license") {
            if has("version 3") { return "GPL-3.0" }
            if has("version 2") { return "GPL-2.0" }
            return "GPL"
        }
        if has("apache license") { return has("version 2 0") ? "Apache-2.0" : "Apache" }
        if has("mozilla public license") { return has("version 2 0") || has("2 0") ? "MPL-2.0" : "MPL" }
        if has("eclipse public license") { return "EPL" }
        if has("boost software license") { return "BSL-1.0" }
        if has("this is free and unencumbered software") { return "Unlicense" }
        if has("mit license") || has("permission is hereby granted free of charge") { return "MIT" }
        if has("isc license") || has("permission to use copy modify and or distribute this software for any purpose") { return "ISC" }
        if has("redistribution and use in source and binary forms") {
            return has("neither the name") || has("endorse or promote") ? "BSD-3-Clause" : "BSD-2-Clause"
        }
        if has("creative commons") { return "CC" }
        if has("all rights reserved") || has("proprietary") || has("confidential") { return "proprietary" }
        return nil
    }
}
