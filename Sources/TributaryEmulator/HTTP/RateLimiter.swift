import Foundation
import Synchronization

/// Stripe's per-account limit as a token bucket: requests beyond it are answered 429.
final class TokenBucket: Sendable {
    private struct State {
        var tokens: Double
        var last: Double
    }

    private let rate: Double
    private let capacity: Double
    private let state: Mutex<State>

    init(rate: Double, capacity: Double) {
        self.rate = rate
        self.capacity = max(1, capacity)
        self.state = Mutex(State(tokens: max(1, capacity), last: Self.clock()))
    }

    /// Takes one token if there is one.
    func tryAcquire() -> Bool {
        guard rate > 0 else { return true }
        let now = Self.clock()
        return state.withLock { s in
            s.tokens = min(capacity, s.tokens + (now - s.last) * rate)
            s.last = now
            guard s.tokens >= 1 else { return false }
            s.tokens -= 1
            return true
        }
    }

    private static func clock() -> Double {
        Double(DispatchTime.now().uptimeNanoseconds) / 1e9
    }
}
