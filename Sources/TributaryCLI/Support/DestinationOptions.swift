import ArgumentParser
import TributaryConfig
import TributaryWarehouse

/// The configuration options plus `--destination`, for commands that only read the destination
/// (`runs`): without a configuration file, `--destination` (default `sqlite:tributary.sqlite`) names it.
struct DestinationOptions: ParsableArguments {
    @OptionGroup var config: ConfigOptions
    @Option(help: "The destination to read when there is no configuration file (default sqlite:tributary.sqlite).")
    var destination: String?

    /// The destination, and the source names `--source` selects (empty: every source).
    func resolve() throws(CLIError) -> (DestinationURL, [String]) {
        if let destination {
            do {
                return (try DestinationURL(destination), config.sources)
            } catch {
                throw CLIError(.usage, "--destination: \(error.message)")
            }
        }
        guard config.hasFile else { return (.default, config.sources) }
        let configuration = try config.load()
        let sources = try config.selected(from: configuration).map(\.name)
        return (configuration.destination, config.sources.isEmpty ? [] : sources)
    }
}
