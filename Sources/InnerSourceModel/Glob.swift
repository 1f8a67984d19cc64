/// The one glob engine: path globs (pipeline `include:` and `exclude:`) and wildcard globs (bot patterns).
///
/// **Path syntax** (`Glob(pattern)`) matches whole `/`-separated paths, never a part of one:
/// - `*` matches any characters within one path segment (never `/`); `?` matches one character other
///   than `/`. Both match a leading dot too: hidden names are not special.
/// - `**` as a whole segment matches any number of whole segments, including none: `**/x` matches `x`
///   and `a/b/x`; `a/**` matches `a` and everything below it; `a/**/b` matches `a/b` and `a/x/y/b`;
///   `**` alone matches every path. Elsewhere (as in `a**b`) it means the same as `*`.
/// - `[abc]`, `[a-z]` and `[!a]` (or `[^a]`) match one character of a class (never `/`); a `]` right
///   after the opening `[` (or `[!`) is literal, and `\` escapes inside a class too.
/// - `\` makes the next character literal.
///
/// An empty pattern, an unclosed `[`, a reversed range such as `[z-a]` and a trailing `\` are errors
/// (`GlobError`).
///
/// **Wildcard syntax** (`Glob(wildcard:)`) has one special character: `*` matches any run of characters,
/// `/` included; everything else is literal, so that `*[bot]` means the text `[bot]`. It never fails.
///
/// Characters are Unicode scalars, compared exactly: callers that ignore case lower-case both sides.
public struct Glob: Sendable, Hashable {
    public let pattern: String
    private let tokens: [Token]

    /// One piece of a compiled pattern.
    private enum Token: Sendable, Hashable {
        case literal(Unicode.Scalar)
        /// `?`: one scalar other than `/`.
        case anyCharacter
        /// `[...]`: one scalar (other than `/`) in, or with `negated` not in, the ranges.
        case characterClass(ranges: [ClosedRange<UInt32>], negated: Bool)
        /// `*`: any run of scalars other than `/`.
        case anyRun
        /// `**/` at the start of the pattern or after `/`: zero or more segments, each ending in `/`.
        case anySegmentsThenSlash
        /// `/**` at the end of the pattern: nothing more, or `/` followed by anything.
        case nothingOrSlashAndBelow
        /// `**` as the whole pattern, or `*` in wildcard syntax: any run of scalars, `/` included.
        case anything
        /// CODEOWNERS' trailing `/`: a `/` followed by anything (a folder's contents, never a file of that name).
        case slashAndBelow
    }

    /// A path glob; throws `GlobError` when the pattern cannot be compiled.
    public init(_ pattern: String) throws {
        self.pattern = pattern
        self.tokens = try Self.compile(pattern)
    }

    /// A wildcard glob: `*` matches anything, `/` included; every other character is literal.
    public init(wildcard pattern: String) {
        self.pattern = pattern
        var tokens: [Token] = []
        for scalar in pattern.unicodeScalars {
            if scalar == "*" {
                if tokens.last != .anything { tokens.append(.anything) }
            } else {
                tokens.append(.literal(scalar))
            }
        }
        self.tokens = tokens
    }

    /// Whether `path` as a whole matches the pattern.
    public func matches(_ path: String) -> Bool {
        let scalars = Array(path.unicodeScalars)
        let count = scalars.count
        // reachable[i]: the tokens so far can match exactly scalars[0..<i].
        var reachable = [Bool](repeating: false, count: count + 1)
        reachable[0] = true
        var next = [Bool](repeating: false, count: count + 1)
        let slash = Unicode.Scalar(UInt8(ascii: "/"))
        for token in tokens {
            for index in next.indices { next[index] = false }
            var anyReachable = false
            for start in 0...count where reachable[start] {
                switch token {
                case .literal(let scalar):
                    if start < count, scalars[start] == scalar { next[start + 1] = true }
                case .anyCharacter:
                    if start < count, scalars[start] != slash { next[start + 1] = true }
                case .characterClass(let ranges, let negated):
                    if start < count, scalars[start] != slash,
                       ranges.contains(where: { $0.contains(scalars[start].value) }) != negated {
                        next[start + 1] = true
                    }
                case .anyRun:
                    next[start] = true
                    var end = start
                    while end < count, scalars[end] != slash {
                        end += 1
                        next[end] = true
                    }
                case .anySegmentsThenSlash:
                    next[start] = true
                    var end = start
                    while end < count {
                        end += 1
                        if scalars[end - 1] == slash { next[end] = true }
                    }
                case .nothingOrSlashAndBelow:
                    if start == count || scalars[start] == slash { next[count] = true }
                case .anything:
                    for end in start...count { next[end] = true }
                case .slashAndBelow:
                    if start < count, scalars[start] == slash { next[count] = true }
                }
            }
            for index in next.indices where next[index] { anyReachable = true; break }
            if !anyReachable { return false }
            swap(&reachable, &next)
        }
        return reachable[count]
    }

