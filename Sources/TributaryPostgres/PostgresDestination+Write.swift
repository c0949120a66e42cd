import Foundation
import PostgresNIO
import TributaryNormalizer
import TributaryWarehouse

extension PostgresDestination {
    @discardableResult
    public func write(_ batch: WriteBatch) async throws -> WriteSummary {
        try await session.run("writing a batch") { [session] context in
            var writer = PostgresBatchWriter(context: context, session: session, namespace: batch.namespace, now: PostgresSession.now(),
                                             run: batch.run?.rawValue)
            try await writer.write(batch)
            return writer.summary
        }
    }
}

/// One batch's way through one transaction: replacements, upserts, deletions, rejects, state; with the
/// undo images of the rows it changes or removes that its run had not written yet. Made anew for each
/// try, so that a replayed batch counts once.
struct PostgresBatchWriter {
    let context: PostgresContext
    let session: PostgresSession
    let namespace: Namespace
    let now: Date
    /// The batch's run: what deletion marks set `_tributary_run_id` to, and what undo images are kept for.
    let run: Int64?
    var summary = WriteSummary()
    /// Staging tables made so far in the transaction, for unique names.
    var stages = 0

    init(context: PostgresContext, session: PostgresSession, namespace: Namespace, now: Date, run: Int64?) {
        self.context = context
        self.session = session
        self.namespace = namespace
        self.now = now
        self.run = run
    }

    mutating func write(_ batch: WriteBatch) async throws {
        var order: [String] = []
        var byTable: [String: [Row]] = [:]
        for row in batch.rows {
            if byTable[row.table] == nil { order.append(row.table) }
            byTable[row.table, default: []].append(row)
        }
        for table in order {
            let rows = byTable[table]!
            try await replace(batch.replacements.filter { $0.table == table }, keeping: rows, table: table)
            try await upsert(rows, table: table)
        }
        var replacedOnly: [String] = []
        for replacement in batch.replacements where byTable[replacement.table] == nil && !replacedOnly.contains(replacement.table) {
            replacedOnly.append(replacement.table)
        }
        for table in replacedOnly {
            try await replace(batch.replacements.filter { $0.table == table }, keeping: [], table: table)
        }
        for deletion in batch.deletions { try await markDeleted(deletion) }
        for reject in batch.rejects { try await record(reject, run: batch.run) }
        try await store(batch.state)
    }

    /// The table's name and schema; rows of tables never prepared are refused.
    func table(_ table: String) async throws -> (QualifiedName, TableSchema) {
        let name = try PostgresNaming.table(table, in: namespace)
        guard let schema = try await session.schema(context, name, namespace: namespace) else {
            throw WarehouseError(.tableNotPrepared, "\(name) was not prepared; call prepare(_:in:) with its schema first")
        }
        return (name, schema)
    }

    /// Removes the child rows of each replacement's parent that `rows` no longer hold: one statement per
    /// parent column, for all the batch's parents at once.
    private mutating func replace(_ replacements: [ChildReplacement], keeping rows: [Row], table: String) async throws {
        guard !replacements.isEmpty else { return }
        let (name, schema) = try await self.table(table)
        var parentColumns: [String] = []
        for replacement in replacements where !parentColumns.contains(replacement.parentColumn) {
            parentColumns.append(replacement.parentColumn)
        }
        for parentColumn in parentColumns {
            guard let keyColumn = schema.primaryKey.first(where: { $0 != parentColumn }) else { continue }
            let parents = replacements.filter { $0.parentColumn == parentColumn }.map(\.parentID)
            let wanted = Set(parents)
            var keptParents: [String] = []
            var keptKeys: [String] = []
            for row in rows {
                guard case let .text(parent)? = row[parentColumn], wanted.contains(parent), let key = row[keyColumn] else { continue }
                keptParents.append(parent)
                keptKeys.append(Self.keyText(key))
            }
            let parent = try SQLIdentifier(parentColumn).quoted
            let key = try SQLIdentifier(keyColumn).quoted
            var binds = PostgresBindings.of(parents, keptParents, keptKeys)
            binds.append(run)
            try await PostgresUndo.capture(context, run: run, table: name, schema: schema, where: """
                t.\(parent) = ANY($1::text[]) AND NOT EXISTS (
                  SELECT 1 FROM unnest($2::text[], $3::text[]) AS k(parent_id, key)
                  WHERE k.parent_id = t.\(parent) AND k.key = t.\(key)::text)
                """, runParameter: 4, binds: binds)
            let removed = try await context.execute("""
                DELETE FROM \(name.quoted) AS c USING (SELECT DISTINCT unnest($1::text[]) AS parent_id) AS p
                WHERE c.\(parent) = p.parent_id AND NOT EXISTS (
                  SELECT 1 FROM unnest($2::text[], $3::text[]) AS k(parent_id, key)
                  WHERE k.parent_id = c.\(parent) AND k.key = c.\(key)::text)
                """, .of(parents, keptParents, keptKeys))
            summary.tables[table, default: TableCounts()].deleted += removed
        }
    }

    /// A key as PostgreSQL's `::text` spells it.
    static func keyText(_ value: Value) -> String {
        switch value {
        case let .text(s), let .json(s): s
        case let .integer(i), let .timestamp(i): String(i)
        case let .real(d): CopyText.real(d)
        case let .boolean(b): b ? "true" : "false"
        case .null: ""
        }
    }

    private mutating func record(_ reject: Reject, run: RunID?) async throws {
        var binds = PostgresBindings.of(namespace.source, reject.collection)
        binds.append(reject.objectID)
        binds.append(reject.account)
        binds.append(reject.reason)
        binds.append(String(decoding: reject.rawJSON.utf8.filter { $0 != 0 }, as: UTF8.self))
        binds.append(now)
        binds.append(run?.rawValue)
        try await context.execute("""
            INSERT INTO \(context.system.rejects) ("source", "stripe_table", "object_id", "account", "reason", "raw_json",
              "rejected_at", "run_id")
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            """, binds)
        summary.tables[reject.collection, default: TableCounts()].rejected += 1
    }

    /// Stores the batch's sync state; of two entries with the same key, the later wins.
    private func store(_ state: [StateEntry]) async throws {
        guard !state.isEmpty else { return }
        var latest: [String: Int] = [:]
        for (index, entry) in state.enumerated() { latest[entry.source + "\u{1F}" + entry.key] = index }
        let entries = latest.values.sorted().map { state[$0] }
        try await context.execute("""
            INSERT INTO \(context.system.state) ("source", "key", "value", "updated_at")
            SELECT s, k, v, $4 FROM unnest($1::text[], $2::text[], $3::text[]) AS e(s, k, v)
            ON CONFLICT ("source", "key") DO UPDATE SET "value" = excluded."value", "updated_at" = excluded."updated_at"
            """, .of(entries.map(\.source), entries.map(\.key), entries.map(\.value), now))
    }
}
