import Foundation
import Testing
import TributaryCatalog
import TributaryConfig
import TributaryNormalizer
import TributaryStripe
import TributaryWarehouse

@Suite struct ConfigParsingTests {
    static let full = """
    # Two shops in one schema, told apart by their prefixes.
    destination: postgres://tributary:${PGPASSWORD}@db.internal:5432/warehouse?sslmode=require
    sources:
      - name: us-shop
        api_key: ${STRIPE_API_KEY}
        base_url: ${STRIPE_BASE_URL:-https://api.stripe.com}
        schema: stripe
        table_prefix: us_
        collections:
          include: [charges, customers, invoices, invoice_lines, subscriptions]
          exclude: [subscriptions]
        columns:
          charges:
            exclude: [billing_details.address]
            hash: [billing_details_email]
          customers:
            hash: [email, phone]
        hash_salt: ${TRIBUTARY_HASH_SALT}
        mapping:
          charges:
            rename: {amount: amount_minor}
            decimal_amounts: [amount, amount_refunded]
        connected_accounts: [acct_1Nv0FGQ9RKHgCVdK, acct_1Nv0FGQ9RKHgCVdL]
        schedule: every 15m
        alerts:
          webhook: ${ALERT_WEBHOOK_URL}
          on: [failed]
        webhook_secret: ${STRIPE_WEBHOOK_SECRET}
        max_rejected_share: 2%
        max_rps: 20
      - name: eu_shop
        api_key_file: secrets/eu.key
        schema: stripe
        table_prefix: eu_
        collections: all
        connected_accounts: all
        schedule: daily at 02:00
    """

