import Crypto
import Foundation
import InnerSourceModel

/// Replaces people's names and e-mails with keyed pseudonyms (HMAC-SHA256 of the canonical e-mail), stable
/// across runs with the same key and meaningless without it. Teams, bots and ownership are decided on the
/// real identities first; only what is written out is pseudonymous.
public struct Pseudonymizer: Sendable {
    /// The environment variable that holds the key (never the pipeline file).
    public static let environmentVariable = "INNERSOURCE_PSEUDONYM_KEY"
    /// Keys shorter than this are refused: a short key can be guessed and the pseudonyms reversed.
    public static let minimumKeyLength = 16

    public struct KeyError: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    private let key: Data

    public init(key: Data) throws(KeyError) {
        guard key.count >= Pseudonymizer.minimumKeyLength else {
            throw KeyError(description: "the pseudonym key has \(key.count) bytes; use at least \(Pseudonymizer.minimumKeyLength) (e.g. `openssl rand -hex 32`)")
        }
        self.key = key
    }

    /// The key from a key file (its first line, trimmed) or else from the environment.
    public static func loadKey(file: String?, environment: [String: String]) throws(KeyError) -> Data {
        if let file {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw KeyError(description: "cannot read the pseudonym key file \(file)")
            }
            return Data((text.split(whereSeparator: \.isNewline).first.map(String.init) ?? "").trimmingCharacters(in: .whitespaces).utf8)
        }
        guard let value = environment[environmentVariable], !value.isEmpty else {
            throw KeyError(description: "pseudonymizing needs a key: set \(environmentVariable) or give --pseudonym-key-file FILE")
        }
        return Data(value.utf8)
    }

    /// `person-<12 hex>` and `<12 hex>@pseudonym.invalid` for a canonical key (the lower-cased e-mail).
    /// A pseudonym of a fixed text: the same for one key, different for another; reveals nothing more
    /// than any pseudonym does. Lets shards pseudonymised with different keys be told apart.
    public var keyCheck: String { pseudonym(of: "innersource:key-check").email }

    public func pseudonym(of canonicalKey: String) -> Identity {
        let mac = HMAC<SHA256>.authenticationCode(for: Data(canonicalKey.utf8), using: SymmetricKey(data: key))
        let hex = Hex.encode(Array(mac).prefix(6))
        return Identity(name: "person-" + hex, email: hex + "@pseudonym.invalid")
    }

    /// Replaces every e-mail address in a text with its pseudonym's, then every personal handle
    /// (`@alice`, not a team handle such as `@org/team`) with `@person-…`: the last line of defence for
    /// free text (evidence quoting CODEOWNERS, URLs) that could name someone.
    public func scrub(_ text: String) -> String {
        guard text.contains("@") else { return text }
        let emails = replace(#"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}"#, in: text) { found in
            found.hasSuffix("@pseudonym.invalid") ? found : pseudonym(of: found.lowercased()).email
        }
        return replace(#"(?<![A-Za-z0-9._%+\-])@[A-Za-z0-9][A-Za-z0-9-]*(?![A-Za-z0-9./-])"#, in: emails) { handle in
            handle.hasPrefix("@person-") ? handle : "@" + pseudonym(of: handle.lowercased()).name
        }
    }

    private func replace(_ pattern: String, in text: String, with transform: (String) -> String) -> String {
        guard let expression = try? NSRegularExpression(pattern: pattern) else { return text }
        let source = text as NSString
        var result = ""
        var last = 0
        for match in expression.matches(in: text, range: NSRange(location: 0, length: source.length)) {
            let found = source.substring(with: match.range)
            result += source.substring(with: NSRange(location: last, length: match.range.location - last))
            result += transform(found)
            last = match.range.location + match.range.length
        }
        return result + source.substring(from: last)
    }
}
