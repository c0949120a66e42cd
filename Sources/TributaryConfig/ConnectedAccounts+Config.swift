import Foundation
import TributarySync

// `connected_accounts:` is the sync engine's own `ConnectedAccounts`: the file reads straight into the
// value the engine takes, so there is nothing to map.

extension ConnectedAccounts {
    /// `none`, `all`, or the ids separated by commas: as `tributary.yml` writes it.
    public var configText: String {
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

    /// Reads `none`, `all`, or comma-separated `acct_…` ids, as `--connected-accounts` takes them.
    ///
    /// - Returns: `nil` when the text is none of these.
    public init?(commandLine text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        switch trimmed.lowercased() {
        case "none": self = .none
        case "all": self = .all
        default:
            var ids: [String] = []
            for part in trimmed.split(separator: ",") {
                let id = part.trimmingCharacters(in: .whitespaces)
                guard Self.isAccountID(id) else { return nil }
                if !ids.contains(id) { ids.append(id) }
            }
            guard !ids.isEmpty else { return nil }
            self = .only(ids)
        }
    }
}
