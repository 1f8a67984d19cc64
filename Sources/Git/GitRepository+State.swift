import Foundation
import Glibc
internal import Clibgit2
import InnerSourceModel

extension GitRepository {
    /// The files of the git directory that decide what an analysis of the repository reads, byte for byte:
    /// `HEAD`, `packed-refs` and every loose ref under `refs/` (so every branch, tag and request head),
    /// `config` (remotes, `mailmap.*`, attributes), `shallow`, `info/grafts`, `info/attributes`,
    /// `objects/info/alternates`, the pack files' names and sizes, the modification time of each folder of
    /// loose objects (an object written or removed there changes it), and the same files of the common
    /// directory of a linked work tree. Two equal states are two equal repositories to an analysis (the
    /// objects the refs reach are immutable, and objects arrive, in a partial clone too, only as packs or
    /// loose objects). Nil when a file that exists cannot be read.
    /// A configuration that includes other files (`[include]`, `[includeIf]`) has none either: those files
    /// are not followed here.
    /// The work tree's `.mailmap` and attributes are not here: `readingContext(paths:)` covers them.
    /// - Returns: each file's name and length followed by its bytes, in a fixed order (digest it to compare).
    public func stateFingerprint() -> Data? {
        var state = Data()
        func append(_ name: String, _ data: Data) {
            state.append(contentsOf: Array("\(name)\u{0}\(data.count)\u{0}".utf8))
            state.append(data)
        }
        var directories = [gitDirectory]
        let common = decodeText(git_repository_commondir(pointer))
        let commonDirectory = common.hasSuffix("/") && common.count > 1 ? String(common.dropLast()) : common
        if !commonDirectory.isEmpty, commonDirectory != gitDirectory { directories.append(commonDirectory) }
        let files = FileManager.default
        for (index, directory) in directories.enumerated() {
            let label = "dir\(index)"
            for name in ["HEAD", "packed-refs", "config", "config.worktree", "shallow", "commondir", "info/grafts",
                         "info/attributes", "objects/info/alternates"] {
                let path = directory + "/" + name
                if let data = files.contents(atPath: path) {
                    if name.hasPrefix("config"), Self.includesOtherFiles(data) { return nil }
                    append("\(label):\(name)", data)
                } else if files.fileExists(atPath: path) {
                    return nil
                }
            }
            guard let refs = Self.looseRefs(under: directory + "/refs") else { return nil }
            for (name, data) in refs { append("\(label):\(name)", data) }
            // Loose objects are many small files: each fan-out folder's modification time stands for its
            // listing (git writes and prunes objects there, which changes it).
            let objects = ((try? files.contentsOfDirectory(atPath: directory + "/objects")) ?? []).sorted()
            for folder in objects where folder.utf8.count == 2 && folder.utf8.allSatisfy(\.isHexDigit) {
                var status = stat()
                guard stat(directory + "/objects/" + folder, &status) == 0 else { return nil }
                append("\(label):objects/\(folder)", Data("\(status.st_mtim.tv_sec).\(status.st_mtim.tv_nsec):\(status.st_ino)".utf8))
            }
            let packs = ((try? files.contentsOfDirectory(atPath: directory + "/objects/pack")) ?? []).sorted()
            for pack in packs where pack.hasSuffix(".pack") {
                let size = (try? files.attributesOfItem(atPath: directory + "/objects/pack/" + pack))?[.size] as? NSNumber
                append("\(label):objects/pack/\(pack)", Data("\(size?.int64Value ?? -1)".utf8))
            }
        }
        return state
    }

    /// The global, XDG and system configuration files libgit2 reads, byte for byte (what every repository's
    /// analysis shares); nil when one of them includes another file.
    public static func globalConfigurationState() -> Data? {
        let files = Library.configurationFiles()
        return files.includes ? nil : files.state
    }

    /// Whether a configuration file's bytes may include another file: `include` anywhere in them, case
    /// aside (an `[include]` or `[includeIf ...]` section; a value holding the word only costs the memo).
    static func includesOtherFiles(_ data: Data) -> Bool {
        let lowered = Data(data.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 })
        return lowered.range(of: Data("include".utf8)) != nil
    }

    /// Every file under `folder`, by its path from the git directory (`refs/heads/main`), sorted, with its
    /// bytes; nil when one cannot be read. An absent folder has none.
    private static func looseRefs(under folder: String) -> [(String, Data)]? {
        let files = FileManager.default
        guard let enumerator = files.enumerator(atPath: folder) else { return [] }
        var found: [(String, Data)] = []
        while let relative = enumerator.nextObject() as? String {
            let path = folder + "/" + relative
            var isDirectory: ObjCBool = false
            guard files.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            guard let data = files.contents(atPath: path) else { return nil }
            found.append(("refs/" + relative, data))
        }
        return found.sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
    }
}

private extension UInt8 {
    var isHexDigit: Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(self)
    }
}
