import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import TributaryCatalog
import TributaryEmulator

/// Runs the emulator inside a command, for as long as the command needs it.
enum EmulatorHost {
    /// Starts the emulator on a free port of 127.0.0.1, runs `body` with its base URL, then stops it.
    static func withEmulator<T: Sendable>(_ emulator: StripeEmulator,
                                          _ body: @Sendable (String) async throws -> T) async throws -> T {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                defer { continuation.finish() }
                try await emulator.run { continuation.yield($0) }
            }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else {
                try await group.waitForAll()
                throw CLIError(.failed, "The emulator stopped before it listened.")
            }
            defer { group.cancelAll() }
            return try await body("http://127.0.0.1:\(port)")
        }
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
