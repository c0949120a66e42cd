import Testing
@testable import TributaryStripe

/// Real-time behaviour of the limiter.
///
/// Other suites load the machine, so tasks may start seconds late. Each caller therefore notes when it
/// asked and when it was let through: the bucket holds at most its burst when the first caller asks, so the
/// k-th grant cannot come before `firstAsk + (k + 1 − burst) / rate`, and delays only make grants later.
/// Upper bounds count from the last ask and allow for stalls the heartbeat saw.
@Suite struct RateLimiterTests {
    struct Grants {
        var firstAsk: ContinuousClock.Instant
        var lastAsk: ContinuousClock.Instant
        /// Grant instants, earliest first.
        var granted: [ContinuousClock.Instant]

        /// Grant k's delay after the first ask.
        func sinceFirstAsk(_ k: Int) -> Duration { granted[k] - firstAsk }
        /// The last grant's delay after the last ask.
        var spanAfterLastAsk: Duration { granted[granted.count - 1] - lastAsk }
    }

    private static func acquireAll(_ limiter: RateLimiter, count: Int) async throws -> Grants {
        let pairs = try await withThrowingTaskGroup(of: (ContinuousClock.Instant, ContinuousClock.Instant).self) { group in
            for _ in 0..<count {
                group.addTask {
                    let asked = ContinuousClock.now
                    try await limiter.acquire()
                    return (asked, ContinuousClock.now)
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let asks = pairs.map(\.0)
        return Grants(firstAsk: asks.min()!, lastAsk: asks.max()!, granted: pairs.map(\.1).sorted())
    }

    @Test func fiftyConcurrentAcquiresAtOneHundredPerSecondTakeAboutHalfASecond() async throws {
        let limiter = RateLimiter(requestsPerSecond: 100, adaptation: .disabled)
        let (grants, stalled) = try await measuringStalls { try await Self.acquireAll(limiter, count: 50) }
        // 10 burst tokens go at once, the other 40 at 100/s: 0.4 s.
        #expect(grants.sinceFirstAsk(49) >= .milliseconds(390))
        #expect(grants.spanAfterLastAsk < .milliseconds(400) + stalled + .seconds(1), "stalled \(stalled)")
        // Sized sleeps wake each waiter about once; polling would nap hundreds of times.
        #expect(await limiter.naps <= 100)
        #expect(await limiter.waitingCount == 0)
    }

    @Test func theKthAcquisitionWaitsForItsShareOfTheRate() async throws {
        let limiter = RateLimiter(requestsPerSecond: 50, adaptation: .disabled)
        let grants = try await Self.acquireAll(limiter, count: 60)
        // A burst of 5, then one token per 20 ms.
        for k in 5..<60 {
            let earliest = Duration.seconds(Double(k - 4) / 50) - .milliseconds(2)
            #expect(grants.sinceFirstAsk(k) >= earliest, "acquisition \(k) after \(grants.sinceFirstAsk(k))")
        }
    }

    @Test func servesWaitersInArrivalOrder() async throws {
        // At 10/s the bucket holds one token, so a later waiter can never pass an earlier one.
        let limiter = RateLimiter(requestsPerSecond: 10, adaptation: .disabled)
        try await limiter.acquire()
        let order = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<6 {
                group.addTask {
                    try await limiter.acquire()
                    return index
                }
                // Let waiter `index` take its place in line before the next one arrives.
                // Bounded: under load the waiter may already have been served, and the count never rises.
                let deadline = ContinuousClock.now + .seconds(2)
                while await limiter.waitingCount < index + 1, ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(1))
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(order == Array(0..<6))
    }

    @Test func cancelledWaitersLeaveAtOnce() async throws {
        // At this rate the waiter would sleep 100 s; only cancellation can end it sooner.
        let limiter = RateLimiter(requestsPerSecond: 0.01, adaptation: .disabled)
        try await limiter.acquire()
        let waiter = Task { try await limiter.acquire() }
        while await limiter.waitingCount == 0 { try await Task.sleep(for: .milliseconds(1)) }
        let cancelledAt = ContinuousClock.now
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
        #expect(ContinuousClock.now - cancelledAt < .seconds(30))
        #expect(await limiter.waitingCount == 0)
    }

    @Test func a429SlowsLaterRequests() async throws {
        let limiter = RateLimiter(requestsPerSecond: 100)
        await limiter.recordRateLimited()
        #expect(abs(await limiter.currentRate - 70) < 0.5)
        #expect(limiter.ceiling == 100)
        // At 70/s the burst is 7, so the 14th grant comes at least 0.1 s after the first ask; at the
        // uncut 100/s it would come after 0.04 s.
        let grants = try await Self.acquireAll(limiter, count: 14)
        #expect(grants.sinceFirstAsk(13) >= .milliseconds(95))
    }

    @Test func recoversToTheCeilingAfterQuiet() async throws {
        let fast = RateLimiter.Adaptation(quietPeriod: .milliseconds(100), recoveryPerSecond: 2)
        let limiter = RateLimiter(requestsPerSecond: 100, adaptation: fast)
        await limiter.recordRateLimited()
        #expect(await limiter.currentRate < 71)
        try await Task.sleep(for: .milliseconds(400))
        #expect(await limiter.currentRate == 100)
    }
}
