import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import TributaryCatalog

extension StripeClient {
    /// Sends `GET path?query` and decodes the JSON body, waiting on the rate limiter before every attempt
    /// and retrying as ``RetryPolicy`` says.
    ///
    /// - Parameters:
    ///   - path: an API path such as `/v1/customers/cus_1`; it may carry its own encoded query, as the
    ///     `url` of Stripe's embedded lists does.
    ///   - query: items to append, encoded here (so pass `("expand[]", "data.customer")` unencoded).
    ///   - account: a connected account id (`acct_…`), sent as `Stripe-Account`.
    /// - Throws: ``StripeError``, or `CancellationError` when the task is cancelled.
    public func get(_ path: String, query: [(String, String)] = [], account: String? = nil) async throws -> StripeResponse {
        let raw = try await getRaw(path, query: query, account: account)
        do {
            return try raw.decoded()
        } catch {
            await metricsRecorder.failure()
            throw error
        }
    }

    /// Like ``get(_:query:account:)``, but leaves a successful response's body undecoded, for callers
    /// that bound how many decoded pages they hold: a page of JSON takes several times its size once
    /// decoded. Error responses are decoded and thrown as ``get(_:query:account:)`` throws them.
    public func getRaw(_ path: String, query: [(String, String)] = [], account: String? = nil) async throws -> StripeRawResponse {
        let target = RequestTarget(baseURL: baseURL, path: path, query: query)
        do {
            let request = try makeRequest(target, account: account)
            return try await send(request, target: target, account: account)
        } catch let error as StripeError {
            await metricsRecorder.failure()
            throw error
        }
    }

    private func makeRequest(_ target: RequestTarget, account: String?) throws -> HTTPClientRequest {
        var request = HTTPClientRequest(url: target.url)
        request.method = .GET
        request.headers.add(name: "Authorization", value: "Bearer \(configuration.apiKey.secret)")
        request.headers.add(name: "Stripe-Version", value: configuration.apiVersion)
        request.headers.add(name: "User-Agent", value: configuration.userAgent)
        request.headers.add(name: "Accept", value: "application/json")
        if let account {
            // Checked so a stray newline cannot smuggle extra headers in with the account id.
            guard account.hasPrefix("acct_"), account.utf8.allSatisfy(Self.isIdentifierByte) else {
                throw StripeError(code: .invalidRequest, message: "Stripe-Account must be an acct_… id, got '\(account)'",
                                  request: "GET \(target.path)")
            }
            request.headers.add(name: "Stripe-Account", value: account)
        }
        return request
    }

    private static func isIdentifierByte(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "_")
    }

    private func send(_ request: HTTPClientRequest, target: RequestTarget, account: String?) async throws -> StripeRawResponse {
        var logger = logger
        logger[metadataKey: "stripe.method"] = "GET"
        logger[metadataKey: "stripe.path"] = "\(target.path)"
        if let account { logger[metadataKey: "stripe.account"] = "\(account)" }
        let label = "GET \(target.path)"
        var retries = 0
        while true {
            try await rateLimiter.acquire()
            await metricsRecorder.attemptStarted(isRetry: retries > 0)
            logger[metadataKey: "stripe.attempt"] = "\(retries + 1)"
            let started = ContinuousClock.now

            let failure: StripeError
            let outcome: RetryPolicy.Outcome
            switch await attempt(request, label: label) {
            case let .success(status, headers, body):
                let requestId = headers.first(name: "Request-Id")
                logger.debug("stripe response", metadata: [
                    "stripe.status": "\(status)", "stripe.request_id": "\(requestId ?? "-")",
                    "stripe.duration_ms": "\(Int((ContinuousClock.now - started).inSeconds * 1000))",
                ])
                if (200..<300).contains(status) {
                    return StripeRawResponse(status: status, requestId: requestId, body: body, headers: headers,
                                             attempts: retries + 1, request: label)
                }
                await metricsRecorder.errorResponse(status: status)
                if status == 429 { await rateLimiter.recordRateLimited() }
                failure = StripeError(httpStatus: status, body: body, requestId: requestId, request: label)
                    .redacting(configuration.apiKey)
                outcome = RetryPolicy.outcome(status: status, headers: headers)
            case let .failure(error, retryable):
                if Task.isCancelled { throw CancellationError() }
                await metricsRecorder.transportError()
                logger.debug("stripe transport failure", metadata: ["stripe.error": "\(error.code)"])
                failure = error
                outcome = .transportFailure(retryable: retryable)
            }

            guard case let .retry(delay) = retryPolicy.decision(for: outcome, retriesSoFar: retries) else {
                throw failure
            }
            logger.debug("stripe retry", metadata: [
                "stripe.error": "\(failure.code)", "stripe.delay_ms": "\(Int(delay.inSeconds * 1000))",
            ])
            try await Task.sleep(for: delay)
            retries += 1
        }
    }

    private enum AttemptResult {
        case success(status: Int, headers: HTTPHeaders, body: Data)
        case failure(StripeError, retryable: Bool)
    }

    /// One HTTP exchange, with every way it can fail folded into a result the retry loop can judge.
    private func attempt(_ request: HTTPClientRequest, label: String) async -> AttemptResult {
        do {
            let response = try await httpClient.execute(request, timeout: configuration.requestTimeout.timeAmount)
            let buffer = try await response.body.collect(upTo: configuration.maxResponseBytes)
            return .success(status: Int(response.status.code), headers: response.headers, body: Data(buffer.readableBytesView))
        } catch {
            let (stripeError, retryable) = StripeError.transport(error, request: label)
            return .failure(stripeError, retryable: retryable)
        }
    }
}
