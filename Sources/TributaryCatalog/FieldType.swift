/// The type of one field of a Stripe object, as Stripe's OpenAPI spec describes it.
///
/// The normalizer maps these onto column types; the emulator generates values from them.
public indirect enum FieldType: Sendable, Hashable {
    /// Free text (ids that are not references, names, emails, currencies, …).
    case string
    /// A whole number: amounts in minor units, counts.
    case integer
    /// A decimal number (`percent_off`, `exchange_rate`, …).
    case number
    /// `true` or `false`.
    case boolean
    /// Seconds since the Unix epoch (`format: unix-time` in the spec).
    case unixTime
    /// A string restricted to the listed values.
    case enumeration([String])
    /// A nested object whose fields are described by the named ``ObjectSchema``.
    case object(String)
    /// A free-form map (`metadata`, …) whose values all have the given type.
    case map(FieldType)
    /// A JSON value whose structure the spec leaves open.
    case json
    /// An array of values of the given type.
    case array(FieldType)
    /// An embedded Stripe list (`{"object":"list","data":[…],"has_more":…,"url":…}`) of the named schema.
    case list(String)
    /// An id that the caller may ask Stripe to expand into one of the named schemas.
    case expandable([String])
    /// One of several shapes (a customer's sources are cards or bank accounts, …).
    case anyOf([FieldType])
}

extension FieldType {
    /// A short, stable name of the type, for listings and schema tables.
    public var name: String {
        switch self {
        case .string: "string"
        case .integer: "integer"
        case .number: "number"
        case .boolean: "boolean"
        case .unixTime: "unix-time"
        case .enumeration: "enum"
        case .object: "object"
        case .map: "map"
        case .json: "json"
        case .array: "array"
        case .list: "list"
        case .expandable: "expandable"
        case .anyOf: "any-of"
        }
    }
}
