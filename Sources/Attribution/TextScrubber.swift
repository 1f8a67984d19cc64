import CodeOwners
import InnerSourceModel

/// The e-mails and personal handles a run has seen: every identity of the histories read (authors,
/// committers, co-authors, before and after aliases), the roster's and the aliases file's e-mails and
/// personal handles, and the owners CODEOWNERS files name. Pseudonymisation replaces each of them wherever
/// free text holds it, besides what the pattern of an address or a handle finds.
public struct KnownIdentities: Sendable, Hashable {
    /// Lower-cased e-mails, each with an `@` and text on both sides of it.
    public private(set) var emails: Set<String> = []
    /// Lower-cased personal handles with their `@` (`@alice`; never a team handle such as `@org/team`).
    public private(set) var handles: Set<String> = []

    public init() {}

    public var isEmpty: Bool { emails.isEmpty && handles.isEmpty }

    /// Keeps an e-mail (anything else, and a pseudonym, is left out).
    public mutating func insert(email: String) {
        guard let at = email.lastIndex(of: "@"), at != email.startIndex, email.index(after: at) != email.endIndex,
              !email.hasSuffix(Pseudonymizer.pseudonymDomain) else { return }
        emails.insert(email.lowercased())
    }

    /// Keeps a CODEOWNERS owner or a roster's `codeowners:` handle: an e-mail, or a personal handle.
    public mutating func insert(owner: String) {
        if owner.hasPrefix("@") {
            guard owner.count > 1, !owner.contains("/") else { return }
            handles.insert(owner.lowercased())
        } else {
            insert(email: owner)
        }
    }

    /// Keeps every owner a CODEOWNERS file names.
    public mutating func insert(codeOwners file: CodeOwnersFile) {
        for rule in file.rules {
            for owner in rule.owners { insert(owner: owner) }
        }
    }

    public mutating func formUnion(_ other: KnownIdentities) {
        emails.formUnion(other.emails)
        handles.formUnion(other.handles)
    }

    /// What a roster and an aliases file name: members' e-mails, personal `codeowners:` handles, people's
    /// e-mails and their e-mail aliases.
    public init(roster: Roster?, aliases: Aliases) {
        if let roster {
            for membership in roster.memberships where !membership.email.isEmpty { insert(email: membership.email) }
            for handle in roster.codeowners.keys { insert(owner: handle) }
            for membership in roster.memberships {
                for login in membership.logins.values { insert(owner: "@" + login) }
            }
        }
        for entry in aliases.entries {
            insert(email: entry.canonical.email)
            for email in entry.emails { insert(email: email) }
        }
    }
}

/// Replaces e-mail addresses and personal handles in free text with their pseudonyms, in one pass over the
/// text that stops at each `@`:
/// - an address: the known e-mails (any case, the longest first) and the pattern of an address (a local
///   part of letters, marks, digits and `._%+-`, in any script; a domain of labels of letters, marks, digits
///   and `-` joined by dots, with a letter somewhere, a dotless host such as `localhost` included), together
///   covering whatever either finds; it becomes `<12 hex>@pseudonym.invalid`;
/// - else a personal handle: the known handles (any case, the longest first) and the pattern `@name` (ASCII
///   letters, digits and `-`, not followed by `.` or `/`, so that `@org/team` stays); it becomes `@person-<12 hex>`.
/// Pseudonyms already in the text are left as they are. The cost is one scan of the bytes plus a few
/// look-ups around each `@`, whatever the number of identities known.
public struct TextScrubber: Sendable {
    private let pseudonymizer: Pseudonymizer
    /// Known e-mails folded (`fold`), and for each folded domain the lengths of its local parts, longest first.
    private let emails: Set<String>
    private let localLengths: [String: [Int]]
    /// Lengths (in scalars) of the known domains, longest first.
    private let domainLengths: [Int]
    /// Known handles folded, without their `@`, and their lengths, longest first.
    private let handles: Set<String>
    private let handleLengths: [Int]

