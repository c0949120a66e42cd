import Foundation
import TributaryCatalog

extension JSONValue {
    /// Decodes JSON bytes.
    static func decode(_ bytes: [UInt8]) throws -> JSONValue {
        try JSONValue(parsing: bytes)
    }
}

/// The updates Stripe objects go through in a real account, each with its event type.
enum Changes {
    /// Changes one object; returns the new state, Stripe's `previous_attributes` and the event type.
    static func change(_ old: JSONValue, in c: CollectionDescriptor, now: Int64,
                       rng: inout SeededRandom) -> (JSONValue, JSONValue, String) {
        let updatedType = c.events.updated.first { $0.hasSuffix(".updated") } ?? c.events.updated.first ?? "\(c.objectType).updated"
        func set(_ field: String, _ value: JSONValue, type: String? = nil) -> (JSONValue, JSONValue, String) {
            let previous = JSONValue.object([(field, old[field] ?? .null)])
            return (old.setting(field, to: value), previous, type ?? updatedType)
        }
        switch c.name {
        case "customers" where rng.chance(0.5):
            return set("email", .string(SampleValues.string(for: "email", id: "", rng: &rng)))
        case "invoices" where old["status"]?.stringValue == "open":
            return set("status", .string("paid"), type: "invoice.paid")
        case "subscriptions" where old["status"]?.stringValue != "canceled" && rng.chance(0.3):
            // Stripe announces a cancellation as customer.subscription.deleted; the subscription stays.
            let (value, previous, _) = set("status", .string("canceled"))
            return (value.setting("canceled_at", to: .int(now)), previous, "customer.subscription.deleted")
        case "payment_intents" where old["status"]?.stringValue != "succeeded":
            return set("status", .string("succeeded"), type: "payment_intent.succeeded")
        default:
            if old["description"] != nil, rng.chance(0.5) {
                return set("description", .string(SampleValues.string(for: "description", id: "", rng: &rng)))
            }
            var metadata = old["metadata"]?.objectValue ?? []
            metadata.removeAll { $0.0 == "tributary_revision" }
            metadata.append(("tributary_revision", .string(String(now))))
            return set("metadata", .object(metadata))
        }
    }
}
