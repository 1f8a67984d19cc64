import Foundation
internal import Clibgit2
import InnerSourceModel

extension GitRepository {
    /// A fingerprint of what shapes how commits are read besides their own objects, stable while none
    /// of it changes: the `.mailmap` sources libgit2 reads (the work tree's file; `HEAD:.mailmap` in a bare
    /// repository; `mailmap.file`, relative to the work tree; `mailmap.blob`) and the attribute files that
    /// can make a file binary (the work tree's `.gitattributes` at the root and wherever `paths` has one,
    /// `info/attributes`, `core.attributesFile`, the user's and the system's `gitattributes`; a bare
    /// repository has no in-tree attributes for libgit2). Facts read under another fingerprint are stale:
    /// an incremental run reads the history again.
    public func readingContext(paths: [String]) -> String {
        var parts: [String] = []
        func file(_ label: String, _ path: String?) {
            guard let path, let data = FileManager.default.contents(atPath: path) else { return }
            parts.append("\(label)=\(path):\(Self.fingerprint(data))")
        }
        func blob(_ label: String, _ spec: String) {
            var object: OpaquePointer?
            guard git_revparse_single(&object, pointer, spec) == 0 else { return }
            defer { git_object_free(object) }
            // The blob's id, never the spec: the spec may name a commit that moves.
            parts.append("\(label)=\(ObjectID(git_object_id(object).pointee).hex)")
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
        let work = workDirectory.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        /// A configured path as libgit2 resolves it: `~` expanded, then relative to the work tree.
        func resolved(_ path: String?) -> String? {
            guard let path else { return nil }
            let expanded = (path as NSString).expandingTildeInPath
            if expanded.hasPrefix("/") { return expanded }
            return (work ?? FileManager.default.currentDirectoryPath) + "/" + expanded
        }
        if let work {
            file("mailmap", work + "/.mailmap")
        } else {
            blob("mailmap-head", "HEAD:.mailmap")
        }
        file("mailmap.file", resolved(mailmapFile))
        if let mailmapBlob { blob("mailmap.blob", mailmapBlob) }
        file("info/attributes", gitDirectory + "/info/attributes")
        file("core.attributesFile", resolved(attributesFile))
        let home = ProcessInfo.processInfo.environment["XDG_CONFIG_HOME"]
            ?? (ProcessInfo.processInfo.environment["HOME"].map { $0 + "/.config" } ?? "")
        if !home.isEmpty { file("user attributes", home + "/git/attributes") }
        file("system attributes", "/etc/gitattributes")
        if let work {
            // libgit2 reads the work tree's attribute files, committed or not.
            var attributePaths: Set<String> = [".gitattributes"]
            for path in paths where path.hasSuffix("/.gitattributes") { attributePaths.insert(path) }
            for path in attributePaths.sorted() { file("attributes", work + "/" + path) }
        }
        return parts.joined(separator: "\n")
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
