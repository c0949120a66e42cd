import AsyncHTTPClient
import Foundation
import Logging
import NIOCore

/// A read-only client for Stripe's REST API, built for extraction: rate limited, retrying, paging.
///
/// One client owns one `HTTPClient` (and so one connection pool) and one ``RateLimiter``; share it across
/// every task syncing the same account. It must be shut down: prefer ``withStripeClient(configuration:logger:isolation:_:)``,
/// or call ``shutdown()`` exactly once when done.
///
/// ```swift
/// try await withStripeClient(configuration: .init(apiKey: StripeAPIKey(key))) { stripe in
///     for try await page in stripe.list("/v1/customers", query: CreatedRange(gte: start).queryItems) {
///         for customer in page.objects { … }
///     }
/// }
/// ```
public final class StripeClient: Sendable {
    /// The configuration the client was created with.
    public let configuration: Configuration
    /// The limiter every request of this client waits on.
    public let rateLimiter: RateLimiter
    /// Where per-request debug lines go.
    public let logger: Logger

    let httpClient: HTTPClient
    let retryPolicy: RetryPolicy
    let metricsRecorder = MetricsRecorder()
    /// `configuration.baseURL` without trailing slashes.
    let baseURL: String

    /// Creates a client and its connection pool.
    ///
    /// - Throws: ``StripeError/Code/invalidConfiguration`` for a base URL that is not `http(s)://host…`, a
    ///   non-positive rate, or a negative retry count.
    public init(configuration: Configuration, logger: Logger = Logger(label: "tributary.stripe")) throws {
        baseURL = try Self.validatedBaseURL(configuration.baseURL)
        let rate = configuration.effectiveRequestsPerSecond
        guard rate.isFinite, rate > 0 else {
            throw StripeError(code: .invalidConfiguration, message: "requestsPerSecond must be positive, got \(rate)")
        }
        guard configuration.maxRetries >= 0 else {
            throw StripeError(code: .invalidConfiguration, message: "maxRetries must not be negative")
        }
        guard configuration.requestTimeout > .zero else {
            throw StripeError(code: .invalidConfiguration, message: "requestTimeout must be positive")
        }
        self.configuration = configuration
        self.logger = logger
        retryPolicy = configuration.retryPolicy
        rateLimiter = RateLimiter(requestsPerSecond: rate, adaptation: configuration.rateLimitAdaptation)

        var http = HTTPClient.Configuration()
        // The per-attempt deadline only covers the response head; the read timeout bounds a stalled body.
        // AsyncHTTPClient retries refused connections inside one attempt until that deadline, so a dead
        // server costs `requestTimeout` per attempt before our own backoff applies.
        let timeout = configuration.requestTimeout.timeAmount
        http.timeout = .init(connect: min(timeout, .seconds(10)), read: timeout)
        // Stripe answers reads without redirects; following one could send the key to another host.
        http.redirectConfiguration = .disallow
        // Each open connection keeps up to 256 KB of receive buffers; connections opened for a moment's
        // burst are closed after a few idle seconds rather than a minute, so memory follows the steady load.
        http.connectionPool = .init(idleTimeout: .seconds(5),
                                    concurrentHTTP1ConnectionsPerHostSoftLimit: configuration.effectiveMaxConnections)
        httpClient = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: http)
    }

    /// Closes the connection pool. Call it once, after the last request has finished.
    public func shutdown() async throws {
        try await httpClient.shutdown()
    }

    /// A snapshot of the client's counters.
    public func metrics() async -> Metrics {
        var snapshot = await metricsRecorder.snapshot
        snapshot.currentRate = await rateLimiter.currentRate
        return snapshot
    }

    private static func validatedBaseURL(_ text: String) throws -> String {
        var trimmed = Substring(text)
        while trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        guard let url = URL(string: String(trimmed)),
              let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = url.host, !host.isEmpty,
              url.query == nil, url.fragment == nil
        else {
            throw StripeError(code: .invalidConfiguration, message: "baseURL must look like https://host[:port][/prefix], got '\(text)'")
        }
        return String(trimmed)
    }
}

/// Runs `body` with a new ``StripeClient`` and shuts the client down afterwards, whether `body` returns or
/// throws, in the spirit of AsyncHTTPClient's `withHTTPClient`.
public func withStripeClient<Return>(
    configuration: StripeClient.Configuration,
    logger: Logger = Logger(label: "tributary.stripe"),
    isolation: isolated (any Actor)? = #isolation,
    _ body: (StripeClient) async throws -> Return
) async throws -> Return {
    let client = try StripeClient(configuration: configuration, logger: logger)
    let value: Return
    do {
        value = try await body(client)
    } catch {
        // The body's error is the one worth reporting; a shutdown failure on top of it would hide it.
        try? await client.shutdown()
        throw error
    }
    try await client.shutdown()
    return value
}

extension Duration {
    /// The duration as a NIO `TimeAmount`, rounded to nanoseconds.
    var timeAmount: TimeAmount {
        .nanoseconds(Int64((inSeconds * 1e9).rounded()))
    }
}
