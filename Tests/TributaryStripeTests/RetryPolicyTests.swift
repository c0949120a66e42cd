import NIOHTTP1
import Testing
@testable import TributaryStripe

@Suite struct RetryPolicyTests {
    let policy = RetryPolicy()

    @Test func backoffDoublesUpToTheCapWithoutJitter() {
        let delays = (1...6).map { policy.backoff(retry: $0, jitter: 1) }
        #expect(delays == [.milliseconds(500), .seconds(1), .seconds(2), .seconds(4), .seconds(5), .seconds(5)])
    }

    @Test func jitterHalvesAtMostAndNeverGoesBelowTheFloor() {
        #expect(policy.backoff(retry: 3, jitter: 0.5) == .seconds(1))
        #expect(policy.backoff(retry: 1, jitter: 0.5) == .milliseconds(500))
        #expect(policy.backoff(retry: 4, jitter: 0.1) == .seconds(2)) // clamped to 0.5
        #expect(policy.backoff(retry: 200, jitter: 1) == .seconds(5))
    }

    @Test func randomJitterStaysInRange() {
        for _ in 0..<200 {
            guard case let .retry(delay) = policy.decision(for: .response(status: 503), retriesSoFar: 3) else {
                Issue.record("503 must be retried")
                return
            }
            #expect(delay >= .seconds(2) && delay <= .seconds(4))
        }
    }

    @Test(arguments: [409, 429, 500, 502, 503, 504])
    func retriesTransientStatuses(status: Int) {
        #expect(policy.decision(for: .response(status: status), retriesSoFar: 0, jitter: 1) == .retry(after: .milliseconds(500)))
    }

    @Test(arguments: [200, 400, 401, 402, 403, 404, 405])
    func neverRetriesDefiniteAnswers(status: Int) {
        #expect(policy.decision(for: .response(status: status), retriesSoFar: 0) == .doNotRetry)
    }

    @Test func stripeShouldRetryDecidesFirst() {
        #expect(policy.decision(for: .response(status: 503, shouldRetry: false), retriesSoFar: 0) == .doNotRetry)
        #expect(policy.decision(for: .response(status: 429, shouldRetry: false), retriesSoFar: 0) == .doNotRetry)
        #expect(policy.decision(for: .response(status: 402, shouldRetry: true), retriesSoFar: 0, jitter: 1)
            == .retry(after: .milliseconds(500)))
    }

    @Test func neverRetriesAuthOrMissingEvenWhenToldTo() {
        for status in [400, 401, 403, 404] {
            #expect(policy.decision(for: .response(status: status, shouldRetry: true), retriesSoFar: 0) == .doNotRetry)
        }
    }

    @Test func retryAfterLengthensTheWaitUpToSixtySeconds() {
        let asked = policy.decision(for: .response(status: 429, retryAfter: .seconds(7)), retriesSoFar: 0, jitter: 1)
        #expect(asked == .retry(after: .seconds(7)))
        let shorter = policy.decision(for: .response(status: 429, retryAfter: .milliseconds(100)), retriesSoFar: 2, jitter: 1)
        #expect(shorter == .retry(after: .seconds(2)))
        let absurd = policy.decision(for: .response(status: 503, retryAfter: .seconds(3600)), retriesSoFar: 0, jitter: 1)
        #expect(absurd == .retry(after: .milliseconds(500)))
        let limit = policy.decision(for: .response(status: 503, retryAfter: .seconds(60)), retriesSoFar: 0, jitter: 1)
        #expect(limit == .retry(after: .seconds(60)))
    }

    @Test func stopsAfterMaxRetries() {
        let short = RetryPolicy(maxRetries: 2)
        #expect(short.decision(for: .response(status: 500), retriesSoFar: 1) != .doNotRetry)
        #expect(short.decision(for: .response(status: 500), retriesSoFar: 2) == .doNotRetry)
        #expect(RetryPolicy(maxRetries: 0).decision(for: .transportFailure(retryable: true), retriesSoFar: 0) == .doNotRetry)
    }

    @Test func transportFailuresRetryOnlyWhenRetryable() {
        #expect(policy.decision(for: .transportFailure(retryable: true), retriesSoFar: 0, jitter: 1) == .retry(after: .milliseconds(500)))
        #expect(policy.decision(for: .transportFailure(retryable: false), retriesSoFar: 0) == .doNotRetry)
    }

    @Test func baseDelayIsConfigurable() {
        let fast = RetryPolicy(baseDelay: .milliseconds(2), maxDelay: .milliseconds(10))
        #expect(fast.backoff(retry: 1, jitter: 1) == .milliseconds(2))
        #expect(fast.backoff(retry: 3, jitter: 1) == .milliseconds(8))
        #expect(fast.backoff(retry: 5, jitter: 1) == .milliseconds(10))
    }

    @Test func readsHeaders() {
        let headers: HTTPHeaders = ["Stripe-Should-Retry": "TRUE", "Retry-After": " 3 "]
        #expect(RetryPolicy.outcome(status: 429, headers: headers)
            == .response(status: 429, shouldRetry: true, retryAfter: .seconds(3)))
        #expect(RetryPolicy.shouldRetry(in: ["Stripe-Should-Retry": "false"]) == false)
        #expect(RetryPolicy.shouldRetry(in: ["Stripe-Should-Retry": "maybe"]) == nil)
        #expect(RetryPolicy.retryAfter(in: ["Retry-After": "1.5"]) == .milliseconds(1500))
        #expect(RetryPolicy.retryAfter(in: ["Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"]) == nil)
        #expect(RetryPolicy.retryAfter(in: ["Retry-After": "-1"]) == nil)
        #expect(RetryPolicy.outcome(status: 500, headers: [:]) == .response(status: 500))
    }
}
