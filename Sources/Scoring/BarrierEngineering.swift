import InnerSourceModel

/// Code without tests: an outsider cannot tell whether a change broke something.
public struct NoTestsBarrier: Barrier {
    public static let id = "no_tests"
    public static let severity = BarrierSeverity.medium
    /// Fewer files of code than this and there is nothing to test (a documentation or configuration repository).
    public static let minimumCodeFiles = 1
    public static let looksFor = "files of code (at least \(minimumCodeFiles)) but no test folder or test file by the "
        + "conventions of common languages"
    public static let remedy = "Add tests next to the code in the language's usual place (Tests/, src/test/, *_test.go, "
        + "test_*.py, *.test.ts) and say in CONTRIBUTING.md how to run them."

    public static var triggeringExamples: [BarrierExample] {
        [
            BarrierExample("Swift sources, no Tests/", files: { $0["Tests/PaymentsTests/PaymentsTests.swift"] = nil }),
            BarrierExample("a Go service whose only test-like name is a folder called latest", files: {
                $0["Tests/PaymentsTests/PaymentsTests.swift"] = nil
                $0["cmd/server/main.go"] = ""
                $0["latest/notes.go"] = ""
            }),
        ]
    }

    public static var nonTriggeringExamples: [BarrierExample] {
        [
            BarrierExample("Tests/ next to Sources/", context: .healthy),
            BarrierExample("Go tests beside the code", files: {
                $0["Tests/PaymentsTests/PaymentsTests.swift"] = nil
                $0["ledger/ledger.go"] = ""
                $0["ledger/ledger_test.go"] = ""
            }),
            BarrierExample("no code at all", files: {
                $0 = $0.filter { !$0.key.hasSuffix(".swift") }
                $0["docs/handbook.md"] = ""
            }),
        ]
    }

    public static func evaluate(_ context: BarrierContext) -> BarrierFinding? {
        let tests = context.hygiene.tests
        guard tests.check.status == .missing, tests.codeFiles >= minimumCodeFiles else { return nil }
        return finding("\(Format.count(tests.codeFiles, "file")) of code; " + tests.check.note)
    }
}

/// No CI: nothing checks an outsider's change before a reviewer has to.
public struct NoCIBarrier: Barrier {
    public static let id = "no_ci"
    public static let severity = BarrierSeverity.medium
    public static let looksFor = "code or a build system but no configuration of a common CI system (GitHub Actions, GitLab CI, "
        + "Jenkins, Azure Pipelines, CircleCI, Buildkite, Travis, Drone, TeamCity, Woodpecker, Tekton, ...)"
    public static let remedy = "Run the build and the tests on every pull or merge request in CI, so that contributors "
        + "and reviewers see the result without building it themselves."

    public static var triggeringExamples: [BarrierExample] {
        [
            BarrierExample("no CI file", files: { $0[".github/workflows/ci.yml"] = nil }),
            BarrierExample("a workflow folder with only a README", files: {
                $0[".github/workflows/ci.yml"] = nil
                $0[".github/workflows/README.md"] = ""
            }),
        ]
    }

    public static var nonTriggeringExamples: [BarrierExample] {
        [
            BarrierExample("GitHub Actions", context: .healthy),
            BarrierExample("a Jenkinsfile", files: {
                $0[".github/workflows/ci.yml"] = nil
                $0["Jenkinsfile"] = ""
            }),
            BarrierExample("a documentation repository with no code and no build", files: {
                $0 = $0.filter { !$0.key.hasSuffix(".swift") && !$0.key.hasPrefix(".github/workflows/") }
            }),
        ]
    }

    public static func evaluate(_ context: BarrierContext) -> BarrierFinding? {
        let hygiene = context.hygiene
        guard hygiene.ci.tools.isEmpty else { return nil }
        guard hygiene.tests.codeFiles > 0 || !hygiene.buildSystems.tools.isEmpty else { return nil }
        let what = hygiene.buildSystems.tools.isEmpty
            ? Format.count(hygiene.tests.codeFiles, "file") + " of code"
            : "build systems " + hygiene.buildSystems.tools.map(\.name).joined(separator: ", ")
        return finding("\(what), but " + hygiene.ci.check.note)
    }
}
