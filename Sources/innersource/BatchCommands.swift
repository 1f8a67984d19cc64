import ArgumentParser
import Pipeline

/// `innersource run PIPELINE.yml`: the scheduled batch over an organisation's repositories.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a pipeline: analyse every repository it names or finds, and write the outputs.",
        discussion: """
        Repositories are analysed in parallel; one that cannot be analysed is named in the outputs with its \
        reason and the run goes on (exit status 1). An incremental cache inside the outputs folder \
        (.cache/innersource-cache.sqlite) means a later run reads only the commits it has not seen. \
        --shard K/N analyses the K-th of N slices (K from 0); `innersource merge` combines the shards' folders. \
        Exit status: 0 done, 1 outputs written but some repository failed, 2 nothing written (bad pipeline, \
        roster or arguments).
        """
    )

    @Argument(help: "The pipeline file (YAML).")
    var pipeline: String

    @Option(help: "Analyse only slice K of N (K from 0 to N-1, e.g. $JOB_COMPLETION_INDEX/4).",
            transform: { try Shard.parse($0).get() })
    var shard: Shard?

    @Flag(name: .customLong("no-cache"), help: "Read every repository in full and leave the cache alone.")
    var noCache = false

    @Option(parsing: .unconditional, help: "Repositories analysed at once (default: one per core).")
    var jobs: Int?

    @OptionGroup var common: CommonOptions

    func validate() throws {
        if let jobs, jobs < 1 || jobs > 256 { throw ValidationError("--jobs must be from 1 to 256") }
    }

    func run() throws {
        var invocation = RunInvocation(pipeline: pipeline)
        invocation.options.shard = shard
        invocation.options.useCache = !noCache
        invocation.options.asOf = common.asOf
        invocation.options.jobs = jobs
        invocation.options.pseudonymKeyFile = common.pseudonymKeyFile
        invocation.options.historyKeep = common.historyKeep
        invocation.options.postgresURL = common.postgresURL
        try RunRunner.run(invocation)
    }
}

/// `innersource merge DIR... --out DIR`: one run's outputs from its shards' folders.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Combine the output folders of a run's shards into what one run would have written.",
        discussion: """
        Every shard from 0 to N-1 must be given once, all run with the same pipeline, configuration and \
        as-of time; otherwise nothing is written and the exit status is 2. Organisation-level figures are \
        recomputed from the shards' facts (innersource-facts.json). Exit status 1 when some repository in \
        the shards could not be analysed.
        """
    )

    @Argument(help: "The shards' output folders.")
    var folders: [String]

    @Option(name: .customLong("out"), help: "The folder to write the merged outputs into.")
    var output: String

    func validate() throws {
        try checkOutputFolder(output)
    }

    func run() throws {
        try MergeRunner.run(folders: folders, output: output)
    }
}

/// `innersource validate FILE`: checks a pipeline, roster or aliases file and lists every problem with its line.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a pipeline, a roster (YAML or CSV) or an aliases file and list every problem with its line.",
        discussion: """
        The kind of file is told by its content: YAML with a top-level repositories: key is a pipeline (the \
        roster and aliases files it names are checked too), YAML with a top-level teams: key (or a .csv file with the \
        header email,team,from,to) is a roster, YAML with a top-level people: key is an aliases file. Each \
        problem is printed as FILE:LINE: error|warning: MESSAGE, then a summary line. Exits 0 when there are \
        only warnings or nothing, 2 with any error or when the file cannot be read.
        """
    )

    @Argument(help: "The pipeline, roster or aliases file to check.")
    var file: String

    func run() throws {
        try ValidateRunner.run(file: file)
    }
}
