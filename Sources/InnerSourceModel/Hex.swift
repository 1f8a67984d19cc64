/// Lower-case hexadecimal text of bytes (object ids, digests, pseudonyms): the one encoder every module uses.
public enum Hex {
    /// Inlinable so that callers in other modules get a version specialised to their byte collection (object
    /// ids are encoded for every commit read, and decoded from the cache for every commit stored).
    @inlinable
    public static func encode<Bytes: Collection>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        String(unsafeUninitializedCapacity: bytes.count * 2) { text in
            var index = 0
            for byte in bytes {
                text[index] = digit(byte >> 4)
                text[index + 1] = digit(byte & 0x0F)
                index += 2
            }
            return index
        }
    }

    /// The ASCII code of a hexadecimal digit from 0 to 15.
    @inlinable
    static func digit(_ value: UInt8) -> UInt8 {
        value < 10 ? 0x30 &+ value : 0x57 &+ value
    }
}
