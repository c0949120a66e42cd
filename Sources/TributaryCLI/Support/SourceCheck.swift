import Foundation
import TributaryCatalog
import TributaryConfig
import TributaryStripe

/// What `check --json` prints.
struct CheckReport: Sendable, Codable {
    var sources: [SourceCheck]

    /// 1 when a key was refused or Stripe unreachable, 3 when a collection cannot be read, else 0.
    var exitCode: Int32 {
        if sources.contains(where: { $0.status == .refused || $0.status == .unreachable || $0.status == .error }) {
            return CLIError.Code.failed.exitCode
        }
        if sources.contains(where: { $0.status == .partial }) { return CLIError.Code.partial.exitCode }
        return 0
    }
}

/// One source's check.
struct SourceCheck: Sendable, Codable {
    /// How the check ended.
    enum Status: String, Sendable, Codable {
        /// The key works and may read every selected collection.
        case ok
        /// The key works; some collections cannot be read.
        case partial
        /// Stripe refused the key (401), or its file cannot be read.
        case refused
        /// Stripe could not be reached at the base URL.
        case unreachable
        /// Stripe answered another error.
        case error
    }

    /// The key as it can be shown.
    struct Key: Sendable, Codable {
        /// `${STRIPE_API_KEY}` or `file secrets/eu.key`.
        var source: String
        /// `sk_test_****0001`, or `nil` when it could not be read.
        var redacted: String?
        /// `live` or `test`.
        var mode: String?
        /// Whether it is a restricted (`rk_…`) key.
        var restricted: Bool?
    }

    var source: String
    var baseURL: String
    var status: Status
    var key: Key
    var account: KeyCheck.Account?
    var collections: [CollectionAccess]
    var error: String?

    enum CodingKeys: String, CodingKey {
        case source, status, key, account, collections, error
        case baseURL = "base_url"
    }

    /// Checks one source.
    static func run(_ source: SourceConfiguration) async -> SourceCheck {
        var report = SourceCheck(source: source.name, baseURL: KeyCheck.shown(source.baseURLText), status: .ok,
                                 key: Key(source: keySource(source.apiKey)), account: nil, collections: [], error: nil)
        let configuration: StripeClient.Configuration
        do throws(ConfigError) {
            configuration = try source.clientConfiguration()
        } catch {
            report.status = .refused
            report.error = error.description
            return report
        }
        let key = configuration.apiKey
        report.key = Key(source: keySource(source.apiKey), redacted: key.redacted, mode: key.mode.rawValue, restricted: key.isRestricted)
        do {
            try await withStripeClient(configuration: KeyCheck.probing(configuration)) { client in
                report.account = try await KeyCheck.account(client)
                let selected = source.collections.resolve(in: .stripe)
                report.collections = await PermissionProbe.probe(PermissionProbe.topLevel(selected), client: client)
            }
        } catch let error as StripeError {
            report.status = error.code == .authentication ? .refused
                : (error.code == .transport || error.code == .timeout) ? .unreachable : .error
            report.error = KeyCheck.sentence(for: error, source: source.name, key: key, baseURL: configuration.baseURL)
            return report
        } catch {
            report.status = .error
            report.error = String(describing: error)
            return report
        }
        // A collection the account's API no longer serves is skipped by a sync without harm.
        if report.collections.contains(where: { $0.access == .forbidden || $0.access == .failed }) { report.status = .partial }
        return report
    }

    static func keySource(_ key: KeySource) -> String {
        switch key {
        case let .environment(variable, _): "${\(variable)}"
        case let .file(path): "file \(path)"
        }
    }

    /// The report for people.
    var text: String {
        var lines = ["source \(source)  (\(baseURL))"]
        guard let redacted = key.redacted, error == nil || status == .partial else {
            lines.append("  key        \(key.source): \(status.rawValue)")
            if let error { lines.append("  error      \(error)") }
            return lines.joined(separator: "\n")
        }
        lines.append("  key        \(redacted) from \(key.source): valid, \(key.mode ?? "test") mode\(key.restricted == true ? ", restricted" : "")")
        if let account {
            lines.append("  account    \(account.id)\(account.name.map { " \"\($0)\"" } ?? "")\(account.country.map { ", \($0)" } ?? "")")
        } else {
            lines.append("  account    (the key may not read the account)")
        }
        let readable = collections.filter { $0.access == .readable }
        lines.append("  readable   \(readable.count) of \(collections.count) collections" +
                     (readable.count == collections.count || readable.isEmpty || readable.count > 12 ? "" : ": " + readable.map(\.collection).joined(separator: ", ")))
        for c in collections where c.access != .readable {
            switch c.access {
            case .forbidden:
                lines.append("  refused    \(c.collection): the key lacks \(c.permission ?? "a permission"); grant it or leave the collection out")
            case .notServed:
                lines.append("  skipped    \(c.collection): this account's API does not serve it (404); a sync skips it")
            default:
                lines.append("  failed     \(c.collection): \(c.message ?? "error")\(c.requestID.map { " (Stripe request \($0))" } ?? "")")
            }
        }
        return lines.joined(separator: "\n")
    }
}
