import Foundation
import PostgresNIO
import TributaryWarehouse

extension PostgresDestination {
    public func startRun(source: String, startedAt: Date) async throws -> RunID {
        try await session.run("recording the start of a run") { context in
            let rows = try await context.rows("""
                INSERT INTO \(context.system.runs) ("source", "started_at", "status", "rollback_state")
                VALUES ($1, $2, $3, (SELECT coalesce(jsonb_object_agg("key", "value"), '{}') FROM \(context.system.state) WHERE "source" = $1))
                RETURNING "run_id"
                """, .of(source, startedAt, RunRecord.Status.running.rawValue))
            guard let id = try rows.first?.decode(Int64.self) else {
                throw WarehouseError(.database, "the server returned no run id")
            }
            return RunID(rawValue: id)
        }
    }

    public func finishRun(_ record: RunRecord) async throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let tables = String(decoding: try encoder.encode(record.tables), as: UTF8.self)
        let errors = String(decoding: try encoder.encode(record.errors), as: UTF8.self)
        let total = record.total
        var binds = PostgresBindings.of(record.source, record.startedAt)
        binds.append(record.finishedAt)
        for value in [record.status.rawValue] { binds.append(value) }
        for value in [record.requests, record.rateLimited, record.retries, total.inserted, total.updated, total.deleted,
                      total.rejected] { binds.append(Int64(value)) }
        binds.append(tables)
        binds.append(errors)
        binds.append(record.message)
        binds.append(record.id.rawValue)
        try await session.run("recording the end of run \(record.id)") { [binds] context in
            let changed = try await context.execute("""
                UPDATE \(context.system.runs) SET "source" = $1, "started_at" = $2, "finished_at" = $3, "status" = $4,
                  "requests" = $5, "rate_limited" = $6, "retries" = $7, "inserted" = $8, "updated" = $9, "deleted" = $10,
                  "rejected" = $11, "tables" = $12::jsonb, "errors" = $13::jsonb, "message" = $14
                WHERE "run_id" = $15
                """, binds)
            guard changed == 1 else {
                throw WarehouseError(.unknownRun, "no run \(record.id) in _tributary_runs")
            }
        }
    }

    public func runs(source: String?, limit: Int) async throws -> [RunRecord] {
        var binds = PostgresBindings()
        binds.append(source)
        binds.append(Int64(max(limit, 0)))
        return try await session.run("reading runs", transaction: false) { [binds] context in
            let rows = try await context.rows("""
                SELECT "run_id", "source", "started_at", "finished_at", "status", "requests", "rate_limited", "retries",
                  "tables"::text, "errors"::text, "message"
                FROM \(context.system.runs) WHERE $1::text IS NULL OR "source" = $1::text ORDER BY "run_id" DESC LIMIT $2
                """, binds)
            return try rows.map(Self.record)
        }
    }

    public func run(id: RunID) async throws -> RunRecord? {
        try await session.run("reading run \(id)", transaction: false) { context in
            let rows = try await context.rows("""
                SELECT "run_id", "source", "started_at", "finished_at", "status", "requests", "rate_limited", "retries",
                  "tables"::text, "errors"::text, "message"
                FROM \(context.system.runs) WHERE "run_id" = $1
                """, .of(id.rawValue))
            return try rows.first.map(Self.record)
        }
    }

    private static func record(_ row: PostgresRow) throws -> RunRecord {
        let (id, source, startedAt, finishedAt, status, requests, rateLimited, retries, tables, errors, message) =
            try row.decode((Int64, String, Date, Date?, String, Int64, Int64, Int64, String, String, String?).self)
        let decoder = JSONDecoder()
        return RunRecord(
            id: RunID(rawValue: id), source: source, startedAt: startedAt, finishedAt: finishedAt,
            status: RunRecord.Status(rawValue: status) ?? .running,
            tables: try decoder.decode([String: TableCounts].self, from: Data(tables.utf8)),
            requests: Int(requests), rateLimited: Int(rateLimited), retries: Int(retries),
            errors: try decoder.decode([RunRecord.RunError].self, from: Data(errors.utf8)),
            message: message)
    }
}
