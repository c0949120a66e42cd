import Foundation
import GRDB
import TributaryNormalizer
import TributaryWarehouse

extension SQLiteDestination {
    public func startRun(source: String, startedAt: Date) async throws -> RunID {
        try await database { db in
            // The state as the run starts, as a JSON object: exact for the text it holds.
            try db.execute(sql: """
                INSERT INTO "_tributary_runs" ("source", "started_at", "status", "rollback_state")
                VALUES (?, ?, ?, (SELECT json_group_object("key", "value") FROM "_tributary_state" WHERE "source" = ?))
                """, arguments: [source, Self.text(startedAt), RunRecord.Status.running.rawValue, source])
            return RunID(rawValue: db.lastInsertedRowID)
        }
    }

    public func finishRun(_ record: RunRecord) async throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let tables = String(decoding: try encoder.encode(record.tables), as: UTF8.self)
        let errors = String(decoding: try encoder.encode(record.errors), as: UTF8.self)
        let total = record.total
        try await database { db in
            try db.execute(sql: """
                UPDATE "_tributary_runs" SET "source" = ?, "started_at" = ?, "finished_at" = ?, "status" = ?,
                  "requests" = ?, "rate_limited" = ?, "retries" = ?, "inserted" = ?, "updated" = ?, "deleted" = ?,
                  "rejected" = ?, "tables" = ?, "errors" = ?, "message" = ?
                WHERE "run_id" = ?
                """, arguments: [record.source, Self.text(record.startedAt), record.finishedAt.map(Self.text),
                                 record.status.rawValue, record.requests, record.rateLimited, record.retries,
                                 total.inserted, total.updated, total.deleted, total.rejected, tables, errors,
                                 record.message, record.id.rawValue])
            guard db.changesCount == 1 else {
                throw WarehouseError(.unknownRun, "no run \(record.id) in _tributary_runs")
            }
        }
    }

    public func runs(source: String?, limit: Int) async throws -> [RunRecord] {
        try await pool.read { db in
            let rows = try GRDB.Row.fetchAll(db, sql: """
                SELECT * FROM "_tributary_runs" WHERE ? IS NULL OR "source" = ? ORDER BY "run_id" DESC LIMIT ?
                """, arguments: [source, source, limit])
            return try rows.map(Self.record)
        }
    }

    public func run(id: RunID) async throws -> RunRecord? {
        try await pool.read { db in
            try GRDB.Row.fetchOne(db, sql: #"SELECT * FROM "_tributary_runs" WHERE "run_id" = ?"#, arguments: [id.rawValue])
                .map(Self.record)
        }
    }

    private static func record(_ row: GRDB.Row) throws -> RunRecord {
        let decoder = JSONDecoder()
        let tables: String = row["tables"]
        let errors: String = row["errors"]
        return RunRecord(
            id: RunID(rawValue: row["run_id"]), source: row["source"],
            startedAt: Self.date(row["started_at"]) ?? Date(timeIntervalSince1970: 0),
            finishedAt: (row["finished_at"] as String?).flatMap(Self.date),
            status: RunRecord.Status(rawValue: row["status"]) ?? .running,
            tables: try decoder.decode([String: TableCounts].self, from: Data(tables.utf8)),
            requests: row["requests"], rateLimited: row["rate_limited"], retries: row["retries"],
            errors: try decoder.decode([RunRecord.RunError].self, from: Data(errors.utf8)),
            message: row["message"])
    }

    static func text(_ date: Date) -> String {
        Timestamp.text(Int64(date.timeIntervalSince1970.rounded(.down)))
    }

    static func date(_ text: String) -> Date? {
        let parts = text.split(whereSeparator: { $0 == "-" || $0 == " " || $0 == ":" }).compactMap { Int($0) }
        guard parts.count == 6 else { return nil }
        var components = DateComponents()
        (components.year, components.month, components.day) = (parts[0], parts[1], parts[2])
        (components.hour, components.minute, components.second) = (parts[3], parts[4], parts[5])
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(from: components)
    }
}
