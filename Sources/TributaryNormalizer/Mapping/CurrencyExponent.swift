/// How many decimal places a currency's minor unit has, as Stripe counts them.
///
/// Stripe amounts are integers in the currency's smallest unit: 1099 is $10.99, but ¥1099 is ¥1099
/// and 1099 fils is 1.099 KWD. Unknown currencies count as two-decimal, which is what almost all are.
public enum CurrencyExponent {
    /// Stripe's zero-decimal currencies: an amount is already in whole units.
    public static let zeroDecimal: Set<String> = [
        "bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof",
        "xpf",
    ]
    /// Stripe's three-decimal currencies.
    public static let threeDecimal: Set<String> = ["bhd", "jod", "kwd", "omr", "tnd"]

    /// The exponent of a currency code (case-insensitive): 0, 3, or 2 for every other code.
    public static func of(_ currency: String) -> Int {
        let code = currency.lowercased()
        if zeroDecimal.contains(code) { return 0 }
        if threeDecimal.contains(code) { return 3 }
        return 2
    }

    /// An amount in minor units as a decimal number of whole units (`1099, "usd"` → `10.99`).
    public static func decimal(_ minorUnits: Int64, currency: String) -> Double {
        decimal(Double(minorUnits), currency: currency)
    }

    /// An amount in minor units as a decimal number of whole units (`1099.0, "kwd"` → `1.099`).
    public static func decimal(_ minorUnits: Double, currency: String) -> Double {
        // Dividing by an exact power of ten gives the double nearest the decimal (10.99, not 10.990000001).
        switch of(currency) {
        case 0: minorUnits
        case 3: minorUnits / 1000
        default: minorUnits / 100
        }
    }
}
