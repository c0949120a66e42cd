import ArgumentParser
import Foundation
import TributaryCatalog
import TributaryConfig
import TributaryNormalizer
import TributaryStripe

/// `tributary preview COLLECTION`: a few rows exactly as the warehouse will get them.
struct PreviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview",
        abstract: "Show a few rows of a collection exactly as the warehouse will get them, with column types.",
        discussion: """
        Reads the first objects of the collection from the source's account, normalizes them, applies the \
        source's column rules and mappings (exclude, hash, rename, decimal amounts), and prints each table's \
        rows (the collection's own, then its child tables) with the column names and types the destination \
        gets. Nothing is written.

        Exit codes: 0 ok, 1 Stripe refused the key or the request, 2 usage or configuration error.
        """
    )

    @Argument(help: "The collection, as `tributary collections` lists it (charges, invoice_lines, …).") var collection: String
    @OptionGroup var config: ConfigOptions
    @Option(help: "Objects read (1 to 100).") var limit = 5
    @Flag(help: "Print JSON instead of text.") var json = false

    func run() async throws {
        ProcessSetup.start(logLevel: .error)
        do {
            guard (1...100).contains(limit) else { throw CLIError(.usage, "--limit must be between 1 and 100") }
            let configuration = try config.load()
            let source = try config.single(from: configuration)
            let catalog = Catalog.stripe
            guard let descriptor = catalog.collection(named: collection) else {
                throw CLIError(.usage, "there is no collection '\(collection)'\(Suggestion.phrase(for: collection, in: catalog.collections.map(\.name))); `tributary collections` lists them")
            }
            let clientConfiguration: StripeClient.Configuration
            do throws(ConfigError) {
                clientConfiguration = try source.clientConfiguration()
            } catch {
                throw CLIError(.usage, "source '\(source.name)': \(error.message)")
            }
            let preview: Preview
            do {
                preview = try await withStripeClient(configuration: KeyCheck.probing(clientConfiguration)) { client in
                    try await Preview.make(collection: descriptor, source: source, destination: configuration.destination,
                                           limit: limit, client: client, normalizer: Normalizer(catalog: catalog))
                }
            } catch let error as StripeError {
                throw CLIError(.failed, error.code == .permission
                    ? "The key of source '\(source.name)' may not read \(collection)\(error.missingPermission.map { " (it lacks \($0))" } ?? ""); grant it, or use another source"
                    : KeyCheck.sentence(for: error, source: source.name, key: clientConfiguration.apiKey, baseURL: clientConfiguration.baseURL))
            }
            if json {
                try JSONOutput.print(preview)
            } else {
                let selected = source.collections.resolve(in: catalog).contains(collection)
                print("\(collection) from source '\(source.name)'\(selected ? "" : " (not selected by the source: `tributary sync` leaves it out)")\n")
                print(preview.text)
            }
        } catch let error as CLIError {
            throw error.exit()
        }
    }
}
