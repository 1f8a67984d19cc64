/// The convention a change request's number comes from: the host whose merge button, squash message or
/// review system wrote it.
public enum ChangeRequestHost: String, Hashable, Sendable, Codable, CaseIterable, Comparable {
    case github, gitlab, bitbucket, azure, gerrit

    public static func < (lhs: ChangeRequestHost, rhs: ChangeRequestHost) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A change request's number on its host: GitHub's `#N`, GitLab's `!N`, Gerrit's change number...
public struct ChangeRequestNumber: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    public var host: ChangeRequestHost
    public var number: Int

    public init(_ host: ChangeRequestHost, _ number: Int) {
        self.host = host
        self.number = number
    }

    public static func < (lhs: ChangeRequestNumber, rhs: ChangeRequestNumber) -> Bool {
        (lhs.host, lhs.number) < (rhs.host, rhs.number)
    }

    /// `github #12`, `gitlab !12`, `gerrit 12`.
    public var description: String {
        switch host {
        case .gitlab: return "gitlab !\(number)"
        case .gerrit: return "gerrit \(number)"
        default: return "\(host.rawValue) #\(number)"
        }
    }
}

/// A pull or merge request head that a mirror keeps: GitHub's `refs/pull/N/head`, GitLab's
/// `refs/merge-requests/N/head`, or the newest patch set of a Gerrit change, `refs/changes/XX/N/P`.
public struct ProposalHead: Hashable, Sendable, Codable {
    /// The full ref name.
    public var ref: String
    public var number: ChangeRequestNumber
    /// The commit the ref points at.
    public var tip: ObjectID

    public init(ref: String, number: ChangeRequestNumber, tip: ObjectID) {
        self.ref = ref
        self.number = number
        self.tip = tip
    }

    /// The number and patch set a ref names, or nil for any other ref (`refs/pull/N/merge`, a Gerrit
    /// change's `meta`): `refs/pull/N/head`, `refs/merge-requests/N/head`, `refs/changes/XX/N/P`.
    public static func parse(ref: String) -> (number: ChangeRequestNumber, patchSet: Int)? {
        let parts = ref.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count >= 4, parts[0] == "refs" else { return nil }
        switch parts[1] {
        case "pull" where parts.count == 4 && parts[3] == "head":
            return ChangeRequestConventions.positive(parts[2]).map { (ChangeRequestNumber(.github, $0), 0) }
        case "merge-requests" where parts.count == 4 && parts[3] == "head":
            return ChangeRequestConventions.positive(parts[2]).map { (ChangeRequestNumber(.gitlab, $0), 0) }
        case "changes" where parts.count == 5:
            // refs/changes/34/1234/5: the last two digits of the change, the change, the patch set.
            guard let change = ChangeRequestConventions.positive(parts[3]), let patchSet = ChangeRequestConventions.positive(parts[4]),
                  parts[2] == Substring(change % 100 < 10 ? "0\(change % 100)" : "\(change % 100)") else { return nil }
            return (ChangeRequestNumber(.gerrit, change), patchSet)
        default:
            return nil
        }
    }
}

/// How hosts write a change request into the commits that land it, read from a commit's subject, its
/// GitLab `See merge request` line and its trailers. One place for every convention.
public enum ChangeRequestConventions {
    /// The number a merge commit's message gives: GitHub `Merge pull request #N from OWNER/BRANCH`, GitLab
    /// `See merge request GROUP/PROJECT!N`, Bitbucket `Merged in BRANCH (pull request #N)`, Azure DevOps
    /// `Merged PR N: ...`. nil for any other merge.
    public static func mergeNumber(subject: String, mergeRequest: String?) -> ChangeRequestNumber? {
        if let rest = subject.dropPrefix("Merge pull request #"), let number = leadingNumber(rest),
           rest.dropFirst(String(number).count).hasPrefix(" from ") {
            return ChangeRequestNumber(.github, number)
        }
        if let number = mergeRequest.flatMap(gitLabNumber) { return ChangeRequestNumber(.gitlab, number) }
        if subject.hasPrefix("Merged in "), let open = subject.lastRange(of: " (pull request #"),
           let number = leadingNumber(subject[open.upperBound...]),
           subject[open.upperBound...].dropFirst(String(number).count) == ")" {
            return ChangeRequestNumber(.bitbucket, number)
        }
        if let rest = subject.dropPrefix("Merged PR "), let number = leadingNumber(rest),
           rest.dropFirst(String(number).count).hasPrefix(":") {
            return ChangeRequestNumber(.azure, number)
        }
        return nil
    }

    /// The number a squashed (or rebased) commit carries: a subject ending in `(#N)`, GitHub's default for
    /// squash and rebase merges, or GitLab's `See merge request GROUP/PROJECT!N`.
    public static func squashNumber(subject: String, mergeRequest: String?) -> ChangeRequestNumber? {
        if let number = githubSquashNumber(subject) { return ChangeRequestNumber(.github, number) }
        if let number = mergeRequest.flatMap(gitLabNumber) { return ChangeRequestNumber(.gitlab, number) }
        return nil
    }

