import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import TributaryCatalog
import TributaryEmulator

/// Runs the emulator inside a command, for as long as the command needs it.
enum EmulatorHost {
    /// Starts the emulator on a free port of 127.0.0.1, runs `body` with its base URL, then stops it.
    static func withEmulator<T: Sendable>(_ emulator: StripeEmulator,
                                          _ body: @Sendable (String) async throws -> T) async throws -> T {
        var logger = Logger(label: "tributary.emulator")
        // Stopping the server at the end logs the cancellation of its connections as errors.
        logger.logLevel = .critical
        return try await emulator.withRunning(logger: logger) { port in try await body("http://127.0.0.1:\(port)") }
    }

    /// Sends `POST /_emulator/PATH` and returns the JSON answer.
    static func admin(_ baseURL: String, _ pathAndQuery: String, key: String, method: HTTPMethod = .POST) async throws -> JSONValue {
        var request = HTTPClientRequest(url: "\(baseURL)/_emulator/\(pathAndQuery)")
        request.method = method
        request.headers.add(name: "Authorization", value: "Bearer \(key)")
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(120))
        let body = try await response.body.collect(upTo: 16 << 20)
        return try JSONValue(parsing: Array(buffer: body))
    }
}
