import PostgresNIO
import TributaryNormalizer
import TributaryWarehouse

/// The undo images of a PostgreSQL destination, in one system table, `_tributary_undo`: per run, table
/// and key (its values as a JSON array's text), the row as `to_jsonb` gives it.
///
/// The first time a run changes or removes a row another run wrote, the row is copied there inside the
/// write's transaction; `jsonb_populate_record` gives it back exactly, whatever its columns' types
/// (`timestamptz` to the microsecond, `double precision` to the bit, `jsonb` as it was).
enum PostgresUndo {
    /// `jsonb_build_array(t."k1", …)::text`: a row's key as the undo table holds it.
    static func key(_ schema: TableSchema, alias: String) throws(WarehouseError) -> String {
        let columns = try schema.primaryKey.map { key throws(WarehouseError) in "\(alias).\(try SQLIdentifier(key).quoted)" }
        return "jsonb_build_array(" + columns.joined(separator: ", ") + ")::text"
    }

    /// Keeps the images of the rows of `table` that `condition` (on alias `t`) selects and `run` has not
    /// written yet; nothing when there is no run. The run is bound as `$<runParameter>`, a parameter of
    /// `binds`. A key's first image of a run is the one kept.
    static func capture(_ context: PostgresContext, run: Int64?, table: QualifiedName, schema: TableSchema,
                        where condition: String, runParameter: Int, binds: PostgresBindings) async throws {
        guard run != nil else { return }
        try await context.execute(try captureSQL(context, table: table, schema: schema, where: condition, runParameter: runParameter),
                                  binds)
    }

    /// The statement of ``capture(_:run:table:schema:where:runParameter:binds:)``.
    static func captureSQL(_ context: PostgresContext, table: QualifiedName, schema: TableSchema, where condition: String,
                           runParameter: Int) throws(WarehouseError) -> String {
        let runColumn = try SQLIdentifier(SystemColumn.runID).quoted
        return """
            INSERT INTO \(context.system.undo) ("run_id", "schema_name", "table_name", "key", "image")
            SELECT $\(runParameter)::bigint, \(literal(table.schema.name)), \(literal(table.table.name)), \(try key(schema, alias: "t")), to_jsonb(t)
            FROM \(table.quoted) AS t WHERE (\(condition)) AND t.\(runColumn) IS DISTINCT FROM $\(runParameter)::bigint
            ON CONFLICT DO NOTHING
            """
    }

    /// A checked identifier as a string literal: it holds only letters, digits and `_`.
    static func literal(_ name: String) -> String { "'" + name + "'" }
}
