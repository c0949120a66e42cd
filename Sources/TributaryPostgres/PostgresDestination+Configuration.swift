import Foundation
import TributaryWarehouse

extension PostgresDestination {
    /// Where the server is, how to log in, and how hard to try.
    ///
    /// Made from a `postgres://` URL with ``init(_:)``; every part has a default. The password is never
    /// part of ``description`` nor of the type's reflection, so neither logs nor errors can show it.
    public struct Configuration: Sendable, CustomStringConvertible, CustomReflectable {
        /// libpq's `sslmode`, the same names and meanings.
        public enum TLSMode: String, Sendable, CaseIterable {
            /// Plain TCP only.
            case disable
            /// TLS if the server offers it, without checking its certificate; plain TCP otherwise. libpq's
            /// `allow` is read as this.
            case prefer
            /// TLS, without checking the server's certificate.
            case require
            /// TLS, with a certificate signed by a trusted authority, whatever host name it names.
            case verifyCA = "verify-ca"
            /// TLS, with a trusted certificate for the host connected to.
            case verifyFull = "verify-full"
        }

        /// How a lost connection is retried: the whole transaction is replayed on a new connection.
        public struct Retry: Sendable, Hashable {
            /// Tries in all, the first included; at least 1.
            public var attempts: Int
            /// The wait before the second try; it doubles for each further try, up to ``maxBackoff``.
            public var initialBackoff: Duration
            /// The longest wait between two tries.
            public var maxBackoff: Duration

            /// The defaults: 6 tries over about 6 s, enough for a server restart or a failover.
            public init(attempts: Int = 6, initialBackoff: Duration = .milliseconds(200), maxBackoff: Duration = .seconds(5)) {
                self.attempts = max(1, attempts)
                self.initialBackoff = initialBackoff
                self.maxBackoff = maxBackoff
            }

            /// The wait after the `attempt`-th try failed (1-based), with jitter of up to a quarter, so that
            /// several processes cut off together do not all come back at once.
            func backoff(after attempt: Int) -> Duration {
                var wait = initialBackoff
                for _ in 1..<max(attempt, 1) where wait < maxBackoff { wait *= 2 }
                wait = min(wait, maxBackoff)
                return wait - wait * Double.random(in: 0...0.25)
            }
        }

        /// The server's host name or address.
        public var host: String
        /// The server's port.
        public var port: Int
        /// A Unix-domain socket to connect through instead of TCP (`?host=/var/run/postgresql` in the URL).
        public var unixSocketPath: String?
        /// The user to log in as.
        public var user: String
        /// The password, if the server asks for one; never shown.
        public var password: String?
        /// The database; the server's default (the user's name) when `nil`.
        public var database: String?
        /// Whether and how to use TLS.
        public var tls: TLSMode
        /// A PEM file of the authorities to trust for `verify-ca` and `verify-full` (`sslrootcert`);
        /// the system's when `nil`.
        public var rootCertificatePath: String?
        /// The schema holding the system tables every source shares (`_tributary_state`, …). Sources whose
        /// namespace uses another schema still keep their state here, told apart by `source`.
        public var systemSchema: String
        /// The name the server shows for Tributary's connection (`pg_stat_activity.application_name`).
        public var applicationName: String
        /// How long to wait for the server to accept a connection.
        public var connectTimeout: Duration
        /// How a lost connection is retried.
        public var retry: Retry
        /// Connections written through at once (`connections=`): a sync commits many batches at a time,
        /// and each connection is one server process storing one of them.
        public var connections: Int
        /// Whether each commit waits for the server's disk (`synchronous_commit=on`). Off by default:
        /// every batch commits with the checkpoint it advances, so a commit a server crash loses is read
        /// from Stripe again by the next sync, and nothing is lost.
        public var synchronousCommit: Bool

        /// Connections by default.
        public static let defaultConnections = 4

        /// The schema PostgreSQL users find tables in without naming one, and the one
        /// ``Namespace/defaultSchema`` (`main`) maps to.
        public static let publicSchema = "public"

