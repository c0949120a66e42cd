import ArgumentParser
import Foundation
import Logging
import TributaryEmulator

/// `tributary emulator`: a stateful fake Stripe API for trying Tributary offline.
struct EmulatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "emulator",
        abstract: "Run a stateful fake of Stripe's read API with generated data, rate limits and faults."
    )

    @Option(help: "Address to bind.") var host = "127.0.0.1"
    @Option(help: "Port to listen on (0 picks a free one).") var port = 12111
    @Option(help: "Objects in the platform account, spread over every collection.") var scale = 1000
    @Option(help: "Seed of the generated data, latencies and faults.") var seed: UInt64 = 1
    @Option(help: "Requests per second allowed (0: unlimited). Stripe allows 100 live, 25 in test mode.") var rps: Double = 100
    @Option(help: "Requests that may arrive at once above the steady rate (default rps/2).") var burst: Double?
    @Option(help: "Base latency of each response in ms.") var latencyMs: Double = 0
    @Option(help: "Extra latency per listed object in ms.") var latencyPerObjectMs: Double = 0
    @Option(help: "Uniform ± jitter on the latency in ms.") var jitterMs: Double = 0
    @Option(help: "Share of requests answered with a 500 api_error.") var failRate: Double = 0
    @Option(help: "Share of requests whose connection drops mid-response.") var dropRate: Double = 0
    @Option(help: "Share of requests delayed by --slow-ms.") var slowRate: Double = 0
    @Option(help: "Delay of a slow response in ms.") var slowMs: Double = 5000
    @Option(help: "Connected accounts of the platform.") var connectedAccounts = 3
    @Option(help: "The secret key to accept (default: a fixed test key, printed at start).") var apiKey: String?
    @Option(name: .customLong("restricted-key"),
            help: "A restricted key and its permissions, e.g. rk_test_abc:rak_charge_read,rak_customer_read (repeatable; replaces the default one).")
    var restrictedKeys: [String] = []
    @Option(help: "End of the generated history, in Unix seconds (default: today's midnight UTC).") var anchor: Int64?

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0…65535.") }
        guard scale >= 0 else { throw ValidationError("--scale must be ≥ 0.") }
        for (name, rate) in [("--fail-rate", failRate), ("--drop-rate", dropRate), ("--slow-rate", slowRate)] {
            guard (0...1).contains(rate) else { throw ValidationError("\(name) must be between 0 and 1.") }
        }
        for entry in restrictedKeys {
            let parts = entry.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, parts[0].hasPrefix("rk_test_") || parts[0].hasPrefix("rk_live_") else {
                throw ValidationError("--restricted-key takes rk_test_…:permission,permission (got a value without a restricted key).")
            }
        }
        if let apiKey, !(apiKey.hasPrefix("sk_test_") || apiKey.hasPrefix("sk_live_")) {
            throw ValidationError("--api-key must look like a secret key (sk_test_… or sk_live_…).")
        }
    }

    func run() async throws {
        var config = EmulatorConfiguration()
        config.host = host
        config.port = port
        config.scale = scale
        config.seed = seed
        config.requestsPerSecond = rps
        config.burst = burst
        config.latencyMilliseconds = latencyMs
        config.latencyPerObjectMilliseconds = latencyPerObjectMs
        config.jitterMilliseconds = jitterMs
        config.failRate = failRate
        config.dropRate = dropRate
        config.slowRate = slowRate
        config.slowMilliseconds = slowMs
        config.connectedAccounts = connectedAccounts
        config.anchorTime = anchor
        if let apiKey { config.secretKey = apiKey }
        if !restrictedKeys.isEmpty {
            config.restrictedKeys = Dictionary(restrictedKeys.map { entry in
                let parts = entry.split(separator: ":", maxSplits: 1)
                return (String(parts[0]), Set(parts[1].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }))
            }, uniquingKeysWith: { $0.union($1) })
        }
        let started = Date()
        let emulator = StripeEmulator(configuration: config)
        let total = emulator.objectCounts().values.reduce(0, +)
        let seconds = Date().timeIntervalSince(started)
        let host = self.host
        // The emulator's keys are test fixtures, not secrets: printing them is how a user learns them.
        let restricted = config.restrictedKeys.keys.sorted().joined(separator: ", ")
        let key = config.secretKey
        let seedValue = config.seed
        try await emulator.run { port in
            // Written unbuffered, so that a script waiting for this line sees it at once.
            FileHandle.standardOutput.write(Data("""
            Stripe emulator listening on http://\(host):\(port)
              objects:        \(total) generated in \(String(format: "%.1f", seconds)) s (seed \(seedValue))
              secret key:     \(key)
              restricted key: \(restricted)
              platform:       \(emulator.platformAccountID); connected: \(emulator.connectedAccountIDs.joined(separator: ", "))
              try:            curl -u \(key): 'http://\(host):\(port)/v1/charges?limit=3'

            """.utf8))
        }
    }
}
