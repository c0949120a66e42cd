import Foundation
import TributaryNormalizer
import TributaryWarehouse

/// A real destination that stops accepting writes after a number of them, as if the process had been
/// killed there: the write that fails commits nothing, like a transaction cut short, and the run's end
/// is never recorded (it stays `running`), as a dead process records nothing.
final class FailingDestination: Destination {
    struct Killed: Error, CustomStringConvertible {
        var description: String { "killed at a checkpoint" }
    }

    /// A write the warehouse refuses each time, as a server refuses a statement it cannot run.
    struct Refused: Error, CustomStringConvertible {
        var description: String { "the warehouse refused the write" }
    }

    let base: any Destination
    private let remaining: Counter
    /// The table whose rows are refused, while the process lives on and records the run's end.
    private let refusedTable: String?

    init(_ base: any Destination, failAfterWrites writes: Int) {
        self.base = base
        self.remaining = Counter(writes)
        self.refusedTable = nil
    }

    /// A destination that refuses every write holding rows of `table`, and stores the rest.
    init(_ base: any Destination, refusing table: String) {
        self.base = base
        self.remaining = Counter(.max)
        self.refusedTable = table
    }

    func prepare(_ tables: [TableSchema], in namespace: Namespace) async throws -> [SchemaChange] {
        try await base.prepare(tables, in: namespace)
    }

    func write(_ batch: WriteBatch) async throws -> WriteSummary {
        guard await remaining.take() else { throw Killed() }
        if let refusedTable, batch.rows.contains(where: { $0.table == refusedTable }) { throw Refused() }
        return try await base.write(batch)
    }

    func markDeleted(notSyncedSince syncedBefore: Int64, table: String, account: String?, in namespace: Namespace,
                     run: RunID?) async throws -> Int {
        guard await remaining.take() else { throw Killed() }
        return try await base.markDeleted(notSyncedSince: syncedBefore, table: table, account: account, in: namespace, run: run)
    }

    func schema(of table: String, in namespace: Namespace) async throws -> TableSchema? {
        try await base.schema(of: table, in: namespace)
    }

    func state(source: String) async throws -> [String: String] { try await base.state(source: source) }
    func startRun(source: String, startedAt: Date) async throws -> RunID { try await base.startRun(source: source, startedAt: startedAt) }
    func finishRun(_ record: RunRecord) async throws {
        guard await remaining.alive else { throw Killed() }
        try await base.finishRun(record)
    }
    func runs(source: String?, limit: Int) async throws -> [RunRecord] { try await base.runs(source: source, limit: limit) }
    func run(id: RunID) async throws -> RunRecord? { try await base.run(id: id) }
    func tables(in namespace: Namespace) async throws -> [String] { try await base.tables(in: namespace) }
    func dropSource(_ namespace: Namespace) async throws -> [String] { try await base.dropSource(namespace) }
    func pruneRollback(keepingRuns keep: Int, in namespace: Namespace) async throws {
        try await base.pruneRollback(keepingRuns: keep, in: namespace)
    }
    func rollback(_ run: RunID, in namespace: Namespace, options: RollbackOptions) async throws -> RollbackSummary {
        try await base.rollback(run, in: namespace, options: options)
    }
    func close() async throws { try await base.close() }

    actor Counter {
        var value: Int
        init(_ value: Int) { self.value = value }
        var alive: Bool { value > 0 }
        func take() -> Bool {
            guard value > 0 else { return false }
            value -= 1
            return true
        }
    }
}
