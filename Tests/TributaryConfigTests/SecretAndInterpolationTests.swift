import Foundation
import Testing
import TributaryConfig
import TributaryStripe

@Suite struct SecretAndInterpolationTests {
    @Test func environmentReferencesAreReplacedBeforeValidation() throws {
        let yaml = """
        destination: sqlite:${DATA_DIR:-/var/lib/tributary}/stripe.sqlite
        sources:
          - name: ${SOURCE_NAME}
            api_key: ${STRIPE_API_KEY}
            schema: ${SCHEMA:-stripe}
            table_prefix: ${PREFIX:-}
            base_url: http://127.0.0.1:${PORT}
            max_rps: ${RPS}
            collections: [charges]
            columns:
              charges:
                exclude: "price$${literal}"
        """
        var environment = Fixture.environment
        environment.merge(["SOURCE_NAME": "shop", "PORT": "12111", "RPS": "7.5", "SCHEMA": ""]) { $1 }
        // `$${` is a literal `${`, so the exclusion names a column that does not exist, with the text as written.
        let literal = try #require(Fixture.error(yaml, environment: environment))
        #expect(literal.code == .unknownColumn && literal.message.contains("price${literal}") && literal.line == 12)

        let config = try Fixture.parse(yaml.replacingOccurrences(of: "price$${literal}", with: "receipt_email"),
                                       environment: environment)
        #expect(config.destination == .sqlite(path: "/var/lib/tributary/stripe.sqlite"))
        let source = try #require(config.sources.first)
        #expect(source.name == "shop")
        #expect(source.namespace.schema == "stripe", "`:-` also replaces a variable set to nothing")
        #expect(source.namespace.tablePrefix == "")
        #expect(source.baseURL.absoluteString == "http://127.0.0.1:12111")
        #expect(source.maxRPS == 7.5)
    }

    @Test func aMissingVariableIsNamedWithItsLine() throws {
        let yaml = Fixture.oneSource("    schema: stripe\n    table_prefix: ${SHOP_PREFIX}\n")
        let error = try #require(Fixture.error(yaml))
        #expect(error.code == .undefinedVariable)
        #expect(error.line == 6)
        #expect(error.message.contains("SHOP_PREFIX") && error.message.contains("table_prefix"))
        #expect(error.description.hasPrefix("tributary.yml:6: "))

        var environment = Fixture.environment
        environment["STRIPE_API_KEY"] = nil
        let key = try #require(Fixture.error(Fixture.oneSource(), environment: environment))
        #expect(key.code == .undefinedVariable && key.line == 4 && key.message.contains("STRIPE_API_KEY"))

        let malformed = try #require(Fixture.error(Fixture.oneSource("    schema: ${SCHEMA\n")))
        #expect(malformed.code == .undefinedVariable && malformed.line == 5)
    }

    @Test func aLiteralKeyIsRefusedWithoutBeingRepeated() throws {
        for literal in ["sk_live_51LiteralKeyInTheFile0001", "rk_test_51LiteralKeyInTheFile0001",
                        "${STRIPE_API_KEY:-sk_test_51LiteralKeyInTheFile0001}"] {
            let yaml = "destination: sqlite:t.sqlite\nsources:\n  - name: shop\n    api_key: \(literal)\n"
            let error = try #require(Fixture.error(yaml))
            #expect(error.code == .literalSecret)
            #expect(error.line == 4)
            #expect(error.message.contains("environment variable") && error.message.contains("api_key_file"))
            #expect(error.message.contains("literal"))
            #expect(!error.description.contains("LiteralKeyInTheFile"))
        }
        let name = try #require(Fixture.error("destination: sqlite:t.sqlite\nsources:\n  - name: shop\n    api_key: STRIPE_API_KEY\n"))
        #expect(name.code == .literalSecret && name.message.contains("${STRIPE_API_KEY}"))
    }

