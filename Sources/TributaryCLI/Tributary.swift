import ArgumentParser

/// `tributary`: copies a Stripe account into your warehouse.
@main
struct Tributary: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tributary",
        abstract: "Copies everything in a Stripe account into your own warehouse, and keeps it current.",
        discussion: """
        Start with `tributary init`, then `check`, `preview charges` and `sync`; `runs` shows what runs did.

        Exit codes of every command: 0 ok, 1 failed, 2 usage or configuration error, 3 partial.
        """,
        subcommands: [InitCommand.self, CheckCommand.self, CollectionsCommand.self, PreviewCommand.self, SyncCommand.self,
                      RunsCommand.self, RollbackCommand.self, DropCommand.self, DemoCommand.self, EmulatorCommand.self, BenchCommand.self]
    )
}
