import Foundation
import Testing
import TributaryCatalog
import TributaryNormalizer
import TributaryTesting
import TributaryWarehouse

/// `rollback` puts every table a run touched back as it was before the run, and rewinds the sync state.
@Suite(.timeLimit(.minutes(2))) struct RollbackConformanceTests {
    let a = StripeExamples.charge.setting("id", to: .string("ch_a"))
    let b = StripeExamples.charge.setting("id", to: .string("ch_b"))
    let c = StripeExamples.charge.setting("id", to: .string("ch_c"))

    @Test(arguments: Backend.enabled)
    func updatedRowsComeBackAndInsertedRowsGo(_ backend: Backend) async throws {
        try await withWarehouse(backend) { w in
            try await w.destination.prepare(normalizer.tables(for: "charges"), in: w.namespace)
            let first = try await w.run { try await w.load([a, b], "charges", run: $0, state: ["cursor": "1"]) }
            let before = try await w.checksum("charges")
            let second = try await w.run { run in
                try await w.load([a.setting("amount", to: .int(7)), c], "charges", run: run, syncedAt: 2,
                                 state: ["cursor": "2", "new_key": "x"])
            }
            #expect(try await w.checksum("charges") != before)
            #expect(try await w.column("SELECT CAST(_tributary_run_id AS TEXT) FROM \(w.table("charges")) ORDER BY id")
                == [second.description, first.description, second.description], "each row names the run that last wrote it")

            let summary = try await w.destination.rollback(second, in: w.namespace)
            #expect(summary.runs == [second])
            #expect(summary.tables == ["charges": RollbackSummary.Counts(removed: 2, restored: 1)])
            #expect(summary.state == ["cursor": "1"])
            #expect(try await w.checksum("charges") == before)
            #expect(try await w.destination.state(source: "test") == ["cursor": "1"], "the state is as the run found it")
            #expect(try await w.destination.run(id: second)?.status == .rolledBack)
            #expect(try await w.destination.run(id: first)?.status == .succeeded)
        }
    }

    @Test(arguments: Backend.enabled)
    func childRowsTheRunReplacedOrRemovedComeBack(_ backend: Backend) async throws {
        try await withWarehouse(backend) { w in
            try await w.destination.prepare(normalizer.tables(for: "invoices"), in: w.namespace)
            try await w.run { try await w.load([StripeExamples.invoice], "invoices", run: $0) }
            let tables = ["invoices", "invoice_lines", "discounts"]
            let before = try await w.checksums(tables)
            let lines = try #require(StripeExamples.invoice["lines"]?["data"]?.arrayValue)
            let changed = StripeExamples.invoice
                .setting("status", to: .string("open"))
                .setting("lines", to: try #require(StripeExamples.invoice["lines"]).setting("data", to: .array([
                    lines[0].setting("amount", to: .int(1200)),
                    lines[0].setting("id", to: .string("il_3")),
                ])))
            let second = try await w.run { try await w.load([changed], "invoices", run: $0, syncedAt: 2) }
            #expect(try await w.column("SELECT id FROM \(w.table("invoice_lines")) ORDER BY id") == ["il_1", "il_3"])

            let summary = try await w.destination.rollback(second, in: w.namespace)
            #expect(summary.tables["invoice_lines"] == RollbackSummary.Counts(removed: 2, restored: 2),
                    "il_1 updated, il_2 removed, il_3 added")
            #expect(try await w.checksums(tables) == before)
        }
    }

    @Test(arguments: Backend.enabled)
    func rowsTheRunMarkedDeletedLiveAgain(_ backend: Backend) async throws {
        try await withWarehouse(backend) { w in
            try await w.destination.prepare(normalizer.tables(for: "customers"), in: w.namespace)
            let fresh = StripeExamples.customer.setting("id", to: .string("cus_fresh")).setting("sources", to: .null)
                .setting("discount", to: .null)
            try await w.run { try await w.load([StripeExamples.customer], "customers", run: $0, syncedAt: 1_000) }
            let tables = ["customers", "cards", "bank_accounts", "discounts"]
            let before = try await w.checksums(tables)
            let second = try await w.run { run in
                let stub = JSONValue.object([("id", .string("cus_NffrFeUfNV2Hib")), ("object", .string("customer")),
                                             ("deleted", .bool(true))])
                try await w.load([stub], "customers", run: run, syncedAt: 2_000)
                // Outside any run: no run id, so no rollback touches it.
                _ = try await w.destination.markDeleted([Deletion(table: "customers", id: "cus_never_seen")], in: w.namespace)
                try await w.destination.write(WriteBatch(namespace: w.namespace,
                                                         deletions: [Deletion(table: "customers", id: "cus_gone")], run: run))
                try await w.load([fresh], "customers", run: run, syncedAt: 2_000)
            }
            #expect(try await w.count("cards", where: "_tributary_deleted") == 1)
            let summary = try await w.destination.rollback(second, in: w.namespace)
            #expect(summary.tables["customers"] == RollbackSummary.Counts(removed: 3, restored: 1),
                    "the deleted customer back; the key-only row and the new customer gone")
            #expect(try await w.column("SELECT id FROM \(w.table("customers")) ORDER BY id") == ["cus_NffrFeUfNV2Hib", "cus_never_seen"],
                    "a row written outside any run stays")
            try await w.execute("DELETE FROM \(w.table("customers")) WHERE id = 'cus_never_seen'")
            #expect(try await w.checksums(tables) == before)
        }
    }

    @Test(arguments: Backend.enabled)
    func rowsASweepMarkedLiveAgain(_ backend: Backend) async throws {
        try await withWarehouse(backend) { w in
            try await w.destination.prepare(normalizer.tables(for: "customers"), in: w.namespace)
            let fresh = StripeExamples.customer.setting("id", to: .string("cus_fresh")).setting("sources", to: .null)
                .setting("discount", to: .null)
            try await w.run { try await w.load([StripeExamples.customer, fresh], "customers", run: $0, syncedAt: 1_000) }
            let tables = ["customers", "cards", "bank_accounts"]
            let before = try await w.checksums(tables)
            let second = try await w.run { run in
                try await w.load([fresh.setting("email", to: .string("new@example.com"))], "customers", run: run, syncedAt: 2_000)
                let swept = try await w.destination.markDeleted(notSyncedSince: 1_500, table: "customers", account: nil,
                                                                in: w.namespace, run: run)
                #expect(swept == 1)
            }
            #expect(try await w.count("cards", where: "_tributary_deleted") == 1)
            let summary = try await w.destination.rollback(second, in: w.namespace)
            #expect(summary.tables["customers"] == RollbackSummary.Counts(removed: 2, restored: 2))
            #expect(summary.tables["cards"] == RollbackSummary.Counts(removed: 1, restored: 1))
            #expect(try await w.checksums(tables) == before)
        }
    }

    @Test(arguments: Backend.enabled)
    func twoRunsAreRolledBackAtOnce(_ backend: Backend) async throws {
        try await withWarehouse(backend) { w in
            try await w.destination.prepare(normalizer.tables(for: "charges"), in: w.namespace)
            let first = try await w.run { try await w.load([a, b], "charges", run: $0, state: ["cursor": "1"]) }
            let afterFirst = try await w.checksum("charges")
            let second = try await w.run { run in
                try await w.load([a.setting("amount", to: .int(2)), c], "charges", run: run, syncedAt: 2, state: ["cursor": "2"])
                try await w.destination.write(WriteBatch(namespace: w.namespace, deletions: [Deletion(table: "charges", id: "ch_b")],
                                                         run: run))
            }
            let third = try await w.run { run in
                let d = StripeExamples.charge.setting("id", to: .string("ch_d"))
                try await w.load([a.setting("amount", to: .int(3)), c.setting("amount", to: .int(3)), d], "charges", run: run,
                                 syncedAt: 3, state: ["cursor": "3"])
            }
            #expect(try await w.count("charges") == 4)

            let summary = try await w.destination.rollback(second, in: w.namespace)
            #expect(summary.runs == [second, third])
            #expect(try await w.checksum("charges") == afterFirst)
            #expect(try await w.destination.state(source: "test") == ["cursor": "1"])
            #expect(try await w.destination.runs(source: "test", limit: 5).map(\.status) == [.rolledBack, .rolledBack, .succeeded])

            // The next runs start from there, and can be rolled back in turn.
            let fourth = try await w.run { try await w.load([a.setting("amount", to: .int(4))], "charges", run: $0, syncedAt: 4) }
            #expect(try await w.checksum("charges") != afterFirst)
            try await w.destination.rollback(fourth, in: w.namespace)
            #expect(try await w.checksum("charges") == afterFirst)
            try await w.destination.rollback(first, in: w.namespace)
            #expect(try await w.count("charges") == 0, "rolling back the first run empties the tables")
            #expect(try await w.destination.state(source: "test").isEmpty)
        }
    }

    /// PostgreSQL keeps images as the record's text, which reads back only into the columns it was
    /// written from: the images a run took before a column is widened or added must still come back.
    @Test(arguments: Backend.enabled)
    func imagesTakenBeforeAColumnIsWidenedOrAddedComeBack(_ backend: Backend) async throws {
        try await withWarehouse(backend) { w in
            try await w.destination.prepare(normalizer.tables(for: "charges"), in: w.namespace)
            try await w.run { try await w.load([a.setting("tier", to: .int(7)), b], "charges", run: $0) }
            let values = """
                SELECT id || ':' || CAST(amount AS TEXT) || ':' || coalesce(CAST(tier AS TEXT), '-') || ':' || CAST(_tributary_synced_at AS TEXT)
                FROM \(w.table("charges")) ORDER BY id
                """
            let before = try await w.column(values)
            let second = try await w.run { run in
                try await w.load([a.setting("amount", to: .int(9)).setting("tier", to: .int(8))], "charges", run: run, syncedAt: 2)
                try await w.load([b.setting("tier", to: .string("gold"))], "charges", run: run, syncedAt: 3)
                try await w.load([c.setting("loyalty", to: .int(1))], "charges", run: run, syncedAt: 4)
            }
            #expect(try await w.destination.schema(of: "charges", in: w.namespace)?.column("tier")?.type == .text, "tier was widened")
            #expect(try await w.column(values) != before)
            try await w.destination.rollback(second, in: w.namespace)
            #expect(try await w.column(values) == before)
            #expect(try await w.count("charges", where: "loyalty IS NULL") == 2, "the added column stays, empty")
        }
    }

    @Test(arguments: Backend.enabled)
    func realsComeBackToTheBitAndAddedColumnsStay(_ backend: Backend) async throws {
        try await withWarehouse(backend) { w in
            try await w.destination.prepare(normalizer.tables(for: "charges"), in: w.namespace)
            try await w.run { try await w.load([a.setting("risk_ratio", to: .double(0.1 + 0.2))], "charges", run: $0) }
            let exact = backend == .sqlite ? "quote(risk_ratio)" : "CAST(risk_ratio AS TEXT)"
            let before = try await w.column("SELECT \(exact) FROM \(w.table("charges"))")
            #expect(before == [backend == .sqlite ? "3.00000000000000044408e-01" : "0.30000000000000004"], "0.1 + 0.2 to the bit")
            let second = try await w.run { run in
                try await w.load([a.setting("risk_ratio", to: .double(0.7)).setting("tier", to: .string("gold"))], "charges",
                                 run: run, syncedAt: 2)
            }
            try await w.destination.rollback(second, in: w.namespace)
            #expect(try await w.column("SELECT \(exact) FROM \(w.table("charges"))") == before)
            #expect(try await w.destination.schema(of: "charges", in: w.namespace)?.column("tier") != nil, "the column stays")
            #expect(try await w.count("charges", where: "tier IS NULL") == 1)
        }
    }

    @Test(arguments: Backend.enabled)
    func rejectsOfTheRunGoWithIt(_ backend: Backend) async throws {
        try await withWarehouse(backend) { w in
            try await w.destination.prepare(normalizer.tables(for: "charges"), in: w.namespace)
            let malformed = JSONValue.object([("object", .string("charge")), ("amount", .int(5))])
            let first = try await w.run { try await w.load([a, malformed], "charges", run: $0) }
            let second = try await w.run { try await w.load([b, malformed], "charges", run: $0) }
            let rejects = "SELECT CAST(run_id AS TEXT) FROM \(w.system("_tributary_rejects")) ORDER BY run_id"
            #expect(try await w.column(rejects) == [first.description, second.description])
            try await w.destination.rollback(second, in: w.namespace)
            #expect(try await w.column(rejects) == [first.description])
        }
    }

    @Test(arguments: Backend.enabled)
    func aDryRunSaysWhatItWouldDoAndDoesNothing(_ backend: Backend) async throws {
        try await withWarehouse(backend) { w in
            try await w.destination.prepare(normalizer.tables(for: "charges"), in: w.namespace)
            try await w.run { try await w.load([a], "charges", run: $0, state: ["cursor": "1"]) }
            let second = try await w.run { try await w.load([a.setting("amount", to: .int(9)), b], "charges", run: $0, state: ["cursor": "2"]) }
            let after = try await w.checksum("charges")
            let plan = try await w.destination.rollback(second, in: w.namespace, options: RollbackOptions(dryRun: true))
            #expect(plan.dryRun && plan.runs == [second] && plan.tables["charges"] == RollbackSummary.Counts(removed: 2, restored: 1))
            #expect(try await w.checksum("charges") == after)
            #expect(try await w.destination.state(source: "test") == ["cursor": "2"])
            #expect(try await w.destination.run(id: second)?.status == .succeeded)
            let done = try await w.destination.rollback(second, in: w.namespace)
            #expect(done.tables == plan.tables && !done.dryRun)
        }
    }

    @Test(arguments: Backend.enabled)
    func whatCannotBeRolledBackIsRefusedAndNothingChanges(_ backend: Backend) async throws {
        try await withWarehouse(backend) { w in
            try await w.destination.prepare(normalizer.tables(for: "charges"), in: w.namespace)
            let first = try await w.run { try await w.load([a], "charges", run: $0) }
            let second = try await w.run { try await w.load([b], "charges", run: $0) }
            let theirs = try await w.destination.startRun(source: "other", startedAt: Date())
            func refused(_ run: RunID, _ options: RollbackOptions = RollbackOptions(), saying words: String) async throws {
                let before = try await w.checksum("charges")
                await #expect { try await w.destination.rollback(run, in: w.namespace, options: options) } throws: { error in
                    guard let error = error as? WarehouseError else { return false }
                    return error.code == .rollbackRefused && error.message.contains(words)
                }
                #expect(try await w.checksum("charges") == before)
            }
            await #expect { try await w.destination.rollback(RunID(rawValue: 999_999), in: w.namespace) } throws: {
                ($0 as? WarehouseError)?.code == .unknownRun
            }
            try await refused(theirs, saying: "source 'other'")

            // A run still going: refused, unless its process is known to be gone.
            let third = try await w.destination.startRun(source: "test", startedAt: Date())
            try await refused(second, saying: "recorded as running (\(third))")
            let plan = try await w.destination.rollback(second, in: w.namespace, options: RollbackOptions(dryRun: true, ignoringRunning: true))
            #expect(plan.runs == [second, third])
            try await w.finish(third)

            try await w.destination.rollback(second, in: w.namespace)
            try await refused(second, saying: "rolled back already")
            let afterSecond = try await w.checksum("charges")

            // Only the latest runs keep their undo images.
            let fourth = try await w.run { try await w.load([c], "charges", run: $0) }
            try await w.destination.pruneRollback(keepingRuns: 2, in: w.namespace)
            let keptRuns = try await w.column("""
                SELECT CAST(run_id AS TEXT) FROM \(w.system("_tributary_runs")) WHERE source = 'test' AND rollback_state IS NOT NULL ORDER BY run_id
                """)
            #expect(keptRuns == [fourth.description], "the second and third were rolled back, the first pruned")
            await #expect { try await w.destination.rollback(first, in: w.namespace) } throws: {
                ($0 as? WarehouseError)?.message.contains("can no longer be rolled back") == true
            }
            try await w.destination.rollback(fourth, in: w.namespace)
            #expect(try await w.checksum("charges") == afterSecond)

            // Dropping the source's tables takes what its runs could be rolled back with.
            let fifth = try await w.run { try await w.load([c], "charges", run: $0) }
            try await w.destination.dropSource(w.namespace)
            await #expect { try await w.destination.rollback(fifth, in: w.namespace) } throws: {
                ($0 as? WarehouseError)?.message.contains("can no longer be rolled back") == true
            }
        }
    }
}

