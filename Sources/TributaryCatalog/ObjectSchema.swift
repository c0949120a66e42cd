/// One field of an ``ObjectSchema``.
public struct Field: Sendable, Hashable {
    /// The field's name as Stripe spells it (`billing_details`).
    public var name: String
    /// The field's type.
    public var type: FieldType
    /// Whether Stripe may send `null` for it.
    public var nullable: Bool
    /// Whether Stripe may leave it out (the spec does not list it as required): expandable-only
    /// fields and the per-type details of polymorphic objects (`payment_method_details.card`).
    public var optional: Bool

    /// Creates a field.
    public init(_ name: String, _ type: FieldType, nullable: Bool = false, optional: Bool = false) {
        self.name = name
        self.type = type
        self.nullable = nullable
        self.optional = optional
    }
}

/// The shape of one object type of Stripe's API (`charge`, `billing_details`, `deleted_customer`, …),
/// taken from `components/schemas` of Stripe's OpenAPI spec.
public struct ObjectSchema: Sendable, Hashable {
    /// The schema's name in the spec (`charge`, `checkout.session`).
    public var name: String
    /// The fields in the spec's order.
    public var fields: [Field]

    /// Creates a schema.
    public init(name: String, fields: [Field]) {
        self.name = name
        self.fields = fields
    }

    /// The field with the given name, if the schema has one.
    public func field(_ name: String) -> Field? {
        fields.first { $0.name == name }
    }
}
