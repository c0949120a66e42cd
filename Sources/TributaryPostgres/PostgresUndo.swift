import PostgresNIO
import TributaryNormalizer
import TributaryWarehouse

/// The undo images of a PostgreSQL destination, in one system table, `_tributary_undo`: per run, table
/// and key (its values as a JSON array's text), the row as it was.
///
/// The first time a run changes or removes a row another run wrote, the row is copied there inside the
/// write's transaction, as its record's text (`t::text`): a quarter of the work `to_jsonb` takes, which
/// made a run that updates every row four times slower. A record's text only reads back into the
/// columns it was written from, so before a table gains or widens a column its images are turned into
/// `to_jsonb` objects, which `jsonb_populate_record` reads into any columns by name. Either gives the row
/// back exactly (`timestamptz` to the microsecond, `double precision` to the bit, `jsonb` as it was).
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
            INSERT INTO \(context.system.undo) ("run_id", "schema_name", "table_name", "key", "row_run_id", "row")
            SELECT $\(runParameter)::bigint, \(literal(table.schema.name)), \(literal(table.table.name)), \(try key(schema, alias: "t")),
                   t.\(runColumn), t::text
            FROM \(table.quoted) AS t WHERE (\(condition)) AND t.\(runColumn) IS DISTINCT FROM $\(runParameter)::bigint
            ON CONFLICT DO NOTHING
            """
    }

    /// Turns the table's record-text images into `to_jsonb` objects: called before its columns change,
    /// while its record type still reads them.
    static func freeze(_ context: PostgresContext, table: QualifiedName) async throws {
        try await context.execute("""
            UPDATE \(context.system.undo) SET "image" = to_jsonb(("row")::\(table.quoted)), "row" = NULL
            WHERE "schema_name" = \(literal(table.schema.name)) AND "table_name" = \(literal(table.table.name)) AND "row" IS NOT NULL
            """)
    }

    /// The `SELECT` list and `FROM` items reading the undo table's images (alias `s`, for the caller's
    /// `WHERE`) as rows of `table`: the record's text read back, or the object's fields by name.
    /// `OFFSET 0` makes each image be read once rather than once per column.
    static func rows(of table: QualifiedName, undo: String) -> String {
        """
        (r."v").* FROM \(undo) AS s, LATERAL (
          SELECT CASE WHEN s."row" IS NOT NULL THEN s."row"::\(table.quoted) ELSE jsonb_populate_record(NULL::\(table.quoted), s."image") END AS "v"
          OFFSET 0) AS r
        """
    }

    /// A checked identifier as a string literal: it holds only letters, digits and `_`.
    static func literal(_ name: String) -> String { "'" + name + "'" }
}
