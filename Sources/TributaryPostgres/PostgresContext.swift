import Logging
import NIOCore
import PostgresNIO

/// One transaction's (or one read's) use of the connection: statements with bound values, and `COPY`.
///
/// SQL text is always built from ``TributaryWarehouse/SQLIdentifier``-quoted names and constants; values
/// are bound (`$1`) or, for `COPY`, escaped by ``CopyText``.
struct PostgresContext: Sendable {
    let connection: PostgresConnection
    let logger: Logger
    let system: PostgresSystemTables

    /// Runs a statement and returns the rows it changed (or returned).
    @discardableResult
    func execute(_ sql: String, _ binds: PostgresBindings = PostgresBindings()) async throws -> Int {
        let result: EventLoopFuture<PostgresQueryResult> = connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger)
        return try await result.get().metadata.rows ?? 0
    }

    /// Runs a query and returns its rows.
    func rows(_ sql: String, _ binds: PostgresBindings = PostgresBindings()) async throws -> [PostgresRow] {
        try await connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger).collect()
    }

    /// Loads text-format `COPY` data into a table that search_path finds (a temporary table).
    ///
    /// postgres-nio quotes the names it is given without checking them; these are checked identifiers.
    func copy(into table: String, columns: [String], data: ByteBuffer) async throws {
        try await connection.copyFrom(table: table, columns: columns, logger: logger) { writer in
            try await writer.write(data)
        }
    }
}

extension PostgresBindings {
    /// Bindings of the given values, in order.
    static func of(_ values: any PostgresDynamicTypeEncodable...) -> PostgresBindings {
        var bindings = PostgresBindings(capacity: values.count)
        for value in values { bindings.append(value) }
        return bindings
    }
}
