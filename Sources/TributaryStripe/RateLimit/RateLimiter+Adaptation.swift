extension RateLimiter {
    /// How the rate reacts to 429s: multiplicative decrease, then additive increase once things are quiet
    /// (the AIMD scheme TCP uses, for the same reason: back off hard, probe back up gently).
    public struct Adaptation: Sendable, Hashable {
        /// The factor applied to the rate on a 429.
        public var cutFactor: Double
        /// The floor of the rate, as a fraction of the configured ceiling.
        public var minimumFraction: Double
        /// 429s within this long after a cut do not cut again: concurrent requests sent before the cut
        /// report the same overload, and cutting once per response would collapse the rate to the floor.
        public var cutCooldown: Duration
        /// How long after the last 429 the rate starts to recover.
        public var quietPeriod: Duration
        /// Recovery speed, as a fraction of the ceiling gained per second once quiet.
        public var recoveryPerSecond: Double

        /// Defaults: cut to 70 %, floor at 10 % of the ceiling, one cut per second, recover by 5 % of the
        /// ceiling per second after 5 quiet seconds (so one cut heals in about 11 s).
        public init(
            cutFactor: Double = 0.7,
            minimumFraction: Double = 0.1,
            cutCooldown: Duration = .seconds(1),
            quietPeriod: Duration = .seconds(5),
            recoveryPerSecond: Double = 0.05
        ) {
            self.cutFactor = cutFactor
            self.minimumFraction = minimumFraction
            self.cutCooldown = cutCooldown
            self.quietPeriod = quietPeriod
            self.recoveryPerSecond = recoveryPerSecond
        }

        /// Never adapt: the rate stays at the ceiling whatever the server says.
        public static let disabled = Adaptation(cutFactor: 1, minimumFraction: 1, recoveryPerSecond: 0)
    }
}
