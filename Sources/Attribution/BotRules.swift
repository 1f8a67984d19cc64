import InnerSourceModel

/// Which identities are bots: glob patterns (`*` matches any run of characters) matched, ignoring case,
/// against the name and against the e-mail. Bot commits are counted apart and never enter people metrics.
public struct BotRules: Hashable, Sendable, Codable {
    public var patterns: [String]

    public init(patterns: [String]) {
        self.patterns = patterns.map { $0.lowercased() }
    }

    /// Dependency updaters, CI systems and platform apps seen in real histories.
    public static let defaultPatterns: [String] = [
        "*[bot]", "*[bot]@*", "*-bot", "*-bot@*", "*_bot", "*_bot@*", "*-robot", "*-robot@*",
        "dependabot*", "renovate*", "github-actions*", "greenkeeper*", "snyk-bot*", "mergify*", "pre-commit-ci*",
        "codecov*", "imgbot*", "allcontributors*", "semantic-release-bot*", "gitlab-bot*", "travis-ci*",
        "circleci*", "azure-pipelines*", "copybara-service*", "bors", "bors@*", "weblate-bot*",
        "*@dependabot.com", "*@renovateapp.com", "*@greenkeeper.io", "*@snyk.io",
    ]

    public static let standard = BotRules(patterns: defaultPatterns)

    /// GitHub's web-flow committer: it lands commits made through the platform; it is not a bot author.
    public static func isWebFlow(_ identity: Identity) -> Bool {
        identity.email.lowercased() == "noreply@github.com"
    }

    public func isBot(_ identity: Identity) -> Bool {
        let name = identity.name.lowercased(), email = identity.email.lowercased()
        return patterns.contains { Glob.matches($0, name) || Glob.matches($0, email) }
    }
}

/// `*`-only glob matching: no character classes, so that `[bot]` means the literal text.
enum Glob {
    static func matches(_ pattern: String, _ text: String) -> Bool {
        let parts = pattern.split(separator: "*", omittingEmptySubsequences: false).map(Substring.init)
        guard parts.count > 1 else { return pattern == text }
        var rest = Substring(text)
        guard let first = parts.first, rest.hasPrefix(first) else { return false }
        rest = rest.dropFirst(first.count)
        for (index, part) in parts.enumerated().dropFirst() {
            if index == parts.count - 1 {
                return part.isEmpty || (rest.count >= part.count && rest.hasSuffix(part))
            }
            guard !part.isEmpty else { continue }
            guard let range = rest.range(of: part) else { return false }
            rest = rest[range.upperBound...]
        }
        return true
    }
}
