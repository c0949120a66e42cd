import Synchronization
import TributaryWarehouse

/// Live counts of a run, read by progress displays and folded into the run record.
public final class SyncProgress: Sendable {
    /// A moment's view of a run.
    public struct Snapshot: Sendable {
        /// Rows by table.
        public var tables: [String: TableCounts]
        /// Objects read from Stripe, by collection.
        public var objectsRead: [String: Int]
        /// Collections whose backfill has ended.
        public var completed: Set<String>
        /// Notices worth a user's attention (a collection skipped, a gap healed).
        public var notices: [String]
        /// Errors met.
        public var errors: [RunRecord.RunError]
        /// What the run is doing now.
        public var phase: Phase

        /// The objects read from every collection.
        public var totalRead: Int { objectsRead.values.reduce(0, +) }
    }

    /// The stages of a run, in order.
    public enum Phase: String, Sendable {
        case starting, backfill, events, relisting, finished
    }

    private let state = Mutex(Snapshot(tables: [:], objectsRead: [:], completed: [], notices: [], errors: [], phase: .starting))

    /// Creates an empty progress.
    public init() {}

    /// The counts so far.
    public var snapshot: Snapshot { state.withLock { $0 } }

    func add(_ summary: WriteSummary) {
        state.withLock { s in
            for (table, counts) in summary.tables { s.tables[table, default: TableCounts()] += counts }
        }
    }

    func enter(_ phase: Phase) {
        state.withLock { $0.phase = phase }
    }

    func read(_ count: Int, from collection: String) {
        state.withLock { $0.objectsRead[collection, default: 0] += count }
    }

    func complete(_ collection: String) {
        state.withLock { _ = $0.completed.insert(collection) }
    }

    func notice(_ text: String) {
        state.withLock { $0.notices.append(text) }
    }

    func error(_ error: RunRecord.RunError) {
        state.withLock { $0.errors.append(error) }
    }
}
