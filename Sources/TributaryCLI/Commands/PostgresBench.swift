import ArgumentParser
import Foundation
import TributaryCatalog
import TributaryNormalizer
import TributaryPostgres
import TributaryWarehouse

/// `tributary bench postgres`: charge-sized objects normalized and loaded into PostgreSQL (COPY into a
/// staging table, then an upsert, one transaction per batch), as a sync loads them.
struct PostgresBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "postgres",
        abstract: "Rows/s of normalize + COPY + upsert of charge-sized objects into PostgreSQL."
    )

    @Option(help: "The server: postgres://user:password@host:port/db (default: $TRIBUTARY_TEST_POSTGRES_URL).") var url: String?
    @Option(help: "Charges to load.") var objects = 100_000
    @Option(help: "Charges per transaction, as a sync commits one batch at a time.") var batch = 1000
    @Option(help: "Load the same charges again, to measure updates rather than inserts.") var passes = 1
    @Flag(help: "Normalize the next batch only once the previous one is stored, instead of meanwhile.") var sequential = false
    @Option(help: "Connections, and batches written at once (a sync writes many).") var connections = PostgresDestination.Configuration.defaultConnections
    @Flag(help: "Make every commit wait for the server's disk (synchronous_commit=on).") var synchronousCommit = false
    @Flag(help: "Normalize every batch before the clock starts: the destination's loading alone.") var loadingOnly = false
    @Flag(help: "Keep the schema the bench writes to (dropped by default).") var keep = false
    @Flag(help: "Write outside a run, as before rollback existed: no run ids, no undo images. By default each pass is a run, and a second pass keeps an undo image of every charge, as a sync that updates rows does.")
    var noRun = false

    func run() async throws {
        guard let text = url ?? ProcessInfo.processInfo.environment["TRIBUTARY_TEST_POSTGRES_URL"],
              case let .postgres(endpoint) = try DestinationURL(text) else {
            throw ValidationError("bench postgres needs --url postgres://…")
        }
        // A schema of its own, the system tables included, so that the bench leaves nothing behind.
        let schema = "tributary_bench_\(getpid())"
        var configuration = try PostgresDestination.Configuration(endpoint)
        configuration.systemSchema = schema
        configuration.connections = sequential ? 1 : connections
        configuration.synchronousCommit = synchronousCommit
        let sink = try await PostgresDestination(configuration: configuration)
        let namespace = try Namespace(source: "bench", schema: schema)
        let normalizer = Normalizer()
        try await sink.prepare(normalizer.tables(for: "charges"), in: namespace)

        // The charges are made before the clock starts, as the SQLite bench leaves their making out.
        var factory = ChargeFactory(seed: 42)
        let batches = stride(from: 0, to: objects, by: batch).map { start in
            (start..<min(start + batch, objects)).map { _ in factory.next() }
        }
        let bytes = batches.first.map { $0.reduce(0) { $0 + JSONText.of($1).utf8.count } / max($0.count, 1) } ?? 0
        var runs: [RunID?] = []
        for _ in 0..<passes { runs.append(noRun ? nil : try await sink.startRun(source: namespace.source, startedAt: Date())) }
        let contexts = runs.map { NormalizeContext(syncedAt: Int64(Date().timeIntervalSince1970), run: $0?.rawValue) }
        let normalizedBefore = try loadingOnly
            ? contexts.map { context in try batches.map { try normalizer.normalize($0, collection: "charges", context: context) } } : []
        var counts = TableCounts()
        let clock = ContinuousClock()
        let cpuStart = SQLiteBench.processCPU()
        let start = clock.now
        for pass in 0..<passes {
            let run = runs[pass]
            var index = 0
            func next() throws -> NormalizedBatch? {
                guard index < batches.count else { return nil }
                index += 1
                if loadingOnly { return normalizedBefore[pass][index - 1] }
                return try normalizer.normalize(batches[index - 1], collection: "charges", context: contexts[pass])
            }
            // Up to `connections` batches are stored at once while the next ones are normalized, as a
            // sync's workers do; with --sequential, one at a time.
            let inFlight = sequential ? 1 : configuration.connections
            counts += try await withThrowingTaskGroup(of: TableCounts.self) { group in
                var total = TableCounts()
                var running = 0
                while let normalized = try next() {
                    let state = [StateEntry(source: "bench", key: "charges.cursor", value: "\(index)")]
                    if running == inFlight, let done = try await group.next() {
                        total += done
                        running -= 1
                    }
                    group.addTask { try await sink.commit(normalized, advancing: state, in: namespace, run: run).total }
                    running += 1
                }
                for try await done in group { total += done }
                return total
            }
        }
        let wall = clock.now - start
        let cpu = SQLiteBench.processCPU() - cpuStart
        if !keep { try await dropSchema(schema, configuration) }
        try await sink.close()

        let seconds = Double(wall.components.seconds) + Double(wall.components.attoseconds) / 1e18
        let rows = counts.inserted + counts.updated
        print("""
        postgres: \(objects * passes) charges (\(objects) distinct, about \(bytes) bytes of JSON each, \(normalizer.table(named: "charges")?.columns.count ?? 0) columns), \(batch) per transaction, \(sequential ? "one at a time" : "\(configuration.connections) connections")\(synchronousCommit ? ", synchronous commits" : "")\(loadingOnly ? ", normalized before the clock started" : "")\(noRun ? ", outside a run (no undo images)" : ", one run per pass")
          inserted \(counts.inserted), updated \(counts.updated)
          wall:      \(String(format: "%.2f", seconds)) s, \(String(format: "%.0f", Double(rows) / seconds)) rows/s
          client:    \(String(format: "%.2f", cpu)) s of CPU (\(loadingOnly ? "" : "normalizing and ")encoding; the server's is not counted)
        """)
    }

    private func dropSchema(_ schema: String, _ configuration: PostgresDestination.Configuration) async throws {
        let cleaner = try await PostgresDestination(configuration: configuration)
        try await cleaner.dropSchema(schema)
        try await cleaner.close()
    }
}