    @Test func parsesAFullExample() throws {
        let config = try Fixture.parse(Self.full, fileName: "deploy/tributary.yml")
        guard case let .postgres(endpoint) = config.destination else { Issue.record("not postgres"); return }
        #expect(endpoint.password == Fixture.password && endpoint.host == "db.internal" && endpoint.database == "warehouse")
        #expect(config.sources.map(\.name) == ["us-shop", "eu_shop"])

        let us = try #require(config.source(named: "us-shop"))
        #expect(us.apiKey == .environment(variable: "STRIPE_API_KEY", key: StripeAPIKey(Fixture.apiKey)))
        #expect(us.baseURL.absoluteString == "https://api.stripe.com")
        #expect(us.namespace == (try Namespace(source: "us-shop", schema: "stripe", tablePrefix: "us_")))
        #expect(us.collections.resolve(in: .stripe) == ["charges", "customers", "invoices", "invoice_lines"])
        #expect(us.columns["charges"] == ColumnRules(exclude: ["billing_details.address"], hash: ["billing_details_email"]))
        #expect(us.columns["customers"]?.hash == ["email", "phone"])
        #expect(us.mapping["charges"] == TableMapping(rename: ["amount": "amount_minor"], decimalAmounts: ["amount", "amount_refunded"]))
        #expect(us.hashSalt == HashSalt(Fixture.salt))
        #expect(us.connectedAccounts == .only(["acct_1Nv0FGQ9RKHgCVdK", "acct_1Nv0FGQ9RKHgCVdL"]))
        #expect(us.schedule == .every(seconds: 900))
        #expect(us.alerts == [AlertRule(webhook: URL(string: Fixture.environment["ALERT_WEBHOOK_URL"]!)!, on: [.failed])])
        #expect(us.webhookSecret == ConfigSecret(variable: "STRIPE_WEBHOOK_SECRET", value: Fixture.webhookSecret))
        #expect(us.maxRejectedShare == 0.02)
        #expect(us.maxRPS == 20)
        #expect(us.line == 4)

        // The transforms are ready for the sync engine.
        let charges = us.transforms.apply(to: try #require(Fixture.normalizer.table(named: "charges")))
        #expect(charges.column("amount") == nil && charges.column("amount_minor_decimal")?.type == .real)
        #expect(charges.column("billing_details_address_city") == nil && charges.column("billing_details_email")?.type == .text)
        #expect(us.transforms.apply(to: try #require(Fixture.normalizer.table(named: "customers"))).column("email")?.type == .text)

        let eu = try #require(config.source(named: "eu_shop"))
        #expect(eu.apiKey == .file(path: "deploy/secrets/eu.key"))
        #expect(eu.baseURL == SourceConfiguration.defaultBaseURL)
        #expect(eu.namespace.schema == "stripe" && eu.namespace.tablePrefix == "eu_")
        #expect(eu.collections == .all && eu.collections.resolve().count == Catalog.stripe.collections.count)
        #expect(eu.connectedAccounts == .all)
        #expect(eu.schedule == .cron(try CronExpression("0 2 * * *")))
        #expect(eu.maxRejectedShare == 0.01 && eu.maxRPS == nil && eu.alerts.isEmpty && eu.webhookSecret == nil)
        #expect(eu.transforms.isEmpty && eu.hashSalt == nil)
    }

    @Test func defaultsFillEverythingOptional() throws {
        let config = try Fixture.parse(Fixture.oneSource())
        #expect(config.destination == .sqlite(path: "tributary.sqlite"))
        let source = try #require(config.sources.first)
        #expect(source.namespace.schema == "main" && source.namespace.tablePrefix == "" && source.namespace.source == "shop")
        #expect(source.baseURL.absoluteString == "https://api.stripe.com")
        #expect(source.collections == .all)
        #expect(source.connectedAccounts == .none)
        #expect(source.schedule == nil)
        #expect(source.maxRejectedShare == 0.01)
    }

    @Test func collectionFormsAndConnectedAccounts() throws {
        func source(_ lines: String) throws -> SourceConfiguration {
            try #require(try Fixture.parse(Fixture.oneSource(lines)).sources.first)
        }
        #expect(try source("    collections: [customers, charges]").collections.resolve() == ["charges", "customers"])
        #expect(try source("    collections: charges").collections.resolve() == ["charges"])
        let allBut = try source("    collections: {exclude: [events, charges]}").collections.resolve()
        #expect(allBut.count == Catalog.stripe.collections.count - 2 && !allBut.contains("events"))
        #expect(try source("    connected_accounts: none").connectedAccounts == .none)
        #expect(try source("    base_url: http://127.0.0.1:12111/").baseURL.absoluteString == "http://127.0.0.1:12111")
        #expect(try source("    max_rejected_share: 0").maxRejectedShare == 0)
    }

    @Test func fileErrorsNameTheFileAndTheFix() throws {
        let missing = "/nonexistent-\(UInt32.random(in: 0...UInt32.max))/tributary.yml"
        var failure: ConfigError?
        do throws(ConfigError) {
            _ = try TributaryConfiguration.load(path: missing, environment: [:], normalizer: Fixture.normalizer)
        } catch {
            failure = error
        }
        #expect(failure?.code == .unreadableFile)
        #expect(failure?.description.contains(missing) == true && failure?.message.contains("tributary init") == true)
        #expect(Fixture.error("")?.code == .missingKey)
        #expect(Fixture.error("destination: sqlite:x.sqlite\n")?.message.contains("sources") == true)
        #expect(Fixture.error("sources: []\n")?.message.contains("destination") == true)
        let syntax = try #require(Fixture.error("destination: sqlite:x\nsources:\n  - name: [a\n    api_key: ${STRIPE_API_KEY}\n"))
        #expect(syntax.code == .syntax && syntax.line != nil)
        let duplicate = try #require(Fixture.error("destination: sqlite:a\ndestination: sqlite:b\nsources: []\n"))
        #expect(duplicate.code == .duplicateKey && duplicate.line == 1)
        let bad = try #require(Fixture.error(Fixture.oneSource(destination: "mysql://db/x")))
        #expect(bad.code == .invalidDestination && bad.line == 1)
    }

    @Test func loadsAFileAndReadsAKeyFileNextToIt() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tributary-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let yaml = "destination: sqlite:t.sqlite\nsources:\n  - name: a\n    api_key_file: stripe.key\n"
        try yaml.write(to: directory.appendingPathComponent("tributary.yml"), atomically: true, encoding: .utf8)
        try "  \(Fixture.apiKey)\n".write(to: directory.appendingPathComponent("stripe.key"), atomically: true, encoding: .utf8)
        let config = try TributaryConfiguration.load(path: directory.appendingPathComponent("tributary.yml").path,
                                                     environment: [:], normalizer: Fixture.normalizer)
        let key = try config.sources[0].apiKey.resolve()
        #expect(key == StripeAPIKey(Fixture.apiKey))
        try "pk_test_publishable0000000000".write(to: directory.appendingPathComponent("stripe.key"), atomically: true, encoding: .utf8)
        #expect(throws: ConfigError.self) { _ = try config.sources[0].apiKey.resolve() }
        try FileManager.default.removeItem(at: directory.appendingPathComponent("stripe.key"))
        do throws(ConfigError) {
            _ = try config.sources[0].apiKey.resolve()
            Issue.record("a missing key file resolved")
        } catch {
            #expect(error.code == .unreadableKeyFile && error.message.contains("stripe.key"))
        }
    }
}
