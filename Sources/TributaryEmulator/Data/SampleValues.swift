/// Plausible values for Stripe's fields, chosen by field name so that the data reads like a real account.
enum SampleValues {
    private static let firstNames = ["Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Margaret", "Ken",
                                     "Radia", "Linus", "Frances", "Tim", "Hedy", "Dennis", "Katherine", "John"]
    private static let lastNames = ["Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Hamilton",
                                    "Thompson", "Perlman", "Torvalds", "Allen", "Berners-Lee", "Lamarr", "Ritchie"]
    private static let cities = ["San Francisco", "Dublin", "Berlin", "Paris", "Tokyo", "Toronto", "Sydney",
                                 "London", "New York", "São Paulo", "Zürich", "Austin"]
    private static let countries = ["US", "US", "US", "IE", "DE", "FR", "GB", "CA", "AU", "JP"]
    private static let currencies = ["usd", "usd", "usd", "usd", "eur", "gbp", "cad", "jpy"]
    private static let words = ["alpha", "river", "delta", "copper", "summit", "harbor", "lumen", "quartz",
                                "meadow", "cobalt", "pioneer", "tributary", "canyon", "orbit"]

    static func string(for name: String, id: String, rng: inout SeededRandom) -> String {
        switch name {
        case "currency", "default_currency", "settlement_currency", "presentment_currency":
            return rng.pick(currencies)
        case "email", "receipt_email", "customer_email", "support_email":
            return "\(rng.pick(firstNames).lowercased()).\(rng.pick(lastNames).lowercased())\(rng.int(1...999))@example.com"
        case "name", "customer_name", "account_holder_name", "cardholder_name":
            return "\(rng.pick(firstNames)) \(rng.pick(lastNames))"
        case "phone", "customer_phone", "support_phone":
            return "+1415555\(String(format: "%04d", rng.int(0...9999)))"
        case "city": return rng.pick(cities)
        case "country", "account_country", "business_country": return rng.pick(countries)
        case "line1": return "\(rng.int(1...999)) \(rng.pick(words).capitalized) Street"
        case "line2": return "Suite \(rng.int(1...500))"
        case "postal_code": return String(format: "%05d", rng.int(10000...99999))
        case "state": return rng.pick(["CA", "NY", "TX", "WA", "MA"])
        case "last4", "dynamic_last4": return String(format: "%04d", rng.int(0...9999))
        case "brand": return rng.pick(["visa", "mastercard", "amex"])
        case "fingerprint": return rng.token(16)
        case "description", "statement_descriptor", "footer", "memo":
            return "\(rng.pick(words).capitalized) \(rng.pick(words)) \(rng.int(1...9999))"
        case "url", "receipt_url", "hosted_invoice_url", "invoice_pdf", "return_url", "success_url", "cancel_url":
            return "https://example.com/\(rng.pick(words))/\(id)"
        case "number", "receipt_number": return "\(rng.token(8).uppercased())-\(String(format: "%04d", rng.int(1...9999)))"
        case "client_secret": return "\(id)_secret_\(rng.token(24))"
        case "api_version": return "2020-08-27"
        default: return "\(rng.pick(words))_\(rng.token(6))"
        }
    }

    static func integer(for name: String, rng: inout SeededRandom) -> Int64 {
        switch name {
        case "exp_month": return Int64(rng.int(1...12))
        case "exp_year": return Int64(rng.int(2026...2032))
        case "quantity": return Int64(rng.int(1...5))
        case "percent_off": return Int64(rng.int(5...50))
        case "attempt_count", "count", "duration_in_months", "interval_count", "trial_period_days":
            return Int64(rng.int(0...12))
        case let n where n.contains("amount") || n == "total" || n == "subtotal" || n == "balance"
            || n == "fee" || n == "net" || n == "unit_amount" || n.hasSuffix("_total"):
            return Int64(rng.int(50...250_000))
        default: return Int64(rng.int(0...100))
        }
    }

    static func enumeration(_ values: [String], for name: String, rng: inout SeededRandom) -> String {
        guard !values.isEmpty else { return "" }
        if name == "currency" { return "usd" }
        // Most objects in a real account sit in their everyday state; favour the first few values.
        if values.count > 3, rng.chance(0.5) {
            return values[rng.int(0...min(2, values.count - 1))]
        }
        return rng.pick(values)
    }

    static func fabricatedID(for schema: String, rng: inout SeededRandom) -> String {
        "\(IDPrefixes.prefix(for: schema))_\(rng.token(24))"
    }
}

/// Id prefixes of schemas that are referenced but not generated as collections of their own.
enum IDPrefixes {
    static func prefix(for schema: String) -> String {
        switch schema {
        case "account": "acct"
        case "application": "ca"
        case "source": "src"
        case "mandate": "mandate"
        case "order": "or"
        case "test_helpers.test_clock": "clock"
        case "subscription_item": "si"
        case "line_item": "il"
        case "token": "tok"
        default: String(schema.split(separator: ".").last?.prefix(3) ?? "obj")
        }
    }
}
