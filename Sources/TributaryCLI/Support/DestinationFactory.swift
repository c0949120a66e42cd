import TributaryPostgres
import TributarySQLite
import TributaryWarehouse

/// Opens the destination a `--destination` URL names.
enum DestinationFactory {
    /// Opens (and for SQLite creates) the destination; for PostgreSQL, connects and creates the system
    /// tables when missing.
    ///
    /// - Throws: ``WarehouseError`` with a message that names the fix; never a password.
    static func open(_ url: DestinationURL) async throws -> any Destination {
        switch url {
        case let .sqlite(path):
            return try SQLiteDestination(path: path)
        case let .postgres(endpoint):
            return try await PostgresDestination(configuration: try PostgresDestination.Configuration(endpoint))
        case .clickhouse:
            throw WarehouseError(.invalidURL, "the ClickHouse destination is not built yet; use sqlite:PATH or postgres://")
        }
    }
}
