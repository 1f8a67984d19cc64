/// A name and e-mail as git records them (after `.mailmap` when it comes from ingestion).
///
/// A person is keyed by the lower-cased e-mail (`key`), as docs/DEFINITIONS.md defines; an identity with no
/// e-mail is keyed by its name so that it is never merged with another empty e-mail.
public struct Identity: Hashable, Sendable, Codable {
    public var name: String
    public var email: String

    public init(name: String, email: String) {
        self.name = name
        self.email = email
    }

    /// The canonical key of the person: the lower-cased e-mail, or `name:<name>` when there is none.
    public var key: String {
        email.isEmpty ? "name:" + name : email.lowercased()
    }

    /// `Name <email>`, as git shows it.
    public var display: String { "\(name) <\(email)>" }

    /// Parses `Name <email>` as found in trailers such as `Co-authored-by`; nil when there is no e-mail.
    public static func parse(_ text: String) -> Identity? {
        guard let open = text.lastIndex(of: "<"), let close = text[open...].firstIndex(of: ">") else {
            return nil
        }
        let email = String(text[text.index(after: open)..<close]).trimmingWhitespace()
        guard !email.isEmpty else { return nil }
        let name = String(text[..<open]).trimmingWhitespace()
        return Identity(name: name, email: email)
    }
}
