import Foundation
import TributaryWarehouse

/// A run as `tributary runs --json` prints it.
struct RunSummary: Sendable, Codable, Hashable {
    var id: Int64
    var source: String
    var status: String
    var startedAt: Date
    var finishedAt: Date?
    /// Seconds from start to end, when it ended.
    var seconds: Double?
    var inserted: Int
    var updated: Int
    var deleted: Int
    var rejected: Int
    var requests: Int
    var rateLimited: Int
    var retries: Int
    var errors: Int
    var message: String?

    enum CodingKeys: String, CodingKey {
        case id, source, status, seconds, inserted, updated, deleted, rejected, requests, retries, errors, message
        case startedAt = "started_at", finishedAt = "finished_at", rateLimited = "rate_limited"
    }

    init(_ record: RunRecord) {
        let total = record.total
        id = record.id.rawValue
        source = record.source
        status = record.status.rawValue
        startedAt = record.startedAt
        finishedAt = record.finishedAt
        seconds = record.finishedAt.map { $0.timeIntervalSince(record.startedAt) }
        inserted = total.inserted
        updated = total.updated
        deleted = total.deleted
        rejected = total.rejected
        requests = record.requests
        rateLimited = record.rateLimited
        retries = record.retries
        errors = record.errors.count
        message = record.message
    }
}

/// A run as `tributary runs show ID --json` prints it: the summary, counts per table and every error.
struct RunDetail: Sendable, Codable, Hashable {
    /// One table's counts.
    struct Table: Sendable, Codable, Hashable {
        var table: String
        var inserted: Int
        var updated: Int
        var deleted: Int
        var rejected: Int
    }

    var run: RunSummary
    var tables: [Table]
    var errors: [RunRecord.RunError]

    init(_ record: RunRecord) {
        run = RunSummary(record)
        tables = record.tables.keys.sorted().map { name in
            let c = record.tables[name]!
            return Table(table: name, inserted: c.inserted, updated: c.updated, deleted: c.deleted, rejected: c.rejected)
        }
        errors = record.errors
    }
}

/// Runs as text tables.
enum RunText {
    /// One line per run under a header.
    static func list(_ records: [RunRecord]) -> String {
        var rows = [["RUN", "SOURCE", "STATUS", "STARTED (UTC)", "SECONDS", "INSERTED", "UPDATED", "DELETED", "REJECTED",
                     "REQUESTS", "429s", "RETRIES", "ERRORS"]]
        for r in records {
            let s = RunSummary(r)
            rows.append([String(s.id), s.source, s.status, Format.time(s.startedAt), s.seconds.map { String(format: "%.1f", $0) } ?? "-",
                         Format.count(s.inserted), Format.count(s.updated), Format.count(s.deleted), Format.count(s.rejected),
                         Format.count(s.requests), Format.count(s.rateLimited), Format.count(s.retries), String(s.errors)])
        }
        return table(rows, rightAligned: 4...)
    }

    /// A run's summary, counts per table and errors with Stripe's request ids.
    static func detail(_ record: RunRecord) -> String {
        let s = RunSummary(record)
        var lines = [
            "run \(s.id) of \(s.source): \(s.status)",
            "  started    \(Format.time(s.startedAt)) UTC",
            "  finished   \(s.finishedAt.map { Format.time($0) + " UTC" } ?? "-")\(s.seconds.map { " (\(Format.seconds($0)))" } ?? "")",
            "  rows       \(Format.count(s.inserted)) inserted, \(Format.count(s.updated)) updated, \(Format.count(s.deleted)) deleted, \(Format.count(s.rejected)) rejected",
            "  requests   \(Format.count(s.requests)), \(Format.count(s.rateLimited)) rate-limited (429) and absorbed, \(Format.count(s.retries)) retried",
        ]
        if let message = s.message { lines.append("  message    \(message)") }
        let detail = RunDetail(record)
        if !detail.tables.isEmpty {
            var rows = [["TABLE", "INSERTED", "UPDATED", "DELETED", "REJECTED"]]
            for t in detail.tables {
                rows.append([t.table, Format.count(t.inserted), Format.count(t.updated), Format.count(t.deleted), Format.count(t.rejected)])
            }
            lines.append("")
            lines.append(table(rows, rightAligned: 1...))
        }
        if !record.errors.isEmpty {
            lines.append("")
            lines.append("errors")
            for e in record.errors {
                let request = e.requestID.map { " (Stripe request \($0))" } ?? ""
                let status = e.httpStatus.map { "HTTP \($0) " } ?? ""
                lines.append("  \(e.collection ?? "run"): \(status)\(e.code): \(e.message)\(request)")
            }
        }
        return lines.joined(separator: "\n")
    }

    /// Columns padded to their widest cell.
    static func table(_ rows: [[String]], rightAligned: PartialRangeFrom<Int>) -> String {
        guard let first = rows.first else { return "" }
        let widths = first.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.indices.map { column in
                let cell = row[column], padding = String(repeating: " ", count: widths[column] - cell.count)
                return rightAligned.contains(column) ? padding + cell : cell + padding
            }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }.joined(separator: "\n")
    }
}
