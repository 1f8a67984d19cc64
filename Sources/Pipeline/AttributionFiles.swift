import Attribution
import Foundation

/// The roster and aliases files a command names (`--roster`, `--aliases`, the pipeline's `roster:` and
/// `aliases:`), read and checked once for `analyze` and `run` alike, with the digests of their bytes for the
/// configuration digest.
public struct AttributionFiles: Sendable {
    public var roster: Roster?
    public var aliases: Aliases
    public var rosterDigest: String?
    public var aliasesDigest: String?

    /// A roster and aliases given as values (the digests are then those of no file).
    public init(roster: Roster? = nil, aliases: Aliases = .none, rosterDigest: String? = nil, aliasesDigest: String? = nil) {
        self.roster = roster
        self.aliases = aliases
        self.rosterDigest = rosterDigest
        self.aliasesDigest = aliasesDigest
    }

    /// Why the files cannot be used: the first error with its file and line, and what to run to see all
    /// (`ConfigError.summaryLine`).
    public struct LoadError: Error, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    public static func load(roster rosterPath: String?, rosterFormat: RosterFile.Format? = nil,
                            aliases aliasesPath: String?) throws(LoadError) -> AttributionFiles {
        let roster: Roster?
        let aliases: Aliases
        do {
            roster = try rosterPath.map { (path) throws(ConfigError) in
                guard let format = rosterFormat else { return try RosterFile.load(path: path) }
                var problems = ProblemList(file: path)
                guard let text = ConfigText.read(path, into: &problems) else { return try problems.result(nil).get() }
                return try RosterFile.read(text: text, path: path, format: format).get()
            }
            aliases = try aliasesPath.map { (path) throws(ConfigError) in try AliasesFile.load(path: path) } ?? .none
        } catch {
            throw LoadError(message: error.summaryLine)
        }
        return AttributionFiles(
            roster: roster, aliases: aliases,
            rosterDigest: rosterPath.flatMap { FileManager.default.contents(atPath: $0) }.map(Digest.sha256Hex),
            aliasesDigest: aliasesPath.flatMap { FileManager.default.contents(atPath: $0) }.map(Digest.sha256Hex))
    }

    /// The pseudonymizer when pseudonyms are asked for, its key from `INNERSOURCE_PSEUDONYM_KEY` or a key file.
    public static func pseudonymizer(requested: Bool, keyFile: String?,
                                     environment: [String: String]) throws(LoadError) -> Pseudonymizer? {
        guard requested || keyFile != nil else { return nil }
        do {
            return try Pseudonymizer.load(file: keyFile, environment: environment)
        } catch {
            throw LoadError(message: error.description)
        }
    }
}
