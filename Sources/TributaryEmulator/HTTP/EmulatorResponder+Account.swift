import TributaryCatalog

extension EmulatorResponder {
    /// `GET /v1/account`: the account the key (or the `Stripe-Account` header) acts for.
    ///
    /// Its `created` precedes every object the account holds, as on Stripe, where it bounds how far
    /// back a backfill has to look.
    func accountObject(account: String?) throws(EmulatorError) -> [UInt8] {
        let id = account ?? state.platformID
        guard id == state.platformID || state.connectedIDs.contains(id) else { throw .noSuchAccount(id) }
        let isPlatform = id == state.platformID
        let name = isPlatform ? "Tributary Emulator" : "Connected shop \(id.suffix(4))"
        let object = JSONValue.object([
            ("id", .string(id)),
            ("object", .string("account")),
            ("business_profile", .object([("name", .string(name)), ("url", .string("https://example.com"))])),
            ("business_type", .string("company")),
            ("charges_enabled", .bool(true)),
            ("country", .string("US")),
            ("created", .int(state.generator.anchor - AccountGenerator.historySeconds - 86400)),
            ("default_currency", .string("usd")),
            ("details_submitted", .bool(true)),
            ("email", .string(isPlatform ? "owner@example.com" : "shop-\(id.suffix(4).lowercased())@example.com")),
            ("metadata", .object([])),
            ("payouts_enabled", .bool(true)),
            ("settings", .object([("dashboard", .object([("display_name", .string(name)),
                                                         ("timezone", .string("Etc/UTC"))]))])),
            ("type", .string(isPlatform ? "standard" : "express")),
        ])
        return JSONWriter.bytes(object)
    }
}
