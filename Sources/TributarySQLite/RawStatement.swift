import GRDB
import GRDBSQLite
import TributaryNormalizer
import TributaryWarehouse

/// SQLite copies the bytes during the call, so a Swift string's buffer need not outlive it.
private let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

/// The hot path, on SQLite's C API: GRDB's `StatementArguments` would box every one of the thousands
/// of values of a multi-row upsert.
struct RawStatement {
    let statement: Statement
    let db: Database

    private var handle: OpaquePointer { statement.sqliteStatement }

    /// Clears the previous execution; call before binding.
    func reset() {
        sqlite3_reset(handle)
    }

    /// Binds a value at a 1-based index as a column of `type` stores it.
    func bind(_ value: Value, as type: ColumnType, at index: Int32) throws {
        // Most cells of a flattened Stripe object are null (a card payment has no SEPA details).
        if case .null = value {
            sqlite3_bind_null(handle, index)
            return
        }
        let stored = value.type == type ? value : value.converted(to: type)
        let code: Int32
        switch stored {
        case .null: code = sqlite3_bind_null(handle, index)
        case let .integer(i): code = sqlite3_bind_int64(handle, index, i)
        case let .real(d): code = sqlite3_bind_double(handle, index, d)
        case let .boolean(b): code = sqlite3_bind_int64(handle, index, b ? 1 : 0)
        case let .text(s), let .json(s): code = bindText(s, at: index)
        case let .timestamp(t): code = bindText(Timestamp.text(t), at: index)
        }
        guard code == SQLITE_OK else { throw error(code) }
    }

    /// Binds the values at `positions` of each row, in order, from the 1-based `index`; returns the
    /// index after the last.
    @discardableResult
    func bind(_ rows: ArraySlice<Row>, positions: [Int], types: [ColumnType], from index: Int32) throws -> Int32 {
        var index = index
        for row in rows {
            for (position, type) in zip(positions, types) {
                try bind(row.values[position], as: type, at: index)
                index += 1
            }
        }
        return index
    }

    /// Binds text at a 1-based index.
    func bindText(_ text: String, at index: Int32) -> Int32 {
        var text = text
        return text.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return sqlite3_bind_text(handle, index, "", 0, transient) }
            return base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                sqlite3_bind_text(handle, index, $0, Int32(bytes.count), transient)
            }
        }
    }

    /// Runs the statement to its end.
    func execute() throws {
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE || code == SQLITE_ROW else {
            let failure = error(code)
            sqlite3_reset(handle)
            throw failure
        }
        sqlite3_reset(handle)
    }

    /// Runs a statement that returns one integer.
    func integer() throws -> Int64 {
        let code = sqlite3_step(handle)
        guard code == SQLITE_ROW else {
            let failure = error(code)
            sqlite3_reset(handle)
            throw failure
        }
        let value = sqlite3_column_int64(handle, 0)
        sqlite3_reset(handle)
        return value
    }

    private func error(_ code: Int32) -> WarehouseError {
        let message = db.sqliteConnection.map { String(cString: sqlite3_errmsg($0)) } ?? "SQLite error \(code)"
        return WarehouseError(.database, message)
    }
}

/// A prepared statement's identity: what it writes and for which version of the table's schema.
struct StatementKey: Hashable {
    enum Kind: Hashable { case upsert, countExisting, captureExisting }
    let kind: Kind
    let table: String
    let columns: ColumnList
    let rows: Int
    let complete: Bool
    let version: Int
}

extension WriterState {
    /// A cached statement, or a new one from `sql()`. The cache is bounded: the column sets of a long
    /// sync's rows are many, and an upsert over a wide Stripe table is a program of tens of kilobytes.
    func statement(_ key: StatementKey, _ db: Database, sql: () throws -> String) throws -> RawStatement {
        if let statement = statements[key] { return RawStatement(statement: statement, db: db) }
        if statements.count >= 96 { statements.removeAll() }
        let statement = try db.makeStatement(sql: sql())
        statements[key] = statement
        return RawStatement(statement: statement, db: db)
    }
}