    public init(pseudonymizer: Pseudonymizer, known: KnownIdentities = KnownIdentities()) {
        self.pseudonymizer = pseudonymizer
        var emails: Set<String> = [], localLengths: [String: Set<Int>] = [:], domainLengths: Set<Int> = []
        for email in known.emails {
            let scalars = email.unicodeScalars.map(Self.fold)
            guard let at = scalars.lastIndex(of: "@") else { continue }
            let domain = String(String.UnicodeScalarView(scalars[(at + 1)...]))
            emails.insert(String(String.UnicodeScalarView(scalars)))
            localLengths[domain, default: []].insert(at)
            domainLengths.insert(scalars.count - at - 1)
        }
        self.emails = emails
        self.localLengths = localLengths.mapValues { $0.sorted(by: >) }
        self.domainLengths = domainLengths.sorted(by: >)
        let handles = Set(known.handles.map { String(String.UnicodeScalarView($0.unicodeScalars.dropFirst().map(Self.fold))) })
        self.handles = handles
        handleLengths = Set(handles.map(\.unicodeScalars.count)).sorted(by: >)
    }

    /// `text` with every address and personal handle replaced by its pseudonym.
    public func scrub(_ text: String) -> String {
        var text = text
        let scrubbed: String? = text.withUTF8 { bytes in
            guard bytes.contains(Self.at) else { return nil }
            var scan = Scan(scrubber: self, bytes: bytes)
            return scan.run()
        }
        return scrubbed ?? text
    }

    // MARK: - Characters

    private static let at = UInt8(ascii: "@")
    /// The domain of pseudonymous addresses, after the `@`.
    private static let pseudonymDomain = Array(Pseudonymizer.pseudonymDomain.utf8.dropFirst())

    /// The case-folding of the comparisons: the lower-case form when it is one scalar (so that a text and
    /// its folded form have the same number of scalars).
    static func fold(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        if scalar.isASCII {
            return (0x41...0x5A).contains(scalar.value) ? Unicode.Scalar(scalar.value + 0x20)! : scalar
        }
        let lower = scalar.properties.lowercaseMapping.unicodeScalars
        return lower.count == 1 ? lower.first! : scalar
    }

