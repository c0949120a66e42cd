import ArgumentParser
import Foundation
import TributaryStripe

/// Where the Stripe key comes from: a file or the environment, never the command line, where other
/// users of the machine could read it in the process list.
struct APIKeyOptions: ParsableArguments {
    @Option(help: ArgumentHelp("A file holding only the Stripe key (secret sk_… or restricted rk_…).",
                               discussion: "Without it, the key is read from STRIPE_API_KEY."))
    var apiKeyFile: String?

    /// The environment variable read when no file is given.
    static let environmentVariable = "STRIPE_API_KEY"

    /// Reads the key.
    ///
    /// - Throws: ``CLIError`` naming the fix when there is no key, the file cannot be read, or the text
    ///   does not look like a Stripe key. The key itself is never part of the message.
    func resolve() throws(CLIError) -> StripeAPIKey {
        let text: String
        if let apiKeyFile {
            guard let data = FileManager.default.contents(atPath: apiKeyFile) else {
                throw CLIError(.usage, "Cannot read the key file \(apiKeyFile); check the path and its permissions.")
            }
            text = String(decoding: data, as: UTF8.self)
        } else if let value = ProcessInfo.processInfo.environment[Self.environmentVariable], !value.isEmpty {
            text = value
        } else {
            throw CLIError(.usage, "No Stripe key: set \(Self.environmentVariable) or pass --api-key-file PATH (a file holding only the key).")
        }
        let key = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard ["sk_live_", "sk_test_", "rk_live_", "rk_test_"].contains(where: key.hasPrefix), !key.contains(where: \.isWhitespace) else {
            throw CLIError(.usage, "The Stripe key must start with sk_live_, sk_test_, rk_live_ or rk_test_ and hold nothing else.")
        }
        return StripeAPIKey(key)
    }
}
