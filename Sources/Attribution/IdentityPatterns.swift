import Foundation
import InnerSourceModel

/// A list of wildcard patterns (`*` any run, `?` one character) matched, ignoring case, against an
/// identity's name and e-mail: the one matcher behind the bot and agent rules. Answers are kept by the
/// lower-cased text's exact bytes (as the patterns match them: two spellings Swift calls equal, such as a
/// precomposed and a combining accent, can match differently) and shared by every copy of the same
/// patterns, so that a batch's repositories, which meet the same people again, match each name and e-mail
/// once.
public struct IdentityPatterns: Hashable, Sendable {
    /// The patterns, lower-cased, in the order given.
    public let patterns: [String]
    private let globs: [Glob]
    private let answers = Answers()

    public init(_ patterns: [String]) {
        self.patterns = patterns.map { $0.lowercased() }
        self.globs = self.patterns.map { Glob(wildcard: $0) }
    }

    /// Whether a pattern matches the (lower-cased) name.
    public func matchesName(of identity: Identity) -> Bool {
        matches(identity.name.lowercased())
    }

    /// Whether a pattern matches the (lower-cased) e-mail; false for an identity without one.
    public func matchesEmail(of identity: Identity) -> Bool {
        let email = identity.email.lowercased()
        return !email.isEmpty && matches(email)
    }

    /// Texts answered so far (what the memo holds).
    var answered: Int { answers.count }

    private func matches(_ text: String) -> Bool {
        if let known = answers.lookup(text) { return known }
        let answer = globs.contains { $0.matches(text) }
        answers.store(text, answer)
        return answer
    }

    // The answers follow from the patterns: equal patterns are equal matchers.
    public static func == (a: IdentityPatterns, b: IdentityPatterns) -> Bool { a.patterns == b.patterns }

    public func hash(into hasher: inout Hasher) { hasher.combine(patterns) }

    /// Answers by the lower-cased text's UTF-8 bytes, behind a lock (analyses of a batch run side by side);
    /// it stops growing at `capacity` texts (about 100 bytes each).
    private final class Answers: @unchecked Sendable {
        static let capacity = 200_000
        private let lock = NSLock()
        private var known: [[UInt8]: Bool] = [:]

        var count: Int {
            lock.lock()
            defer { lock.unlock() }
            return known.count
        }

        func lookup(_ text: String) -> Bool? {
            let key = Array(text.utf8)
            lock.lock()
            defer { lock.unlock() }
            return known[key]
        }

        func store(_ text: String, _ answer: Bool) {
            let key = Array(text.utf8)
            lock.lock()
            if known.count < Self.capacity { known[key] = answer }
            lock.unlock()
        }
    }
}
