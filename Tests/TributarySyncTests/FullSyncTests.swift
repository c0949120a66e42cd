import Foundation
import Testing
import TributaryCatalog
import TributarySync
import TributaryTesting

/// A first sync holds exactly what the emulator holds: every collection, every id, once.
@Suite struct FullSyncTests {
    @Test func everyCollectionEqualsTheEmulatorsTruth() async throws {
        try await withSyncFixture({ $0.scale = 400 }) { fixture in
            let record = try await fixture.sync()
            #expect(record.status == .succeeded, "\(record.errors) \(record.message ?? "")")
            for name in servedCollections {
                let truth = try await fixture.truth(name)
                let stored = try fixture.live(name)
                #expect(stored == truth, "\(name): \(stored.count) stored, \(truth.count) in the emulator; missing \(truth.subtracting(stored).prefix(3)), extra \(stored.subtracting(truth).prefix(3))")
            }
        }
    }
}
