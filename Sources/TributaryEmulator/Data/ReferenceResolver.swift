import TributaryCatalog

/// Finds an existing object for a reference (`charge.customer` → a customer of the account).
struct ReferenceResolver: Sendable {
    private let collectionBySchema: [String: String]
    private let ids: [String: [String]]

    init(catalog: Catalog, collections: [CollectionDescriptor], ids: [String: [String]]) {
        var map: [String: String] = [:]
        for c in collections where map[c.schema] == nil {
            map[c.schema] = c.name
        }
        collectionBySchema = map
        self.ids = ids
    }

    /// The id of a random existing object of the first of `schemas` that the account holds.
    func resolve(_ rng: inout SeededRandom, _ schemas: [String]) -> String? {
        for schema in schemas {
            if let name = collectionBySchema[schema], let pool = ids[name], !pool.isEmpty {
                return rng.pick(pool)
            }
        }
        return nil
    }

    /// The automatic payout that settled a balance transaction, for most transactions.
    func payout(for balanceTransactionID: String) -> String? {
        guard let payouts = ids["payouts"], !payouts.isEmpty else { return nil }
        var rng = SeededRandom(seed: 0, "payout-of", balanceTransactionID)
        return rng.chance(0.8) ? rng.pick(payouts) : nil
    }
}
