/// The tool's name and version, recorded in every output.
public enum ToolInfo {
    public static let name = "innersource"
    public static let version = "0.1.0"
    /// The version of the output files' layout (docs/DEFINITIONS.md; `schema_version` in every output).
    public static let schemaVersion = 2
}
