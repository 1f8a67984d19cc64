import Foundation
import InnerSourceModel
import Yams

/// A Backstage descriptor (`catalog-info.yaml` or `.yml`), read from its several YAML documents: the first
/// entity with a `spec.owner` (a `Component` first), which owns the descriptor's folder and everything below
/// it that has no nearer descriptor.
public struct CatalogDescriptor: Sendable, Hashable {
    public var path: String
    /// The folder it owns, with a trailing `/`; empty at the root.
    public var folder: String
    /// `metadata.name` of the entity; nil when it has none.
    public var name: String?
    /// `spec.owner` as written: `group:payments`, `group:default/payments` or `payments`.
    public var owner: String
    /// 1-based line of the `owner:` key.
    public var line: Int?

    public static func isDescriptor(_ path: String) -> Bool {
        let file = path.split(separator: "/").last.map(String.init) ?? path
        return file == "catalog-info.yaml" || file == "catalog-info.yml"
    }

    /// nil when no document names an owner (or the text is no YAML).
    public init?(path: String, text: String) {
        guard let documents = try? Yams.load_all(yaml: text) else { return nil }
        let entities = documents.enumerated().compactMap { index, document in
            (document as? [String: Any]).map { (index, $0) }
        }
        let owned = entities.filter { ($0.1["spec"] as? [String: Any])?["owner"] != nil }
        guard let (position, entity) = owned.first(where: { ($0.1["kind"] as? String) == "Component" }) ?? owned.first,
              let owner = (entity["spec"] as? [String: Any])?["owner"] else { return nil }
        self.path = path
        folder = path.lastIndex(of: "/").map { String(path[...$0]) } ?? ""
        name = (entity["metadata"] as? [String: Any])?["name"].map { "\($0)" }
        self.owner = "\(owner)"
        // The line of the owner key, for evidence: the first indented `owner:` line of the entity's document.
        var document = 0, started = false
        line = nil
        for (index, raw) in text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let text = String(String.UnicodeScalarView(raw))
            if text.hasPrefix("---") {
                if started { document += 1 }
                continue
            }
            if !text.trimmingCharacters(in: .whitespaces).isEmpty && !text.hasPrefix("#") { started = true }
            if document == position, text.hasPrefix(" "), text.trimmingCharacters(in: .whitespaces).hasPrefix("owner:") {
                line = index + 1
                break
            }
        }
    }

    /// The group the owner names, without `group:` and a namespace: `group:default/payments` → `payments`.
    public static func groupName(_ owner: String) -> String {
        var name = Substring(owner)
        if let colon = name.firstIndex(of: ":") { name = name[name.index(after: colon)...] }
        if let slash = name.lastIndex(of: "/") { name = name[name.index(after: slash)...] }
        return String(name)
    }
}
