extension Catalog {
    /// The field of a collection's objects that its list's `created` filter compares: `created`, or
    /// `date` for objects that carry their creation time under that name (invoice items in 2020-08-27).
    public func createdField(of collection: CollectionDescriptor) -> String {
        guard let fields = schema(named: collection.schema)?.fields else { return "created" }
        if fields.contains(where: { $0.name == "created" }) { return "created" }
        return fields.contains(where: { $0.name == "date" && $0.type == .unixTime }) ? "date" : "created"
    }
}
