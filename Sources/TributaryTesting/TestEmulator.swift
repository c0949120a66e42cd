import Logging
import TributaryEmulator

/// An emulator running in-process on a free port, for the duration of a test.
public struct RunningEmulator: Sendable {
    /// The emulator itself (its configuration, account ids, object counts).
    public let emulator: StripeEmulator
    /// The port it listens on.
    public let port: Int

    /// `http://127.0.0.1:PORT`.
    public var baseURL: String { "http://127.0.0.1:\(port)" }
    /// The secret key it accepts.
    public var secretKey: String { emulator.configuration.secretKey }
    /// A restricted key it accepts, with the permissions the configuration gives it.
    public var restrictedKey: String { emulator.configuration.restrictedKeys.keys.sorted().first ?? "" }
}

/// Runs `body` against a fresh emulator configured by `configure`, then stops the emulator.
///
/// The default configuration switches the rate limit off unless the test sets one; the data's history
/// ends at today's midnight, so the same seed gives the same data all day.
public func withEmulator<T: Sendable>(
    _ configure: (inout EmulatorConfiguration) -> Void = { _ in },
    _ body: @Sendable (RunningEmulator) async throws -> T
) async throws -> T {
    var configuration = EmulatorConfiguration()
    configuration.port = 0
    configuration.scale = 500
    configuration.requestsPerSecond = 0
    configure(&configuration)
    let emulator = StripeEmulator(configuration: configuration)
    var logger = Logger(label: "tributary.test-emulator")
    logger.logLevel = .warning
    return try await emulator.withRunning(logger: logger) { port in
        try await body(RunningEmulator(emulator: emulator, port: port))
    }
}
