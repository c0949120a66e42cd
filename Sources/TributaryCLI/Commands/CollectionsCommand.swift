import ArgumentParser
import Foundation
import TributaryCatalog

/// `tributary collections`: what Tributary can sync, derived from Stripe's spec.
struct CollectionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "collections",
        abstract: "List every collection Tributary syncs: table, endpoint, sync method, child tables.",
        discussion: "Exit codes: 0 ok, 2 usage error."
    )

    @Flag(help: "Print JSON instead of a table.") var json = false

    func run() throws {
        let entries = CatalogListing(catalog: .stripe).entries
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            FileHandle.standardOutput.write(try encoder.encode(entries))
            print()
            return
        }
        let width = (entries.map(\.name.count).max() ?? 10) + 2
        let pathWidth = min(48, (entries.map { ($0.endpoint ?? "").count }.max() ?? 10) + 2)
        func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s + " " : s + String(repeating: " ", count: n - s.count) }
        print(pad("TABLE", width) + pad("ENDPOINT", pathWidth) + pad("SYNC", 16) + "CHILD TABLES")
        for e in entries {
            print(pad(e.name, width) + pad(e.endpoint ?? "(in \(e.parent ?? "parent"))", pathWidth)
                  + pad(e.syncMethod, 16) + e.childTables.joined(separator: ", "))
        }
        print("\n\(entries.count) tables from Stripe API \(Catalog.stripe.apiVersion).")
    }
}
