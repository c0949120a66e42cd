import TributaryCatalog

/// A list request's parameters, checked the way Stripe checks them.
struct ListRequest: Sendable {
    var limit = 10
    var startingAfter: String?
    var endingBefore: String?
    var createdGT: Int64?
    var createdGTE: Int64?
    var createdLT: Int64?
    var createdLTE: Int64?
    /// Filters compared for equality (`customer=cus_…`).
    var equals: [String: String] = [:]
    /// `types[]` of the events list.
    var types: [String] = []
    var expand: [String] = []

    /// Parses the query of a request to `collection`. `consumed` names parameters that the route already
    /// took (a parent id passed in the query).
    init(query: [(String, String)], collection: CollectionDescriptor) throws(EmulatorError) {
        for (rawKey, value) in query {
            let (base, sub) = Self.split(rawKey)
            switch base {
            case "limit":
                guard sub == nil, let n = Int(value) else {
                    throw .invalidRequest("Invalid integer: \(value)", param: "limit")
                }
                guard n >= 1 else { throw .invalidRequest("This value must be greater than or equal to 1.", param: "limit") }
                guard n <= 100 else { throw .invalidRequest("This value must be less than or equal to 100.", param: "limit") }
                limit = n
            case "starting_after": startingAfter = value
            case "ending_before": endingBefore = value
            case "expand": expand.append(value)
            case "created" where collection.supportsCreated:
                try parseCreated(sub: sub, value: value)
            case "types" where collection.filters.contains("types"):
                types.append(value)
            default:
                guard sub == nil, collection.filters.contains(base) else { throw .unknownParameter(rawKey) }
                equals[base] = value
            }
        }
        if startingAfter != nil, endingBefore != nil {
            throw .invalidRequest("You may only specify one of these parameters: ending_before, starting_after.",
                                  param: "starting_after")
        }
        if let partition = collection.partition, equals[partition.parameter] == nil {
            throw .invalidRequest("Missing required param: \(partition.parameter).", param: partition.parameter,
                                  code: "parameter_missing")
        }
        if case let .queryParameter(param)? = collection.parent?.access, equals[param] == nil {
            throw .invalidRequest("Missing required param: \(param).", param: param, code: "parameter_missing")
        }
    }

    private mutating func parseCreated(sub: String?, value: String) throws(EmulatorError) {
        let param = sub.map { "created[\($0)]" } ?? "created"
        guard let t = Int64(value) else { throw .invalidRequest("Invalid integer: \(value)", param: param) }
        switch sub {
        case nil: createdGTE = t; createdLTE = t
        case "gt": createdGT = t
        case "gte": createdGTE = t
        case "lt": createdLT = t
        case "lte": createdLTE = t
        default: throw .unknownParameter(param)
        }
    }

    /// `created[gte]` → (`created`, `gte`); `expand[]` → (`expand`, nil).
    static func split(_ key: String) -> (String, String?) {
        guard let open = key.firstIndex(of: "["), key.hasSuffix("]") else { return (key, nil) }
        let base = String(key[..<open])
        let inner = String(key[key.index(after: open)..<key.index(before: key.endIndex)])
        return (base, inner.isEmpty ? nil : inner)
    }

    /// The lowest `created` an object may have.
    var lowerBound: Int64 {
        max(createdGT.map { $0 + 1 } ?? .min, createdGTE ?? .min)
    }

    /// The highest `created` an object may have.
    var upperBound: Int64 {
        min(createdLT.map { $0 - 1 } ?? .max, createdLTE ?? .max)
    }
}
