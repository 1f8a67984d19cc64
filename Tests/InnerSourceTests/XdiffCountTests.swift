@testable import Git
import Testing

/// The readers count lines with xdiff itself (`Cxdiff`, libgit2 v1.5.1's copy with a faster line hash);
/// these tests hold its counts to libgit2's own (`git_diff_buffers`, zero context lines), the counts the
/// readers gave before, on generated changes made to reach every path of the hash and of the diff.
@Suite("Line counts: xdiff against libgit2")
struct XdiffCountTests {
    private static func counts(_ old: [UInt8], _ new: [UInt8]) -> (xdiff: (added: Int, deleted: Int)?, libgit2: (added: Int, deleted: Int)?) {
        old.withUnsafeBytes { oldBytes in
            new.withUnsafeBytes { newBytes in
                (LineCounts.xdiff(old: oldBytes, new: newBytes), LineCounts.libgit2(old: oldBytes, new: newBytes))
            }
        }
    }

    /// A file of `count` lines drawn from `vocabulary` (repeated lines give xdiff's many-match classes).
    private static func file(_ count: Int, _ vocabulary: [[UInt8]], _ generator: inout SplitMix) -> [[UInt8]] {
        (0..<count).map { _ in vocabulary.randomElement(using: &generator)! }
    }

    /// `lines` edited: blocks deleted, inserted, replaced and moved.
    private static func edited(_ lines: [[UInt8]], _ vocabulary: [[UInt8]], _ generator: inout SplitMix) -> [[UInt8]] {
        var result = lines
        for _ in 0..<Int.random(in: 0...8, using: &generator) {
            let at = result.isEmpty ? 0 : Int.random(in: 0..<result.count, using: &generator)
            let length = min(Int.random(in: 1...12, using: &generator), result.count - at)
            switch Int.random(in: 0..<4, using: &generator) {
            case 0: result.removeSubrange(at..<(at + length))
            case 1: result.insert(contentsOf: file(Int.random(in: 1...12, using: &generator), vocabulary, &generator), at: at)
            case 2: result.replaceSubrange(at..<(at + length), with: file(length, vocabulary, &generator))
            default:
                let block = Array(result[at..<(at + length)])
                result.removeSubrange(at..<(at + length))
                result.insert(contentsOf: block, at: Int.random(in: 0...result.count, using: &generator))
            }
        }
        return result
    }

    private static func joined(_ lines: [[UInt8]], newlineAtEnd: Bool) -> [UInt8] {
        var bytes: [UInt8] = []
        for (index, line) in lines.enumerated() {
            bytes += line
            if index < lines.count - 1 || newlineAtEnd { bytes.append(UInt8(ascii: "\n")) }
        }
        return bytes
    }

    @Test("the same counts on 3,000 generated changes: every line length around the 8-byte words, repeated lines, CRLF, bytes beyond ASCII, NUL, no final newline")
    func generated() {
        var generator = SplitMix(seed: 2026)
        // Lines of every length from 0 to 40 (the newline at every place of a word and in the tail), some
        // differing only in their last byte or in a byte beyond the first word.
        var vocabulary: [[UInt8]] = (0...40).map { length in (0..<length).map { UInt8(ascii: "a") + UInt8($0 % 26) } }
        vocabulary += (0...40).map { length in (0..<length).map { _ in UInt8.random(in: 32...126, using: &generator) } }
        vocabulary += [Array("{\r".utf8), Array("}\r".utf8), Array("\t\treturn x;".utf8), Array("\t\treturn y;".utf8),
                       Array("caf\u{e9} \u{2013} na\u{ef}ve".utf8), [0, 1, 2, 0], [0xff, 0xfe, 0x80], Array("        ".utf8),
                       Array("abcdefgh".utf8), Array("abcdefgi".utf8), Array("abcdefghabcdefgh".utf8), Array("abcdefghabcdefgX".utf8)]
        var differing = 0, changed = 0
        for round in 0..<3_000 {
            // Small vocabularies make most lines repeat; large files reach xdiff's cost limits.
            let words = Array(vocabulary.shuffled(using: &generator).prefix(round % 3 == 0 ? 4 : 60))
            let size = round % 50 == 0 ? Int.random(in: 2_000...6_000, using: &generator) : Int.random(in: 0...80, using: &generator)
            let before = Self.file(size, words, &generator)
            let after = Self.edited(before, words, &generator)
            let old = Self.joined(before, newlineAtEnd: Bool.random(using: &generator))
            let new = Self.joined(after, newlineAtEnd: Bool.random(using: &generator))
            let (xdiff, libgit2) = Self.counts(old, new)
            guard let xdiff, let libgit2 else {
                Issue.record("a diff failed in round \(round)")
                continue
            }
            if xdiff != libgit2 { differing += 1 }
            if xdiff.added + xdiff.deleted > 0 { changed += 1 }
        }
        #expect(differing == 0)
        #expect(changed > 2_500, "the generated changes change lines")
    }

    @Test("edge cases", arguments: [
        ("", ""), ("", "a\n"), ("a\n", ""), ("a", "a\n"), ("a\n", "a"), ("\n\n\n", "\n\n"), ("x\r\ny\r\n", "x\ny\n"),
        ("12345678\n", "12345679\n"), ("1234567\n8\n", "12345678\n"), ("a\nb\nc\n", "c\nb\na\n"), ("same\n", "same\n"),
    ])
    func edges(old: String, new: String) {
        let (xdiff, libgit2) = Self.counts(Array(old.utf8), Array(new.utf8))
        #expect(xdiff != nil)
        #expect(xdiff?.added == libgit2?.added && xdiff?.deleted == libgit2?.deleted)
    }

    @Test("counts known by hand")
    func known() {
        #expect(Self.counts(Array("a\nb\nc\n".utf8), Array("a\nB\nc\nd\n".utf8)).xdiff! == (added: 2, deleted: 1))
        #expect(Self.counts(Array("".utf8), Array("one\ntwo".utf8)).xdiff! == (added: 2, deleted: 0))
        #expect(Self.counts(Array("x\n".utf8), Array("x".utf8)).xdiff! == (added: 1, deleted: 1), "the final newline removed")
    }
}
