import TributaryCatalog
import TributaryNormalizer
import TributaryWarehouse

extension SyncEngine {
    /// What one source syncs and how.
    public struct Configuration: Sendable {
        /// The source's nickname, schema and table prefix in the destination.
        public var namespace: Namespace
        /// The collections to sync (table names); empty means every collection of the catalog.
        public var collections: [String]
        /// Re-list everything, ignoring checkpoints and cursors.
        public var fullRefresh: Bool
        /// Requests in flight at once during a backfill: enough to keep the rate limiter busy while each
        /// request waits for Stripe (latency × rate; 90 req/s × 0.3 s ≈ 27).
        public var concurrency: Int
        /// Seconds re-read before a cursor: events and objects appear slightly after their `created`.
        public var lookbackSeconds: Int64
        /// The connected account to read (`Stripe-Account`), or `nil` for the key's own account.
        public var account: String?
        /// The connected accounts read besides the key's own, into the same tables, rows tagged with
        /// `_tributary_account`, under one rate limiter.
        public var connectedAccounts: ConnectedAccounts
        /// Column rules and mappings applied between the normalizer and the destination (schemas and rows).
        public var transforms: TransformSet
        /// The share of objects read (0…1) that may be rejected before the run counts as failed.
        public var maxRejectedShare: Double
        /// How many of the source's latest runs `tributary rollback` can undo: older runs' undo images are
        /// pruned as each run starts. At least 1.
        public var rollbackRuns: Int

        /// The share of rejected objects tolerated by default: 1 %.
        public static let defaultMaxRejectedShare = 0.01

        /// Requests in flight by default: Stripe's live 100 req/s × ~0.3 s per page, and a margin.
        public static let defaultConcurrency = 40

        /// A configuration with documented defaults.
        public init(namespace: Namespace, collections: [String] = [], fullRefresh: Bool = false,
                    concurrency: Int = Configuration.defaultConcurrency, lookbackSeconds: Int64 = 300, account: String? = nil,
                    connectedAccounts: ConnectedAccounts = .none, transforms: TransformSet = TransformSet(),
                    maxRejectedShare: Double = Configuration.defaultMaxRejectedShare,
                    rollbackRuns: Int = RollbackRetention.defaultRuns) {
            self.rollbackRuns = max(1, rollbackRuns)
            self.connectedAccounts = connectedAccounts
            self.transforms = transforms
            self.maxRejectedShare = maxRejectedShare
            self.namespace = namespace
            self.collections = collections
            self.fullRefresh = fullRefresh
            self.concurrency = concurrency
            self.lookbackSeconds = lookbackSeconds
            self.account = account
        }
    }
}