    static func isLetterOrDigit(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            let value = scalar.value
            return (0x30...0x39).contains(value) || (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value)
        }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .letterNumber, .otherNumber:
            return true
        default:
            return false
        }
    }

    /// A character of an address's local part, as the pattern reads it.
    static func isLocalPart(_ scalar: Unicode.Scalar) -> Bool {
        isLetterOrDigit(scalar) || "._%+-".unicodeScalars.contains(scalar)
    }

    /// A character of a label of a domain, as the pattern reads it.
    static func isLabel(_ scalar: Unicode.Scalar) -> Bool {
        isLetterOrDigit(scalar) || scalar == "-"
    }

    /// Bytes after which an `@` starts no handle: the ASCII characters of an address's local part.
    static let handleMayNotFollow = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._%+-".utf8)

    /// A character of a handle, as the pattern reads it.
    static func isHandle(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII && (isLetterOrDigit(scalar) || scalar == "-")
    }

    /// One pass over the UTF-8 bytes of a text.
    private struct Scan {
        let scrubber: TextScrubber
        let bytes: UnsafeBufferPointer<UInt8>
        var output: [UInt8] = []
        /// Bytes before this are copied to `output` or replaced.
        var copied = 0
        /// Bytes before this belong to a match already made: a local part never reaches back into them.
        var consumed = 0

        init(scrubber: TextScrubber, bytes: UnsafeBufferPointer<UInt8>) {
            self.scrubber = scrubber
            self.bytes = bytes
            output.reserveCapacity(bytes.count + bytes.count / 8)
        }

        mutating func run() -> String {
            let pseudonymizer = scrubber.pseudonymizer
            var index = 0
            while let at = nextAt(from: index) {
                index = at + 1
                if let end = pseudonymDomainEnd(at: at) {
                    // `<12 hex>@pseudonym.invalid`, most of the `@`s of a pseudonymised document: left as it is.
                    consumed = end
                    index = end
                } else if let (start, end) = address(at: at) {
                    replace(start, end) { pseudonymizer.pseudonym(of: $0.lowercased()).email }
                    index = end
                } else if let end = handle(at: at) {
                    replace(at, end) { "@" + pseudonymizer.pseudonym(of: $0.lowercased()).name }
                    index = end
                }
            }
            output.append(contentsOf: bytes[copied...])
            return String(decoding: output, as: UTF8.self)
        }

        /// The end of `pseudonym.invalid` when it follows the `@` at `at` as a whole label (`.invalid.x` is
        /// still a pseudonym followed by text: no address of a person ends so).
        func pseudonymDomainEnd(at: Int) -> Int? {
            let domain = TextScrubber.pseudonymDomain
            let end = at + 1 + domain.count
            guard end <= bytes.count, bytes[(at + 1)..<end].elementsEqual(domain) else { return nil }
            if let (next, _) = scalar(at: end), TextScrubber.isLabel(next) { return nil }
            return end
        }

        func nextAt(from index: Int) -> Int? {
            var index = index
            while index < bytes.count {
                if bytes[index] == TextScrubber.at { return index }
                index += 1
            }
            return nil
        }

        /// Replaces `bytes[start..<end]` by what `transform` makes of its text; a pseudonym is left as it is.
        mutating func replace(_ start: Int, _ end: Int, _ transform: (String) -> String) {
            consumed = end
            let found = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
            if found.hasSuffix(Pseudonymizer.pseudonymDomain) || found.hasPrefix("@" + Pseudonymizer.pseudonymNamePrefix) { return }
            output.append(contentsOf: bytes[copied..<start])
            output.append(contentsOf: transform(found).utf8)
            copied = end
        }

        // MARK: Scalars around an index

        /// The scalar that starts at `index`, and the index after it.
        func scalar(at index: Int) -> (Unicode.Scalar, next: Int)? {
            guard index < bytes.count else { return nil }
            var iterator = UnsafeBufferPointer(rebasing: bytes[index...]).makeIterator()
            var decoder = UTF8()
            guard case .scalarValue(let scalar) = decoder.decode(&iterator) else { return nil }
            return (scalar, index + UTF8.width(scalar))
        }

        /// The scalar that ends just before `index` (not reaching before `consumed`), and where it starts.
        func scalar(before index: Int) -> (Unicode.Scalar, start: Int)? {
            var start = index - 1
            while start > consumed, start > index - 4, bytes[start] & 0xC0 == 0x80 { start -= 1 }
            guard start >= consumed, start >= 0, let (scalar, next) = scalar(at: start), next == index else { return nil }
            return (scalar, start)
        }

        /// Up to `limit` scalars, folded, walking from `index` with `step` (`scalar(at:)` forwards,
        /// `scalar(before:)` backwards), each with the index the walk goes on from.
        func foldedScalars(from index: Int, limit: Int, step: (Int) -> (Unicode.Scalar, Int)?) -> [(Unicode.Scalar, Int)] {
            var result: [(Unicode.Scalar, Int)] = []
            var index = index
            while result.count < limit, let (scalar, next) = step(index) {
                result.append((TextScrubber.fold(scalar), next))
                index = next
            }
            return result
        }

        // MARK: Addresses and handles

        /// The address around the `@` at `at`: the known e-mail or the pattern's, whichever starts earlier
        /// (or, from the same start, ends later); nil when there is none.
        func address(at: Int) -> (start: Int, end: Int)? {
            let pattern = patternAddress(at: at), known = knownAddress(at: at)
            switch (pattern, known) {
            case let (pattern?, known?): return (min(pattern.start, known.start), max(pattern.end, known.end))
            default: return pattern ?? known
            }
        }

        func patternAddress(at: Int) -> (start: Int, end: Int)? {
            var start = at
            while let (scalar, previous) = scalar(before: start), TextScrubber.isLocalPart(scalar) { start = previous }
            guard start < at else { return nil }
            // Labels joined by single dots; a dot that ends the address (a sentence's full stop) is not part of it.
            var end = at + 1, cursor = at + 1, hasLetter = false
            while true {
                var labelEnd = cursor
                while let (scalar, next) = scalar(at: labelEnd), TextScrubber.isLabel(scalar) {
                    hasLetter = hasLetter || scalar.properties.isAlphabetic
                    labelEnd = next
                }
                guard labelEnd > cursor else { break }
                end = labelEnd
                guard labelEnd < bytes.count, bytes[labelEnd] == UInt8(ascii: ".") else { break }
                cursor = labelEnd + 1
            }
            return end > at + 1 && hasLetter ? (start, end) : nil
        }

        /// The longest known e-mail whose `@` is at `at` (where the text goes on with a longer address, the
        /// pattern's match takes it all in).
        func knownAddress(at: Int) -> (start: Int, end: Int)? {
            guard let longest = scrubber.domainLengths.first else { return nil }
            let after = foldedScalars(from: at + 1, limit: longest) { scalar(at: $0) }
            for length in scrubber.domainLengths where length <= after.count {
                let end = after[length - 1].1
                let domain = String(String.UnicodeScalarView(after.prefix(length).map(\.0)))
                guard let lengths = scrubber.localLengths[domain] else { continue }
                let before = foldedScalars(from: at, limit: lengths[0]) { scalar(before: $0) }
                for length in lengths where length <= before.count {
                    let local = String(String.UnicodeScalarView(before.prefix(length).reversed().map(\.0)))
                    if scrubber.emails.contains(local + "@" + domain) { return (before[length - 1].1, end) }
                }
            }
            return nil
        }

        /// Whether the text at `index` goes on with a handle (`@alice_b`, `@alice.b`) or a team (`@org/team`).
        func continuesHandle(at index: Int) -> Bool {
            guard let (scalar, next) = scalar(at: index) else { return false }
            if TextScrubber.isLabel(scalar) || scalar == "_" || scalar == "/" { return true }
            guard scalar == ".", let (following, _) = self.scalar(at: next) else { return false }
            return TextScrubber.isLetterOrDigit(following)
        }

        /// The end of the personal handle starting with the `@` at `at`, when one does: a known handle or the
        /// pattern's, whichever is longer. Never right after a character of an address's local part.
        func handle(at: Int) -> Int? {
            if at > 0, TextScrubber.handleMayNotFollow.contains(bytes[at - 1]) { return nil }
            var patternEnd: Int?
            if let (first, _) = scalar(at: at + 1), first.isASCII, TextScrubber.isLetterOrDigit(first) {
                var end = at + 1
                while let (scalar, next) = scalar(at: end), TextScrubber.isHandle(scalar) { end = next }
                if end >= bytes.count || (bytes[end] != UInt8(ascii: ".") && bytes[end] != UInt8(ascii: "/")) { patternEnd = end }
            }
            var knownEnd: Int?
            if let longest = scrubber.handleLengths.first {
                let after = foldedScalars(from: at + 1, limit: longest) { scalar(at: $0) }
                for length in scrubber.handleLengths where length <= after.count {
                    let end = after[length - 1].1
                    guard !continuesHandle(at: end) else { continue }
                    if scrubber.handles.contains(String(String.UnicodeScalarView(after.prefix(length).map(\.0)))) {
                        knownEnd = end
                        break
                    }
                }
            }
            switch (patternEnd, knownEnd) {
            case let (pattern?, known?): return max(pattern, known)
            default: return patternEnd ?? knownEnd
            }
        }
    }
}

/// Stored as two sorted lists (a batch's cache keeps a repository's identities with its analysis).
extension KnownIdentities: Codable {
    private enum CodingKeys: String, CodingKey { case emails, handles }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        emails = Set(try container.decode([String].self, forKey: .emails))
        handles = Set(try container.decode([String].self, forKey: .handles))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(emails.sorted(), forKey: .emails)
        try container.encode(handles.sorted(), forKey: .handles)
    }
}