extension TestWarehouse {
    /// One run of the namespace's source: started, `body` writing with its id, recorded `succeeded`.
    @discardableResult
    func run(_ body: (RunID) async throws -> Void) async throws -> RunID {
        let id = try await destination.startRun(source: namespace.source, startedAt: Date())
        try await body(id)
        try await finish(id)
        return id
    }

    func finish(_ id: RunID) async throws {
        try await destination.finishRun(RunRecord(id: id, source: namespace.source, startedAt: Date(timeIntervalSince1970: 1),
                                                  finishedAt: Date(timeIntervalSince1970: 2), status: .succeeded))
    }

    /// Objects of a collection normalized and committed by `run`, with state entries of the source.
    @discardableResult
    func load(_ objects: [JSONValue], _ collection: String, run: RunID, syncedAt: Int64 = 1,
              state: [String: String] = [:]) async throws -> WriteSummary {
        let batch = try normalizer.normalize(objects, collection: collection, context: .init(syncedAt: syncedAt, run: run.rawValue))
        let entries = state.sorted { $0.key < $1.key }.map { StateEntry(source: namespace.source, key: $0.key, value: $0.value) }
        return try await destination.commit(batch, advancing: entries, in: namespace, run: run)
    }

    /// ``checksum(_:in:)`` of several tables.
    func checksums(_ tables: [String]) async throws -> [String: String] {
        var result: [String: String] = [:]
        for table in tables { result[table] = try await checksum(table) }
        return result
    }
}
