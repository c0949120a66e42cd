/// Which Connect accounts a source reads besides the platform's own: `connected_accounts:` in
/// `tributary.yml`.
public enum ConnectedAccounts: Sendable, Hashable, CustomStringConvertible {
    /// Only the key's own account (the default).
    case none
    /// The platform and every account `/v1/accounts` lists, each under the platform's one rate limit.
    case all
    /// The platform and these accounts (`acct_…` ids, each once).
    case only([String])

    /// `none`, `all`, or the ids separated by commas.
    public var description: String {
        switch self {
        case .none: "none"
        case .all: "all"
        case let .only(ids): ids.joined(separator: ", ")
        }
    }

    /// Whether `id` looks like a Stripe account id: `acct_` and letters or digits.
    public static func isAccountID(_ id: String) -> Bool {
        id.hasPrefix("acct_") && id.count > 5 && id.count <= 255
            && id.dropFirst(5).unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) }
    }
}
