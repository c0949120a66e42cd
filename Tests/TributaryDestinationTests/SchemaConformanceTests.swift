import Testing
import TributaryCatalog
import TributaryNormalizer
import TributaryTesting
import TributaryWarehouse

/// Tables are created, evolved and widened in place, and every change is recorded.
@Suite(.timeLimit(.minutes(2))) struct SchemaConformanceTests {
    @Test(arguments: Backend.enabled)
    func aNewFieldMidSyncAddsAColumn(_ backend: Backend) async throws {
        try await withWarehouse(backend) { w in
            let prepared = try await w.destination.prepare(normalizer.tables(for: "charges"), in: w.namespace)
            #expect(prepared.isEmpty, "new tables are created, not evolved")
            let context = NormalizeContext(syncedAt: 1)
            try await w.destination.commit(try normalizer.normalize([StripeExamples.charge.setting("id", to: .string("ch_old"))],
                                                                    collection: "charges", context: context), in: w.namespace)
            // `select` is a keyword: every name is quoted.
            let after = StripeExamples.charge.setting("id", to: .string("ch_new")).setting("risk_tier", to: .int(3))
                .setting("select", to: .string("yes"))
            let summary = try await w.destination.commit(try normalizer.normalize([after], collection: "charges", context: context),
                                                         in: w.namespace)
            #expect(summary.schemaChanges.map(\.column.name) == ["risk_tier", "select"])
            #expect(try await w.strings("SELECT id, CAST(risk_tier AS TEXT), \"select\" FROM \(w.table("charges")) ORDER BY id")
                == [["ch_new", "3", "yes"], ["ch_old", nil, nil]])
            let recorded = try await w.strings("""
                SELECT type, role, path, source, stripe_table, CAST(position AS TEXT) FROM \(w.system("_tributary_schema"))
                WHERE table_name = 'charges' AND column_name = 'risk_tier'
                """)
            let position = String(normalizer.table(named: "charges")!.columns.count)
            #expect(recorded == [["integer", "data", "risk_tier", "test", "charges", position]])
            let schema = try #require(try await w.destination.schema(of: "charges", in: w.namespace))
            #expect(schema.columns.suffix(2).map(\.name) == ["risk_tier", "select"])
        }
    }

    @Test(arguments: Backend.enabled)
    func conflictingTypesWidenAndAreRecorded(_ backend: Backend) async throws {
        try await withWarehouse(backend) { w in
            try await w.destination.prepare(normalizer.tables(for: "charges"), in: w.namespace)
            let context = NormalizeContext(syncedAt: 1)
            var kinds: [[SchemaChange.Kind]] = []
            for (i, value) in [JSONValue.int(7), .double(7.5), .string("seven")].enumerated() {
                let charge = StripeExamples.charge.setting("id", to: .string("ch_\(i)")).setting("tier", to: value)
                let summary = try await w.destination.commit(try normalizer.normalize([charge], collection: "charges", context: context),
                                                             in: w.namespace)
                kinds.append(summary.schemaChanges.map(\.kind))
            }
            #expect(kinds == [[.addedColumn], [.widenedColumn(from: .integer)], [.widenedColumn(from: .real)]])
            let recorded = try await w.strings("""
                SELECT type, widened_from, CAST(widened_at IS NOT NULL AS TEXT) FROM \(w.system("_tributary_schema")) WHERE column_name = 'tier'
                """)
            #expect(recorded.first?.prefix(2) == ["text", "integer,real"])
            #expect(try await w.column("SELECT CAST(tier AS TEXT) FROM \(w.table("charges")) ORDER BY id") == ["7", "7.5", "seven"])
            #expect(try await w.destination.schema(of: "charges", in: w.namespace)?.column("tier")?.type == .text)
        }
    }

    @Test(arguments: Backend.enabled)
    func schemasSurviveReopening(_ backend: Backend) async throws {
        try await withWarehouse(backend) { w in
            try await w.destination.prepare(normalizer.tables(for: "charges"), in: w.namespace)
            let charge = StripeExamples.charge.setting("tier", to: .int(1))
            try await w.destination.commit(try normalizer.normalize([charge], collection: "charges", context: .init(syncedAt: 1)), in: w.namespace)

            let second = try await w.reopen()
            do {
                #expect(try await second.prepare(normalizer.tables(for: "charges"), in: w.namespace).isEmpty)
                #expect(try await second.schema(of: "charges", in: w.namespace)?.column("tier")?.type == .integer)
                let widened = StripeExamples.charge.setting("tier", to: .double(1.5))
                let summary = try await second.commit(try normalizer.normalize([widened], collection: "charges", context: .init(syncedAt: 2)),
                                                      in: w.namespace)
                #expect(summary.schemaChanges.map(\.kind) == [.widenedColumn(from: .integer)])
                #expect(summary.tables["charges"] == TableCounts(updated: 1))
                try await second.close()
            } catch {
                try? await second.close()
                throw error
            }
        }
    }

    @Test(arguments: Backend.enabled)
    func aNewerCatalogsFieldsAreAddedByPrepare(_ backend: Backend) async throws {
        try await withWarehouse(backend) { w in
            var charges = try #require(normalizer.table(named: "charges"))
            let full = charges
            charges.columns.removeAll { $0.name == "receipt_url" || $0.name == "review" }
            try await w.destination.prepare([charges], in: w.namespace)
            let changes = try await w.destination.prepare([full], in: w.namespace)
            #expect(Set(changes.map(\.column.name)) == ["receipt_url", "review"])
            #expect(try await w.destination.schema(of: "charges", in: w.namespace)?.column("review") != nil)
            let summary = try await w.destination.commit(
                try normalizer.normalize([StripeExamples.charge], collection: "charges", context: .init(syncedAt: 1)), in: w.namespace)
            #expect(summary.schemaChanges.isEmpty, "the columns were there already")
            #expect(try await w.count("charges", where: "receipt_url IS NOT NULL") == 1)
        }
    }

    @Test(arguments: Backend.enabled)
    func aTableTributaryDidNotCreateIsNotTouched(_ backend: Backend) async throws {
        try await withWarehouse(backend) { w in
            // The system tables exist from the start; a table of the user's own is in the way.
            let schema = backend == .postgres ? "\"\(w.place)\"." : ""
            try await w.execute("CREATE TABLE \(schema)\"charges\" (id TEXT)")
            await #expect { try await w.destination.prepare(normalizer.tables(for: "charges"), in: w.namespace) } throws: {
                ($0 as? WarehouseError)?.code == .schemaMismatch
            }
            let prefixed = try w.namespace(source: "test", prefix: "stripe_")
            try await w.destination.prepare(normalizer.tables(for: "charges"), in: prefixed)
            #expect(try await w.count("charges", in: prefixed) == 0)
        }
    }
}
