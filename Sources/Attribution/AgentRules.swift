import InnerSourceModel

/// Which identities are AI agents (coding assistants named in trailers, agents that open pull requests):
/// wildcard globs matched, ignoring case, against the name and against the e-mail, as `BotRules` matches bots.
///
/// An agent is the third kind of identity beside people and bots: never a person, a contributor or a team.
/// A commit an agent co-authored counts for its human author and is marked agent-assisted; a commit an agent
/// authored with a human co-author counts for that human, marked the same; a commit an agent made alone is
/// automation, counted with the bots' commits.
public struct AgentRules: Hashable, Sendable {
    private let matcher: IdentityPatterns
    /// The patterns in force, lower-cased.
    public var patterns: [String] { matcher.patterns }

    public init(patterns: [String]) {
        matcher = IdentityPatterns(patterns)
    }

    /// The coding assistants and agents seen in 2025-2026 histories: Claude Code, GitHub Copilot (its coding
    /// agent and its GitHub App), Cursor, OpenAI Codex, Devin, Aider, Gemini, Jules, Amazon Q, OpenHands.
    public static let defaultPatterns: [String] = [
        "noreply@anthropic.com", "*claude[bot]*",
        "*copilot@users.noreply.github.com", "*copilot-swe-agent[bot]*", "*copilot-pull-request-reviewer[bot]*",
        "cursoragent@cursor.com", "*cursor[bot]*",
        "noreply@openai.com", "codex@openai.com", "*chatgpt-codex-connector[bot]*",
        "*devin-ai-integration[bot]*",
        "noreply@aider.chat", "*(aider)",
        "*gemini-code-assist[bot]*", "*google-labs-jules[bot]*",
        "*amazon-q-developer[bot]*",
        "openhands@all-hands.dev", "*openhands-agent*",
    ]

    public static let standard = AgentRules(patterns: defaultPatterns)

    /// The rules a command asks for: the built-in list unless `defaults` is false, then `extra`.
    public init(extra: [String], defaults: Bool) {
        self.init(patterns: (defaults ? AgentRules.defaultPatterns : []) + extra)
    }

    /// Whether the patterns are the built-in list and nothing else.
    public var isStandard: Bool { patterns == AgentRules.defaultPatterns }

    /// What an identity is to these rules.
    public enum Match: Hashable, Sendable {
        /// No pattern matches: a person or a bot, as the other rules say.
        case none
        /// An agent: a pattern matches its e-mail (or its name, when it has no e-mail of its own).
        case agent
        /// A pattern matches only the name while the e-mail is someone's own (Aider's `Name (aider)` on the
        /// user's address): the person at that e-mail, working with an agent.
        case personWithAgent
    }

    public func match(_ identity: Identity) -> Match {
        if matcher.matchesEmail(of: identity) { return .agent }
        guard matcher.matchesName(of: identity) else { return .none }
        return identity.email.contains("@") ? .personWithAgent : .agent
    }

    /// Whether the identity is an agent (not a person working with one).
    public func isAgent(_ identity: Identity) -> Bool { match(identity) == .agent }
}
