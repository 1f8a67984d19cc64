import Crypto
import Foundation
import InnerSourceModel

/// SHA-256 in lower-case hexadecimal: for the configuration digest and the contents of configuration files.
public enum Digest {
    public static func sha256Hex(_ data: Data) -> String {
        Hex.encode(Array(SHA256.hash(data: data)))
    }
}
