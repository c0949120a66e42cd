import TributaryCatalog
import TributaryStripe
import TributarySync

extension SourceConfiguration {
    /// What the sync engine needs to sync this source: its namespace, collections, column rules and
    /// mappings, rejected-share threshold, Connect accounts and how many runs stay undoable.
    ///
    /// - Parameters:
    ///   - fullRefresh: list everything again, ignoring checkpoints (`tributary sync --full-refresh`).
    ///   - concurrency: requests in flight at once during a backfill.
    ///   - catalog: the catalog the collection names come from.
    public func engineConfiguration(fullRefresh: Bool = false,
                                    concurrency: Int = SyncEngine.Configuration.defaultConcurrency,
                                    catalog: Catalog = .stripe) -> SyncEngine.Configuration {
        // Every collection is the engine's empty selection; anything narrower is the resolved list.
        let names = collections == .all ? [] : collections.resolve(in: catalog)
        return SyncEngine.Configuration(namespace: namespace, collections: names, fullRefresh: fullRefresh,
                                        concurrency: concurrency, connectedAccounts: connectedAccounts,
                                        transforms: transforms, maxRejectedShare: maxRejectedShare,
                                        rollbackRuns: rollbackRuns)
    }

    /// The Stripe client's configuration for this source: its base URL, the key, and `max_rps` (the
    /// key's mode decides the rate when it is not set).
    ///
    /// - Parameter key: the source's key, from ``KeySource/resolve()``.
    public func clientConfiguration(key: StripeAPIKey) -> StripeClient.Configuration {
        var configuration = StripeClient.Configuration(apiKey: key, baseURL: baseURLText)
        configuration.requestsPerSecond = maxRPS
        return configuration
    }

    /// The client's configuration with the key resolved from the environment or ``apiKey``'s file.
    ///
    /// - Throws: ``ConfigError`` when the key file cannot be read or holds no usable key.
    public func clientConfiguration() throws(ConfigError) -> StripeClient.Configuration {
        clientConfiguration(key: try apiKey.resolve())
    }

    /// The base URL as the client takes it, without a trailing slash.
    public var baseURLText: String {
        var text = baseURL.absoluteString
        while text.hasSuffix("/") { text.removeLast() }
        return text
    }
}
