import Foundation
import Testing
import TributaryCatalog
import TributarySync
import TributaryTesting

/// A source pointed at another schema or prefix keeps its name, and with it its state: the new tables
/// must still get every object, not only the changes since the old tables' last run.
@Suite struct RelocationTests {
    @Test func aSourceMovedToAnotherPrefixIsBackfilledThere() async throws {
        try await withSyncFixture({ $0.scale = 200 }) { fixture in
            let collections = ["customers", "charges", "products"]
            #expect(try await fixture.sync(collections: collections, prefix: "old_").status == .succeeded)
            let moved = try await fixture.sync(collections: collections, prefix: "new_")
            #expect(moved.status == .succeeded, "\(moved.errors)")
            #expect(moved.message?.contains("old_") == true, "the run says it starts over: \(moved.message ?? "no message")")
            for name in collections {
                let truth = try await fixture.truth(name)
                #expect(try fixture.live("new_" + name) == truth, "\(name) under the new prefix")
            }
            // The next run knows the new place: it starts from where the move left off.
            let next = try await fixture.sync(collections: collections, prefix: "new_")
            #expect(next.message == nil && next.total.inserted == 0, "\(next.message ?? "") \(next.total)")
        }
    }

    /// A collection the moved source no longer selected keeps no checkpoint from the old place: selected
    /// again later, it is listed whole into the new tables.
    @Test func aCollectionSelectedAgainAfterTheMoveIsBackfilledThere() async throws {
        try await withSyncFixture({ $0.scale = 200 }) { fixture in
            #expect(try await fixture.sync(collections: ["customers", "products"], prefix: "old_").status == .succeeded)
            #expect(try await fixture.sync(collections: ["customers"], prefix: "new_").status == .succeeded)
            let again = try await fixture.sync(collections: ["customers", "products"], prefix: "new_")
            #expect(again.status == .succeeded, "\(again.errors)")
            #expect(try fixture.live("new_products") == (try await fixture.truth("products")))
        }
    }
}
