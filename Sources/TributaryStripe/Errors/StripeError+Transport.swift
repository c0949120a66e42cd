import AsyncHTTPClient
import NIOCore

extension StripeError {
    /// The error for an attempt that produced no usable response, and whether trying again could help.
    ///
    /// Timeouts and broken connections are retryable (the request is a read, so repeating it is safe);
    /// an invalid URL, a shut-down client or an oversized body would fail the same way every time.
    static func transport(_ error: any Error, request: String) -> (StripeError, retryable: Bool) {
        if error is NIOTooManyBytesError {
            return (StripeError(code: .unexpectedResponse, message: "response body exceeds maxResponseBytes",
                                request: request, underlying: error), false)
        }
        guard let httpError = error as? HTTPClientError else {
            // NIO connection, DNS, TLS and socket errors: the network, not the request, is at fault.
            return (StripeError(code: .transport, message: "connection failed: \(error)", request: request,
                                underlying: error), true)
        }
        switch httpError {
        case .deadlineExceeded, .readTimeout, .writeTimeout, .connectTimeout, .tlsHandshakeTimeout,
             .getConnectionFromPoolTimeout, .socksHandshakeTimeout, .httpProxyHandshakeTimeout:
            return (StripeError(code: .timeout, message: "no response in time (\(httpError))", request: request,
                                underlying: error), true)
        case .invalidURL, .emptyHost, .emptyScheme, .missingSocketPath:
            return (StripeError(code: .invalidConfiguration, message: "cannot build a request URL (\(httpError))",
                                request: request, underlying: error), false)
        case .alreadyShutdown:
            return (StripeError(code: .transport, message: "the client was already shut down", request: request,
                                underlying: error), false)
        default:
            return (StripeError(code: .transport, message: "HTTP exchange failed (\(httpError))", request: request,
                                underlying: error), true)
        }
    }
}
