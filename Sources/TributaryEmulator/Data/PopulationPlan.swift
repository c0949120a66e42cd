import TributaryCatalog

/// How many objects of each collection an account of a given scale holds.
///
/// Proportions follow a subscription business: many balance transactions, charges and payment intents,
/// fewer customers and invoices, a handful of products and prices, a few of everything else.
struct PopulationPlan: Sendable {
    /// Children per parent: usually `usual`, and for `largeShare` of parents enough to overflow the
    /// embedded list, so that paging a nested list is exercised.
    struct ChildCount: Sendable {
        var usual: ClosedRange<Int>
        var largeShare: Double = 0
        var large: ClosedRange<Int> = 11...25
        /// Share of parents that have any children at all.
        var presence: Double = 1
    }

    static let topLevelShare: [String: Double] = [
        "balance_transactions": 0.17, "charges": 0.13, "payment_intents": 0.11, "customers": 0.07,
        "invoices": 0.06, "subscriptions": 0.035, "invoice_items": 0.03, "payment_methods": 0.04,
        "refunds": 0.015, "setup_intents": 0.015, "checkout_sessions": 0.015, "prices": 0.006,
        "products": 0.004, "plans": 0.003, "coupons": 0.002, "promotion_codes": 0.002, "tax_rates": 0.001,
        "disputes": 0.003, "payouts": 0.004, "transfers": 0.008, "application_fees": 0.006,
        "credit_notes": 0.004, "subscription_schedules": 0.004, "topups": 0.002, "file_uploads": 0.002,
        "file_links": 0.001, "reviews": 0.002, "early_fraud_warnings": 0.001, "payment_links": 0.001,
        "quotes": 0.002, "shipping_rates": 0.001,
    ]

    static let children: [String: ChildCount] = [
        "invoice_lines": .init(usual: 1...3, largeShare: 0.03),
        "subscription_items": .init(usual: 1...2, largeShare: 0.02, large: 11...14),
        "transfer_reversals": .init(usual: 1...1, largeShare: 0.05, large: 11...13, presence: 0.2),
        "application_fee_refunds": .init(usual: 1...1, largeShare: 0.05, large: 11...12, presence: 0.2),
        "credit_note_lines": .init(usual: 1...2, largeShare: 0.05),
        "checkout_session_line_items": .init(usual: 1...3),
        "payment_link_line_items": .init(usual: 1...2),
        "quote_line_items": .init(usual: 1...2),
        "quote_upfront_line_items": .init(usual: 1...1, presence: 0.3),
        "customer_balance_transactions": .init(usual: 1...2, presence: 0.2),
        "cards": .init(usual: 1...1, presence: 0.3),
        "bank_accounts": .init(usual: 1...1, presence: 0.05),
        "tax_ids": .init(usual: 1...1, presence: 0.1),
        "capabilities": .init(usual: 2...3),
        "external_accounts": .init(usual: 1...1),
        "persons": .init(usual: 1...2),
        "setup_attempts": .init(usual: 1...2),
        "radar_value_list_items": .init(usual: 2...5),
    ]

    /// Collections the emulator does not serve: removed from Stripe (they answer 404) or another
    /// collection's filter (payout_balance_transactions is `/v1/balance_transactions?payout=`).
    static let notServed: Set<String> = ["bitcoin_receivers", "bitcoin_transactions", "payout_balance_transactions"]

    let scale: Int

    /// How many top-level objects of the collection the account holds.
    func count(of collection: CollectionDescriptor, connectedAccounts: Int) -> Int {
        if collection.name == "accounts" { return connectedAccounts }
        if collection.name == "events" { return 0 }   // events are the history of the others
        if let share = Self.topLevelShare[collection.name] {
            return max(3, Int((Double(scale) * share).rounded()))
        }
        return max(2, scale / 2000)
    }
}
