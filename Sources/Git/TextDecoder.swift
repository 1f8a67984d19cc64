import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Decodes a commit's names and message from the encoding its `encoding` header declares, as `git log`
/// re-encodes them to UTF-8 (through iconv, as git does, so every encoding git knows is known here).
/// Without a header (or with UTF-8) bytes are read as UTF-8 and invalid sequences repaired.
struct TextDecoder {
    let isUTF8: Bool
    private let encodingName: String?
    /// Set when the declared encoding is unknown or a text did not decode with it.
    private(set) var failed = false

    init(encodingName: String?) {
        guard let name = encodingName, !["utf-8", "utf8"].contains(name.lowercased()) else {
            isUTF8 = true
            self.encodingName = nil
            return
        }
        isUTF8 = false
        self.encodingName = name
    }

    mutating func decode(_ pointer: UnsafePointer<CChar>?) -> String {
        guard let pointer else { return "" }
        guard let encodingName else { return decodeText(pointer) }
        if let text = TextDecoder.convert(pointer, from: encodingName) { return text }
        failed = true
        return decodeText(pointer)
    }

    /// The text converted to UTF-8 by iconv; nil when the encoding is unknown or the bytes are invalid in it.
    static func convert(_ pointer: UnsafePointer<CChar>, from encoding: String) -> String? {
        let converter = iconv_open("UTF-8", encoding)
        guard converter != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(converter) }
        let length = strlen(pointer)
        var output = [CChar](repeating: 0, count: length * 4 + 4)
        var inputLeft = length
        var outputLeft = output.count
        let converted: Int = output.withUnsafeMutableBufferPointer { buffer in
            var input: UnsafeMutablePointer<CChar>? = UnsafeMutablePointer(mutating: pointer)
            var out = buffer.baseAddress
            return iconv(converter, &input, &inputLeft, &out, &outputLeft)
        }
        guard converted != -1, inputLeft == 0 else { return nil }
        let bytes = output.prefix(output.count - outputLeft).map { UInt8(bitPattern: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }
}
