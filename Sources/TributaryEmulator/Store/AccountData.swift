import TributaryCatalog

/// Everything one emulated Stripe account holds.
struct AccountData: Sendable {
    /// `acct_…` of the account.
    var accountID: String
    /// Whether this is the platform (the key's own account) rather than a connected account.
    var isPlatform: Bool
    /// Collections by table name.
    var collections: [String: CollectionData]
    /// The next insertion number.
    var nextSeq: Int

    /// The objects of a collection (empty when the account has none).
    subscript(collection: String) -> CollectionData {
        get { collections[collection] ?? CollectionData() }
        set { collections[collection] = newValue }
    }
}
