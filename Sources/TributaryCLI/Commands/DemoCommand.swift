import ArgumentParser
import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import TributaryEmulator
import TributaryStripe
import TributarySync
import TributarySQLite
import TributaryWarehouse

/// `tributary demo`: the whole job against the built-in emulator, offline, in one command.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Sync a generated Stripe account into tributary-demo.sqlite, change it, and sync again.",
        discussion: """
        Starts the Stripe emulator in this process with Stripe's live rate limit, runs a full sync with \
        live progress, applies a batch of creates, updates and deletes, runs an incremental sync, and \
        prints what each run did and a query to try. Nothing leaves the machine.

        Exit codes: 0 ok, 1 a run failed or the tables differ from the emulator's, 2 usage error.
        """
    )

    @Option(help: "Objects in the generated account.") var scale = 5000
    @Option(help: "The SQLite file to write (replaced).") var path = "tributary-demo.sqlite"
    @Option(help: "Requests per second the emulator allows, as Stripe's live mode does.") var rps: Double = 100
    @Option(help: "Latency of each emulated response in ms.") var latencyMs: Double = 40
    @Option(help: "Changes applied between the two syncs.") var changes = 500
    @Option(help: "Seed of the generated data.") var seed: UInt64 = 7
    @Flag(help: "No live progress line.") var quiet = false

    func run() async throws {
        ProcessSetup.start(logLevel: .warning)
        var config = EmulatorConfiguration()
        config.port = 0
        config.scale = scale
        config.seed = seed
        config.requestsPerSecond = rps
        config.latencyMilliseconds = latencyMs
        config.jitterMilliseconds = latencyMs / 4
        print("Generating a Stripe account of about \(Format.count(scale)) objects…")
        let emulator = StripeEmulator(configuration: config)
        let minimum = emulator.minimumRequests()
        let secretKey = config.secretKey
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        try await EmulatorHost.withEmulator(emulator) { baseURL in
            print("Stripe emulator on \(baseURL) (\(Format.count(Int(rps))) req/s limit, \(Int(latencyMs)) ms latency)\n")
            var clientConfiguration = StripeClient.Configuration(apiKey: StripeAPIKey(secretKey), baseURL: baseURL)
            clientConfiguration.requestsPerSecond = rps * StripeClient.Configuration.emulatorRateShare
            let namespace = try Namespace(source: "demo")
            try await withStripeClient(configuration: clientConfiguration) { client in
                let full = try await sync(client: client, namespace: namespace, title: "Full sync")
                let seconds = full.finishedAt!.timeIntervalSince(full.startedAt)
                let bound = Double(minimum) / rps
                print(String(format: "  bound      %@ requests at least ÷ %.0f req/s = %.1f s; efficiency %.2f\n",
                             Format.count(minimum), rps, bound, bound / seconds))
                let mutated = try await EmulatorHost.admin(baseURL, "mutate?n=\(changes)", key: secretKey)
                print("Applied \(changes) changes in the emulator (\(mutated["events"]?.intValue ?? 0) events).\n")
                let incremental = try await sync(client: client, namespace: namespace, title: "Incremental sync")
                print("  compared   \(Format.count(incremental.requests)) requests for \(changes) changes, against \(Format.count(full.requests)) for the full sync\n")
                let check = try await TruthCheck.compare(path: path, baseURL: baseURL, key: secretKey)
                if check.mismatches.isEmpty {
                    print("Verified: the live ids of all \(check.compared) tables equal the emulator's.\n")
                } else {
                    for m in check.mismatches {
                        print("MISMATCH \(m.collection): \(m.stored) live rows, the emulator lists \(m.truth)")
                    }
                    throw CLIError(.failed, "\(check.mismatches.count) tables differ from the emulator's truth.").exit()
                }
            }
        }
        print("""
        Try it:
          sqlite3 \(path) "select status, count(*), sum(amount) / 100.0 as amount from charges group by status"
          sqlite3 \(path) "select id, billing_details_address_city, amount, created from charges limit 5"
          sqlite3 \(path) "select id, status, started_at, finished_at, requests from _tributary_runs"
        """)
    }

    private func sync(client: StripeClient, namespace: Namespace, title: String) async throws -> RunRecord {
        let destination = try SQLiteDestination(path: path)
        do {
            let engine = SyncEngine(configuration: .init(namespace: namespace), client: client, destination: destination,
                                    logger: Logger(label: "tributary.sync"))
            let record = try await SyncRunner.run(engine, title: title, showProgress: !quiet)
            try await destination.close()
            return record
        } catch {
            try? await destination.close()
            throw CLIError(.failed, SyncFailure.sentence(for: error)).exit()
        }
    }
}
