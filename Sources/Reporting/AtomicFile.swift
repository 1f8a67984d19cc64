import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writes files so that a reader never sees half of one, and a run's files as a set: every file goes to a
/// temporary file in the target folder first (`.NAME.tmp-PID-RANDOM`); only when all are written are they
/// renamed over their targets. A failure before the renames leaves the folder as it was; the temporaries a
/// killed run left are removed by the next write into the folder (`removeStaleTemporaries`).
public enum AtomicFile {
    /// A temporary whose process is not running here is left alone this long: a writer on another machine
    /// sharing the folder may own it.
    static let staleAfter: TimeInterval = 10 * 60
    /// A temporary this old is stale whatever its PID says (PIDs are reused): no write takes a day.
    static let abandonedAfter: TimeInterval = 24 * 3600

    public struct WriteError: Error, CustomStringConvertible, Sendable {
        public let path: String
        public let reason: String
        public var description: String { "cannot write \(path): \(reason)" }
    }

    /// Writes every (path, bytes) pair; the paths' folders are created when missing.
    public static func writeAll(_ files: [(path: String, data: Data)]) throws(WriteError) {
        var written: [(temporary: String, target: String)] = []
        var cleaned: Set<String> = []
        func discard() { for file in written { unlink(file.temporary) } }
        for (path, data) in files {
            let parent = (path as NSString).deletingLastPathComponent
            let folder = parent.isEmpty ? "." : parent
            try ensureFolder(folder)
            if cleaned.insert(folder).inserted { removeStaleTemporaries(in: folder) }
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                discard()
                throw WriteError(path: path, reason: "a folder is in the way; move it or choose another --out folder")
            }
            let temporary = folder + "/" + temporaryName(for: (path as NSString).lastPathComponent)
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

    /// The name of `name`'s temporary while it is written: `.NAME.tmp-PID-RANDOM`.
    static func temporaryName(for name: String) -> String {
        ".\(name).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    }

    /// The PID in a name of `temporaryName`'s form, or nil for any other name.
    static func writerOfTemporary(named name: String) -> pid_t? {
        guard name.hasPrefix("."), let marker = name.range(of: ".tmp-", options: .backwards),
              marker.lowerBound > name.index(after: name.startIndex) else { return nil }
        let parts = name[marker.upperBound...].split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              UInt32(parts[1]) != nil else { return nil }
        return pid_t(parts[0])
    }

    /// Removes the temporaries of `temporaryName`'s form in `folder` that a killed run left behind: a regular
    /// file whose writer is not a running process of this machine and that was last written more than
    /// `staleAfter` ago, or any older than `abandonedAfter`. Failures are ignored: they change nothing written.
    static func removeStaleTemporaries(in folder: String, now: Date = Date()) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names {
            guard let writer = writerOfTemporary(named: name) else { continue }
            let path = folder + "/" + name
            var status = stat()
            guard lstat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { continue }
            let age = now.timeIntervalSince1970 - TimeInterval(status.st_mtim.tv_sec)
            let running = kill(writer, 0) == 0 || errno == EPERM
            if age > abandonedAfter || (!running && age > staleAfter) { unlink(path) }
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
