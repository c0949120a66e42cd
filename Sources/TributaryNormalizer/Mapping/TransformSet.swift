/// The ``TableTransform``s of one source, by table: what the sync engine applies to every schema it
/// prepares and every batch it writes.
///
/// ```swift
/// let transforms = source.transforms                       // from TributaryConfig
/// try await destination.prepare(transforms.apply(to: normalizer.tables(for: "charges")), in: namespace)
/// let batch = transforms.apply(to: try normalizer.normalize(objects, collection: "charges", context: context))
/// ```
public struct TransformSet: Sendable {
    /// The transforms by table name.
    public let transforms: [String: TableTransform]

    /// A set of transforms; a later transform of the same table replaces an earlier one.
    public init(_ transforms: [TableTransform] = []) {
        self.transforms = Dictionary(transforms.map { ($0.table, $0) }, uniquingKeysWith: { _, last in last })
    }

    /// Checks and prepares the rules and mappings of every table named, against the normalizer's schemas.
    ///
    /// - Throws: ``MappingError`` with code ``MappingError/Code-swift.struct/unknownColumn`` and no entry
    ///   for a table the normalizer does not know, or any error of
    ///   ``TableTransform/init(schema:rules:mapping:salt:)``.
    public init(rules: [String: ColumnRules], mappings: [String: TableMapping], salt: HashSalt?,
                normalizer: Normalizer) throws(MappingError) {
        var transforms: [TableTransform] = []
        for table in Set(rules.keys).union(mappings.keys).sorted() {
            guard let schema = normalizer.table(named: table) else {
                throw MappingError(.unknownColumn, table: table, entry: nil,
                                   "there is no table named \(table); `tributary collections` lists them")
            }
            transforms.append(try TableTransform(schema: schema, rules: rules[table] ?? ColumnRules(),
                                                 mapping: mappings[table] ?? TableMapping(), salt: salt))
        }
        self.init(transforms)
    }

    /// Whether no table is transformed.
    public var isEmpty: Bool { transforms.values.allSatisfy(\.isIdentity) }

    /// The transform of a table, if it has one.
    public subscript(table: String) -> TableTransform? { transforms[table] }

    /// A table's schema as the warehouse gets it.
    public func apply(to schema: TableSchema) -> TableSchema {
        transforms[schema.name]?.apply(to: schema) ?? schema
    }

    /// Tables' schemas as the warehouse gets them.
    public func apply(to schemas: [TableSchema]) -> [TableSchema] {
        schemas.map { apply(to: $0) }
    }

    /// Rows of any tables as the warehouse gets them; rows sharing a column list still share one.
    public func apply(to rows: [Row]) -> [Row] {
        guard !isEmpty else { return rows }
        var plans: [ObjectIdentifier: TableTransform.RowPlan] = [:]
        return rows.map { row in
            guard let transform = transforms[row.table], !transform.isIdentity else { return row }
            let key = ObjectIdentifier(row.columns)
            if let plan = plans[key] { return transform.apply(row, plan: plan) }
            let plan = transform.plan(for: row.columns)
            plans[key] = plan
            return transform.apply(row, plan: plan)
        }
    }

    /// A normalized object with its rows transformed.
    public func apply(to object: NormalizedObject) -> NormalizedObject {
        var result = object
        result.rows = apply(to: object.rows)
        return result
    }

    /// A batch with every row transformed and its rejects' JSON scrubbed of excluded and hashed fields;
    /// replacements and deletions name keys only and pass unchanged.
    public func apply(to batch: NormalizedBatch) -> NormalizedBatch {
        guard !isEmpty else { return batch }
        let rows = apply(to: batch.rows)
        var result = NormalizedBatch()
        var offset = 0
        for object in batch.objects {
            var transformed = object
            transformed.rows = Array(rows[offset..<offset + object.rows.count])
            offset += object.rows.count
            result.append(transformed)
        }
        result.rejects = batch.rejects.map { reject in transforms[reject.collection]?.apply(to: reject) ?? reject }
        return result
    }
}
