import ArgumentParser
import Pipeline

/// `innersource identities PATH|PIPELINE.yml`: likely duplicate people, with the evidence, and the
/// `.mailmap` lines and aliases file that would join them, to review. Never merges by itself.
struct IdentitiesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "identities",
        abstract: "List likely duplicate people (one person under several e-mails) and propose .mailmap lines and an aliases file.",
        discussion: """
        Rules: a noreply login equal to another address's local part (noreply_login); one name on a company \
        address and a personal one (company_and_personal); one name under two personal addresses or two \
        addresses at one company (same_name). The same name at two companies is never proposed. Nothing is \
        merged: review the proposals, then use them with --aliases or add the lines to .mailmap.
        """
    )

    @Argument(help: "A repository (work tree or bare) or a pipeline file whose repositories are read.")
    var target: String

    @Option(help: "Aliases file already in use: people it joins are not proposed again (default: the pipeline's).")
    var aliases: String?

    @Option(name: .customLong("noreply-host"), help: ArgumentHelp("Also treat addresses at this host as noreply addresses (repeatable).", valueName: "host"))
    var noreplyHosts: [String] = []

    @Option(help: "Write mailmap.proposed and aliases.proposed.yml into this folder.")
    var out: String?

    func validate() throws {
        try checkOutputFolder(out)
    }

    func run() throws {
        var invocation = IdentitiesInvocation(target: target)
        invocation.aliases = aliases
        invocation.noreplyHosts = noreplyHosts
        invocation.outputFolder = out
        try IdentitiesRunner.run(invocation)
    }
}