    @Test func saltsAndWebhookSecretsMustComeFromTheEnvironment() throws {
        let salt = try #require(Fixture.error(Fixture.oneSource("    hash_salt: my-salt-written-in-the-file\n")))
        #expect(salt.code == .literalSecret && salt.line == 5 && !salt.description.contains("my-salt-written"))
        let secret = try #require(Fixture.error(Fixture.oneSource("    webhook_secret: whsec_WrittenInTheFile\n")))
        #expect(secret.code == .literalSecret && secret.line == 5 && !secret.description.contains("WrittenInTheFile"))
        var environment = Fixture.environment
        environment["TRIBUTARY_HASH_SALT"] = "tinysalt"
        let short = try #require(Fixture.error(Fixture.oneSource("    hash_salt: ${TRIBUTARY_HASH_SALT}\n"), environment: environment))
        #expect(short.code == .invalidValue && !short.message.contains("tinysalt") && short.message.contains("16"))
        let missing = try #require(Fixture.error(Fixture.oneSource("    columns:\n      customers:\n        hash: [email]\n")))
        #expect(missing.code == .missingKey && missing.line == 7 && missing.message.contains("hash_salt"))
    }

    @Test func apiKeyAndKeyFileAreExclusiveAndOneIsRequired() throws {
        let both = try #require(Fixture.error(Fixture.oneSource("    api_key_file: secrets/stripe.key\n")))
        #expect(both.code == .conflictingKeys && both.line == 5)
        #expect(both.message.contains("api_key") && both.message.contains("api_key_file"))
        let neither = try #require(Fixture.error("destination: sqlite:t.sqlite\nsources:\n  - name: shop\n    schema: main\n"))
        #expect(neither.code == .conflictingKeys && neither.line == 3 && neither.message.contains("api_key_file"))
        let pathIsAKey = try #require(Fixture.error("destination: sqlite:t.sqlite\nsources:\n  - name: shop\n    api_key_file: sk_live_51WrittenAsAPath\n"))
        #expect(pathIsAKey.code == .literalSecret && !pathIsAKey.description.contains("WrittenAsAPath"))
        var environment = Fixture.environment
        environment["STRIPE_API_KEY"] = "pk_live_51Publishable000000000"
        let publishable = try #require(Fixture.error(Fixture.oneSource(), environment: environment))
        #expect(publishable.code == .invalidValue && publishable.message.contains("publishable") && !publishable.message.contains("Publishable0"))
    }

    @Test func errorsAndDescriptionsNeverHoldASecret() throws {
        // Values that came from the environment are quoted as written, never as their value.
        var environment = Fixture.environment
        environment["SCHEMA"] = "bad schema " + Fixture.salt
        let schema = try #require(Fixture.error(Fixture.oneSource("    schema: ${SCHEMA}\n"), environment: environment))
        #expect(schema.code == .invalidIdentifier && schema.line == 5 && schema.message.contains("${SCHEMA}"))
        environment["BASE"] = "ftp://user:\(Fixture.password)@proxy.example"
        let base = try #require(Fixture.error(Fixture.oneSource("    base_url: ${BASE}\n"), environment: environment))
        #expect(base.code == .invalidValue)
        let destination = try #require(Fixture.error(Fixture.oneSource(destination: "postgres://u:${PGPASSWORD}@/db")))
        #expect(destination.code == .invalidDestination)
        for error in [schema, base, destination] {
            for secret in Fixture.secrets { #expect(!error.description.contains(secret), "\(error)") }
        }

        let config = try Fixture.parse(ConfigParsingTests.full)
        var dumped = ""
        dump(config, to: &dumped)
        let us = config.sources[0]
        let texts = ["\(config)", String(reflecting: config), dumped, "\(us)", "\(us.apiKey)", "\(us.hashSalt!)",
                     "\(us.webhookSecret!)", String(reflecting: us.webhookSecret!), "\(us.alerts)", "\(config.sources[1])"]
        for text in texts {
            for secret in Fixture.secrets { #expect(!text.contains(secret), "\(text.prefix(200))") }
        }
        #expect("\(config.sources[0].apiKey)".contains("${STRIPE_API_KEY}"))
    }
}
