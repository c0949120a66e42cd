import ArgumentParser

/// `tributary`: copies a Stripe account into your warehouse.
@main
struct Tributary: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tributary",
        abstract: "Copies everything in a Stripe account into your own warehouse, and keeps it current.",
        subcommands: [DemoCommand.self, SyncCommand.self, CollectionsCommand.self, EmulatorCommand.self, BenchCommand.self]
    )
}
