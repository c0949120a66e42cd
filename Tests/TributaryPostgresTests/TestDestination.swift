import Foundation
import PostgresNIO
import Testing
import TributaryNormalizer
import TributaryPostgres
import TributaryTesting
import TributaryWarehouse

/// A PostgreSQL destination whose system tables and namespace live in a schema of this test's own,
/// dropped afterwards.
func withPostgres(retry: PostgresDestination.Configuration.Retry = .init(attempts: 4, initialBackoff: .milliseconds(50)),
                  connections: Int = PostgresDestination.Configuration.defaultConnections, synchronousCommit: Bool = false,
                  _ body: (PostgresDestination, Namespace) async throws -> Void) async throws {
    let schema = TestPostgres.uniqueSchema()
    var configuration = try PostgresDestination.Configuration(try TestPostgres.endpoint())
    configuration.systemSchema = schema
    configuration.retry = retry
    configuration.connections = connections
    configuration.synchronousCommit = synchronousCommit
    configuration.applicationName = "tributary-" + schema
    let destination = try await PostgresDestination(configuration: configuration)
    do {
        try await body(destination, try Namespace(source: "test", schema: schema))
        try await destination.close()
        try await TestPostgres.dropSchema(schema)
    } catch {
        try? await destination.close()
        try? await TestPostgres.dropSchema(schema)
        throw error
    }
}

/// The rows of a query, every cell as text.
func strings(_ sql: String) async throws -> [[String?]] {
    try await TestPostgres.withConnection { connection in
        var result: [[String?]] = []
        for try await row in try await connection.query(PostgresQuery(unsafeSQL: sql), logger: TestPostgres.logger) {
            result.append(try row.map { try $0.decode(String?.self) })
        }
        return result
    }
}

let normalizer = Normalizer()
