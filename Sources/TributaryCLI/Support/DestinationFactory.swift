import TributarySQLite
import TributaryWarehouse

/// Opens the destination a `--destination` URL names.
enum DestinationFactory {
    /// Opens (and for SQLite creates) the destination.
    ///
    /// - Throws: ``WarehouseError`` with a message that names the fix; never a password.
    static func open(_ url: DestinationURL) async throws -> any Destination {
        switch url {
        case let .sqlite(path):
            return try SQLiteDestination(path: path)
        case .postgres:
            throw WarehouseError(.invalidURL, "the PostgreSQL destination is not built yet; use sqlite:PATH")
        case .clickhouse:
            throw WarehouseError(.invalidURL, "the ClickHouse destination is not built yet; use sqlite:PATH")
        }
    }
}
