import Foundation
import TributaryNormalizer
import TributaryStripe
import TributarySync
import TributaryWarehouse

/// One Stripe account as `tributary.yml` describes it: where to read, what, and where it lands.
///
/// Everything was checked when the file was loaded: names, identifiers, collections, columns, the
/// schedule. Only an ``apiKey`` read from a file is read later, by ``KeySource/resolve()``.
public struct SourceConfiguration: Sendable, CustomStringConvertible {
    /// The nickname (`name:`): 1 to 64 ASCII letters, digits, `_` and `-`, unique in the file. Also
    /// ``namespace``'s `source`.
    public let name: String
    /// Where the Stripe key comes from (`api_key: ${VAR}` or `api_key_file:`).
    public let apiKey: KeySource
    /// Stripe's API root (`base_url:`), `https://api.stripe.com` unless the emulator or a proxy is used.
    public let baseURL: URL
    /// The source's schema and table prefix in the destination (`schema:`, default `main`;
    /// `table_prefix:`, default empty).
    public let namespace: Namespace
    /// The collections synced (`collections:`, default `all`).
    public let collections: CollectionSelection
    /// Excluded and hashed columns by table name (`columns:`).
    public let columns: [String: ColumnRules]
    /// Renamed columns and decimal amounts by table name (`mapping:`).
    public let mapping: [String: TableMapping]
    /// The salt of hashed columns (`hash_salt: ${VAR}`); set whenever a column is hashed.
    public let hashSalt: HashSalt?
    /// ``columns`` and ``mapping`` checked against the normalizer's tables and ready to apply to schemas
    /// and batches between the normalizer and the destination.
    public let transforms: TransformSet
    /// Connect accounts read besides the platform (`connected_accounts:`, default `none`).
    public let connectedAccounts: ConnectedAccounts
    /// When `tributary serve` syncs this source (`schedule:`); `nil` for on demand only.
    public let schedule: Schedule?
    /// Notices to send when runs end (`alerts:`).
    public let alerts: [AlertRule]
    /// The signing secret of Stripe webhooks for this account (`webhook_secret: ${VAR}`).
    public let webhookSecret: ConfigSecret?
    /// The share of rejected objects (0…1) above which a run fails rather than ends partial
    /// (`max_rejected_share:`, default 0.01).
    public let maxRejectedShare: Double
    /// A cap on requests per second to Stripe (`max_rps:`), below the key's own limit; `nil` for none.
    public let maxRPS: Double?
    /// How many of the source's latest runs `tributary rollback` can undo (`rollback_runs:`, default 10).
    public let rollbackRuns: Int
    /// The line of `tributary.yml` where the source starts, for messages about it.
    public let line: Int?

    /// Stripe's API root.
    public static let defaultBaseURL = URL(string: "https://api.stripe.com")!
    /// The share of rejected objects tolerated when `max_rejected_share` is not given.
    public static let defaultMaxRejectedShare = 0.01

    /// Creates a source configuration. The file parser checks every value; code that builds one
    /// directly is trusted to pass consistent values (`transforms` made from `columns` and `mapping`).
    public init(name: String, apiKey: KeySource, baseURL: URL = SourceConfiguration.defaultBaseURL,
                namespace: Namespace, collections: CollectionSelection = .all, columns: [String: ColumnRules] = [:],
                mapping: [String: TableMapping] = [:], hashSalt: HashSalt? = nil, transforms: TransformSet = TransformSet(),
                connectedAccounts: ConnectedAccounts = .none, schedule: Schedule? = nil, alerts: [AlertRule] = [],
                webhookSecret: ConfigSecret? = nil, maxRejectedShare: Double = SourceConfiguration.defaultMaxRejectedShare,
                maxRPS: Double? = nil, rollbackRuns: Int = RollbackRetention.defaultRuns, line: Int? = nil) {
        self.name = name
        self.apiKey = apiKey
        self.baseURL = baseURL
        self.namespace = namespace
        self.collections = collections
        self.columns = columns
        self.mapping = mapping
        self.hashSalt = hashSalt
        self.transforms = transforms
        self.connectedAccounts = connectedAccounts
        self.schedule = schedule
        self.alerts = alerts
        self.webhookSecret = webhookSecret
        self.maxRejectedShare = maxRejectedShare
        self.maxRPS = maxRPS
        self.rollbackRuns = rollbackRuns
        self.line = line
    }

    /// A summary safe to print: the key redacted, no salt or secret, the base URL without credentials.
    public var description: String {
        var parts = ["source \(name)", "key \(apiKey)", "base_url \(Self.shown(baseURL))",
                     "schema \(namespace.schema)", "prefix '\(namespace.tablePrefix)'", "collections \(collections)"]
        if connectedAccounts != .none { parts.append("connected_accounts \(connectedAccounts.configText)") }
        if let schedule { parts.append("schedule \(schedule)") }
        return parts.joined(separator: ", ")
    }

    /// A URL without user, password, query or fragment.
    static func shown(_ url: URL) -> String {
        var text = "\(url.scheme ?? "https")://\(url.host ?? "")"
        if let port = url.port { text += ":\(port)" }
        return text + url.path
    }
}
