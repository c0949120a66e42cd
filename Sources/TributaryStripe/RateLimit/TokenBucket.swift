/// The arithmetic of the adaptive token bucket, with time passed in so it can be tested without sleeping.
///
/// ``RateLimiter`` owns one and adds the waiting.
struct TokenBucket: Sendable {
    typealias Instant = ContinuousClock.Instant

    /// The configured (and recovered-to) rate, in tokens per second.
    let ceiling: Double
    let adaptation: RateLimiter.Adaptation
    /// The current rate, between the floor and the ceiling.
    private(set) var rate: Double
    /// Tokens available now; fractional because refill is continuous.
    private(set) var tokens: Double
    private var lastRefill: Instant
    private var lastCut: Instant?
    /// Recovery accrues from this instant on: the end of the quiet period after the last 429.
    private var recoveryMark: Instant

    init(rate: Double, adaptation: RateLimiter.Adaptation, now: Instant) {
        self.ceiling = rate
        self.adaptation = adaptation
        self.rate = rate
        self.lastRefill = now
        self.recoveryMark = now
        self.tokens = 0
        self.tokens = capacity
    }

    /// The most tokens the bucket holds: a tenth of a second's worth, at least one.
    ///
    /// Stripe counts requests over short windows and a busy account runs close to its limit, so a full
    /// second's burst on top of steady traffic would overshoot and draw 429s. A tenth of a second still lets
    /// a handful of concurrent requests start together; the floor of one keeps slow rates usable.
    var capacity: Double { max(1, rate / 10) }

    /// The lowest rate a 429 can cut to.
    ///
    /// Clamped to 1 % of the ceiling so a misconfigured fraction of zero cannot stop all traffic.
    var floor: Double { ceiling * min(max(adaptation.minimumFraction, 0.01), 1) }

    /// Adds the tokens earned since the last call and applies any recovery that accrued.
    mutating func refill(at now: Instant) {
        guard now > lastRefill else { return }
        tokens = min(capacity, tokens + (now - lastRefill).inSeconds * rate)
        lastRefill = now
        if rate < ceiling, now > recoveryMark {
            let gain = ceiling * adaptation.recoveryPerSecond * (now - recoveryMark).inSeconds
            rate = min(ceiling, rate + gain)
            recoveryMark = now
        }
    }

    /// Takes `1` token if at least `needed` are available (the extra ones are left for earlier waiters).
    mutating func take(ifAvailable needed: Double, at now: Instant) -> Bool {
        refill(at: now)
        guard tokens >= needed else { return false }
        tokens -= 1
        return true
    }

    /// How long until `needed` tokens will have accumulated at the current rate.
    func wait(forTokens needed: Double) -> Duration {
        .seconds(max(0, needed - tokens) / rate)
    }

    /// Reacts to a 429: empties the bucket, cuts the rate (at most once per cooldown) and restarts the
    /// quiet period that recovery waits for.
    mutating func rateLimited(at now: Instant) {
        refill(at: now)
        tokens = 0
        recoveryMark = now.advanced(by: adaptation.quietPeriod)
        if let lastCut, now - lastCut < adaptation.cutCooldown { return }
        lastCut = now
        rate = max(floor, rate * min(max(adaptation.cutFactor, 0), 1))
    }
}
