import Crypto
import Foundation
import InnerSourceModel

/// SHA-256 in lower-case hexadecimal: for the configuration digest, the contents of configuration files and
/// the keys of what the cache keeps.
public enum Digest {
    public static func sha256Hex(_ data: Data) -> String {
        Hex.encode(Array(SHA256.hash(data: data)))
    }

    /// The digest of `fields`, each framed by its UTF-8 length (`12:` before twelve bytes), so that no two
    /// lists of fields give the same bytes.
    public static func sha256Hex(ofFields fields: some Sequence<String>) -> String {
        var bytes: [UInt8] = []
        for field in fields {
            let utf8 = Array(field.utf8)
            bytes.append(contentsOf: Array("\(utf8.count):".utf8))
            bytes.append(contentsOf: utf8)
        }
        return sha256Hex(Data(bytes))
    }
}
