/// Which files at HEAD ingestion reads in full: the documents a newcomer looks for, at the root or in
/// `.github/`, `.gitlab/`, `docs/` or `doc/` (where hosting platforms also find them), and the root
/// `.mailmap` (read so that a missing one is reported: identities would not be merged).
public enum HeadDocuments {
    /// Base names (upper-cased, before any extension) of the documents read. SUPPORT names where to ask;
    /// BUILDING, INSTALL, HACKING, DEVELOPING and DEVELOPMENT are where many projects say how to build
    /// (Scoring's hygiene checks read them).
    public static let names: Set<String> = [
        "README", "CONTRIBUTING", "CODEOWNERS", "LICENSE", "LICENCE", "COPYING", "TRUSTED-COMMITTERS",
        "TRUSTED_COMMITTERS", "COMMUNICATION", "CODE_OF_CONDUCT", "CODE-OF-CONDUCT", "SECURITY",
        "MAINTAINERS", "GOVERNANCE", "OWNERS", "SUPPORT", "BUILDING", "INSTALL", "HACKING", "DEVELOPING", "DEVELOPMENT",
    ]

    public static let folders: Set<String> = ["", ".github/", ".gitlab/", "docs/", "doc/"]

    public static func isDocument(_ path: String) -> Bool {
        if path == ".mailmap" { return true }
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[...$0]) } ?? ""
        guard folders.contains(folder) else { return false }
        let file = slash.map { String(path[path.index(after: $0)...]) } ?? path
        let stem = file.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? file
        return names.contains(stem.uppercased())
    }
}
