import Hummingbird
import Logging
import NIOCore
import TributaryCatalog

/// A stateful fake of Stripe's read API, served over HTTP on Hummingbird.
///
/// ```swift
/// let emulator = StripeEmulator(configuration: config)   // generates the accounts' data
/// try await emulator.run { port in print("listening on \(port)") }
/// ```
public struct StripeEmulator: Sendable {
    /// The configuration it runs with.
    public let configuration: EmulatorConfiguration
    let state: EmulatorState

    /// Generates the platform account's data; connected accounts are generated on first use.
    public init(configuration: EmulatorConfiguration, catalog: Catalog = .stripe) {
        self.configuration = configuration
        self.state = EmulatorState(configuration: configuration, catalog: catalog)
    }

    /// The platform account's id.
    public var platformAccountID: String { state.platformID }
    /// The connected accounts' ids.
    public var connectedAccountIDs: [String] { state.connectedIDs }

    /// Live objects per collection of the platform account.
    public func objectCounts() -> [String: Int] {
        (try? state.withAccount(nil) { (data: inout AccountData) in
            data.collections.mapValues { $0.liveCount }
        }) ?? [:]
    }

    /// Serves requests until the task is cancelled or the process receives SIGTERM/SIGINT.
    ///
    /// - Parameter onStarted: called with the bound port once the server listens.
    public func run(logger: Logger = Logger(label: "tributary.emulator"),
                    onStarted: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let responder = EmulatorResponder(state: state)
        let app = Application(
            responder: responder,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port),
                                 serverName: "tributary-emulator"),
            onServerRunning: { channel in await onStarted(channel.localAddress?.port ?? 0) },
            logger: logger
        )
        try await app.runService()
    }
}
