/// How ``Destination/rollback(_:in:options:)`` goes about it.
public struct RollbackOptions: Sendable, Hashable {
    /// Work out and check everything, then undo nothing: the summary says what a rollback would do.
    public var dryRun: Bool
    /// Roll back even though a run of the source is recorded as `running`. Only for a run whose process
    /// is gone (killed, crashed): a sync still writing would go on writing over the rollback.
    public var ignoringRunning: Bool

    /// Options; by default a real rollback that refuses while a run of the source is `running`.
    public init(dryRun: Bool = false, ignoringRunning: Bool = false) {
        self.dryRun = dryRun
        self.ignoringRunning = ignoringRunning
    }
}

/// What a rollback did (or, for a dry run, would do).
public struct RollbackSummary: Sendable, Hashable {
    /// Rows of one table.
    public struct Counts: Sendable, Hashable {
        /// Rows the rolled-back runs had written (inserted, updated or marked deleted), removed.
        public var removed: Int
        /// Rows put back as they were before the first rolled-back run: the ones those runs changed,
        /// marked deleted or removed. A row that was updated counts once in each.
        public var restored: Int

        /// Creates counts.
        public init(removed: Int = 0, restored: Int = 0) {
            self.removed = removed
            self.restored = restored
        }
    }

    /// The runs rolled back, oldest first: the one asked for and every later run of its source that was
    /// not rolled back already.
    public var runs: [RunID]
    /// Counts per table (names before any prefix), for tables with rows removed or restored.
    public var tables: [String: Counts]
    /// The source's sync state as it is afterwards: as it was when the first of ``runs`` started.
    public var state: [String: String]
    /// Whether nothing was changed (``RollbackOptions/dryRun``).
    public var dryRun: Bool

    /// Creates a summary.
    public init(runs: [RunID], tables: [String: Counts] = [:], state: [String: String] = [:], dryRun: Bool = false) {
        self.runs = runs
        self.tables = tables
        self.state = state
        self.dryRun = dryRun
    }

    /// The counts of all tables added up.
    public var total: Counts {
        tables.values.reduce(into: Counts()) { $0.removed += $1.removed; $0.restored += $1.restored }
    }
}

/// The runs of a source whose writes can be rolled back, by default: the latest ten.
public enum RollbackRetention {
    /// Runs per source kept undoable when the configuration does not say (`rollback_runs:`).
    public static let defaultRuns = 10
}

/// The checks every destination makes, inside the rollback's transaction, before undoing anything.
public enum RollbackCheck {
    /// What `_tributary_runs` says about the run asked for.
    public struct Run: Sendable {
        /// The run's source.
        public var source: String
        /// Its status.
        public var status: RunRecord.Status
        /// Whether the sync state it started from is still recorded: false once its undo images were pruned.
        public var undoable: Bool

        /// Creates a description.
        public init(source: String, status: RunRecord.Status, undoable: Bool) {
            self.source = source
            self.status = status
            self.undoable = undoable
        }
    }

    /// Refuses what cannot be rolled back, with a sentence that says why.
    ///
    /// - Parameters:
    ///   - run: the run asked for, or `nil` when `_tributary_runs` has no such id.
    ///   - running: the source's runs recorded as `running`.
    public static func check(_ id: RunID, _ run: Run?, namespace: Namespace, running: [RunID],
                             options: RollbackOptions) throws(WarehouseError) {
        guard let run else {
            throw WarehouseError(.unknownRun, "there is no run \(id) in _tributary_runs")
        }
        guard run.source == namespace.source else {
            throw WarehouseError(.rollbackRefused, "run \(id) is a run of source '\(run.source)', not of '\(namespace.source)'")
        }
        guard run.status != .rolledBack else {
            throw WarehouseError(.rollbackRefused, "run \(id) was rolled back already")
        }
        guard run.undoable else {
            throw WarehouseError(.rollbackRefused, "run \(id) can no longer be rolled back: undo images are kept for the latest runs of a source only (rollback_runs, \(RollbackRetention.defaultRuns) by default), not for runs from before the source's tables were dropped or before Tributary kept them")
        }
        if !running.isEmpty, !options.ignoringRunning {
            let ids = running.map(\.description).joined(separator: ", ")
            throw WarehouseError(.rollbackRefused, "source '\(namespace.source)' has \(running.count == 1 ? "a run" : "runs") recorded as running (\(ids)); a rollback waits until no sync of the source is writing")
        }
    }
}
