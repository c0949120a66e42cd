import TributaryCatalog

/// What an object being generated needs to know about the rest of the account.
struct GenerationContext {
    /// The object's own id.
    var id: String
    /// The object's `created` time.
    var created: Int64
    /// Whether the account is in live mode.
    var livemode: Bool
    /// Returns the id of an existing object of one of the given schemas, if the account has any.
    var reference: (inout SeededRandom, [String]) -> String?
    /// Field values decided by the caller (a child's parent id, a subscription's status, …).
    var overrides: [String: JSONValue] = [:]
    /// The `type`s a top-level object may have: a list partitioned by `type` (payment methods) serves
    /// only the types its `type` parameter accepts, so objects of other types would be unlistable.
    var listableTypes: [String]? = nil
}

/// Builds Stripe objects from the schemas of Stripe's spec: every field present with a value of its
/// real type, `null` where Stripe allows it, references pointing at objects that exist.
struct ObjectFactory: Sendable {
    let catalog: Catalog
    /// Nested objects deeper than this are left `null` (or empty when the spec forbids `null`).
    let maxDepth = 4

    func make(schema name: String, context: GenerationContext, rng: inout SeededRandom) -> JSONValue {
        guard let schema = catalog.schema(named: name) else { return .object([]) }
        return object(schema, context: context, depth: 0, rng: &rng)
    }

    private func object(_ schema: ObjectSchema, context: GenerationContext, depth: Int,
                        rng: inout SeededRandom) -> JSONValue {
        let chosenDetail = detailChoice(schema, allowed: depth == 0 ? context.listableTypes : nil, rng: &rng)
        var members: [(String, JSONValue)] = []
        members.reserveCapacity(schema.fields.count)
        for field in schema.fields {
            if depth == 0, let value = context.overrides[field.name] {
                members.append((field.name, value))
                continue
            }
            if field.optional {
                if case .list = field.type { continue }   // null unless expanded, as in 2020-08-27
                if let chosen = chosenDetail, isDetail(field), field.name != chosen { continue }
            }
            if depth == 0 {
                switch field.name {
                case "id": members.append(("id", .string(context.id))); continue
                case "created": members.append(("created", .int(context.created))); continue
                // Invoice items carry their creation time as `date`, which their list's `created` filters.
                case "date" where field.type == .unixTime && !schema.fields.contains(where: { $0.name == "created" }):
                    members.append(("date", .int(context.created))); continue
                case "livemode": members.append(("livemode", .bool(context.livemode))); continue
                default: break
                }
            }
            if field.name == "type", let chosen = chosenDetail {
                members.append(("type", .string(chosen)))
                continue
            }
            members.append((field.name, value(field, owner: schema.name, context: context, depth: depth, rng: &rng)))
        }
        return .object(members)
    }

    /// Polymorphic detail objects (`payment_method_details`, `payment_method`) carry a `type` and one
    /// sub-object named after it; Stripe leaves the others out.
    private func detailChoice(_ schema: ObjectSchema, allowed: [String]?, rng: inout SeededRandom) -> String? {
        guard schema.field("type") != nil else { return nil }
        let details = schema.fields.filter(isDetail).filter { allowed?.contains($0.name) ?? true }
        guard details.count >= 3 else { return nil }
        if details.contains(where: { $0.name == "card" }), rng.chance(0.85) { return "card" }
        return rng.pick(details).name
    }

    private func isDetail(_ field: Field) -> Bool {
        guard field.optional, !field.nullable, case .object = field.type else { return false }
        return true
    }

    private func value(_ field: Field, owner: String, context: GenerationContext, depth: Int,
                       rng: inout SeededRandom) -> JSONValue {
        // Deep optional structure is mostly absent in real objects; nulls also exercise the normalizer.
        if field.nullable {
            let nullShare: Double = switch field.type {
            case .object: depth == 0 ? 0.35 : 0.6
            case .expandable: 0.15
            default: 0.2
            }
            if rng.chance(nullShare) { return .null }
        }
        return value(of: field.type, name: field.name, nullable: field.nullable, context: context,
                     depth: depth, rng: &rng)
    }

    private func value(of type: FieldType, name: String, nullable: Bool, context: GenerationContext,
                       depth: Int, rng: inout SeededRandom) -> JSONValue {
        switch type {
        case .string: return .string(SampleValues.string(for: name, id: context.id, rng: &rng))
        case .integer: return .int(SampleValues.integer(for: name, rng: &rng))
        case .number: return .double((rng.unit() * 10000).rounded() / 100)
        case .boolean: return .bool(rng.chance(0.5))
        case .unixTime: return .int(context.created + Int64(rng.int(0...86400 * 30)))
        case let .enumeration(values): return .string(SampleValues.enumeration(values, for: name, rng: &rng))
        case let .object(schemaName):
            guard depth < maxDepth, let schema = catalog.schema(named: schemaName) else {
                return nullable ? .null : .object([])
            }
            var nested = object(schema, context: context, depth: depth + 1, rng: &rng)
            // An embedded resource (a subscription item's price) is one that exists.
            if nested["id"] != nil, let id = context.reference(&rng, [schemaName]) {
                nested = nested.setting("id", to: .string(id))
            }
            return nested
        case let .map(valueType):
            guard name == "metadata", rng.chance(0.4) else { return .object([]) }
            let v = value(of: valueType, name: "metadata_value", nullable: false, context: context,
                          depth: depth + 1, rng: &rng)
            return .object([("order_id", v)])
        case .json: return .object([])
        case let .array(element):
            if depth >= maxDepth { return .array([]) }
            let count = rng.chance(0.6) ? 0 : rng.int(1...2)
            return .array((0..<count).map { _ in
                value(of: element, name: name, nullable: false, context: context, depth: depth + 1, rng: &rng)
            })
        case let .list(item):
            return .object([("object", .string("list")), ("data", .array([])), ("has_more", .bool(false)),
                            ("url", .string("/v1/\(item)s?parent=\(context.id)"))])
        case let .expandable(targets):
            if let id = context.reference(&rng, targets) { return .string(id) }
            return nullable ? .null : .string(SampleValues.fabricatedID(for: targets.first ?? name, rng: &rng))
        case let .anyOf(options):
            guard let first = options.first else { return .null }
            return value(of: first, name: name, nullable: nullable, context: context, depth: depth, rng: &rng)
        }
    }
}
