import Foundation
import Logging
import TributaryConfig
import TributaryStripe
import TributarySync
import TributaryWarehouse

/// One source to sync: what its engine and its Stripe client need, and where its alerts go.
struct SyncJob: Sendable {
    /// The source's name.
    var name: String
    /// The engine's configuration: namespace, collections, column rules, Connect accounts, …
    var engine: SyncEngine.Configuration
    /// The client's: base URL, key, rate.
    var client: StripeClient.Configuration
    /// The source's `alerts:` rules.
    var alerts: [AlertRule] = []

    init(name: String, engine: SyncEngine.Configuration, client: StripeClient.Configuration, alerts: [AlertRule] = []) {
        self.name = name
        self.engine = engine
        self.client = client
        self.alerts = alerts
    }

    /// The job for a source of `tributary.yml`.
    ///
    /// - Parameter maxRPS: `--max-rps`, which overrides the file's `max_rps`.
    init(source: SourceConfiguration, key: StripeAPIKey, fullRefresh: Bool, concurrency: Int, maxRPS: Double?) {
        var client = source.clientConfiguration(key: key)
        if let maxRPS { client.requestsPerSecond = maxRPS }
        self.init(name: source.name, engine: source.engineConfiguration(fullRefresh: fullRefresh, concurrency: concurrency),
                  client: client, alerts: source.alerts)
    }
}
