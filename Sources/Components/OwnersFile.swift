import Foundation
import InnerSourceModel
import Yams

/// An `OWNERS` file as Kubernetes (YAML `approvers:`, `reviewers:`, `options: {no_parent_owners: true}`) or
/// Chromium (a line per owner, `per-file PATTERN=OWNERS`, `set noparent`, `#` comments) writes it. It owns
/// its folder and everything below that has no nearer OWNERS file.
public struct OwnersFile: Sendable, Hashable {
    /// A Chromium `per-file` line: files of the folder itself whose name matches `pattern`.
    public struct PerFile: Sendable, Hashable {
        public var line: Int
        public var pattern: String
        public var owners: [String]

        public init(line: Int, pattern: String, owners: [String]) {
            self.line = line
            self.pattern = pattern
            self.owners = owners
        }
    }

    public var path: String
    /// The folder it owns, with a trailing `/`; empty at the root.
    public var folder: String
    /// Approvers first, then reviewers; or Chromium's owners, in file order.
    public var owners: [String]
    public var noParent: Bool
    public var perFile: [PerFile]

    /// Whether `path` names an OWNERS file.
    public static func isOwnersFile(_ path: String) -> Bool {
        path == "OWNERS" || path.hasSuffix("/OWNERS")
    }

    public init(path: String, text: String) {
        self.path = path
        folder = String(path.dropLast("OWNERS".count))
        var owners: [String] = []
        var noParent = false
        var perFile: [PerFile] = []
        if let yaml = (try? Yams.load(yaml: text)) as? [String: Any],
           yaml["approvers"] != nil || yaml["reviewers"] != nil || yaml["options"] != nil {
            for key in ["approvers", "reviewers"] {
                for owner in (yaml[key] as? [Any]) ?? [] {
                    let name = "\(owner)"
                    if !owners.contains(name) { owners.append(name) }
                }
            }
            noParent = ((yaml["options"] as? [String: Any])?["no_parent_owners"] as? Bool) ?? false
        } else {
            for (index, raw) in text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                var line = String(String.UnicodeScalarView(raw))
                if let hash = line.firstIndex(of: "#") { line = String(line[..<hash]) }
                line = line.trimmingCharacters(in: .whitespacesAndNewlines)
                guard !line.isEmpty else { continue }
                if line == "set noparent" {
                    noParent = true
                } else if line.hasPrefix("per-file ") {
                    let rest = line.dropFirst("per-file ".count)
                    guard let equals = rest.firstIndex(of: "=") else { continue }
                    let people = rest[rest.index(after: equals)...].split(separator: ",")
                        .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && $0 != "set noparent" }
                    for pattern in rest[..<equals].split(separator: ",") {
                        perFile.append(PerFile(line: index + 1, pattern: pattern.trimmingCharacters(in: .whitespaces), owners: people))
                    }
                } else if line.hasPrefix("file:") || line.hasPrefix("include ") || line.hasPrefix("set ") {
                    continue
                } else if !line.contains(" ") {
                    if !owners.contains(line) { owners.append(line) }
                }
            }
        }
        self.owners = owners
        self.noParent = noParent
        self.perFile = perFile
    }
}
