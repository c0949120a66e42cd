import Synchronization
import TributaryNormalizer

/// The schemas of the tables, as `_tributary_schema` holds them, shared by every connection of a
/// destination. Forgotten whenever a transaction fails, since what it learnt may not be in the database.
final class SchemaCache: Sendable {
    private let schemas = Mutex<[QualifiedName: TableSchema]>([:])

    subscript(table: QualifiedName) -> TableSchema? {
        get { schemas.withLock { $0[table] } }
        set { schemas.withLock { $0[table] = newValue } }
    }

    func removeAll() {
        schemas.withLock { $0.removeAll() }
    }
}
