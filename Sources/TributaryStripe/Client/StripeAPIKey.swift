/// A Stripe secret or restricted API key that never prints itself.
///
/// Every textual form (`description`, `debugDescription`, `dump`, string interpolation) shows only the
/// redacted form Stripe itself uses in its error messages, such as `sk_test_****Aso0`. The secret leaves
/// this type only as the `Authorization` header of a request.
public struct StripeAPIKey: Sendable, Hashable {
    /// Whether a key acts on live data or on test data, which decides Stripe's rate limit.
    public enum Mode: String, Sendable, Hashable, CaseIterable {
        case live
        case test

        /// Stripe's documented per-account rate limit for this mode, in requests per second.
        public var stripeRateLimit: Double {
            switch self {
            case .live: 100
            case .test: 25
            }
        }
    }

    /// The raw key. Internal so no other module can log it by accident.
    let secret: String

    /// Wraps a key such as `sk_test_…`, `sk_live_…`, `rk_test_…` or `rk_live_…`.
    ///
    /// Surrounding whitespace (a trailing newline from a key file or environment variable) is dropped.
    public init(_ secret: String) {
        self.secret = secret.trimmingWhitespace()
    }

    /// The key's mode: `.live` for `sk_live_`/`rk_live_` keys, `.test` for everything else.
    ///
    /// Unknown formats (an emulator's made-up key, say) count as test keys because that mode has the lower
    /// rate limit, so guessing wrong can only make a sync slower, never trigger a storm of 429s.
    public var mode: Mode {
        for prefix in ["sk_live_", "rk_live_"] where secret.hasPrefix(prefix) {
            return .live
        }
        return .test
    }

    /// Whether this is a restricted key (`rk_…`), which may lack permissions for some endpoints.
    public var isRestricted: Bool { secret.hasPrefix("rk_") }

    /// The key with everything but its type prefix and last four characters masked: `sk_test_****Aso0`.
    ///
    /// Keys too short to keep four characters hidden behind the mask show no tail at all.
    public var redacted: String {
        let prefix = Self.knownPrefixes.first { secret.hasPrefix($0) } ?? ""
        let rest = secret.dropFirst(prefix.count)
        // Revealing four characters is only harmless when at least eight more stay hidden.
        guard rest.count >= 12 else { return prefix + "****" }
        return prefix + "****" + rest.suffix(4)
    }

    private static let knownPrefixes = [
        "sk_live_", "sk_test_", "rk_live_", "rk_test_", "pk_live_", "pk_test_",
    ]
}

extension StripeAPIKey: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The redacted key.
    public var description: String { redacted }

    /// The redacted key, tagged with its type.
    public var debugDescription: String { "StripeAPIKey(\(redacted))" }

    /// A mirror that exposes only the redacted key, so `dump` and `Mirror`-based loggers cannot see the secret.
    public var customMirror: Mirror {
        Mirror(self, children: ["redacted": redacted, "mode": mode], displayStyle: .struct)
    }
}

extension String {
    fileprivate func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}
