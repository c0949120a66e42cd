import Foundation
import Logging
import PostgresNIO
import TributaryWarehouse

/// The PostgreSQL server tests run against: `TRIBUTARY_TEST_POSTGRES_URL`
/// (`postgres://user:password@127.0.0.1:port/db`), which `scripts/test` and `.ci/run` set after starting a
/// throw-away cluster (`scripts/start-postgres`).
///
/// Without it, PostgreSQL tests are skipped with a message, unless `CI` or
/// `TRIBUTARY_REQUIRE_POSTGRES=1` is set: then they fail, so that CI can never pass without running them.
public enum TestPostgres {
    /// The variable holding the server's URL.
    public static let urlVariable = "TRIBUTARY_TEST_POSTGRES_URL"

    /// The server's URL, if one is configured.
    public static var url: String? {
        let value = ProcessInfo.processInfo.environment[urlVariable] ?? ""
        return value.isEmpty ? nil : value
    }

    /// Whether a missing server is a failure rather than a reason to skip.
    public static var isRequired: Bool {
        let environment = ProcessInfo.processInfo.environment
        let ci = (environment["CI"] ?? "").lowercased()
        return environment["TRIBUTARY_REQUIRE_POSTGRES"] == "1" || !(ci.isEmpty || ci == "false" || ci == "0")
    }

    /// Whether PostgreSQL tests should run: a server is configured, or one is required (and its absence
    /// then fails them).
    public static var shouldRun: Bool { url != nil || isRequired }

    /// Why PostgreSQL tests are skipped.
    public static let skipReason = "\(urlVariable) is unset: PostgreSQL tests skipped (scripts/test starts a server when PostgreSQL is installed)"

    /// The configured server's endpoint.
    ///
    /// - Throws: when none is configured (only reached when ``isRequired``), naming the variable to set.
    public static func endpoint() throws -> NetworkEndpoint {
        guard let url else {
            throw MissingServer()
        }
        guard case let .postgres(endpoint) = try DestinationURL(url) else {
            throw WarehouseError(.invalidURL, "\(urlVariable) must be a postgres:// URL")
        }
        return endpoint
    }

    /// A schema name no other test uses (`t_3f9a…`), so that tests run in parallel on one database.
    public static func uniqueSchema(_ prefix: String = "t") -> String {
        prefix + "_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(20)
    }

    /// A connection of its own to the test server, as an analyst's would be, closed after `body`.
    @discardableResult
    public static func withConnection<T>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        let endpoint = try endpoint()
        var configuration = PostgresConnection.Configuration(
            host: endpoint.host, port: endpoint.port ?? 5432, username: endpoint.user ?? "postgres",
            password: endpoint.password, database: endpoint.database, tls: .disable)
        configuration.options.additionalStartupParameters = [("application_name", "tributary-tests")]
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
        do {
            try await connection.query("SET TIME ZONE 'UTC'", logger: logger)
            let value = try await body(connection)
            try await connection.close()
            return value
        } catch {
            try? await connection.close()
            throw error
        }
    }

    /// Drops a schema and everything in it.
    public static func dropSchema(_ schema: String) async throws {
        let name = try SQLIdentifier(schema)
        try await withConnection { connection in
            try await connection.query(PostgresQuery(unsafeSQL: "DROP SCHEMA IF EXISTS \(name.quoted) CASCADE"), logger: logger)
        }
    }

    /// Quiet: the tests' own expectations say what went wrong.
    public static var logger: Logger {
        var logger = Logger(label: "tributary.tests.postgres")
        logger.logLevel = .error
        return logger
    }

    /// Thrown when a test needs the server and none is configured.
    public struct MissingServer: Error, CustomStringConvertible {
        public var description: String {
            "\(urlVariable) is unset, and CI or TRIBUTARY_REQUIRE_POSTGRES=1 requires the PostgreSQL tests: "
                + "run scripts/test (it starts a throw-away cluster when PostgreSQL is installed) or set \(urlVariable)"
        }
    }
}
