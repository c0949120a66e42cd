import Testing
@testable import TributaryStripe

/// The bucket's arithmetic with explicit instants: exact, no sleeping.
@Suite struct TokenBucketTests {
    let t0 = ContinuousClock.now

    private func at(_ seconds: Double) -> ContinuousClock.Instant {
        t0.advanced(by: .seconds(seconds))
    }

    @Test func startsFullWithATenthOfASecondsBurst() {
        var bucket = TokenBucket(rate: 100, adaptation: .init(), now: t0)
        #expect(bucket.capacity == 10)
        let granted = (0..<10).map { _ in bucket.take(ifAvailable: 1, at: t0) }
        #expect(granted.allSatisfy { $0 })
        let eleventh = bucket.take(ifAvailable: 1, at: t0)
        #expect(!eleventh)
        let afterRefill = bucket.take(ifAvailable: 1, at: at(0.011))
        #expect(afterRefill)
        #expect(TokenBucket(rate: 3, adaptation: .init(), now: t0).capacity == 1)
    }

    @Test func neverHoldsMoreThanCapacity() {
        var bucket = TokenBucket(rate: 100, adaptation: .init(), now: t0)
        bucket.refill(at: at(60))
        #expect(bucket.tokens == 10)
    }

    @Test func keepsTokensForEarlierWaiters() {
        var bucket = TokenBucket(rate: 100, adaptation: .init(), now: t0)
        for _ in 0..<10 { _ = bucket.take(ifAvailable: 1, at: t0) }
        // 2.5 tokens earned: the third waiter in line must wait, the second may go.
        let third = bucket.take(ifAvailable: 3, at: at(0.025))
        #expect(!third)
        let second = bucket.take(ifAvailable: 2, at: at(0.025))
        #expect(second)
        #expect(bucket.wait(forTokens: 3) == .seconds(0.015))
    }

    @Test func cutsOnceAndEmptiesOn429() {
        var bucket = TokenBucket(rate: 100, adaptation: .init(), now: t0)
        bucket.rateLimited(at: t0)
        #expect(bucket.rate == 70)
        #expect(bucket.tokens == 0)
        // Other in-flight requests report the same overload: no second cut within the cooldown.
        bucket.rateLimited(at: at(0.5))
        #expect(bucket.rate == 70)
        bucket.rateLimited(at: at(1.6))
        #expect(abs(bucket.rate - 49) < 1e-9)
    }

    @Test func neverCutsBelowTheFloor() {
        var bucket = TokenBucket(rate: 100, adaptation: .init(), now: t0)
        for step in 0..<50 { bucket.rateLimited(at: at(Double(step) * 2)) }
        #expect(bucket.rate == 10)
    }

    @Test func recoversAdditivelyAfterAQuietPeriod() {
        var bucket = TokenBucket(rate: 100, adaptation: .init(), now: t0)
        bucket.rateLimited(at: t0)
        bucket.refill(at: at(4.9))
        #expect(bucket.rate == 70)
        bucket.refill(at: at(7))
        #expect(abs(bucket.rate - 80) < 1e-6)
        bucket.refill(at: at(9))
        #expect(abs(bucket.rate - 90) < 1e-6)
        bucket.refill(at: at(60))
        #expect(bucket.rate == 100)
    }

    @Test func another429RestartsTheQuietPeriod() {
        var bucket = TokenBucket(rate: 100, adaptation: .init(), now: t0)
        bucket.rateLimited(at: t0)
        bucket.rateLimited(at: at(0.5)) // within cooldown: no cut, but not quiet either
        bucket.refill(at: at(5.2))
        #expect(bucket.rate == 70)
        bucket.refill(at: at(6.5))
        #expect(abs(bucket.rate - 75) < 1e-6)
    }

    @Test func disabledAdaptationHoldsTheRate() {
        var bucket = TokenBucket(rate: 50, adaptation: .disabled, now: t0)
        bucket.rateLimited(at: t0)
        bucket.refill(at: at(100))
        #expect(bucket.rate == 50)
    }
}
