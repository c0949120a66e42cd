import TributaryCatalog

/// The few choices that make generated data behave like a real account rather than uniform noise.
enum Semantics {
    /// Field values fixed before an object is generated.
    static func overrides(for collection: String, rng: inout SeededRandom) -> [String: JSONValue] {
        switch collection {
        case "subscriptions":
            // Canceled subscriptions exist so that `status=all` matters.
            let r = rng.unit()
            let status = r < 0.7 ? "active" : r < 0.85 ? "canceled" : r < 0.9 ? "trialing" : r < 0.95 ? "past_due" : "unpaid"
            return ["status": .string(status)]
        case "invoices":
            return ["status": .string(rng.chance(0.8) ? "paid" : rng.pick(["open", "draft", "void", "uncollectible"]))]
        default:
            return [:]
        }
    }

    /// The values a list filter compares against: the field's string, or the id of a referenced object.
    static func filterValues(of object: JSONValue, names: [String]) -> [String: String] {
        var result: [String: String] = [:]
        for name in names {
            switch object[name] {
            case let .string(s)?: result[name] = s
            case let .bool(b)?: result[name] = b ? "true" : "false"
            case let .int(i)?: result[name] = String(i)
            case let value? where value["id"] != nil: result[name] = value["id"]?.stringValue
            default: break
            }
        }
        return result
    }
}
