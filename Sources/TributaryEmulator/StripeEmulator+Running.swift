import Logging

extension StripeEmulator {
    /// Serves requests while `body` runs with the port the server bound, then stops the server.
    ///
    /// - Throws: ``NotListening`` if the server stopped before it listened, or what `body` throws.
    public func withRunning<T: Sendable>(logger: Logger = Logger(label: "tributary.emulator"),
                                         _ body: @Sendable (Int) async throws -> T) async throws -> T {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                // Ending the stream when the server stops (or fails to start) wakes the wait for its port.
                defer { continuation.finish() }
                try await run(logger: logger) { port in continuation.yield(port) }
            }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else {
                try await group.waitForAll()
                throw NotListening()
            }
            defer { group.cancelAll() }
            return try await body(port)
        }
    }

    /// The emulator stopped before it listened.
    public struct NotListening: Error, CustomStringConvertible {
        public var description: String { "the emulator stopped before it started listening" }
    }
}
