/// Folders of someone else's code (vendored, third-party, installed dependencies, build output): their files are
/// not the team's own work, so the truck factor leaves them out, and their tests and build files are not the
/// project's. The one list; folder names compare ignoring case, at any depth.
public enum VendoredCode {
    /// Folder names, lower-cased.
    public static let folders: Set<String> = [
        "vendor", "vendors", "third_party", "third-party", "thirdparty", "3rdparty", "external", "extern",
        "node_modules", "bower_components", "pods", "carthage", ".yarn", "deps", ".build",
    ]

    /// Whether the path whose `/`-separated components these are lies inside a vendored folder (the last
    /// component is the file itself and does not count).
    public static func contains(_ components: [Substring]) -> Bool {
        components.dropLast().contains { folders.contains($0.lowercased()) }
    }
}
