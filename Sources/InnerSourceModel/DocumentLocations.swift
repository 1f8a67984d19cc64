/// Where a repository's documents are looked for, and which ones: the files a newcomer reads first, at the
/// root or in `.github/`, `docs/`, `doc/` or `.gitlab/` (where hosting platforms also find them). Ingestion
/// reads them in full at HEAD (and the root `.mailmap`, so that a missing one is reported); the hygiene checks
/// choose among them in this order. The one list of both.
public enum DocumentLocations {
    /// Folders documents are looked for in, in order of preference: the root first, as every host shows it.
    public static let folders = ["", ".github/", "docs/", "doc/", ".gitlab/"]

    /// Base names (upper-cased, before any extension) of the documents read. SUPPORT names where to ask;
    /// BUILDING, INSTALL, HACKING, DEVELOPING and DEVELOPMENT are where many projects say how to build.
    public static let names: Set<String> = [
        "README", "CONTRIBUTING", "CODEOWNERS", "LICENSE", "LICENCE", "COPYING", "TRUSTED-COMMITTERS",
        "TRUSTED_COMMITTERS", "COMMUNICATION", "CODE_OF_CONDUCT", "CODE-OF-CONDUCT", "SECURITY",
        "MAINTAINERS", "GOVERNANCE", "OWNERS", "SUPPORT", "BUILDING", "INSTALL", "HACKING", "DEVELOPING", "DEVELOPMENT",
    ]

    /// Whether ingestion reads `path` at HEAD in full: a document in one of the folders, or the root `.mailmap`.
    /// Asked of every path at HEAD before the history is read: an ASCII path deeper than the folders is
    /// answered from its bytes, without the strings `split` makes (`isDocumentInFull` is the rule).
    public static func isDocument(_ path: String) -> Bool {
        if ASCIIPathShape(path)?.mayBeDocument == false { return false }
        return isDocumentInFull(path)
    }

    static func isDocumentInFull(_ path: String) -> Bool {
        if path == ".mailmap" { return true }
        let (folder, stem, _) = split(path)
        return folders.contains(folder) && names.contains(stem)
    }

    /// The folder (with its trailing `/`, empty at the root), the upper-cased name before the first dot, and
    /// the file name of a path.
    public static func split(_ path: String) -> (folder: String, stem: String, file: String) {
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[...$0]) } ?? ""
        let file = slash.map { String(path[path.index(after: $0)...]) } ?? path
        let stem = file.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? file
        return (folder, stem.uppercased(), file)
    }

    /// Whether ingestion reads `path` at HEAD as an ownership file: an `OWNERS` file or a Backstage
    /// `catalog-info.yaml` (or `.yml`) in any folder (CODEOWNERS, in its own places, is a document already).
    public static func isOwnershipFile(_ path: String) -> Bool {
        if let answer = ASCIIPathShape(path)?.isOwnershipFile { return answer }
        return isOwnershipFileInFull(path)
    }

    static func isOwnershipFileInFull(_ path: String) -> Bool {
        let file = path.split(separator: "/").last ?? Substring(path)
        return file == "OWNERS" || file == "catalog-info.yaml" || file == "catalog-info.yml"
    }

    fileprivate static let ownershipFileNames = ["OWNERS", "catalog-info.yaml", "catalog-info.yml"].map { Array($0.utf8) }
    /// The folders documents are looked for in, as the bytes before their slash.
    fileprivate static let folderNames = folders.filter { !$0.isEmpty }.map { Array($0.utf8.dropLast()) }
}

/// What the rules above ask of an ASCII path, read from its bytes. For ASCII text `String` compares, splits
/// and finds characters byte by byte, so these answers are the rules' own; nil for any other path, which
/// the rules decide in full.
private struct ASCIIPathShape {
    /// Whether the path may be a document: at most one slash, and then after one of the folders.
    let mayBeDocument: Bool
    /// Whether the bytes after the last slash are an ownership file's name; nil when the path ends in a
    /// slash (splitting drops empty parts: the rule decides).
    let isOwnershipFile: Bool?

    init?(_ path: String) {
        var path = path
        guard let shape = path.withUTF8({ bytes -> ASCIIPathShape? in
            guard ASCIIBytes.isASCII(bytes) else { return nil }
            var slashes = 0, first = -1, last = -1
            for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "/") {
                slashes += 1
                if first < 0 { first = index }
                last = index
            }
            let document = slashes == 0
                || (slashes == 1 && DocumentLocations.folderNames.contains { $0.elementsEqual(bytes[..<first]) })
            let file = bytes[(last + 1)...]
            let ownership = !bytes.isEmpty && last == bytes.count - 1
                ? nil : DocumentLocations.ownershipFileNames.contains { $0.elementsEqual(file) }
            return ASCIIPathShape(mayBeDocument: document, isOwnershipFile: ownership)
        }) else { return nil }
        self = shape
    }

    private init(mayBeDocument: Bool, isOwnershipFile: Bool?) {
        self.mayBeDocument = mayBeDocument
        self.isOwnershipFile = isOwnershipFile
    }
}
