internal import Clibgit2
import InnerSourceModel

extension ObjectID {
    /// The hexadecimal name of a libgit2 object id.
    init(_ oid: git_oid) {
        self = withUnsafeBytes(of: oid.id) { ObjectID(sha1Bytes: $0) }
    }

    /// The libgit2 object id, or nil when `hex` is not a full object name.
    var gitOID: git_oid? {
        var oid = git_oid()
        if withUnsafeMutableBytes(of: &oid.id, { writeSHA1Bytes(into: $0) }) { return oid }
        guard hex.utf8.count == 40 else { return nil }
        let rc = hex.withCString { git_oid_fromstrn(&oid, $0, 40) }
        return rc == 0 ? oid : nil
    }
}

/// Decodes a C string from libgit2 that may not be valid UTF-8 (names and messages are raw bytes):
/// invalid sequences become U+FFFD, as `String(decoding:as:)` repairs them.
func decodeText(_ pointer: UnsafePointer<CChar>?) -> String {
    guard let pointer else { return "" }
    let length = strlen(pointer)
    return pointer.withMemoryRebound(to: UInt8.self, capacity: length) {
        String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
    }
}

extension git_oid {
    func isEqual(to other: git_oid) -> Bool {
        withUnsafeBytes(of: id) { a in withUnsafeBytes(of: other.id) { b in a.elementsEqual(b) } }
    }
}
