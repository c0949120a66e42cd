import ArgumentParser

/// `tributary bench`: the benchmarks behind the figures in the README.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure Tributary's parts on this machine.",
        subcommands: [SyncBench.self, EmulatorBench.self, SQLiteBench.self, PostgresBench.self]
    )
}
