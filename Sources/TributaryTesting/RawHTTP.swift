import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import TributaryCatalog

/// A plain HTTP response, for tests that check exactly what a server sends.
public struct RawResponse: Sendable {
    /// The status code.
    public var status: Int
    /// The headers.
    public var headers: [(String, String)]
    /// The body.
    public var body: [UInt8]

    /// The body decoded as JSON.
    public var json: JSONValue {
        get throws { try JSONValue(parsing: body) }
    }

    /// The first header with the name, compared case-insensitively.
    public func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }
}

/// Sends one request with the shared HTTP client and collects the whole response.
public func rawRequest(_ url: String, method: HTTPMethod = .GET, headers: [(String, String)] = [],
                       timeout: TimeAmount = .seconds(30)) async throws -> RawResponse {
    var request = HTTPClientRequest(url: url)
    request.method = method
    for (k, v) in headers { request.headers.add(name: k, value: v) }
    let response = try await HTTPClient.shared.execute(request, timeout: timeout)
    let body = try await response.body.collect(upTo: 64 << 20)
    return RawResponse(status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) },
                       body: Array(buffer: body))
}

/// `Authorization: Basic` for a Stripe key, as `curl -u KEY:` sends it.
public func basicAuth(_ key: String) -> (String, String) {
    ("Authorization", "Basic " + Data("\(key):".utf8).base64EncodedString())
}

/// `Authorization: Bearer` for a Stripe key.
public func bearerAuth(_ key: String) -> (String, String) {
    ("Authorization", "Bearer \(key)")
}
