import ArgumentParser
import Pipeline

/// `innersource roster`: commands on roster files.
struct RosterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "roster",
        abstract: "Work with roster files.",
        subcommands: [RosterConvertCommand.self]
    )
}

/// `innersource roster convert FILE`: a roster in another tool's format, as our YAML.
struct RosterConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Write a roster (org-data.json, a SortingHat export, gitdm affiliations, Backstage entities, our CSV or YAML) as our YAML roster.",
        discussion: "Exit status 2, with the file and line, when the roster has errors; run `innersource validate FILE` for every problem."
    )

    @Argument(help: "The roster file.")
    var file: String

    @Option(name: .customLong("roster-format"), help: ArgumentHelp("Its format: yaml, csv, org-data, sortinghat, gitdm, backstage (default: detected).", valueName: "format"),
            transform: { text in
                guard let format = RosterFormat(rawValue: text) else {
                    throw ValidationError("--roster-format must be one of \(RosterFormat.allCases.map(\.rawValue).joined(separator: ", ")), not '\(text)'")
                }
                return format
            })
    var rosterFormat: RosterFormat?

    @Option(help: "Write the YAML into this file instead of stdout.")
    var out: String?

    func validate() throws {
        try checkOutputFolder(out)
    }

    func run() throws {
        try RosterConvertRunner.run(file: file, format: rosterFormat, output: out)
    }
}
