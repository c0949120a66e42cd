import Foundation
import Testing
import TributaryCatalog
import TributaryNormalizer
import TributaryStripe
import TributaryTesting
import TributaryWarehouse

/// Every top-level collection of the emulator, listed through the Stripe client and loaded: each
/// destination ends up with exactly the objects the emulator holds, in every table the catalog describes.
@Suite(.timeLimit(.minutes(5))) struct EmulatorLoadConformanceTests {
    @Test(arguments: Backend.enabled)
    func everyCollectionLoadsWithTheEmulatorsCounts(_ backend: Backend) async throws {
        // Bitcoin lists answer 404, as today's Stripe does.
        let collections = Catalog.stripe.collections.filter { $0.parent == nil && $0.partition == nil && !$0.path.hasPrefix("/v1/bitcoin") }
        try await withEmulator({ $0.scale = 1500 }) { emulator in
            try await withWarehouse(backend) { w in
                try await w.destination.prepare(collections.flatMap { normalizer.tables(for: $0.name) }, in: w.namespace)
                let configuration = StripeClient.Configuration(apiKey: StripeAPIKey(emulator.secretKey), baseURL: emulator.baseURL)
                try await withStripeClient(configuration: configuration) { stripe in
                    for collection in collections {
                        for try await page in stripe.list(collection.path, query: collection.fixedQuery.sorted { $0.key < $1.key }) {
                            let batch = try normalizer.normalize(page.objects, collection: collection.name, context: .init(syncedAt: 1))
                            #expect(batch.rejects.isEmpty, "\(collection.name): \(batch.rejects.map(\.reason))")
                            try await w.destination.commit(batch, in: w.namespace)
                        }
                    }
                }
                var compared = 0
                for collection in collections {
                    let truth = try await rawRequest(emulator.baseURL + "/_emulator/truth?collection=\(collection.name)",
                                                     headers: [bearerAuth(emulator.secretKey)]).json
                    let ids = try #require(truth["ids"]?.arrayValue).compactMap(\.stringValue)
                    let stored = try await w.column("SELECT id FROM \(w.table(collection.name))").compactMap { $0 }
                    #expect(Set(stored) == Set(ids), "\(collection.name): \(stored.count) stored, \(ids.count) in the emulator")
                    compared += ids.count
                }
                #expect(compared > 1000)
            }
        }
    }
}
