import Foundation
internal import Clibgit2
import InnerSourceModel

extension GitRepository {
    /// A fingerprint of what shapes how commits are read besides their own objects: the `.mailmap`
    /// sources (the work tree's file, `HEAD:.mailmap`, `mailmap.file`, `mailmap.blob`) and the attribute
    /// sources that can make a file binary (`.gitattributes` files in the work tree or at `tip`,
    /// `info/attributes`, `core.attributesFile`, the user's `git/attributes`). Facts read under another
    /// fingerprint are stale: an incremental run reads the history again.
    public func readingContext(tip: ObjectID, paths: [String]) -> String {
        var parts: [String] = []
        func file(_ label: String, _ path: String?) {
            guard let path, let data = FileManager.default.contents(atPath: path) else { return }
            parts.append("\(label)=\(path):\(Self.fingerprint(data))")
        }
        func blob(_ label: String, _ spec: String) {
            var object: OpaquePointer?
            guard git_revparse_single(&object, pointer, spec) == 0 else { return }
            defer { git_object_free(object) }
            parts.append("\(label)=\(spec):\(ObjectID(git_object_id(object).pointee).hex)")
        }
        var mailmapFile: String?, mailmapBlob: String?, attributesFile: String?
        if let config = try? snapshotConfig() {
            defer { git_config_free(config) }
            func value(_ name: String) -> String? {
                var text: UnsafePointer<CChar>?
                return git_config_get_string(&text, config, name) == 0 ? text.map { String(cString: $0) } : nil
            }
            mailmapFile = value("mailmap.file")
            mailmapBlob = value("mailmap.blob")
            attributesFile = value("core.attributesfile")
        }
        if let work = workDirectory { file("mailmap", work + "/.mailmap") }
        blob("mailmap-head", "HEAD:.mailmap")
        file("mailmap.file", mailmapFile.map { ($0 as NSString).expandingTildeInPath })
        if let mailmapBlob { blob("mailmap.blob", mailmapBlob) }
        file("info/attributes", gitDirectory + "/info/attributes")
        file("core.attributesFile", attributesFile.map { ($0 as NSString).expandingTildeInPath })
        let home = ProcessInfo.processInfo.environment["XDG_CONFIG_HOME"]
            ?? (ProcessInfo.processInfo.environment["HOME"].map { $0 + "/.config" } ?? "")
        if !home.isEmpty { file("user attributes", home + "/git/attributes") }
        for path in paths where path == ".gitattributes" || path.hasSuffix("/.gitattributes") {
            blob("attributes-head", "\(tip.hex):\(path)")
        }
        if let work = workDirectory {
            // git reads the work tree's attribute files, committed or not.
            for path in Self.attributeFiles(under: work) { file("attributes", path) }
        }
        return parts.joined(separator: "\n")
    }

    /// `.gitattributes` files of a work tree, outside `.git`, sorted.
    static func attributeFiles(under work: String) -> [String] {
        let root = URL(fileURLWithPath: work)
        guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isDirectoryKey],
                                                              options: [.skipsPackageDescendants]) else { return [] }
        var found: [String] = []
        for case let url as URL in enumerator {
            if url.lastPathComponent == ".git" {
                enumerator.skipDescendants()
                continue
            }
            if url.lastPathComponent == ".gitattributes" { found.append(url.path) }
        }
        return found.sorted()
    }

    private static func fingerprint(_ data: Data) -> String {
        // FNV-1a over the bytes: a change detector, not a security boundary.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in data {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return String(hash, radix: 16) + ":\(data.count)"
    }
}
