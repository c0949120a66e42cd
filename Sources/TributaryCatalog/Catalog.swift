/// Every collection Tributary can sync and every object schema they use, derived from Stripe's spec.
public struct Catalog: Sendable {
    /// The Stripe API version the catalog was derived from, and the one Tributary pins.
    public let apiVersion: String
    /// Every collection, in the order they are listed.
    public let collections: [CollectionDescriptor]
    /// Object schemas by name.
    public let schemas: [String: ObjectSchema]
    /// List endpoints of the spec that are deliberately not collections, with the reason for each.
    public let excludedEndpoints: [String: String]
    private let byName: [String: Int]

    /// Creates a catalog.
    public init(apiVersion: String, collections: [CollectionDescriptor], schemas: [ObjectSchema], excludedEndpoints: [String: String] = [:]) {
        self.apiVersion = apiVersion
        self.collections = collections
        self.schemas = Dictionary(schemas.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.excludedEndpoints = excludedEndpoints
        self.byName = Dictionary(collections.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The collection with the given table name.
    public func collection(named name: String) -> CollectionDescriptor? {
        byName[name].map { collections[$0] }
    }

    /// The schema with the given name.
    public func schema(named name: String) -> ObjectSchema? {
        schemas[name]
    }

    /// The collections nested under the named parent.
    public func children(of parent: String) -> [CollectionDescriptor] {
        collections.filter { $0.parent?.collection == parent }
    }
}
