import Foundation

/// A run outcome an alert can be sent for.
public enum AlertEvent: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// The run failed: nothing was committed past the last checkpoint.
    case failed
    /// The run finished, but rejected objects or skipped collections left it incomplete.
    case partial
    /// The run finished completely.
    case succeeded

    public var description: String { rawValue }
}

/// Where to post a notice when a run ends a certain way: `alerts: {webhook: URL, on: [failed, partial]}`.
public struct AlertRule: Sendable, Hashable, CustomStringConvertible {
    /// The URL a JSON notice is POSTed to. Chat webhooks hold a token in their path, so the URL is
    /// never shown whole (see ``description``).
    public var webhook: URL
    /// The outcomes that trigger it; `[failed, partial]` when not given.
    public var on: Set<AlertEvent>

    /// The outcomes alerted on when `on` is not given.
    public static let defaultEvents: Set<AlertEvent> = [.failed, .partial]

    /// Creates a rule.
    public init(webhook: URL, on: Set<AlertEvent> = AlertRule.defaultEvents) {
        self.webhook = webhook
        self.on = on
    }

    /// `webhook https://hooks.slack.com/… on failed, partial`: scheme and host only.
    public var description: String {
        let events = AlertEvent.allCases.filter(on.contains).map(\.rawValue).joined(separator: ", ")
        return "webhook \(webhook.scheme ?? "https")://\(webhook.host ?? "?")/… on \(events)"
    }
}

extension AlertRule: CustomReflectable {
    /// The description's text only: the URL's path may hold a token.
    public var customMirror: Mirror { Mirror(self, children: ["rule": description], displayStyle: .struct) }
}
