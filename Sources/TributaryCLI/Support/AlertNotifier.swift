import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import TributaryConfig
import TributaryWarehouse

/// The JSON an alert webhook receives when a run ends with a status its rule lists: what ended, how,
/// and its first errors. Never a key, salt, secret or row value.
struct AlertNotice: Sendable, Codable, Hashable {
    var source: String
    var runID: Int64
    var status: String
    var startedAt: Date
    var finishedAt: Date?
    var inserted: Int
    var updated: Int
    var deleted: Int
    var rejected: Int
    var requests: Int
    var rateLimited: Int
    var message: String?
    /// The run's first errors, as `runs show --json` gives them.
    var errors: [RunRecord.RunError]
    /// `Tributary: run 12 of eu-shop ended partial (…)`: a line chat webhooks show as it is.
    var text: String

    enum CodingKeys: String, CodingKey {
        case source, status, inserted, updated, deleted, rejected, requests, message, errors, text
        case runID = "run_id", startedAt = "started_at", finishedAt = "finished_at", rateLimited = "rate_limited"
    }

    /// The errors a notice carries at most.
    static let maxErrors = 5

    /// The notice for a run's record.
    init(record: RunRecord) {
        let total = record.total
        source = record.source
        runID = record.id.rawValue
        status = record.status.rawValue
        startedAt = record.startedAt
        finishedAt = record.finishedAt
        inserted = total.inserted
        updated = total.updated
        deleted = total.deleted
        rejected = total.rejected
        requests = record.requests
        rateLimited = record.rateLimited
        message = record.message
        errors = Array(record.errors.prefix(Self.maxErrors))
        text = "Tributary: run \(record.id) of \(record.source) ended \(record.status.rawValue): \(total.inserted) rows inserted, \(total.updated) updated, \(total.deleted) deleted, \(total.rejected) rejected, \(record.errors.count) errors"
    }
}

/// Posts notices to the webhooks of a source's `alerts:` rules.
enum AlertNotifier {
    /// The rules that fire for a run that ended with `status`.
    static func rules(_ rules: [AlertRule], firingFor status: RunRecord.Status) -> [AlertRule] {
        guard let event = AlertEvent(rawValue: status.rawValue) else { return [] }
        return rules.filter { $0.on.contains(event) }
    }

    /// Posts the run's notice to every rule that fires for it. A webhook that fails is a warning: the
    /// run's outcome stands.
    ///
    /// - Returns: the rules whose webhook accepted the notice (a 2xx answer).
    @discardableResult
    static func notify(_ record: RunRecord, rules all: [AlertRule], logger: Logger,
                       timeout: TimeAmount = .seconds(5)) async -> [AlertRule] {
        let firing = rules(all, firingFor: record.status)
        guard !firing.isEmpty, let body = try? JSONOutput.encoder.encode(AlertNotice(record: record)) else { return [] }
        var delivered: [AlertRule] = []
        for rule in firing {
            var request = HTTPClientRequest(url: rule.webhook.absoluteString)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            request.headers.add(name: "User-Agent", value: "Tributary")
            request.body = .bytes(ByteBuffer(bytes: body))
            do {
                let response = try await HTTPClient.shared.execute(request, timeout: timeout)
                _ = try? await response.body.collect(upTo: 1 << 20)
                guard (200..<300).contains(Int(response.status.code)) else {
                    logger.warning("the alert webhook answered \(response.status.code); the run's notice was not delivered",
                                   metadata: ["webhook": "\(rule)", "run": "\(record.id)"])
                    continue
                }
                delivered.append(rule)
            } catch {
                logger.warning("cannot post the run's notice to the alert webhook; check its URL",
                               metadata: ["webhook": "\(rule)", "run": "\(record.id)"])
            }
        }
        return delivered
    }
}
