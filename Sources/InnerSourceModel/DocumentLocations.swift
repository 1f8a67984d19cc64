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
    public static func isDocument(_ path: String) -> Bool {
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
        let file = path.split(separator: "/").last ?? Substring(path)
        return file == "OWNERS" || file == "catalog-info.yaml" || file == "catalog-info.yml"
    }
}
