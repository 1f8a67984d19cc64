/// Whether text is ASCII, from its UTF-8 bytes: the condition under which a path's rules may be answered
/// byte by byte (for ASCII text `String` compares, splits and changes case one byte at a time).
public enum ASCIIBytes {
    public static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var any: UInt8 = 0
        for byte in bytes { any |= byte }
        return any < 0x80
    }
}
