import Foundation
import Testing
import TributaryConfig
import TributaryStripe
import TributarySync

/// A source of the file becomes the engine's and the client's configuration with nothing lost.
@Suite struct SyncMappingTests {
    @Test func everySettingReachesTheEngineAndTheClient() throws {
        let config = try Fixture.parse(Fixture.oneSource("""
                base_url: http://127.0.0.1:12111/
                schema: stripe
                table_prefix: us_
                collections: {include: [charges, customers, invoice_lines]}
                columns:
                  charges:
                    hash: [billing_details_email]
                hash_salt: ${TRIBUTARY_HASH_SALT}
                mapping:
                  charges:
                    rename: {amount: amount_minor}
                connected_accounts: [acct_1Nv0FGQ9RKHgCVdK]
                max_rejected_share: 5%
                max_rps: 12
                rollback_runs: 3
            """))
        let source = try #require(config.sources.first)
        let engine = source.engineConfiguration(fullRefresh: true, concurrency: 7)
        #expect(engine.namespace.source == "shop" && engine.namespace.schema == "stripe" && engine.namespace.tablePrefix == "us_")
        #expect(engine.collections == ["charges", "customers", "invoice_lines"])
        #expect(engine.fullRefresh && engine.concurrency == 7)
        #expect(engine.maxRejectedShare == 0.05)
        #expect(engine.rollbackRuns == 3)
        #expect(engine.connectedAccounts == .only(["acct_1Nv0FGQ9RKHgCVdK"]))
        #expect(engine.account == nil)
        let charges = try #require(engine.transforms["charges"])
        #expect(!charges.isIdentity)
        #expect(engine.transforms.apply(to: Fixture.normalizer.tables(for: "charges"))[0].column("amount_minor") != nil)

        let client = source.clientConfiguration(key: StripeAPIKey(Fixture.apiKey))
        #expect(client.baseURL == "http://127.0.0.1:12111")
        #expect(client.requestsPerSecond == 12)
        #expect(client.apiKey == StripeAPIKey(Fixture.apiKey))
        #expect(try source.clientConfiguration().apiKey == StripeAPIKey(Fixture.apiKey))
    }

    @Test func theDefaultsAreTheEnginesDefaults() throws {
        let source = try #require(try Fixture.parse(Fixture.oneSource()).sources.first)
        let engine = source.engineConfiguration()
        #expect(engine.collections.isEmpty)   // every collection
        #expect(engine.connectedAccounts == .none && engine.transforms.isEmpty)
        #expect(engine.maxRejectedShare == SyncEngine.Configuration.defaultMaxRejectedShare)
        #expect(engine.rollbackRuns == 10)
        #expect(engine.concurrency == SyncEngine.Configuration.defaultConcurrency && !engine.fullRefresh)
        let client = source.clientConfiguration(key: StripeAPIKey(Fixture.apiKey))
        #expect(client.baseURL == "https://api.stripe.com" && client.requestsPerSecond == nil)

        let excluded = try #require(try Fixture.parse(Fixture.oneSource("    collections: {exclude: [events]}")).sources.first)
        let names = excluded.engineConfiguration().collections
        #expect(!names.contains("events") && names.contains("charges") && names.count > 50)
    }

    @Test func connectedAccountsReadFromTheCommandLine() {
        #expect(ConnectedAccounts(commandLine: "all") == .all)
        #expect(ConnectedAccounts(commandLine: " none ") == ConnectedAccounts.none)
        #expect(ConnectedAccounts(commandLine: "acct_1A, acct_2B,acct_1A") == .only(["acct_1A", "acct_2B"]))
        #expect(ConnectedAccounts(commandLine: "everyone") == nil)
        #expect(ConnectedAccounts(commandLine: "acct_1,cus_2") == nil)
        #expect(ConnectedAccounts(commandLine: "") == nil)
        #expect(ConnectedAccounts.only(["acct_1", "acct_2"]).configText == "acct_1, acct_2")
    }
}
