extension StripeClient {
    /// Everything a ``StripeClient`` needs: where Stripe is, which key and API version to use, and how
    /// hard to push.
    ///
    /// The key is a ``StripeAPIKey``, so printing or dumping a configuration shows only its redacted form.
    public struct Configuration: Sendable {
        /// Stripe's production API.
        public static let defaultBaseURL = "https://api.stripe.com"

        /// The API version Tributary pins: the version of Stripe's OpenAPI spec the catalog is derived from,
        /// so responses have the shapes the catalog describes whatever the account's default version is.
        public static let pinnedAPIVersion = "2020-08-27"

        /// The fraction of Stripe's per-mode limit used when ``requestsPerSecond`` is `nil`, leaving room
        /// for the account's other traffic (dashboard, webhooks handlers, other integrations).
        public static let defaultRateLimitShare = 0.9
        /// The share of the emulator's exact token bucket that the demo and benchmark use: the bucket
        /// has no other clients, so the client may run just under it.
        public static let emulatorRateShare = 0.98

        /// Where requests go, without a trailing slash: Stripe, or an emulator at `http://127.0.0.1:PORT`.
        public var baseURL: String
        /// The secret or restricted key sent as `Authorization: Bearer …`.
        public var apiKey: StripeAPIKey
        /// The `Stripe-Version` header.
        public var apiVersion: String
        /// The steady request rate; `nil` means 90 % of the key's mode limit (100/s live, 25/s test).
        public var requestsPerSecond: Double?
        /// How the rate reacts to 429s.
        public var rateLimitAdaptation: RateLimiter.Adaptation
        /// Retries after the first attempt of each request.
        public var maxRetries: Int
        /// The first retry's delay and the floor of every retry delay (Stripe's SDKs use 0.5 s; tests
        /// against an emulator want a few milliseconds).
        public var retryBaseDelay: Duration
        /// The cap on the exponential retry delay.
        public var retryMaxDelay: Duration
        /// How long one attempt may wait for the response head, and for each read of its body.
        public var requestTimeout: Duration
        /// The `User-Agent` header.
        public var userAgent: String
        /// Responses larger than this fail with ``StripeError/Code/unexpectedResponse`` instead of
        /// exhausting memory; a page of 100 heavily expanded objects stays well below the default 32 MiB.
        public var maxResponseBytes: Int

        /// A configuration with Stripe's defaults for everything but the key.
        public init(
            apiKey: StripeAPIKey,
            baseURL: String = Configuration.defaultBaseURL,
            apiVersion: String = Configuration.pinnedAPIVersion,
            requestsPerSecond: Double? = nil,
            rateLimitAdaptation: RateLimiter.Adaptation = RateLimiter.Adaptation(),
            maxRetries: Int = 8,
            retryBaseDelay: Duration = .milliseconds(500),
            retryMaxDelay: Duration = .seconds(5),
            requestTimeout: Duration = .seconds(30),
            userAgent: String = "Tributary",
            maxResponseBytes: Int = 32 << 20
        ) {
            self.baseURL = baseURL
            self.apiKey = apiKey
            self.apiVersion = apiVersion
            self.requestsPerSecond = requestsPerSecond
            self.rateLimitAdaptation = rateLimitAdaptation
            self.maxRetries = maxRetries
            self.retryBaseDelay = retryBaseDelay
            self.retryMaxDelay = retryMaxDelay
            self.requestTimeout = requestTimeout
            self.userAgent = userAgent
            self.maxResponseBytes = maxResponseBytes
        }

        /// Connections kept open to Stripe at most, or `nil` for one per request per second of the rate
        /// (at least 16): enough for a second of latency, as each request holds a connection while
        /// Stripe answers. AsyncHTTPClient's own default of 8 would cap a 300 ms API at ~26 req/s.
        public var maxConnections: Int? = nil

        /// The connection pool's size: ``maxConnections`` or its default.
        public var effectiveMaxConnections: Int {
            maxConnections ?? max(16, Int(effectiveRequestsPerSecond.rounded(.up)))
        }

        /// The rate the client's limiter starts at and recovers to.
        public var effectiveRequestsPerSecond: Double {
            requestsPerSecond ?? apiKey.mode.stripeRateLimit * Self.defaultRateLimitShare
        }

        /// The retry policy these settings describe.
        public var retryPolicy: RetryPolicy {
            RetryPolicy(maxRetries: maxRetries, baseDelay: retryBaseDelay, maxDelay: retryMaxDelay)
        }
    }
}
