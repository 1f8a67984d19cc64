import Foundation

/// Decodes a commit's names and message from the encoding its `encoding` header declares, as `git log`
/// re-encodes them to UTF-8. Without a header (or with UTF-8) bytes are read as UTF-8 and invalid
/// sequences repaired.
struct TextDecoder {
    let isUTF8: Bool
    private let encoding: String.Encoding?
    /// Set when the declared encoding is unknown or a text did not decode with it.
    private(set) var failed = false

    init(encodingName: String?) {
        guard let name = encodingName?.lowercased(), !["utf-8", "utf8"].contains(name) else {
            isUTF8 = true
            encoding = nil
            return
        }
        isUTF8 = false
        encoding = TextDecoder.encodings[name]
        failed = encoding == nil
    }

    mutating func decode(_ pointer: UnsafePointer<CChar>?) -> String {
        guard let pointer else { return "" }
        guard let encoding else { return decodeText(pointer) }
        let data = Data(bytes: pointer, count: strlen(pointer))
        if let text = String(data: data, encoding: encoding) { return text }
        failed = true
        return decodeText(pointer)
    }

    /// Encoding names seen in real histories (git's own has ISO-8859-1 and friends).
    private static let encodings: [String: String.Encoding] = [
        "iso-8859-1": .isoLatin1, "iso8859-1": .isoLatin1, "latin1": .isoLatin1, "latin-1": .isoLatin1,
        "iso-8859-2": .isoLatin2, "iso8859-2": .isoLatin2, "latin2": .isoLatin2,
        "windows-1252": .windowsCP1252, "cp1252": .windowsCP1252,
        "windows-1250": .windowsCP1250, "cp1250": .windowsCP1250,
        "windows-1251": .windowsCP1251, "cp1251": .windowsCP1251,
        "shift_jis": .shiftJIS, "shift-jis": .shiftJIS, "sjis": .shiftJIS,
        "euc-jp": .japaneseEUC, "iso-2022-jp": .iso2022JP,
        "us-ascii": .ascii, "ascii": .ascii,
        "utf-16": .utf16, "utf-16le": .utf16LittleEndian, "utf-16be": .utf16BigEndian,
    ]
}
