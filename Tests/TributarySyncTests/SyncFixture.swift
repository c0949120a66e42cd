import Foundation
import GRDB
import Logging
import TributaryCatalog
import TributaryNormalizer
import TributaryEmulator
import TributarySQLite
import TributaryStripe
import TributarySync
import TributaryTesting
import Testing
import TributaryWarehouse

/// An emulator and a SQLite file, and the means to sync one into the other and compare them.
struct SyncFixture: Sendable {
    let emulator: RunningEmulator
    let path: String

    /// Runs one sync with a fresh client and destination, as one `tributary sync` would.
    @discardableResult
    func sync(collections: [String] = [], fullRefresh: Bool = false, concurrency: Int = 16,
              source: String = "default", prefix: String = "", failAfterWrites: Int? = nil, refusing: String? = nil,
              connectedAccounts: ConnectedAccounts = .none, schema: String = Namespace.defaultSchema,
              transforms: TransformSet = TransformSet(), maxRejectedShare: Double = 0.01,
              into other: (@Sendable () async throws -> any Destination)? = nil,
              client configure: (inout StripeClient.Configuration) -> Void = { _ in },
              afterwards inspect: @Sendable (StripeClient) async -> Void = { _ in }) async throws -> RunRecord {
        var configuration = StripeClient.Configuration(apiKey: StripeAPIKey(emulator.secretKey), baseURL: emulator.baseURL)
        // The emulator's limit is off unless a test sets one; the client's default would be test mode's.
        configuration.requestsPerSecond = emulator.emulator.configuration.requestsPerSecond > 0
            ? emulator.emulator.configuration.requestsPerSecond : 5000
        configuration.retryBaseDelay = .milliseconds(5)
        configuration.retryMaxDelay = .milliseconds(50)
        configure(&configuration)
        let base: any Destination = try await other?() ?? SQLiteDestination(path: path)
        let destination: any Destination = failAfterWrites.map { FailingDestination(base, failAfterWrites: $0) }
            ?? refusing.map { FailingDestination(base, refusing: $0) } ?? base
        do {
            let record = try await withStripeClient(configuration: configuration) { client in
                let engine = SyncEngine(
                    configuration: .init(namespace: try Namespace(source: source, schema: schema, tablePrefix: prefix),
                                         collections: collections, fullRefresh: fullRefresh, concurrency: concurrency,
                                         connectedAccounts: connectedAccounts, transforms: transforms,
                                         maxRejectedShare: maxRejectedShare),
                    client: client, destination: destination, logger: quietLogger)
                let record = try await engine.run()
                await inspect(client)
                return record
            }
            try await destination.close()
            return record
        } catch {
            try? await destination.close()
            throw error
        }
    }

    /// The emulator's live ids of a collection.
    func truth(_ collection: String, account: String? = nil) async throws -> Set<String> {
        let json = try await rawRequest(emulator.baseURL + "/_emulator/truth?collection=\(collection)" + (account.map { "&account=\($0)" } ?? ""),
                                        headers: [bearerAuth(emulator.secretKey)]).json
        return Set((json["ids"]?.arrayValue ?? []).compactMap(\.stringValue))
    }

    /// Every object of a top-level collection as the emulator lists it now, by id.
    func objects(_ collection: String) async throws -> [String: JSONValue] {
        let c = try #require(Catalog.stripe.collection(named: collection))
        var configuration = StripeClient.Configuration(apiKey: StripeAPIKey(emulator.secretKey), baseURL: emulator.baseURL)
        configuration.requestsPerSecond = 5000
        return try await withStripeClient(configuration: configuration) { client in
            var result: [String: JSONValue] = [:]
            for try await page in client.list(c.path, query: c.fixedQuery.sorted { $0.key < $1.key }) {
                for o in page.objects { if let id = o["id"]?.stringValue { result[id] = o } }
            }
            return result
        }
    }

    /// Live objects per collection, as the emulator counts them.
    func truthCounts() async throws -> [String: Int] {
        let json = try await rawRequest(emulator.baseURL + "/_emulator/truth", headers: [bearerAuth(emulator.secretKey)]).json
        return Dictionary(uniqueKeysWithValues: (json.objectValue ?? []).map { ($0.0, Int($0.1.intValue ?? 0)) })
    }

    /// The ids a table holds that are not marked deleted.
    func live(_ table: String) throws -> Set<String> {
        try read { db in
            guard try db.tableExists(table) else { return [] }
            return Set(try String.fetchAll(db, sql: "SELECT id FROM \"\(table)\" WHERE _tributary_deleted = 0"))
        }
    }

    /// The live ids of one account's rows (`nil`: the platform's).
    func live(_ table: String, account: String?) throws -> Set<String> {
        try read { db in
            guard try db.tableExists(table) else { return [] }
            return Set(try String.fetchAll(db, sql: "SELECT id FROM \"\(table)\" WHERE _tributary_deleted = 0 AND _tributary_account IS ?",
                                           arguments: [account]))
        }
    }

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        return try queue.read { db in try body(db) }
    }

    /// Sends an admin request to the emulator (`mutate?n=…`, `clock?advance=…`).
    @discardableResult
    func admin(_ pathAndQuery: String) async throws -> JSONValue {
        try await rawRequest(emulator.baseURL + "/_emulator/" + pathAndQuery, method: .POST,
                             headers: [bearerAuth(emulator.secretKey)]).json
    }

    /// Every table's rows as text, in key order, without the columns that say when and by which run a
    /// row was written.
    func snapshot(tables: [String]) throws -> [String: [String]] {
        try read { db in
            var result: [String: [String]] = [:]
            for table in tables where try db.tableExists(table) {
                let columns = try db.columns(in: table).map(\.name).filter { $0 != "_tributary_synced_at" && $0 != "_tributary_run_id" }
                // json_array takes at most 127 arguments; wide tables have more columns.
                let select = columns.map { "quote(\"\($0)\")" }.joined(separator: " || ',' || ")
                result[table] = try String.fetchAll(db, sql: "SELECT \(select) FROM \"\(table)\" ORDER BY 1")
            }
            return result
        }
    }
}

let quietLogger: Logger = {
    var logger = Logger(label: "tributary.sync-test")
    logger.logLevel = ProcessInfo.processInfo.environment["TRIBUTARY_TEST_LOG"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
    return logger
}()

/// Runs `body` with a fresh emulator and a SQLite file removed afterwards.
func withSyncFixture<T: Sendable>(_ configure: @escaping (inout EmulatorConfiguration) -> Void = { _ in },
                                  _ body: @Sendable (SyncFixture) async throws -> T) async throws -> T {
    let path = NSTemporaryDirectory() + "tributary-sync-\(UUID().uuidString).sqlite"
    defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
    return try await withEmulator(configure) { emulator in
        try await body(SyncFixture(emulator: emulator, path: path))
    }
}

/// The collections the emulator serves that a full sync should hold, by table.
let servedCollections: [String] = Catalog.stripe.collections.map(\.name)
    .filter { !["bitcoin_receivers", "bitcoin_transactions", "payout_balance_transactions"].contains($0) }
