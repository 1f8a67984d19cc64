import Crypto
import Foundation

/// SHA-256 in lower-case hexadecimal: for the configuration digest and the contents of configuration files.
public enum Digest {
    public static func sha256Hex(_ data: Data) -> String {
        SHA256.hash(data: data).map { byte in
            let digits = Array("0123456789abcdef")
            return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
        }.joined()
    }
}