    /// A CODEOWNERS pattern, with GitHub's gitignore-style rules (docs/DEFINITIONS.md, "Components"):
    /// - a pattern with a `/` at its start or in its middle is anchored at the root; one without (or with only a
    ///   trailing `/`) matches at any depth: `docs/` and `*.js` anywhere, `/docs/` and `apps/x` at the root;
    /// - a trailing `/` matches what is below a folder of that name, never a file of that name; a trailing `/*`
    ///   matches the folder's own files only; any other pattern matches the path itself and everything below it;
    /// - `*` is any run within a segment, `?` one character other than `/`, `**` as a whole segment any number
    ///   of segments (`/apps/**/test` matches `apps/test` and `apps/a/b/test`), `**` at the end everything below;
    /// - `\` makes the next character literal (`\ ` a space, `\#` a hash, `\*` a star); `[abc]` is one of the
    ///   characters listed, each literal (GitHub supports no ranges and no negation).
    /// An unclosed `[`, a trailing `\` and a pattern of slashes only are errors (`GlobError`). Matches
    /// exactly what the `codeowners` package on PyPI (a port of hmarr/codeowners) matches.
    public init(codeOwnersPattern pattern: String) throws {
        self.pattern = pattern
        self.tokens = try Self.compileCodeOwners(pattern)
    }

    public static func == (lhs: Glob, rhs: Glob) -> Bool { lhs.pattern == rhs.pattern && lhs.tokens == rhs.tokens }
    public func hash(into hasher: inout Hasher) { hasher.combine(pattern) }

