import Foundation
import Testing
import TributaryCatalog
import TributaryNormalizer
import TributaryTesting
import TributaryWarehouse

/// `tributary drop` and `tributary runs show`: one source's tables and state go, its neighbours' stay;
/// one run is read back by id.
@Suite(.timeLimit(.minutes(2))) struct DropConformanceTests {
    @Test(arguments: Backend.enabled)
    func droppingASourceLeavesTheOtherPrefixesOfItsSchema(_ backend: Backend) async throws {
        try await withWarehouse(backend) { w in
            let us = try w.namespace(source: "us", prefix: "us_")
            // A prefix that starts like the other's: only exact names of the namespace may go.
            let usa = try w.namespace(source: "usa", prefix: "us_a")
            for namespace in [us, usa] {
                try await w.destination.prepare(normalizer.tables(for: "charges") + normalizer.tables(for: "customers"), in: namespace)
                let batch = try normalizer.normalize([StripeExamples.charge, StripeExamples.charge.setting("id", to: .string("ch_2"))],
                                                     collection: "charges", context: .init(syncedAt: 1))
                let run = try await w.destination.startRun(source: namespace.source, startedAt: Date())
                try await w.destination.commit(batch, advancing: [StateEntry(source: namespace.source, key: "cursor", value: "x")],
                                               in: namespace, run: run)
                try await w.destination.write(WriteBatch(namespace: namespace, rejects: [
                    Reject(collection: "charges", objectID: "ch_bad", account: nil, reason: "test", rawJSON: "{}"),
                ], run: run))
            }
            let before = try await w.destination.tables(in: us)
            #expect(before.contains { $0.hasSuffix("us_charges") } && before.contains { $0.hasSuffix("us_customers") })
            #expect(!before.contains { $0.contains("us_a") })

            let dropped = try await w.destination.dropSource(us)
            #expect(dropped == before)
            #expect(try await w.destination.tables(in: us).isEmpty)
            #expect(try await w.destination.state(source: "us").isEmpty)
            #expect(try await w.destination.state(source: "usa") == ["cursor": "x"])
            #expect(try await w.count("charges", in: usa) == 2)
            #expect(try await w.destination.tables(in: usa).count == before.count)
            let rejects = try await w.column("SELECT source FROM \(w.system("_tributary_rejects"))")
            #expect(rejects == ["usa"])
            let schemaRows = try await w.column("SELECT DISTINCT source FROM \(w.system("_tributary_schema"))")
            #expect(schemaRows == ["usa"])
            #expect(try await w.destination.runs(source: "us", limit: 5).count == 1, "run history is kept")

            // The source can sync again from nothing into fresh tables.
            try await w.destination.prepare(normalizer.tables(for: "charges"), in: us)
            #expect(try await w.count("charges", in: us) == 0)
        }
    }

    @Test(arguments: Backend.enabled)
    func aRunIsReadBackByID(_ backend: Backend) async throws {
        try await withWarehouse(backend) { w in
            let id = try await w.destination.startRun(source: "test", startedAt: Date(timeIntervalSince1970: 1_700_000_000))
            var record = RunRecord(id: id, source: "test", startedAt: Date(timeIntervalSince1970: 1_700_000_000),
                                   finishedAt: Date(timeIntervalSince1970: 1_700_000_009), status: .partial,
                                   tables: ["charges": TableCounts(inserted: 4, rejected: 1)], requests: 9, rateLimited: 1, retries: 2,
                                   errors: [.init(collection: "subscriptions", code: "permission", message: "no", requestID: "req_1", httpStatus: 403)])
            record.message = "partial"
            try await w.destination.finishRun(record)
            _ = try await w.destination.startRun(source: "other", startedAt: Date())
            #expect(try await w.destination.run(id: id) == record)
            #expect(try await w.destination.run(id: RunID(rawValue: id.rawValue + 100)) == nil)
        }
    }
}
