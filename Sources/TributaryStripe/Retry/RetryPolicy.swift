/// When to try a failed request again, and how long to wait first.
///
/// The rules follow Stripe's own SDKs, plus 429 handling an extraction client needs (the SDKs leave 429
/// to the caller; a sync must slow down and carry on):
/// 1. 400, 401, 403 and 404 are never retried: repeating them cannot change the answer.
/// 2. `Stripe-Should-Retry: true|false` decides next, when present.
/// 3. 409, 429 and 5xx are retried, as are connection failures and timeouts.
///
/// The wait for retry *n* (1-based) is `min(baseDelay · 2^(n−1), maxDelay) × jitter`, never below
/// `baseDelay`, with `jitter` uniform in 0.5…1 so many clients that failed together do not retry together.
/// A `Retry-After` of at most `maxRetryAfter` lengthens the wait to what the server asked for.
public struct RetryPolicy: Sendable, Hashable {
    /// How many times a request is retried after its first attempt.
    public var maxRetries: Int
    /// The first retry's delay before jitter, and the floor of every delay. Stripe's SDKs use 0.5 s.
    public var baseDelay: Duration
    /// The cap on the exponential delay. Stripe's SDKs use 5 s.
    public var maxDelay: Duration
    /// `Retry-After` values above this are ignored as implausible. Stripe's SDKs use 60 s.
    public var maxRetryAfter: Duration

    /// A policy with Stripe's SDK defaults.
    public init(
        maxRetries: Int = 8,
        baseDelay: Duration = .milliseconds(500),
        maxDelay: Duration = .seconds(5),
        maxRetryAfter: Duration = .seconds(60)
    ) {
        self.maxRetries = maxRetries
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxRetryAfter = maxRetryAfter
    }

    /// What an attempt ended with, reduced to what the retry decision needs.
    public enum Outcome: Sendable, Hashable {
        /// A response arrived. `shouldRetry` is the `Stripe-Should-Retry` header, `retryAfter` the
        /// `Retry-After` header, each `nil` when absent or unreadable.
        case response(status: Int, shouldRetry: Bool? = nil, retryAfter: Duration? = nil)
        /// No response: `retryable` is true for connection failures and timeouts, false for failures that
        /// would repeat (an invalid URL, a client already shut down).
        case transportFailure(retryable: Bool)
    }

    /// Whether to try again.
    public enum Decision: Sendable, Hashable {
        /// Wait this long, then send the request again.
        case retry(after: Duration)
        /// Give up and report the failure (or the success).
        case doNotRetry
    }

    /// The decision after an attempt, given how many retries were already made (0 after the first attempt).
    ///
    /// - Parameter jitter: the random factor in 0.5…1; pass a fixed value to make the result predictable.
    public func decision(for outcome: Outcome, retriesSoFar: Int, jitter: Double = .random(in: 0.5...1)) -> Decision {
        guard retriesSoFar < maxRetries else { return .doNotRetry }
        let delay = backoff(retry: retriesSoFar + 1, jitter: jitter)
        switch outcome {
        case let .transportFailure(retryable):
            return retryable ? .retry(after: delay) : .doNotRetry
        case let .response(status, shouldRetry, retryAfter):
            guard Self.isRetryableStatus(status, shouldRetry: shouldRetry) else { return .doNotRetry }
            if let retryAfter, retryAfter <= maxRetryAfter, retryAfter > delay {
                return .retry(after: retryAfter)
            }
            return .retry(after: delay)
        }
    }

    /// The jittered exponential delay before retry number `retry` (1-based).
    public func backoff(retry: Int, jitter: Double) -> Duration {
        let exponent = Double(max(0, retry - 1))
        let base = baseDelay.inSeconds
        let capped = min(base * pow2(exponent), maxDelay.inSeconds)
        let jittered = capped * min(max(jitter, 0.5), 1)
        return .seconds(max(base, jittered))
    }

    private static func isRetryableStatus(_ status: Int, shouldRetry: Bool?) -> Bool {
        switch status {
        case 200..<300, 400, 401, 403, 404: return false
        default: break
        }
        if let shouldRetry { return shouldRetry }
        return status == 409 || status == 429 || status >= 500
    }

    private func pow2(_ exponent: Double) -> Double {
        // Past 2^30 the cap has long applied; clamping keeps the product finite.
        Double(1 << Int(min(exponent, 30)))
    }
}

extension Duration {
    /// The duration as fractional seconds.
    var inSeconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) * 1e-18
    }
}
