import Testing
import TributaryConfig
import TributaryWarehouse

@Suite struct StarterConfigTests {
    @Test func theStarterParsesWithItsVariablesSet() throws {
        let config = try Fixture.parse(ConfigFile.starter, environment: ["STRIPE_API_KEY": ConfigFile.emulatorAPIKey])
        #expect(config.destination == .sqlite(path: "tributary.sqlite"))
        let source = try #require(config.sources.first)
        #expect(config.sources.count == 1)
        #expect(source.name == "stripe" && source.namespace.tablePrefix == "stripe_" && source.collections == .all)
        #expect(source.baseURL.absoluteString == "https://api.stripe.com")
        #expect(Fixture.error(ConfigFile.starter, environment: [:])?.code == .undefinedVariable)
        #expect(ConfigFile.starter.contains("# columns:") && ConfigFile.starter.contains("# schedule:"))
    }

    @Test func theEmulatorStarterReadsTheEmulator() throws {
        let text = ConfigFile.starter(sourceName: "local shop", baseURL: ConfigFile.emulatorBaseURL,
                                      destination: "postgres://tributary:${PGPASSWORD}@127.0.0.1/warehouse")
        let config = try Fixture.parse(text, environment: ["STRIPE_API_KEY": ConfigFile.emulatorAPIKey, "PGPASSWORD": "pw"])
        let source = try #require(config.sources.first)
        #expect(source.name == "local_shop")
        #expect(source.baseURL.absoluteString == ConfigFile.emulatorBaseURL)
        guard case let .postgres(endpoint) = config.destination else { Issue.record("not postgres"); return }
        #expect(endpoint.password == "pw")
    }

    @Test func everyKeyOfTheFormatIsExplainedInTheStarter() {
        for key in ["destination", "name", "api_key", "api_key_file", "base_url", "schema", "table_prefix", "collections",
                    "columns", "exclude", "hash", "hash_salt", "mapping", "rename", "decimal_amounts", "connected_accounts",
                    "schedule", "alerts", "webhook", "webhook_secret", "max_rejected_share", "max_rps", "rollback_runs"] {
            #expect(ConfigFile.starter.contains("\(key):"), "\(key)")
        }
    }
}
