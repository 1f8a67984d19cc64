import InnerSourceModel

/// Where a component and its declared owners come from, in order of precedence for a path.
public enum ComponentSource: String, Sendable, Hashable, Codable, CaseIterable {
    /// The pipeline's `components:` or `--components FILE`.
    case config
    /// A CODEOWNERS rule.
    case codeowners
    /// An `OWNERS` file (Kubernetes or Chromium), nearest folder first.
    case owners
    /// A Backstage `catalog-info.yaml` descriptor, nearest folder first.
    case catalog
    /// No rule in the repository: its top-level folders (at the configured depth).
    case folders
}

/// One ownership rule: a CODEOWNERS line, an OWNERS file (or one of its `per-file` lines), a catalog
/// descriptor, a configured component, or a folder of the fallback. Each rule is one component.
public struct OwnershipRule: Sendable, Hashable, Codable {
    public var source: ComponentSource
    /// The component's name: the configured name, the CODEOWNERS pattern, the folder of an OWNERS file
    /// (`/` at the root), the descriptor's `metadata.name`, or the top-level folder.
    public var component: String
    /// The file the rule stands in (nil for configured components and folders).
    public var file: String?
    /// 1-based line of the rule in its file, when it has one.
    public var line: Int?
    /// The pattern as written: a CODEOWNERS pattern, a configured glob, `FOLDER/` for an OWNERS file or a
    /// descriptor, `FOLDER/PATTERN` for a `per-file` line.
    public var pattern: String
    /// The declared owners as written (`@org/team`, `@user`, an e-mail, a user name, `group:name`).
    public var owners: [String]
    /// An OWNERS file that does not inherit its parents' owners (`no_parent_owners`, `set noparent`).
    public var noParent = false

    public init(source: ComponentSource, component: String, file: String?, line: Int?, pattern: String,
                owners: [String], noParent: Bool = false) {
        self.source = source
        self.component = component
        self.file = file
        self.line = line
        self.pattern = pattern
        self.owners = owners
        self.noParent = noParent
    }

    /// `FILE:LINE`, `FILE`, or the component's name for a rule without a file: how a rule is named in outputs.
    public var place: String {
        guard let file else { return source == .config ? "components:" + component : component }
        return line.map { "\(file):\($0)" } ?? file
    }
}

/// A component declared in the pipeline or a `--components` file: path globs (`Glob` path syntax), a name
/// and an owner (a team name, a handle or an e-mail).
public struct ConfiguredComponent: Sendable, Hashable, Codable {
    public var name: String
    public var paths: [String]
    public var owner: String?

    public init(name: String, paths: [String], owner: String?) {
        self.name = name
        self.paths = paths
        self.owner = owner
    }
}
