import Foundation
import PostgresNIO
import Testing
import TributaryCatalog
import TributaryNormalizer
@testable import TributaryPostgres
import TributaryTesting
import TributaryWarehouse

/// Batches written at once go through several connections; whatever each brings, the tables end the same
/// as if they had been written one after the other.
@Suite struct ConnectionPoolTests {
    @Test func batchesThatEachAddAColumnToOneTableAllLand() async throws {
        try await withPostgres(connections: 4) { destination, namespace in
            try await destination.prepare(normalizer.tables(for: "charges"), in: namespace)
            // Each batch's charges carry a field no other batch has: every batch evolves the table, on
            // its own connection, while the others write.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for task in 0..<8 {
                    group.addTask {
                        let charges = (0..<40).map {
                            StripeExamples.charge.setting("id", to: .string("ch_\(task)_\($0)"))
                                .setting("new_field_\(task)", to: .string("v\(task)"))
                        }
                        let batch = try normalizer.normalize(charges, collection: "charges", context: .init(syncedAt: 1))
                        try await destination.commit(batch, advancing: [StateEntry(source: "test", key: "task.\(task)", value: "done")],
                                                     in: namespace)
                    }
                }
                try await group.waitForAll()
            }
            let table = "\"\(namespace.schema)\".charges"
            #expect(try await strings("SELECT count(*)::text FROM \(table)") == [["320"]])
            for task in 0..<8 {
                #expect(try await strings("SELECT count(*)::text FROM \(table) WHERE new_field_\(task) = 'v\(task)'") == [["40"]])
            }
            let schema = try #require(try await destination.schema(of: "charges", in: namespace))
            #expect((0..<8).allSatisfy { task in schema.column("new_field_\(task)") != nil })
            #expect(try await destination.state(source: "test").count == 8)
        }
    }

    @Test func commitsDoNotWaitForTheDiskUnlessAsked() async throws {
        for synchronous in [false, true] {
            try await withPostgres(synchronousCommit: synchronous) { destination, namespace in
                try await destination.prepare(normalizer.tables(for: "charges"), in: namespace)
                let batch = try normalizer.normalize([StripeExamples.charge], collection: "charges", context: .init(syncedAt: 1))
                try await destination.commit(batch, in: namespace)
                let setting = try await destination.session.run("reading a setting", transaction: false) { context in
                    try await context.rows("SHOW synchronous_commit").first?.decode(String.self)
                }
                #expect(setting == (synchronous ? "on" : "off"))
            }
        }
    }
}
