extension StripeClient {
    /// Counters describing what a client has done since it was created.
    public struct Metrics: Sendable, Hashable {
        /// HTTP requests sent, retries included.
        public var requests = 0
        /// Requests that were retries of an earlier attempt.
        public var retries = 0
        /// 429 responses received. Each one slowed the limiter down; most are absorbed by retrying.
        public var rateLimited = 0
        /// Error responses received, by HTTP status, including ones later retried successfully.
        public var errorsByStatus: [Int: Int] = [:]
        /// Attempts that ended without a response (connection failures, timeouts).
        public var transportErrors = 0
        /// Requests that finally failed with a ``StripeError`` after any retries (each `get`, and each page a
        /// pager fetches, counts once).
        public var failures = 0
        /// The rate limiter's current rate, in requests per second.
        public var currentRate = 0.0

        /// Empty counters.
        public init() {}
    }
}

/// Collects ``StripeClient/Metrics`` from concurrent requests.
actor MetricsRecorder {
    private(set) var snapshot = StripeClient.Metrics()

    func attemptStarted(isRetry: Bool) {
        snapshot.requests += 1
        if isRetry { snapshot.retries += 1 }
    }

    func errorResponse(status: Int) {
        snapshot.errorsByStatus[status, default: 0] += 1
        if status == 429 { snapshot.rateLimited += 1 }
    }

    func transportError() {
        snapshot.transportErrors += 1
    }

    func failure() {
        snapshot.failures += 1
    }
}