    private static func compile(_ pattern: String) throws -> [Token] {
        let scalars = Array(pattern.unicodeScalars)
        guard !scalars.isEmpty else { throw GlobError(pattern: pattern, reason: "the pattern is empty") }
        let slash = Unicode.Scalar(UInt8(ascii: "/"))
        var tokens: [Token] = []
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            switch scalar {
            case "\\":
                guard index + 1 < scalars.count else {
                    throw GlobError(pattern: pattern, reason: "it ends with an escape '\\' that escapes nothing")
                }
                tokens.append(.literal(scalars[index + 1]))
                index += 2
            case "?":
                tokens.append(.anyCharacter)
                index += 1
            case "[":
                let (token, end) = try compileClass(scalars, openingAt: index, pattern: pattern)
                tokens.append(token)
                index = end
            case "*":
                var end = index
                while end < scalars.count, scalars[end] == "*" { end += 1 }
                let startsSegment = index == 0 || scalars[index - 1] == slash
                let endsSegment = end == scalars.count || scalars[end] == slash
                if end - index == 2, startsSegment, endsSegment {
                    if index == 0, end == scalars.count {
                        tokens.append(.anything)
                        index = end
                    } else if end < scalars.count {
                        // `**/`: the slash belongs to the segments it stands for.
                        tokens.append(.anySegmentsThenSlash)
                        index = end + 1
                    } else if tokens.last == .literal(slash) {
                        // `/**` at the end: the slash before it belongs to the segments below.
                        tokens.removeLast()
                        tokens.append(.nothingOrSlashAndBelow)
                        index = end
                    } else {
                        // `**/**`: the slash went with the first `**`; the second is anything below.
                        tokens.append(.anything)
                        index = end
                    }
                } else {
                    tokens.append(.anyRun)
                    index = end
                }
            default:
                tokens.append(.literal(scalar))
                index += 1
            }
        }
        return tokens
    }

    private static func compileCodeOwners(_ pattern: String) throws -> [Token] {
        let all = Array(pattern.unicodeScalars)
        let slash = Unicode.Scalar(UInt8(ascii: "/"))
        guard !all.isEmpty else { throw GlobError(pattern: pattern, reason: "the pattern is empty") }
        let slashAt = all.firstIndex(of: slash)
        let anchored = slashAt.map { $0 != all.count - 1 } ?? false
        let matchesFolder = all.last == slash
        let matchesOwnFiles = all.count >= 2 && all[all.count - 2] == slash && all[all.count - 1] == "*"
        var start = 0, end = all.count
        while start < end, all[start] == slash { start += 1 }
        while end > start, all[end - 1] == slash { end -= 1 }
        let body = Array(all[start..<end])
        guard !body.isEmpty else { throw GlobError(pattern: pattern, reason: "the pattern names no path, only '/'") }
        var tokens: [Token] = anchored ? [] : [.anySegmentsThenSlash]
        var index = 0
        while index < body.count {
            let scalar = body[index]
            switch scalar {
            case "\\":
                guard index + 1 < body.count else {
                    throw GlobError(pattern: pattern, reason: "it ends with an escape '\\' that escapes nothing")
                }
                tokens.append(.literal(body[index + 1]))
                index += 2
            case "*":
                if index + 1 < body.count, body[index + 1] == "*" {
                    let startsSegment = index == 0 || body[index - 1] == slash
                    let atEnd = index + 2 == body.count
                    let slashAfter = index + 2 < body.count && body[index + 2] == slash
                    if startsSegment && (atEnd || slashAfter) {
                        tokens.append(slashAfter ? .anySegmentsThenSlash : .anything)
                        index += 3
                        continue
                    }
                }
                tokens.append(.anyRun)
                index += 1
            case "?":
                tokens.append(.anyCharacter)
                index += 1
            case "[":
                var members: [ClosedRange<UInt32>] = []
                var cursor = index + 1
                var closed = false
                while cursor < body.count {
                    if body[cursor] == "\\", cursor + 1 < body.count {
                        members.append(body[cursor + 1].value...body[cursor + 1].value)
                        cursor += 2
                    } else if body[cursor] == "]" {
                        closed = true
                        break
                    } else {
                        members.append(body[cursor].value...body[cursor].value)
                        cursor += 1
                    }
                }
                guard closed else {
                    throw GlobError(pattern: pattern, reason: "the class '[' at character \(start + index + 1) is not closed")
                }
                tokens.append(.characterClass(ranges: members, negated: false))
                index = cursor + 1
            default:
                tokens.append(.literal(scalar))
                index += 1
            }
        }
        if matchesFolder {
            tokens.append(.slashAndBelow)
        } else if !matchesOwnFiles {
            tokens.append(.nothingOrSlashAndBelow)
        }
        return tokens
    }

    /// Compiles the class opening at `start` (`[`); returns the token and the index after its `]`.
    private static func compileClass(_ scalars: [Unicode.Scalar], openingAt start: Int,
                                     pattern: String) throws -> (Token, Int) {
        var index = start + 1
        var negated = false
        if index < scalars.count, scalars[index] == "!" || scalars[index] == "^" {
            negated = true
            index += 1
        }
        var ranges: [ClosedRange<UInt32>] = []
        var first = true
        // Reads one member scalar, honouring `\`; nil at the end of the pattern.
        func member() -> Unicode.Scalar? {
            guard index < scalars.count else { return nil }
            if scalars[index] == "\\" {
                guard index + 1 < scalars.count else { return nil }
                index += 2
                return scalars[index - 1]
            }
            index += 1
            return scalars[index - 1]
        }
        while true {
            guard index < scalars.count else {
                throw GlobError(pattern: pattern, reason: "the class '[' at character \(start + 1) is not closed")
            }
            if scalars[index] == "]", !first {
                return (.characterClass(ranges: ranges, negated: negated), index + 1)
            }
            first = false
            guard let low = member() else {
                throw GlobError(pattern: pattern, reason: "the class '[' at character \(start + 1) is not closed")
            }
            if index + 1 < scalars.count, scalars[index] == "-", scalars[index + 1] != "]" {
                index += 1
                guard let high = member() else {
                    throw GlobError(pattern: pattern, reason: "the class '[' at character \(start + 1) is not closed")
                }
                guard low.value <= high.value else {
                    throw GlobError(pattern: pattern, reason: "the range '\(low)-\(high)' is reversed")
                }
                ranges.append(low.value...high.value)
            } else {
                ranges.append(low.value...low.value)
            }
        }
    }
}

/// A glob pattern that cannot be compiled, with the reason.
public struct GlobError: Error, Sendable, Hashable, CustomStringConvertible {
    public var pattern: String
    public var reason: String

    public init(pattern: String, reason: String) {
        self.pattern = pattern
        self.reason = reason
    }

    public var description: String { "invalid glob '\(pattern)': \(reason)" }
}