    /// N of a subject ending in `(#N)` (trailing spaces aside), as a reading by characters finds it, read
    /// from its UTF-8 bytes (every commit of every history asks). The bytes it looks for are ASCII and never
    /// part of another character's encoding; a mark that joins one of them into a larger character follows it
    /// (a byte that is neither a digit, `)` nor a space), except a prefix (Unicode's Prepend, such as U+0600)
    /// before `(`: with any other byte than ASCII there, the characters decide.
    static func githubSquashNumber(_ subject: String) -> Int? {
        let bytes = subject.utf8
        var end = bytes.endIndex
        while end > bytes.startIndex, bytes[bytes.index(before: end)] == UInt8(ascii: " ") { end = bytes.index(before: end) }
        guard end > bytes.startIndex, bytes[bytes.index(before: end)] == UInt8(ascii: ")") else { return nil }
        let close = bytes.index(before: end)
        // The digits before `)` back to the last `(#`: anything else there and it is no number.
        var start = close, digits = 0
        while start > bytes.startIndex {
            let previous = bytes.index(before: start)
            let byte = bytes[previous]
            guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { break }
            start = previous
            digits += 1
        }
        guard digits > 0, digits <= 18, start > bytes.startIndex else { return nil }
        let hash = bytes.index(before: start)
        guard bytes[hash] == UInt8(ascii: "#"), hash > bytes.startIndex else { return nil }
        let open = bytes.index(before: hash)
        guard bytes[open] == UInt8(ascii: "(") else { return nil }
        if open > bytes.startIndex, bytes[bytes.index(before: open)] >= 0x80 { return squashNumberByCharacters(subject) }
        var value = 0
        for byte in bytes[start..<close] { value = value * 10 + Int(byte - UInt8(ascii: "0")) }
        return value > 0 ? value : nil
    }

    /// The same rule read by characters: the last `(#` and a whole number from there to the final `)`.
    static func squashNumberByCharacters(_ subject: String) -> Int? {
        var trimmed = Substring(subject)
        while trimmed.last == " " { trimmed.removeLast() }
        guard trimmed.hasSuffix(")"), let open = trimmed.lastRange(of: "(#") else { return nil }
        return positive(trimmed[open.upperBound..<trimmed.index(before: trimmed.endIndex)])
    }

    /// The text after `See merge request ` on a line of its own in a message (GitLab's merge and squash
    /// commits), such as `group/project!12`; nil when there is none. The last such line counts.
    public static func mergeRequestLine(in message: String) -> String? {
        guard message.utf8.count >= 18, containsSeeMergeRequest(message) else { return nil }
        var found: String?
        for line in message.split(separator: "\n", omittingEmptySubsequences: true) {
            let text = line.trimmingWhitespace()
            guard let rest = text.dropPrefix("See merge request "), gitLabNumber(String(rest)) != nil else { continue }
            found = String(rest)
        }
        return found
    }

    /// A Gerrit change's number from its `Reviewed-on` URL (`https://review.example.org/c/project/+/1234`,
    /// `https://review.example.org/1234`): the last path component, when it is a number.
    public static func gerritNumber(reviewedOn url: String) -> Int? {
        var path = Substring(url.trimmingWhitespace())
        while path.last == "/" { path.removeLast() }
        guard let last = path.split(separator: "/").last else { return nil }
        return positive(last)
    }

    /// Whether the bytes `See merge request ` occur in `message`: a byte search, for every commit read.
    static func containsSeeMergeRequest(_ message: String) -> Bool {
        let needle = Array("See merge request ".utf8)
        var message = message
        return message.withUTF8 { bytes in
            guard bytes.count >= needle.count else { return false }
            var index = 0
            let last = bytes.count - needle.count
            while index <= last {
                if bytes[index] == needle[0] {
                    var matched = 1
                    while matched < needle.count && bytes[index + matched] == needle[matched] { matched += 1 }
                    if matched == needle.count { return true }
                }
                index += 1
            }
            return false
        }
    }

    /// `group/project!12` → 12.
    static func gitLabNumber(_ reference: String) -> Int? {
        guard let bang = reference.lastIndex(of: "!") else { return nil }
        return positive(reference[reference.index(after: bang)...])
    }

    /// A whole positive decimal number of at most 18 digits, nothing else.
    static func positive<S: StringProtocol>(_ text: S) -> Int? {
        guard !text.isEmpty, text.count <= 18, text.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(text),
              value > 0 else { return nil }
        return value
    }

    /// The digits at the start of `text`, as a positive number.
    static func leadingNumber<S: StringProtocol>(_ text: S) -> Int? {
        positive(text.prefix { $0.isASCII && $0.isNumber })
    }
}

extension StringProtocol {
    /// The rest after `prefix`, or nil when the text does not start with it.
    func dropPrefix(_ prefix: String) -> SubSequence? {
        hasPrefix(prefix) ? dropFirst(prefix.count) : nil
    }

    /// The range of the last occurrence of `needle`.
    func lastRange(of needle: String) -> Range<Index>? {
        var found: Range<Index>?
        var rest = self[...]
        while let range = rest.firstRange(of: needle) {
            found = range
            rest = rest[index(after: range.lowerBound)...]
        }
        return found
    }
}
