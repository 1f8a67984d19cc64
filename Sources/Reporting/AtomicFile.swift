import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writes files so that a reader never sees half of one, and a run's files as a set: every file goes to a
/// temporary file in the target folder first; only when all are written are they renamed over their
/// targets. A failure before the renames leaves the folder as it was.
public enum AtomicFile {
    public struct WriteError: Error, CustomStringConvertible, Sendable {
        public let path: String
        public let reason: String
        public var description: String { "cannot write \(path): \(reason)" }
    }

    /// Writes every (path, bytes) pair; the paths' folders are created when missing.
    public static func writeAll(_ files: [(path: String, data: Data)]) throws(WriteError) {
        var written: [(temporary: String, target: String)] = []
        func discard() { for file in written { unlink(file.temporary) } }
        for (path, data) in files {
            let folder = (path as NSString).deletingLastPathComponent
            try ensureFolder(folder.isEmpty ? "." : folder)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                discard()
                throw WriteError(path: path, reason: "a folder is in the way; move it or choose another --out folder")
            }
            let temporary = (folder.isEmpty ? "." : folder) + "/." + (path as NSString).lastPathComponent
                + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
            do {
                try writeFile(data, to: temporary)
            } catch {
                discard()
                throw WriteError(path: path, reason: error.reason)
            }

            written.append((temporary, path))
        }
        for (index, file) in written.enumerated() where rename(file.temporary, file.target) != 0 {
            let reason = String(cString: strerror(errno))
            for rest in written[index...] { unlink(rest.temporary) }
            throw WriteError(path: file.target, reason: reason)
        }
    }

    private static func ensureFolder(_ folder: String) throws(WriteError) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) {
            if !isDirectory.boolValue { throw WriteError(path: folder, reason: "exists and is not a folder") }
            return
        }
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            // Name the part of the path that stands in the way.
            var parent = (folder as NSString).deletingLastPathComponent
            while !parent.isEmpty && parent != "/" && !FileManager.default.fileExists(atPath: parent) {
                parent = (parent as NSString).deletingLastPathComponent
            }
            var parentIsFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: parent, isDirectory: &parentIsFolder), !parentIsFolder.boolValue {
                throw WriteError(path: folder, reason: "\(parent) is a file, not a folder")
            }
            throw WriteError(path: folder, reason: "cannot create the folder (\(String(cString: strerror(EACCES))) or no space)")
        }
    }

    /// Writes all of `data` to an open file descriptor, again after an interrupted write; the reason when it
    /// cannot (a full disk, a closed pipe), else nil. Every write of the tool's files and streams goes through it.
    public static func write(_ data: Data, to descriptor: Int32) -> String? {
        var failure: String?
        data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < buffer.count, let base = buffer.baseAddress {
                let count = Glibc.write(descriptor, base + offset, buffer.count - offset)
                if count < 0 {
                    if errno == EINTR { continue }
                    failure = String(cString: strerror(errno))
                    return
                }
                offset += count
            }
        }
        return failure
    }

    private static func writeFile(_ data: Data, to path: String) throws(WriteError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw WriteError(path: path, reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        if let failure = write(data, to: descriptor) {
            unlink(path)
            throw WriteError(path: path, reason: failure)
        }
        if fsync(descriptor) != 0 && errno != EINVAL {
            let reason = String(cString: strerror(errno))
            unlink(path)
            throw WriteError(path: path, reason: reason)
        }
    }
}
