/// An adaptive token bucket shared by every request a ``StripeClient`` makes.
///
/// Stripe limits requests per account, and requests made on behalf of connected accounts
/// (`Stripe-Account`) count against the platform, so one limiter per client (per key) is the right scope.
///
/// Waiting callers are served roughly first come, first served: each takes a ticket, and a caller may go
/// only when the bucket holds a token for itself *and* one for every earlier caller still waiting. Waits
/// are `Task.sleep`s sized to the expected turn, never polling loops, and a cancelled caller leaves the
/// line at once with `CancellationError`.
public actor RateLimiter {
    private var bucket: TokenBucket
    /// Tickets of the callers waiting, ascending (tickets are handed out in increasing order).
    private var waiting: [UInt64] = []
    private var nextTicket: UInt64 = 0
    /// How many times callers have gone to sleep waiting for a token; about one per waiting caller when
    /// the waits are sized right, so tests can tell sized sleeps from polling.
    private(set) var naps = 0
    private let clock = ContinuousClock()

    /// A limiter allowing `requestsPerSecond` on average, adapting to 429s as `adaptation` says.
    ///
    /// - Precondition: `requestsPerSecond` is finite and positive.
    public init(requestsPerSecond: Double, adaptation: Adaptation = Adaptation()) {
        precondition(requestsPerSecond.isFinite && requestsPerSecond > 0, "rate must be positive")
        ceiling = requestsPerSecond
        bucket = TokenBucket(rate: requestsPerSecond, adaptation: adaptation, now: ContinuousClock.now)
    }

    /// The configured rate, which recovery climbs back to.
    public nonisolated let ceiling: Double

    /// The rate in force now, after any cuts and recovery.
    public var currentRate: Double {
        bucket.refill(at: clock.now)
        return bucket.rate
    }

    /// Waits for permission to send one request.
    ///
    /// - Throws: `CancellationError` if the task is cancelled while waiting.
    public func acquire() async throws {
        try Task.checkCancellation()
        if waiting.isEmpty, bucket.take(ifAvailable: 1, at: clock.now) { return }

        let ticket = nextTicket
        nextTicket += 1
        waiting.append(ticket)
        defer { leave(ticket) }

        while true {
            // Earlier callers still waiting each keep a claim on one token.
            let needed = Double(position(of: ticket) + 1)
            if bucket.take(ifAvailable: needed, at: clock.now) { return }
            // Sleeping until the expected turn (plus a millisecond so rounding cannot wake us a hair early
            // and spin) keeps wake-ups to about one per caller; a rate cut meanwhile just means another nap.
            naps += 1
            try await Task.sleep(for: bucket.wait(forTokens: needed) + .milliseconds(1))
        }
    }

    /// Tells the limiter a request was answered with 429, so it slows down.
    public func recordRateLimited() {
        bucket.rateLimited(at: clock.now)
    }

    /// How many callers are waiting for a token.
    public var waitingCount: Int { waiting.count }

    private func position(of ticket: UInt64) -> Int {
        var low = 0
        var high = waiting.count
        while low < high {
            let mid = (low + high) / 2
            if waiting[mid] < ticket { low = mid + 1 } else { high = mid }
        }
        return low
    }

    private func leave(_ ticket: UInt64) {
        let index = position(of: ticket)
        if index < waiting.count, waiting[index] == ticket { waiting.remove(at: index) }
    }
}
