import ArgumentParser
import Foundation
import Logging
import TributaryCatalog
import TributarySQLite
import TributaryStripe
import TributarySync
import TributaryWarehouse

/// `tributary bench sync`: a full sync and an incremental one against the emulator at Stripe's live
/// rate limit and latency, measured against the bound the rate limit sets.
///
/// The emulator runs as a separate process, so that the CPU time and memory reported are Tributary's.
struct SyncBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Full and incremental sync against the emulator at 100 req/s and 300 ms per page: efficiency, CPU, memory."
    )

    @Option(help: "Objects in the emulated account.") var scale = 200_000
    @Option(help: "Requests per second the emulator allows (Stripe live: 100).") var rps: Double = 100
    @Option(help: "Requests the emulator's bucket lets through at once above the rate (default: one second's worth).") var burst: Double?
    @Option(help: "Latency of each page in ms.") var latencyMs: Double = 300
    @Option(help: "± jitter of the latency in ms.") var jitterMs: Double = 100
    @Option(help: "Changes applied before the incremental sync.") var changes = 1000
    @Option(help: "Requests in flight at once.") var concurrency = SyncEngine.Configuration.defaultConcurrency
    @Option(help: "Seed of the data.") var seed: UInt64 = 7
    @Option(help: "The SQLite file to write (replaced; removed afterwards unless --keep).") var path = "bench-sync.sqlite"
    @Flag(help: "Keep the SQLite file.") var keep = false

    func run() async throws {
        ProcessSetup.start(logLevel: .warning)
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        defer { if !keep { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } } }
        let emulator = try EmulatorProcess.start(arguments: [
            "--port", "0", "--scale", String(scale), "--seed", String(seed), "--rps", String(rps),
            "--latency-ms", String(latencyMs), "--jitter-ms", String(jitterMs),
            // The emulator shares two cores with the sync and answers in clumps when starved; a bucket
            // of one second's tokens keeps those clumps from reading as bursts. Sustained throughput
            // is still capped at --rps.
            "--burst", String(burst ?? rps),
        ])
        defer { emulator.stop() }
        let minimum = Int(try await EmulatorHost.admin(emulator.baseURL, "minimum-requests", key: emulator.secretKey, method: .GET)["requests"]?.intValue ?? 0)
        let counts = try await EmulatorHost.admin(emulator.baseURL, "truth", key: emulator.secretKey, method: .GET)
        let objects = (counts.objectValue ?? []).reduce(0) { $0 + ($1.0 == "events" ? 0 : Int($1.1.intValue ?? 0)) }
        var clientConfiguration = StripeClient.Configuration(apiKey: StripeAPIKey(emulator.secretKey), baseURL: emulator.baseURL)
        clientConfiguration.requestsPerSecond = rps * StripeClient.Configuration.emulatorRateShare
        print("emulator: \(Format.count(objects)) objects (+ events), \(Int(rps)) req/s, \(Int(latencyMs)) ± \(Int(jitterMs)) ms per page")
        let namespace = try Namespace(source: "bench")
        let concurrency = self.concurrency
        let path = self.path
        try await withStripeClient(configuration: clientConfiguration) { client in
            let cpuBefore = SQLiteBench.processCPU()
            let full = try await Self.sync(client: client, path: path, namespace: namespace, concurrency: concurrency)
            let cpu = SQLiteBench.processCPU() - cpuBefore
            let wall = full.record.finishedAt!.timeIntervalSince(full.record.startedAt)
            let bound = Double(minimum) / Double(Int(rps))
            print(String(format: """
                full sync:   %@ objects read, %@ rows written in %.1f s (%@ objects/s)
                  requests   %@ made, %@ at least (%+.1f%%); %@ × 429, %@ retries
                  bound      %@ requests ÷ %.0f req/s = %.1f s → efficiency %.3f
                  cpu        %.1f s (%.0f%% of one core)
                  peak RSS   %.1f MB (of which SQLite at most %.1f MB)
                """,
                Format.count(full.read), Format.count(full.record.total.inserted), wall, Format.count(Int(Double(full.read) / wall)),
                Format.count(full.record.requests), Format.count(minimum), 100 * Double(full.record.requests - minimum) / Double(max(minimum, 1)),
                Format.count(full.record.rateLimited), Format.count(full.record.retries),
                Format.count(minimum), rps, bound, bound / wall, cpu, 100 * cpu / wall, Self.peakRSSMegabytes(),
                Double(SQLiteDestination.memoryHighWater) / 1_048_576))
            let mutated = try await EmulatorHost.admin(emulator.baseURL, "mutate?n=\(changes)", key: emulator.secretKey)
            let events = Int(mutated["events"]?.intValue ?? 0)
            let incremental = try await Self.sync(client: client, path: path, namespace: namespace, concurrency: concurrency)
            let seconds = incremental.record.finishedAt!.timeIntervalSince(incremental.record.startedAt)
            let relisted = Catalog.stripe.collections.filter { $0.parent == nil && ($0.syncMethod == .createdCursor || $0.syncMethod == .fullRefresh) }.count
            let least = (events + 99) / 100 + relisted
            print(String(format: """
                incremental: %d changes (%d events) applied in %.1f s: %@ rows inserted, %@ updated, %@ deleted
                  requests   %@ made; at least %@ (event pages + one list per collection without events)
                  peak RSS   %.1f MB (whole process)
                """,
                changes, events, seconds, Format.count(incremental.record.total.inserted), Format.count(incremental.record.total.updated),
                Format.count(incremental.record.total.deleted), Format.count(incremental.record.requests), Format.count(least),
                Self.peakRSSMegabytes()))
        }
    }

    private static func sync(client: StripeClient, path: String, namespace: Namespace,
                             concurrency: Int) async throws -> (record: RunRecord, read: Int) {
        let destination = try SQLiteDestination(path: path)
        let engine = SyncEngine(configuration: .init(namespace: namespace, concurrency: concurrency), client: client,
                                destination: destination, logger: Logger(label: "tributary.sync"))
        do {
            let record = try await SyncRunner.run(engine, title: "run", showProgress: true)
            try await destination.close()
            return (record, engine.progress.snapshot.totalRead)
        } catch {
            try? await destination.close()
            throw error
        }
    }

    /// The process's peak resident memory.
    static func peakRSSMegabytes() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024   // Linux reports KiB
    }
}
