import Foundation
import PostgresNIO
import Testing
import TributaryCatalog
import TributaryNormalizer
import TributaryTesting
import TributaryWarehouse
@testable import TributaryPostgres

/// Lost connections: the transaction is replayed on a new one, and nothing is stored twice or lost.
@Suite(.enabled(if: TestPostgres.shouldRun, Comment(rawValue: TestPostgres.skipReason)), .timeLimit(.minutes(2)))
struct ReconnectTests {
    let charges = [StripeExamples.charge.setting("id", to: .string("ch_a")), StripeExamples.charge.setting("id", to: .string("ch_b"))]

    /// The destination's server process, once it waits as `condition` says.
    func backend(of namespace: Namespace, where condition: String = "true") async throws -> Int32 {
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            let pids = try await strings("""
                SELECT pid::text FROM pg_stat_activity WHERE application_name = 'tributary-\(namespace.schema)' AND \(condition)
                """)
            if let pid = pids.first?.first.flatMap({ $0 }).flatMap(Int32.init) { return pid }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw WarehouseError(.database, "the destination's backend never showed up")
    }

    func terminate(_ pid: Int32) async throws {
        #expect(try await strings("SELECT pg_terminate_backend(\(pid))::text") == [["true"]])
    }

    @Test func aConnectionLostMidWriteIsReplayedWhole() async throws {
        try await withPostgres { destination, namespace in
            try await destination.prepare(normalizer.tables(for: "charges"), in: namespace)
            let batch = try normalizer.normalize(charges, collection: "charges", context: .init(syncedAt: 1))
            try await TestPostgres.withConnection { blocker in
                // The write waits for this lock halfway through its transaction; its connection is cut there.
                try await blocker.query("BEGIN", logger: TestPostgres.logger)
                try await blocker.query(PostgresQuery(unsafeSQL: "LOCK TABLE \"\(namespace.schema)\".charges IN ACCESS EXCLUSIVE MODE"),
                                        logger: TestPostgres.logger)
                async let written = destination.commit(batch, advancing: [StateEntry(source: "test", key: "cursor", value: "ch_b")],
                                                       in: namespace)
                try await terminate(try await backend(of: namespace, where: "wait_event_type = 'Lock'"))
                try await blocker.query("COMMIT", logger: TestPostgres.logger)
                #expect(try await written.tables["charges"] == TableCounts(inserted: 2))
            }
            #expect(await destination.reconnects == 1)
            #expect(try await strings("SELECT id FROM \"\(namespace.schema)\".charges ORDER BY id") == [["ch_a"], ["ch_b"]])
            #expect(try await destination.state(source: "test") == ["cursor": "ch_b"])
        }
    }

    @Test func aConnectionLostBetweenWritesIsReplaced() async throws {
        try await withPostgres { destination, namespace in
            try await destination.prepare(normalizer.tables(for: "charges"), in: namespace)
            try await terminate(try await backend(of: namespace, where: "state = 'idle'"))
            let batch = try normalizer.normalize(charges, collection: "charges", context: .init(syncedAt: 1))
            #expect(try await destination.commit(batch, in: namespace).tables["charges"] == TableCounts(inserted: 2))
            #expect(await destination.reconnects == 1)
        }
    }

    @Test func anUnreachableServerFailsAfterTheRetriesWithoutThePassword() async throws {
        let configuration = PostgresDestination.Configuration(
            host: "127.0.0.1", port: 1, user: "loader", password: "hunter2-secret", database: "warehouse", tls: .disable,
            retry: .init(attempts: 3, initialBackoff: .milliseconds(10), maxBackoff: .milliseconds(20)))
        let error = try #require(await #expect(throws: WarehouseError.self) {
            try await PostgresDestination(configuration: configuration)
        })
        #expect(error.code == .connection)
        #expect(error.message.contains("after 3 tries"), "\(error.message)")
        let underlying = try #require(error.underlying)
        for text in ["\(error)", String(reflecting: error), "\(underlying)", String(reflecting: underlying)] {
            #expect(!text.contains("hunter2"), "\(text)")
        }
    }

    @Test func aWrongPasswordIsNotRetriedAndNotShown() async throws {
        var configuration = try PostgresDestination.Configuration(try TestPostgres.endpoint())
        configuration.password = "wrong-hunter2"
        configuration.retry = .init(attempts: 5, initialBackoff: .seconds(2))
        let started = ContinuousClock.now
        let error = try #require(await #expect(throws: WarehouseError.self) {
            try await PostgresDestination(configuration: configuration)
        })
        #expect(ContinuousClock.now - started < .seconds(2), "no backoff: a wrong password stays wrong")
        #expect(error.code == .connection)
        #expect(error.message.contains("28P01"), "\(error.message)")
        for text in ["\(error)", String(reflecting: error), String(reflecting: error.underlying as Any)] {
            #expect(!text.contains("hunter2"), "\(text)")
        }
    }
}
