import Foundation
import Yams

/// A components file (`--components FILE`), or the pipeline's `components:` list: each entry a `name`,
/// `paths` (path globs) and an optional `owner` (a team's name, a CODEOWNERS handle or an e-mail).
///
/// ```yaml
/// components:
///   - name: payments
///     paths: ["services/payments/**", "libs/money/**"]
///     owner: payments
/// ```
public enum ComponentsFile {
    /// A components file that cannot be used, with its one-line reason naming the file and the entry.
    public struct Problem: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    /// Reads the file at `path`.
    public static func read(path: String) throws(Problem) -> [ConfiguredComponent] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Problem(description: "\(path): cannot be read (does it exist?)")
        }
        return try parse(String(decoding: data, as: UTF8.self), file: path)
    }

    /// Reads a components file's text; `file` names it in problems.
    public static func parse(_ text: String, file: String) throws(Problem) -> [ConfiguredComponent] {
        let loaded: Any?
        do {
            loaded = try Yams.load(yaml: text)
        } catch {
            throw Problem(description: "\(file): not YAML: \(String(describing: error).split(separator: "\n").first ?? "")")
        }
        let list: Any? = (loaded as? [String: Any]).map { $0["components"] as Any } ?? loaded
        guard let entries = list as? [Any] else {
            throw Problem(description: "\(file): expected a list of components under 'components:' (each with name, paths and owner)")
        }
        return try parse(entries: entries, place: file + ": components")
    }

    /// Reads already-loaded entries (a pipeline's `components:`); `place` prefixes every problem.
    public static func parse(entries: [Any], place: String) throws(Problem) -> [ConfiguredComponent] {
        var components: [ConfiguredComponent] = []
        for (index, entry) in entries.enumerated() {
            let at = "\(place)[\(index + 1)]"
            guard let fields = entry as? [String: Any] else {
                throw Problem(description: "\(at): expected a mapping with name, paths and owner")
            }
            if let unknown = fields.keys.sorted().first(where: { !["name", "paths", "owner"].contains($0) }) {
                throw Problem(description: "\(at): unknown key '\(unknown)' (use name, paths and owner)")
            }
            guard let name = fields["name"].map({ "\($0)" }), !name.isEmpty else {
                throw Problem(description: "\(at): 'name' is missing")
            }
            let paths: [String]
            if let one = fields["paths"] as? String {
                paths = [one]
            } else if let many = fields["paths"] as? [Any], !many.isEmpty {
                paths = many.map { "\($0)" }
            } else {
                throw Problem(description: "\(at) (\(name)): 'paths' must be a glob or a list of globs")
            }
            if components.contains(where: { $0.name == name }) {
                throw Problem(description: "\(at): the component '\(name)' is named twice")
            }
            components.append(ConfiguredComponent(name: name, paths: paths, owner: fields["owner"].map { "\($0)" }))
        }
        return components
    }
}