        /// Creates a configuration.
        public init(host: String = "127.0.0.1", port: Int = 5432, unixSocketPath: String? = nil, user: String = "postgres",
                    password: String? = nil, database: String? = nil, tls: TLSMode = .prefer, rootCertificatePath: String? = nil,
                    systemSchema: String = Configuration.publicSchema, applicationName: String = "tributary",
                    connectTimeout: Duration = .seconds(10), retry: Retry = Retry(),
                    connections: Int = Configuration.defaultConnections, synchronousCommit: Bool = false) {
            self.connections = max(1, connections)
            self.synchronousCommit = synchronousCommit
            self.host = host
            self.port = port
            self.unixSocketPath = unixSocketPath
            self.user = user
            self.password = password
            self.database = database
            self.tls = tls
            self.rootCertificatePath = rootCertificatePath
            self.systemSchema = systemSchema
            self.applicationName = applicationName
            self.connectTimeout = connectTimeout
            self.retry = retry
        }

        /// Reads a `postgres://user:password@host:port/database?…` destination.
        ///
        /// Options: `sslmode` (`disable`, `allow`, `prefer`, `require`, `verify-ca`, `verify-full`; default
        /// `prefer`, as libpq), `sslrootcert`, `host=/socket/dir` for a Unix-domain socket,
        /// `system_schema` (default `public`), `application_name`, `connect_timeout` (seconds), `connections`
        /// (1–64, default 4), `synchronous_commit` (`on` or `off`, default `off`).
        ///
        /// - Throws: ``WarehouseError/Code-swift.struct/invalidURL`` for an unknown `sslmode` or a bad number,
        ///   ``WarehouseError/Code-swift.struct/invalidIdentifier`` for a bad `system_schema`.
        public init(_ endpoint: NetworkEndpoint) throws(WarehouseError) {
            self.init(host: endpoint.host, port: endpoint.port ?? 5432, user: endpoint.user ?? "postgres",
                      password: endpoint.password, database: endpoint.database)
            let options = endpoint.options
            if let mode = options["sslmode"] {
                guard let parsed = TLSMode(rawValue: mode == "allow" ? "prefer" : mode) else {
                    throw WarehouseError(.invalidURL, "unknown sslmode '\(mode.prefix(40))'; use disable, prefer, require, verify-ca or verify-full")
                }
                tls = parsed
            }
            rootCertificatePath = options["sslrootcert"]
            if let socketDirectory = options["host"], socketDirectory.hasPrefix("/") {
                // libpq's convention: the socket is a file named after the port in that folder.
                unixSocketPath = socketDirectory + "/.s.PGSQL.\(port)"
            }
            if let schema = options["system_schema"] {
                systemSchema = try SQLIdentifier(schema).name
            }
            if let name = options["application_name"], !name.isEmpty { applicationName = String(name.prefix(63)) }
            if let timeout = options["connect_timeout"] {
                guard let seconds = Int(timeout), seconds > 0 else {
                    throw WarehouseError(.invalidURL, "connect_timeout must be a whole number of seconds")
                }
                connectTimeout = .seconds(seconds)
            }
            if let text = options["connections"] {
                guard let count = Int(text), (1...64).contains(count) else {
                    throw WarehouseError(.invalidURL, "connections must be a whole number from 1 to 64")
                }
                connections = count
            }
            if let text = options["synchronous_commit"] {
                guard let on = ["on": true, "true": true, "1": true, "off": false, "false": false, "0": false][text.lowercased()] else {
                    throw WarehouseError(.invalidURL, "synchronous_commit must be on or off")
                }
                synchronousCommit = on
            }
        }

        /// The server and user, without the password.
        public var description: String {
            let place = unixSocketPath ?? "\(host):\(port)"
            return "postgres://\(user)\(password == nil ? "" : ":***")@\(place)/\(database ?? "") (sslmode=\(tls.rawValue), system schema \(systemSchema))"
        }

        /// What `dump` and `String(reflecting:)` show: everything but the password.
        public var customMirror: Mirror {
            Mirror(self, children: [
                "host": host, "port": port, "unixSocketPath": unixSocketPath as Any, "user": user,
                "password": password == nil ? "nil" : "***", "database": database as Any, "tls": tls,
                "systemSchema": systemSchema, "applicationName": applicationName, "connectTimeout": connectTimeout,
                "retry": retry, "connections": connections, "synchronousCommit": synchronousCommit,
            ])
        }
    }
}
