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
    /// Keys with fewer different byte values than this are refused: `aaaa…` or `abab…` can be guessed too.
    public static let minimumDistinctKeyBytes = 8

    public struct KeyError: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    private let key: Data

    /// - Throws: `KeyError` when the key is too weak (`weakness(ofKey:)`).
    public init(key: Data) throws(KeyError) {
        if let weakness = Self.weakness(ofKey: key) { throw KeyError(description: "the pseudonym key \(weakness)") }
        self.init(checkedKey: key)
    }

    /// The pseudonymizer of the key in a key file, else in `INNERSOURCE_PSEUDONYM_KEY`. The one rule for keys,
    /// whatever their source: the key is the source's bytes with one trailing newline (LF or CR LF) removed and
    /// nothing else trimmed (a binary file is fine), and `weakness(ofKey:)` must find nothing wrong with it.
    public static func load(file: String?, environment: [String: String]) throws(KeyError) -> Pseudonymizer {
        let raw: Data, source: String
        if let file {
            do {
                raw = try Data(contentsOf: URL(fileURLWithPath: file))
            } catch {
                throw KeyError(description: "cannot read the pseudonym key file \(file): \((error as NSError).localizedDescription)")
            }
            source = "in \(file)"
        } else {
            guard let value = environment[environmentVariable], !value.isEmpty else {
                throw KeyError(description: "pseudonymizing needs a key: set \(environmentVariable) or give --pseudonym-key-file FILE")
            }
            raw = Data(value.utf8)
            source = "in \(environmentVariable)"
        }
        var key = raw
        if key.last == 0x0A {
            key.removeLast()
            if key.last == 0x0D { key.removeLast() }
        }
        if let weakness = weakness(ofKey: key) { throw KeyError(description: "the pseudonym key \(source) \(weakness)") }
        return Pseudonymizer(checkedKey: key)
    }

    private init(checkedKey key: Data) {
        self.key = key
    }

    /// Why `key` is too easy to guess (the end of a sentence starting "the pseudonym key"), or nil: fewer than
    /// `minimumKeyLength` bytes, only white space, or fewer than `minimumDistinctKeyBytes` different byte values.
    public static func weakness(ofKey key: Data) -> String? {
        let advice = "(e.g. `openssl rand -hex 32`)"
        if key.count < minimumKeyLength {
            return "has \(Format.count(key.count, "byte")); use at least \(minimumKeyLength) \(advice)"
        }
        if let text = String(data: key, encoding: .utf8), text.allSatisfy(\.isWhitespace) {
            return "is only white space (an empty line or spaces?); use a random key \(advice)"
        }
        let distinct = Set(key).count
        if distinct < minimumDistinctKeyBytes {
            return "has only \(Format.count(distinct, "different byte value")), too regular to be secret; use one with at least \(minimumDistinctKeyBytes) \(advice)"
        }
        return nil
    }

    /// A pseudonym of a fixed text: the same for one key, different for another; reveals nothing more
    /// than any pseudonym does. Lets shards pseudonymised with different keys be told apart.
    public var keyCheck: String { pseudonym(of: "innersource:key-check").email }

    /// `person-<12 hex>` and `<12 hex>@pseudonym.invalid` for a canonical key (the lower-cased e-mail).
    public func pseudonym(of canonicalKey: String) -> Identity {
        let mac = HMAC<SHA256>.authenticationCode(for: Data(canonicalKey.utf8), using: SymmetricKey(data: key))
        let hex = Hex.encode(Array(mac).prefix(6))
        return Identity(name: Self.pseudonymNamePrefix + hex, email: hex + Self.pseudonymDomain)
    }

    /// How every pseudonymous name starts.
    public static let pseudonymNamePrefix = "person-"
    /// How every pseudonymous e-mail ends.
    public static let pseudonymDomain = "@pseudonym.invalid"

    /// Replaces every e-mail address and personal handle (`@alice`, not a team handle such as `@org/team`)
    /// in a text with its pseudonym: the last line of defence for free text (evidence quoting CODEOWNERS,
    /// URLs) that could name someone. `known` adds the identities a run has seen (`TextScrubber`).
    public func scrub(_ text: String, known: KnownIdentities = KnownIdentities()) -> String {
        TextScrubber(pseudonymizer: self, known: known).scrub(text)
    }
}
