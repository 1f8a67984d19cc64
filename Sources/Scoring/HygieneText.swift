import InnerSourceModel

/// One line of a document, classified the way a reader sees it: a heading, prose, code or nothing.
struct HygieneLine: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        case blank
        /// A heading: Markdown (`#`, setext), reStructuredText and AsciiDoc underlines or `=` prefixes, HTML
        /// `<h1>`–`<h6>`, Org `*` (in `.org` files), or a line that is bold text only.
        case heading(level: Int)
        case prose
        /// Inside a fenced (```, ~~~) or indented block, or an AsciiDoc `----` listing.
        case code
        /// A rule, an underline or an HTML comment: nothing a reader reads.
        case decoration
    }

    /// 1-based.
    var number: Int
    /// The line as written, without its line end.
    var text: String
    var kind: Kind
    /// A heading's title without its markers; a prose line's text without links, images and tags.
    var plain: String

    var isHeading: Bool {
        if case .heading = kind { return true }
        return false
    }

    /// Lower-cased words (letters and digits) of the plain text.
    var words: [String] { HygieneText.words(plain) }
}

/// A document split into classified lines, with the headings it has.
struct HygieneDocument: Sendable {
    var path: String
    var lines: [HygieneLine]

    init(_ document: HeadDocument) {
        path = document.path
        lines = HygieneText.classify(document.text, path: document.path)
    }

    /// Lines with anything but white space on them.
    var nonEmptyLines: Int { lines.filter { $0.kind != .blank }.count }

    var headings: [HygieneLine] { lines.filter(\.isHeading) }

    /// The lines under a heading, up to the next heading of the same or a higher level.
    func body(of heading: HygieneLine) -> [HygieneLine] {
        guard case .heading(let level) = heading.kind else { return [] }
        var result: [HygieneLine] = []
        for line in lines where line.number > heading.number {
            if case .heading(let next) = line.kind, next <= level { break }
            result.append(line)
        }
        return result
    }

    /// Evidence pointing at a line of this document.
    func evidence(_ line: HygieneLine, keyword: String? = nil) -> HygieneEvidence {
        HygieneEvidence(path: path, line: line.number, excerpt: HygieneText.excerpt(line.text), keyword: keyword)
    }
}

/// Text helpers for the hygiene checks: line classification, words, phrases, excerpts.
enum HygieneText {
    /// Excerpts longer than this are cut, with an ellipsis.
    static let excerptLength = 120

