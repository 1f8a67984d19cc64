import InnerSourceModel

/// Which identities are bots: wildcard globs (`*` matches any run of characters, everything else is literal)
/// matched, ignoring case, against the name and against the e-mail. Bot commits are counted apart and never
/// enter people metrics.
public struct BotRules: Hashable, Sendable {
    private let matcher: IdentityPatterns
    /// The patterns in force, lower-cased.
    public var patterns: [String] { matcher.patterns }

    public init(patterns: [String]) {
        matcher = IdentityPatterns(patterns)
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

    /// The rules a command asks for: the built-in list unless `defaults` is false, then `extra`.
    public init(extra: [String], defaults: Bool) {
        self.init(patterns: (defaults ? BotRules.defaultPatterns : []) + extra)
    }

    /// The default platform committers (GitHub's web-flow, GitLab's web commits): they land commits made
    /// through the platform; they are not bot authors. The configured ones are `PlatformIdentities`'.
    public static func isWebFlow(_ identity: Identity) -> Bool {
        PlatformIdentities.standard.isPlatformCommitter(identity)
    }

    public func isBot(_ identity: Identity) -> Bool {
        matcher.matchesName(of: identity) || matcher.matchesEmail(of: identity)
    }
}
