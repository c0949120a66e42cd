import GRDB
import TributaryNormalizer
import TributaryWarehouse

/// The undo images of a SQLite destination: one shadow table per data table, with the same columns plus
/// the run that kept each image, `_tributary_undo_run`.
///
/// The first time a run changes or removes a row another run wrote (an upsert of an existing key, a
/// deletion mark, a child row a complete list no longer holds, a sweep), the row is copied there as it
/// was: `INSERT … SELECT` inside the write's transaction, so images and rows commit together. Rows the run
/// inserts need none: their `_tributary_run_id` says the run created them.
///
/// The shadow's columns have no declared type, so SQLite stores each value exactly as the data table
/// held it (no affinity conversion), and `REAL`s keep every bit, unlike SQLite's JSON functions.
enum UndoLog {
    /// The shadow table's column naming the run that kept the image.
    static let runColumn = "_tributary_undo_run"
    private static let lead = "_tributary_undo__"
    /// The column list of statements that copy every column, for their cache key.
    static let noColumns = ColumnList([])

    /// The shadow table of a data table: `_tributary_undo__<physical>`, or a readable prefix and a stable
    /// hash when that would be longer than an identifier may be.
    static func table(for physical: String) throws(WarehouseError) -> SQLIdentifier {
        let name = lead + physical
        if name.utf8.count <= SQLIdentifier.maxLength { return try SQLIdentifier(name) }
        let room = SQLIdentifier.maxLength - lead.utf8.count - 9
        return try SQLIdentifier(lead + String(physical.utf8.prefix(room))! + "_" + ColumnName.stableHash(physical))
    }

    /// Creates the shadow table of `schema`'s table, or adds the columns it lacks.
    static func prepare(_ db: Database, _ schema: TableSchema, physical: SQLIdentifier) throws {
        let shadow = try table(for: physical.name)
        if try SchemaStore.exists(db, physical: shadow.name) {
            let present = Set(try db.columns(in: shadow.name).map(\.name))
            for column in schema.columns where !present.contains(column.name) {
                try addColumn(db, column.name, physical: physical)
            }
            return
        }
        var definitions = [try SQLIdentifier(runColumn).quoted + " INTEGER NOT NULL"]
        for column in schema.columns { definitions.append(try SQLIdentifier(column.name).quoted) }
        let key = try (schema.primaryKey + [runColumn]).map { try SQLIdentifier($0).quoted }.joined(separator: ", ")
        definitions.append("PRIMARY KEY (\(key))")
        try db.execute(sql: "CREATE TABLE \(shadow.quoted) (\n  " + definitions.joined(separator: ",\n  ") + "\n)")
    }

    /// Adds a column the data table gained, when the shadow table exists.
    static func addColumn(_ db: Database, _ column: String, physical: SQLIdentifier) throws {
        let shadow = try table(for: physical.name)
        guard try SchemaStore.exists(db, physical: shadow.name) else { return }
        try db.execute(sql: "ALTER TABLE \(shadow.quoted) ADD COLUMN \(try SQLIdentifier(column).quoted)")
    }

    /// `INSERT OR IGNORE INTO shadow … SELECT ?1, … FROM table WHERE (condition) AND run IS NOT ?1`: the
    /// images of the rows `condition` selects that the run (parameter 1) has not written yet. Plain `?`s
    /// of `condition` are numbered from 2 on. `OR IGNORE` keeps a key's first image of a run.
    static func captureSQL(_ physical: SQLIdentifier, columns: [ColumnSchema], where condition: String) throws(WarehouseError) -> String {
        let shadow = try table(for: physical.name)
        let names = try columns.map { column throws(WarehouseError) in try SQLIdentifier(column.name).quoted }.joined(separator: ",")
        let run = try SQLIdentifier(SystemColumn.runID).quoted
        return "INSERT OR IGNORE INTO \(shadow.quoted) (\(try SQLIdentifier(runColumn).quoted),\(names)) SELECT ?1,\(names) FROM \(physical.quoted) WHERE (\(condition)) AND \(run) IS NOT ?1"
    }

    /// Keeps the images of the rows of `physical` that `condition` selects and `run` has not written yet;
    /// nothing when there is no run.
    static func capture(_ db: Database, run: Int64?, _ physical: SQLIdentifier, schema: TableSchema, where condition: String,
                        arguments: StatementArguments) throws {
        guard let run else { return }
        try db.execute(sql: try captureSQL(physical, columns: schema.columns, where: condition), arguments: [run] + arguments)
    }
}
