import TributaryConfig
import TributaryNormalizer

/// Shared values: one normalizer (deriving plans takes a moment) and an environment with every secret.
enum Fixture {
    static let normalizer = Normalizer()

    static let apiKey = "sk_test_51FixtureSecretKeyValue0001"
    static let salt = "fixture-salt-0123456789abcdef"
    static let webhookSecret = "whsec_FixtureWebhookSecret42"
    static let password = "pg-Secret-Passw0rd"

    static let environment = [
        "STRIPE_API_KEY": apiKey,
        "TRIBUTARY_HASH_SALT": salt,
        "STRIPE_WEBHOOK_SECRET": webhookSecret,
        "PGPASSWORD": password,
        "ALERT_WEBHOOK_URL": "https://hooks.example.com/services/T000/B000/XXXXTOKEN",
    ]

    /// Every secret value, none of which may ever appear in an error or description.
    static let secrets = [apiKey, salt, webhookSecret, password, "XXXXTOKEN"]

    static func parse(_ yaml: String, environment: [String: String] = environment,
                      fileName: String = "tributary.yml") throws(ConfigError) -> TributaryConfiguration {
        try TributaryConfiguration.parse(yaml: yaml, environment: environment, fileName: fileName, normalizer: normalizer)
    }

    /// The error parsing gives, or `nil` when it parses.
    static func error(_ yaml: String, environment: [String: String] = environment) -> ConfigError? {
        do throws(ConfigError) {
            _ = try parse(yaml, environment: environment)
            return nil
        } catch {
            return error
        }
    }

    /// A file with one source whose extra keys are `lines` (already indented by four spaces).
    static func oneSource(_ lines: String = "", destination: String = "sqlite:tributary.sqlite") -> String {
        """
        destination: \(destination)
        sources:
          - name: shop
            api_key: ${STRIPE_API_KEY}
        \(lines)
        """
    }
}
