import Foundation
import TributaryNormalizer

/// A warehouse Tributary writes to: SQLite now; PostgreSQL and ClickHouse later.
///
/// The contract every implementation keeps:
/// - ``write(_:)`` is all or nothing: its rows, deletions, rejects and sync state commit in one
///   transaction (or the destination's equivalent), so that after a crash the state never claims rows
///   that are not there.
/// - Writing the same batch twice leaves the same tables (upserts by primary key).
/// - Tables are evolved, never rebuilt: new fields add columns, values of another type widen the
///   column (integer → real → text), columns are never dropped; every change is kept in
///   `_tributary_schema`.
/// - Every outside name goes through ``SQLIdentifier``.
/// - A run's writes can be undone (``rollback(_:in:options:)``): every row names the run that last wrote
///   it (`_tributary_run_id`), and the first time a run changes or removes a row another run wrote, the
///   row's image as it was is kept; ``startRun(source:startedAt:)`` records the source's sync state.
public protocol Destination: Sendable {
    /// Creates the system tables, then `tables` in `namespace`, or evolves existing ones to hold at least
    /// these columns, and keeps their schemas for ``write(_:)``.
    ///
    /// - Returns: the columns added to tables that existed.
    @discardableResult
    func prepare(_ tables: [TableSchema], in namespace: Namespace) async throws -> [SchemaChange]

    /// Stores a batch in one transaction: child replacements, upserts, deletions, rejects, then state.
    ///
    /// - Throws: ``WarehouseError/Code-swift.struct/tableNotPrepared`` for rows of a table not prepared;
    ///   nothing of the batch is stored then.
    @discardableResult
    func write(_ batch: WriteBatch) async throws -> WriteSummary

    /// Marks deleted the live rows of `table` (and the child rows hanging off them) last written before
    /// `syncedBefore`, of one connected account (`nil`: the platform's rows).
    ///
    /// After a complete re-listing of a collection, those are the objects Stripe no longer lists: the
    /// sync engine calls this to heal a gap in the events it could not read.
    ///
    /// - Parameter syncedBefore: seconds since the Unix epoch, compared with `_tributary_synced_at`.
    /// - Returns: the rows of `table` marked.
    @discardableResult
    func markDeleted(notSyncedSince syncedBefore: Int64, table: String, account: String?,
                     in namespace: Namespace, run: RunID?) async throws -> Int

    /// The schema the destination keeps for a table, if it has the table.
    func schema(of table: String, in namespace: Namespace) async throws -> TableSchema?

    /// The sync state of a source, by key.
    func state(source: String) async throws -> [String: String]

    /// Records the start of a run (status `running`), with the source's sync state as it is now (what a
    /// rollback of the run rewinds to), and returns its id.
    func startRun(source: String, startedAt: Date) async throws -> RunID

    /// Records how a run ended, replacing what was recorded for ``RunRecord/id``.
    func finishRun(_ record: RunRecord) async throws

    /// The most recent runs, newest first, of one source or of all.
    func runs(source: String?, limit: Int) async throws -> [RunRecord]

    /// One run, or `nil` when `_tributary_runs` has no run with that id.
    func run(id: RunID) async throws -> RunRecord?

    /// The tables Tributary created in a namespace, as `_tributary_schema` records them, by the names a
    /// query uses (`eu_charges`, `stripe.eu_charges`), sorted.
    func tables(in namespace: Namespace) async throws -> [String]

    /// Drops a source's tables and forgets it: the tables of `namespace` (its schema and prefix only;
    /// other sources' tables in the same schema stay), their `_tributary_schema` rows, and the source's
    /// `_tributary_state` and `_tributary_rejects` rows, and the undo images of its runs, in one
    /// transaction. `_tributary_runs` keeps the source's run history; those runs can no longer be rolled
    /// back.
    ///
    /// - Returns: the tables dropped, named as ``tables(in:)`` names them.
    @discardableResult
    func dropSource(_ namespace: Namespace) async throws -> [String]

    /// Forgets what rolling back needs for the runs of the namespace's source older than its `keep`
    /// latest runs (the one just started included): their undo images, and the sync state recorded as
    /// they started. The sync engine calls it as each run starts, so undo images never pile up.
    func pruneRollback(keepingRuns keep: Int, in namespace: Namespace) async throws

    /// Undoes `run` and every later run of the namespace's source, in one transaction:
    ///
    /// 1. every row of the namespace's tables that those runs wrote is removed;
    /// 2. every row they changed or removed is put back as it was before the first of them;
    /// 3. the source's sync state is set back to what it was when `run` started, so that the next sync
    ///    reads again what they read; the source's rejects of those runs are removed; the runs are
    ///    recorded `rolled_back`.
    ///
    /// Tables and columns the runs created stay (restored rows hold `NULL` in new columns).
    ///
    /// - Throws: ``WarehouseError/Code-swift.struct/unknownRun`` for an id `_tributary_runs` lacks;
    ///   ``WarehouseError/Code-swift.struct/rollbackRefused`` when the run is another source's, was rolled
    ///   back already, is older than the runs whose undo images are kept (or its source was dropped
    ///   since), or when a run of the source is `running` and ``RollbackOptions/ignoringRunning`` is not
    ///   set. Nothing changes then.
    @discardableResult
    func rollback(_ run: RunID, in namespace: Namespace, options: RollbackOptions) async throws -> RollbackSummary

    /// Closes connections; the destination is not used afterwards.
    func close() async throws
}

extension Destination {
    /// Rolls back `run` and every later run of its source; see ``rollback(_:in:options:)``.
    @discardableResult
    public func rollback(_ run: RunID, in namespace: Namespace) async throws -> RollbackSummary {
        try await rollback(run, in: namespace, options: RollbackOptions())
    }

    /// Upserts rows in one transaction.
    @discardableResult
    public func upsert(_ rows: [Row], in namespace: Namespace) async throws -> WriteSummary {
        try await write(WriteBatch(namespace: namespace, rows: rows))
    }

    /// Marks objects deleted, with their child rows, in one transaction.
    @discardableResult
    public func markDeleted(_ deletions: [Deletion], in namespace: Namespace) async throws -> WriteSummary {
        try await write(WriteBatch(namespace: namespace, deletions: deletions))
    }

    /// Stores normalized objects, their rejects and the sync state they advance in one transaction.
    @discardableResult
    public func commit(_ batch: NormalizedBatch, advancing state: [StateEntry] = [], in namespace: Namespace,
                       run: RunID? = nil) async throws -> WriteSummary {
        try await write(WriteBatch(namespace: namespace, normalized: batch, state: state, run: run))
    }
}
