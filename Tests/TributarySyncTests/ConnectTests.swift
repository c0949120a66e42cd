import Foundation
import Testing
import TributaryCatalog
import TributarySync
import TributaryTesting

/// One source reads the platform and every connected account, each row tagged with its account.
@Suite struct ConnectTests {
    @Test func allConnectedAccountsSyncIntoOneSourceTaggedByAccount() async throws {
        try await withSyncFixture({ $0.scale = 200; $0.connectedAccounts = 2 }) { fixture in
            let record = try await fixture.sync(collections: ["customers", "charges"], connectedAccounts: .all)
            #expect(record.status == .succeeded, "\(record.errors)")
            for account in fixture.emulator.emulator.connectedAccountIDs {
                for name in ["customers", "charges"] {
                    let truth = try await fixture.truth(name, account: account)
                    let stored = try fixture.live(name, account: account)
                    #expect(!truth.isEmpty)
                    #expect(stored == truth, "\(account) \(name): \(stored.count) stored, \(truth.count) listed")
                }
            }
            let platform = try fixture.live("customers", account: nil)
            #expect(platform == (try await fixture.truth("customers")))
            // A second run reads each account's own events cursor.
            try await fixture.admin("mutate?n=100&account=\(fixture.emulator.emulator.connectedAccountIDs[0])")
            try await fixture.sync(collections: ["customers", "charges"], connectedAccounts: .all)
            let account = fixture.emulator.emulator.connectedAccountIDs[0]
            #expect(try fixture.live("customers", account: account) == (try await fixture.truth("customers", account: account)))
        }
    }
}
