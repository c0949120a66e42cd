import Foundation
import NIOHTTP1

extension RetryPolicy {
    /// The outcome of a response, with `Stripe-Should-Retry` and `Retry-After` read from its headers.
    public static func outcome(status: Int, headers: HTTPHeaders) -> Outcome {
        .response(status: status, shouldRetry: shouldRetry(in: headers), retryAfter: retryAfter(in: headers))
    }

    /// `Stripe-Should-Retry` as a boolean; `nil` when absent or neither `true` nor `false`.
    static func shouldRetry(in headers: HTTPHeaders) -> Bool? {
        switch headers.first(name: "Stripe-Should-Retry")?.lowercased() {
        case "true": true
        case "false": false
        default: nil
        }
    }

    /// `Retry-After` in delta-seconds (Stripe's form; fractions accepted). HTTP-date values, which Stripe
    /// does not send, read as absent so the exponential backoff applies instead.
    static func retryAfter(in headers: HTTPHeaders) -> Duration? {
        guard let text = headers.first(name: "Retry-After"),
              let seconds = Double(text.trimmingCharacters(in: .whitespaces)),
              seconds.isFinite, seconds >= 0
        else { return nil }
        return .seconds(seconds)
    }
}
