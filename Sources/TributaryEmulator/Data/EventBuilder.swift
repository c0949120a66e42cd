import TributaryCatalog

/// Builds `event` objects the way Stripe renders them.
enum EventBuilder {
    static func event(id: String, type: String, created: Int64, object: JSONValue, previous: JSONValue?,
                      account: String?, apiVersion: String, seq: Int) -> StoredObject {
        var data: [(String, JSONValue)] = [("object", object)]
        if let previous { data.append(("previous_attributes", previous)) }
        var members: [(String, JSONValue)] = [("id", .string(id)), ("object", .string("event"))]
        if let account { members.append(("account", .string(account))) }
        members += [
            ("api_version", .string(apiVersion)),
            ("created", .int(created)),
            ("data", .object(data)),
            ("livemode", .bool(false)),
            ("pending_webhooks", .int(0)),
            ("request", .object([("id", .null), ("idempotency_key", .null)])),
            ("type", .string(type)),
        ]
        return StoredObject(id: id, created: created, seq: seq, json: JSONWriter.bytes(.object(members)),
                            parentID: nil, filters: ["type": type])
    }
}
