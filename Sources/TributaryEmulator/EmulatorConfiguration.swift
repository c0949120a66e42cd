/// Everything that shapes the emulator: its data, its keys, and how it misbehaves.
///
/// Every default suits a quick local run; faults and latency are off unless asked for.
public struct EmulatorConfiguration: Sendable {
    /// The address to bind. Loopback unless told otherwise.
    public var host: String = "127.0.0.1"
    /// The port to listen on; 0 picks a free one.
    public var port: Int = 12111
    /// How many objects the platform account holds, spread over collections in realistic proportions.
    public var scale: Int = 1000
    /// Seed of every random choice: the same seed gives the same data, latencies and faults.
    public var seed: UInt64 = 1
    /// The moment the generated history ends, in Unix seconds. `nil` takes today's midnight (UTC), so
    /// that one seed gives the same data all day.
    public var anchorTime: Int64? = nil
    /// The secret key that authenticates every request.
    public var secretKey: String = "sk_test_tributary_emulator_secret_0001"
    /// Restricted keys and the permissions each holds (`rak_charge_read`, …).
    public var restrictedKeys: [String: Set<String>] = [
        "rk_test_tributary_restricted_0001": ["rak_charge_read", "rak_customer_read", "rak_event_read"],
    ]
    /// How many connected accounts the platform has (listed by `/v1/accounts`, chosen by `Stripe-Account`).
    public var connectedAccounts: Int = 3
    /// The share of `scale` each connected account holds.
    public var connectedAccountShare: Double = 0.05
    /// Requests per second allowed for the whole platform (Connect requests included); 0 disables it.
    public var requestsPerSecond: Double = 100
    /// How many requests may arrive at once above the steady rate.
    public var burst: Double? = nil
    /// Base latency of every response, in milliseconds.
    public var latencyMilliseconds: Double = 0
    /// Extra latency per object in a list response, in milliseconds.
    public var latencyPerObjectMilliseconds: Double = 0
    /// Uniform jitter added to the latency (±), in milliseconds.
    public var jitterMilliseconds: Double = 0
    /// Share of requests answered with a 500 `api_error`.
    public var failRate: Double = 0
    /// Share of requests whose connection is dropped in the middle of the response.
    public var dropRate: Double = 0
    /// Share of requests delayed by `slowMilliseconds` on top of the latency model.
    public var slowRate: Double = 0
    /// The delay of a slow response, in milliseconds.
    public var slowMilliseconds: Double = 5000
    /// How long events are kept, in seconds (Stripe keeps 30 days).
    public var eventRetentionSeconds: Int64 = 30 * 86400
    /// Objects per embedded list before it is truncated with `has_more` (Stripe embeds about 10).
    public var embeddedListLimit: Int = 10

    /// A configuration with every default.
    public init() {}
}
