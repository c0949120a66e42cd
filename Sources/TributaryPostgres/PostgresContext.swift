import Logging
import NIOCore
import PostgresNIO
import TributaryNormalizer

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

    /// Loads rows with a text-format `COPY` into a table that search_path finds, sending them in chunks
    /// as they are encoded, so that the server parses one chunk while the next is encoded.
    ///
    /// postgres-nio quotes the names it is given without checking them; these are checked identifiers.
    func copy(into table: String, columns: [String], rows: [Row], encode: (Row, inout ByteBuffer) -> Void) async throws {
        try await connection.copyFrom(table: table, columns: columns, logger: logger) { writer in
            var buffer = ByteBufferAllocator().buffer(capacity: Self.copyChunk + Self.copyChunk / 4)
            for row in rows {
                encode(row, &buffer)
                if buffer.readableBytes >= Self.copyChunk {
                    try await writer.write(buffer)
                    // A new buffer: the one sent may still be on its way out.
                    buffer = ByteBufferAllocator().buffer(capacity: Self.copyChunk + Self.copyChunk / 4)
                }
            }
            if buffer.readableBytes > 0 { try await writer.write(buffer) }
        }
    }

    /// Bytes of `COPY` data per message: small enough to overlap encoding with the server's parsing, and
    /// to stay below the allocator's threshold for fresh pages.
    static let copyChunk = 64 << 10
}

extension PostgresBindings {
    /// Bindings of the given values, in order.
    static func of(_ values: any PostgresDynamicTypeEncodable...) -> PostgresBindings {
        var bindings = PostgresBindings(capacity: values.count)
        for value in values { bindings.append(value) }
        return bindings
    }
}
