import Foundation
import TributaryPostgres
import TributarySQLite
import TributaryWarehouse

/// Opens the destination a URL names, with errors that name the fix.
enum DestinationFactory {
    /// Opens the destination, or says in one sentence why it cannot be and what to do.
    ///
    /// - Parameter mustExist: refuse a SQLite file that does not exist rather than create it, for
    ///   commands that only read or remove.
    static func open(_ url: DestinationURL, mustExist: Bool = false) async throws(CLIError) -> any Destination {
        if mustExist, case let .sqlite(path) = url, !FileManager.default.fileExists(atPath: path) {
            throw CLIError(.failed, "The destination sqlite:\(path) does not exist yet; `tributary sync` creates it, or check --config and destination:")
        }
        do {
            return try await connect(url)
        } catch {
            throw CLIError(.failed, sentence(for: error, url: url))
        }
    }

    /// Runs `body` with the opened destination and closes it afterwards, whether `body` returns or throws.
    static func with<T>(_ url: DestinationURL, mustExist: Bool = false,
                        _ body: (any Destination) async throws -> T) async throws -> T {
        let destination = try await open(url, mustExist: mustExist)
        do {
            let value = try await body(destination)
            try? await destination.close()
            return value
        } catch {
            try? await destination.close()
            throw error
        }
    }

    static func sentence(for error: any Error, url: DestinationURL) -> String {
        let detail = (error as? WarehouseError)?.message ?? String(describing: error)
        switch url {
        case let .sqlite(path):
            return "Cannot open the destination sqlite:\(path) (\(detail)); check that its folder exists and is writable."
        case .postgres:
            return "Cannot open the destination \(url) (\(detail)); check that the server runs and the host, port, user, password and database in the URL."
        case .clickhouse:
            return "Cannot open the destination \(url) (\(detail))."
        }
    }

    /// Opens (and for SQLite creates) the destination; for PostgreSQL, connects and creates the system
    /// tables when missing.
    ///
    /// - Throws: ``WarehouseError`` with a message that names the fix; never a password.
    private static func connect(_ url: DestinationURL) async throws -> any Destination {
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
