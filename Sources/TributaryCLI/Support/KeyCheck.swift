import Foundation
import TributaryCatalog
import TributaryStripe

/// One request that tells whether a source's key works before anything is written: `GET /v1/account`.
enum KeyCheck {
    /// The account a key acts for, as `GET /v1/account` describes it.
    struct Account: Sendable, Hashable, Codable {
        /// `acct_…`.
        var id: String
        /// The business's name, or the dashboard's display name.
        var name: String?
        /// The account's email.
        var email: String?
        /// Two-letter country code.
        var country: String?

        init(id: String, name: String? = nil, email: String? = nil, country: String? = nil) {
            self.id = id
            self.name = name
            self.email = email
            self.country = country
        }

        /// Reads the fields from `GET /v1/account`'s body.
        init?(json: JSONValue) {
            guard let id = json["id"]?.stringValue else { return nil }
            self.id = id
            name = json["business_profile"]?["name"]?.stringValue ?? json["settings"]?["dashboard"]?["display_name"]?.stringValue
            email = json["email"]?.stringValue
            country = json["country"]?.stringValue
        }
    }

    /// A client configuration for checks: one retry and a 5 s timeout, so that a wrong address fails in
    /// about ten seconds rather than after a sync's patient retries (AsyncHTTPClient keeps retrying a
    /// refused connection until the timeout).
    static func probing(_ configuration: StripeClient.Configuration) -> StripeClient.Configuration {
        var probe = configuration
        probe.maxRetries = 1
        probe.requestTimeout = .seconds(5)
        probe.retryBaseDelay = .milliseconds(200)
        probe.retryMaxDelay = .seconds(1)
        return probe
    }

    /// The key's account.
    ///
    /// - Returns: the account, or `nil` when the key is valid but may not read it (a restricted key
    ///   without the account permission answers 403, which still proves the key).
    /// - Throws: ``StripeError`` when Stripe refuses the key (401) or cannot be reached.
    static func account(_ client: StripeClient) async throws -> Account? {
        do {
            return Account(json: try await client.get("/v1/account").body)
        } catch let error as StripeError where error.code == .permission {
            return nil
        }
    }

    /// Checks the key with a short-lived client.
    ///
    /// - Throws: ``CLIError`` with code `failed` and a sentence naming the fix.
    static func verify(_ configuration: StripeClient.Configuration, source: String) async throws -> Account? {
        do {
            return try await withStripeClient(configuration: probing(configuration)) { client in try await account(client) }
        } catch let error as StripeError {
            throw CLIError(.failed, sentence(for: error, source: source, key: configuration.apiKey, baseURL: configuration.baseURL))
        }
    }

    /// Why a source cannot start, naming the fix: the key refused, Stripe unreachable, or another answer.
    static func sentence(for error: StripeError, source: String, key: StripeAPIKey, baseURL: String) -> String {
        let request = error.requestId.map { " (Stripe request \($0))" } ?? ""
        switch error.code {
        case .authentication:
            return "Stripe refused the key of source '\(source)' (\(key.redacted)): set a current secret (sk_…) or restricted (rk_…) key of the account in its variable or key file\(request)."
        case .transport, .timeout:
            return "Cannot reach Stripe at \(shown(baseURL)) for source '\(source)': check base_url and the network (`tributary emulator` listens on http://127.0.0.1:12111)."
        default:
            return "Stripe answered GET /v1/account for source '\(source)' with an error: \(error.message)\(request)."
        }
    }

    /// A URL without user, password or query, for messages.
    static func shown(_ url: String) -> String {
        guard let components = URLComponents(string: url) else { return "the configured address" }
        var text = "\(components.scheme ?? "https")://\(components.host ?? "")"
        if let port = components.port { text += ":\(port)" }
        return text + components.path
    }
}