    /// `text` without leading and trailing spaces, tabs and line ends.
    static func trim<S: StringProtocol>(_ text: S) -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }
        guard let first = text.firstIndex(where: { !isSpace($0) }), let last = text.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(text[first...last])
    }

    /// `text` without leading and trailing runs of `character`.
    static func strip<S: StringProtocol>(_ text: S, _ character: Character) -> String {
        guard let first = text.firstIndex(where: { $0 != character }), let last = text.lastIndex(where: { $0 != character }) else { return "" }
        return String(text[first...last])
    }

    static func excerpt(_ text: String) -> String {
        let trimmed = trim(text)
        guard trimmed.count > excerptLength else { return trimmed }
        return String(trimmed.prefix(excerptLength - 1)) + "…"
    }

    /// Lower-cased runs of letters and digits.
    static func words(_ text: String) -> [String] {
        var result: [String] = []
        var current = ""
        for character in text.lowercased() {
            if character.isLetter || character.isNumber {
                current.append(character)
            } else if !current.isEmpty {
                result.append(current)
                current = ""
            }
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    /// Whether `phrase` (words) occurs as consecutive whole words in `words`.
    static func contains(_ words: [String], phrase: [String]) -> Bool {
        guard !phrase.isEmpty, words.count >= phrase.count else { return false }
        for start in 0...(words.count - phrase.count) where words[start] == phrase[0] {
            if Array(words[start..<(start + phrase.count)]) == phrase { return true }
        }
        return false
    }

    /// Whether `words` begin with `phrase`.
    static func starts(_ words: [String], with phrase: [String]) -> Bool {
        words.count >= phrase.count && Array(words.prefix(phrase.count)) == phrase
    }

    /// Text with Markdown images removed (badges included), links replaced by their text, HTML tags and
    /// URLs removed.
    static func plain(_ text: String) -> String {
        let withoutImages = rewriteLinks(text, images: true)
        let withoutLinks = rewriteLinks(withoutImages, images: false)
        var result = ""
        var inTag = false
        for character in withoutLinks {
            if character == "<" { inTag = true; result.append(" "); continue }
            if character == ">" && inTag { inTag = false; continue }
            if !inTag { result.append(character) }
        }
        return result.split(separator: " ", omittingEmptySubsequences: true)
            .filter { !$0.contains("://") }
            .joined(separator: " ")
    }

    /// Removes every `![alt](target)` (images), or replaces every `[text](target)` by its text (links).
    private static func rewriteLinks(_ text: String, images: Bool) -> String {
        var result = ""
        var index = text.startIndex
        while index < text.endIndex {
            let isImage = text[index] == "!" && text[text.index(after: index)...].hasPrefix("[")
            let open = isImage ? text.index(after: index) : index
            if (images ? isImage : text[index] == "["),
               let close = text[open...].firstIndex(of: "]"),
               text.index(after: close) < text.endIndex, text[text.index(after: close)] == "(",
               let end = text[close...].firstIndex(of: ")") {
                if !images { result += text[text.index(after: open)..<close] }
                index = text.index(after: end)
                continue
            }
            result.append(text[index])
            index = text.index(after: index)
        }
        return result
    }

    /// The spans between backticks on a line.
    static func inlineCode(_ text: String) -> [String] {
        let parts = text.split(separator: "`", omittingEmptySubsequences: false)
        guard parts.count >= 3 else { return [] }
        return stride(from: 1, to: parts.count - 1, by: 2).map { String(parts[$0]) }
    }

    static func classify(_ text: String, path: String) -> [HygieneLine] {
        let raw = text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            line.hasSuffix("\r") ? String(line.dropLast()) : String(line)
        }
        let lowerPath = path.lowercased()
        let asciiDoc = lowerPath.hasSuffix(".adoc") || lowerPath.hasSuffix(".asciidoc")
        let org = lowerPath.hasSuffix(".org")
        var lines: [HygieneLine] = []
        var fence: String?
        var inComment = false
        var previousBlank = true
        for (offset, line) in raw.enumerated() {
            let number = offset + 1
            let trimmed = trim(line)
            func add(_ kind: HygieneLine.Kind, _ plain: String = "") {
                lines.append(HygieneLine(number: number, text: line, kind: kind, plain: plain))
            }
            if let marker = fence {
                add(.code, trimmed)
                if trimmed.hasPrefix(marker) && trimmed.allSatisfy({ $0 == marker.first }) { fence = nil }
                continue
            }
            if inComment {
                add(.decoration)
                if trimmed.contains("-->") { inComment = false }
                continue
            }
            if trimmed.isEmpty {
                add(.blank)
                previousBlank = true
                continue
            }
            defer { previousBlank = false }
            if let marker = fenceMarker(trimmed, asciiDoc: asciiDoc) {
                fence = marker
                add(.code, trimmed)
                continue
            }
            if trimmed.hasPrefix("<!--") {
                add(.decoration)
                if !trimmed.contains("-->") { inComment = true }
                continue
            }
            if (line.hasPrefix("    ") || line.hasPrefix("\t")) && (previousBlank || lines.last?.kind == .code) && !isListItem(trimmed) {
                add(.code, trimmed)
                continue
            }
            if isRule(trimmed) {
                add(.decoration)
                continue
            }
            if let (level, title) = heading(trimmed, org: org) {
                add(.heading(level: level), title)
                continue
            }
            let next = offset + 1 < raw.count ? trim(raw[offset + 1]) : ""
            if isRule(next), !isListItem(trimmed), let underline = next.first {
                add(.heading(level: underlineLevel(underline)), plain(trimmed))
                continue
            }
            add(.prose, plain(trimmed))
        }
        return lines
    }

    /// "```" or "~~~" opening a fenced block (and "----" in AsciiDoc).
    private static func fenceMarker(_ trimmed: String, asciiDoc: Bool) -> String? {
        if trimmed.hasPrefix("```") { return "```" }
        if trimmed.hasPrefix("~~~") { return "~~~" }
        if asciiDoc && trimmed.count >= 4 && trimmed.allSatisfy({ $0 == "-" }) { return "----" }
        return nil
    }

    /// Three or more of one punctuation character and nothing else: an underline or a rule.
    static func isRule(_ trimmed: String) -> Bool {
        guard trimmed.count >= 3, let first = trimmed.first, "=-~^*+#_`'\".:".contains(first) else { return false }
        return trimmed.allSatisfy { $0 == first }
    }

    private static func underlineLevel(_ character: Character) -> Int {
        switch character {
        case "=", "#": return 1
        case "-", "*": return 2
        default: return 3
        }
    }

    static func isListItem(_ trimmed: String) -> Bool {
        if trimmed.hasPrefix("- ") || trimmed.hasPrefix("* ") || trimmed.hasPrefix("+ ") { return true }
        let digits = trimmed.prefix { $0.isNumber }
        guard !digits.isEmpty else { return false }
        let rest = trimmed.dropFirst(digits.count)
        return rest.hasPrefix(". ") || rest.hasPrefix(") ")
    }

    /// A heading on one line, with its level and title.
    private static func heading(_ trimmed: String, org: Bool) -> (Int, String)? {
        for marker: Character in ["#", "="] {
            let run = trimmed.prefix { $0 == marker }
            guard (1...6).contains(run.count) else { continue }
            let rest = trimmed.dropFirst(run.count)
            guard rest.isEmpty || rest.first == " " || rest.first == "\t" else { continue }
            let title = trim(strip(trim(rest), marker))
            return (run.count, plain(title))
        }
        if org, trimmed.hasPrefix("*") {
            let run = trimmed.prefix { $0 == "*" }
            if trimmed.dropFirst(run.count).first == " " { return (run.count, plain(String(trimmed.dropFirst(run.count)))) }
        }
        let lower = trimmed.lowercased()
        if lower.hasPrefix("<h"), lower.count > 2, let digit = lower.dropFirst(2).first, let level = digit.wholeNumberValue,
           (1...6).contains(level) {
            return (level, plain(trimmed))
        }
        for marker in ["**", "__"] where trimmed.count > 4 && trimmed.hasPrefix(marker) && trimmed.hasSuffix(marker) {
            let inner = String(trimmed.dropFirst(2).dropLast(2))
            if !inner.contains(marker) { return (6, plain(strip(inner, ":"))) }
        }
        return nil
    }
}

/// A named list of phrases: any one matching as whole words satisfies the family.
struct HygieneKeywords: Sendable {
    var phrases: [[String]]

    init(_ phrases: [String]) {
        self.phrases = phrases.map(HygieneText.words)
    }

    /// The first phrase found in `words`, written back as text.
    func match(_ words: [String]) -> String? {
        phrases.first { HygieneText.contains(words, phrase: $0) }.map { $0.joined(separator: " ") }
    }
}
