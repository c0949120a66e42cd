import Foundation

/// The id of a run in `_tributary_runs`.
public struct RunID: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The number the destination gave it.
    public var rawValue: Int64

    /// Wraps a number.
    public init(rawValue: Int64) { self.rawValue = rawValue }

    public var description: String { String(rawValue) }
}

/// One sync run as `_tributary_runs` keeps it: what it did, how Stripe treated it, and how it ended.
///
/// A run is recorded as `running` when it starts, so that a crashed run still shows; its status at the
/// end must say what happened: a run that lost data to a 429 is `partial` or `failed`, never `succeeded`.
public struct RunRecord: Sendable, Hashable {
    /// How a run ended.
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        /// Still going, or stopped without finishing (the process died).
        case running
        /// Every collection was synced.
        case succeeded
        /// Some collections were synced and some failed; ``RunRecord/errors`` says which.
        case partial
        /// Nothing usable was synced.
        case failed
        /// Stopped on purpose before the end.
        case cancelled
        /// Undone by `tributary rollback`: the rows it wrote were removed or put back as they were before
        /// it, and the source's sync state rewound to where it started.
        case rolledBack = "rolled_back"
    }

    /// One error the run met.
    public struct RunError: Sendable, Hashable, Codable {
        /// The collection being synced, if any.
        public var collection: String?
        /// A stable code (`rate_limited`, `permission_denied`, …).
        public var code: String
        /// What happened; never holds keys.
        public var message: String
        /// Stripe's `Request-Id` of the failed request, for Stripe's support.
        public var requestID: String?
        /// The HTTP status, if a response came.
        public var httpStatus: Int?

        /// Creates an error.
        public init(collection: String? = nil, code: String, message: String, requestID: String? = nil, httpStatus: Int? = nil) {
            self.collection = collection
            self.code = code
            self.message = message
            self.requestID = requestID
            self.httpStatus = httpStatus
        }

        enum CodingKeys: String, CodingKey {
            case collection, code, message
            case requestID = "request_id"
            case httpStatus = "http_status"
        }
    }

    /// The run's id.
    public var id: RunID
    /// The source synced.
    public var source: String
    /// When it started.
    public var startedAt: Date
    /// When it ended, or `nil` while running.
    public var finishedAt: Date?
    /// How it ended.
    public var status: Status
    /// Rows inserted, updated, deleted and rejected per table.
    public var tables: [String: TableCounts]
    /// Requests sent to Stripe, retries included.
    public var requests: Int
    /// Responses that were 429 Too Many Requests.
    public var rateLimited: Int
    /// Requests that were retried.
    public var retries: Int
    /// Errors met, with Stripe request ids.
    public var errors: [RunError]
    /// A one-line account of the run for people.
    public var message: String?

    /// Creates a record.
    public init(id: RunID, source: String, startedAt: Date, finishedAt: Date? = nil, status: Status = .running,
                tables: [String: TableCounts] = [:], requests: Int = 0, rateLimited: Int = 0, retries: Int = 0,
                errors: [RunError] = [], message: String? = nil) {
        self.id = id
        self.source = source
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.status = status
        self.tables = tables
        self.requests = requests
        self.rateLimited = rateLimited
        self.retries = retries
        self.errors = errors
        self.message = message
    }

    /// Adds a write's counts to the run's.
    public mutating func add(_ summary: WriteSummary) {
        for (table, counts) in summary.tables { tables[table, default: TableCounts()] += counts }
    }

    /// The counts of all tables added up.
    public var total: TableCounts {
        tables.values.reduce(into: TableCounts()) { $0 += $1 }
    }
}
