import Foundation
import TributaryStripe

/// Where a source's Stripe key comes from. A key is never written in `tributary.yml` itself.
public enum KeySource: Sendable, Hashable {
    /// From an environment variable (`api_key: ${STRIPE_API_KEY}`), read when the file was loaded.
    case environment(variable: String, key: StripeAPIKey)
    /// From a file holding only the key (`api_key_file: secrets/stripe.key`), read by ``resolve()``. The
    /// path is absolute, or relative to the directory of `tributary.yml`.
    case file(path: String)

    /// The key: the one read from the environment, or the file's content without surrounding whitespace.
    ///
    /// - Throws: ``ConfigError`` with code ``ConfigError/Code-swift.struct/unreadableKeyFile`` when the
    ///   file cannot be read, is empty, or holds a publishable key. The message never holds the content.
    public func resolve() throws(ConfigError) -> StripeAPIKey {
        switch self {
        case let .environment(_, key):
            return key
        case let .file(path):
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                throw ConfigError(.unreadableKeyFile, "cannot read the key file \(path); check the path in api_key_file and the file's permissions",
                                  file: path)
            }
            if let problem = KeySource.problem(with: text, origin: "the file \(path)") {
                throw ConfigError(.unreadableKeyFile, problem, file: path)
            }
            return StripeAPIKey(text)
        }
    }

    /// Why a key cannot be used, if it cannot: empty, or publishable. Never quotes the key.
    static func problem(with text: String, origin: String) -> String? {
        let key = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if key.isEmpty { return "\(origin) holds no key; put your Stripe secret (sk_…) or restricted (rk_…) key in it" }
        if key.hasPrefix("pk_") {
            return "\(origin) holds a publishable key, which cannot read data; use a secret (sk_…) or restricted (rk_…) key"
        }
        return nil
    }
}

extension KeySource: CustomStringConvertible {
    /// `${STRIPE_API_KEY} (sk_test_****0001)` or `file secrets/stripe.key`: never the key.
    public var description: String {
        switch self {
        case let .environment(variable, key): "${\(variable)} (\(key.redacted))"
        case let .file(path): "file \(path)"
        }
    }
}
