import HTTPTypes
import TributaryCatalog

/// An error answered the way Stripe answers it: a status and `{"error":{…}}`.
struct EmulatorError: Error, Sendable {
    var status: HTTPResponse.Status
    var type: String
    var code: String?
    var message: String
    var param: String?

    /// The JSON body Stripe sends with the error.
    var body: [UInt8] {
        var error: [(String, JSONValue)] = []
        if let code {
            error.append(("code", .string(code)))
            error.append(("doc_url", .string("https://stripe.com/docs/error-codes/\(code.replacingOccurrences(of: "_", with: "-"))")))
        }
        error.append(("message", .string(message)))
        if let param { error.append(("param", .string(param))) }
        error.append(("type", .string(type)))
        return JSONWriter.bytes(.object([("error", .object(error))]))
    }

    static func invalidRequest(_ message: String, param: String? = nil, code: String? = nil) -> Self {
        .init(status: .badRequest, type: "invalid_request_error", code: code, message: message, param: param)
    }

    static func unknownParameter(_ name: String) -> Self {
        .invalidRequest("Received unknown parameter: \(name)", param: name, code: "parameter_unknown")
    }

    static func missing(_ what: String, id: String, param: String? = nil) -> Self {
        .init(status: .notFound, type: "invalid_request_error", code: "resource_missing",
              message: "No such \(what): '\(id)'", param: param ?? "id")
    }

    static func unrecognizedURL(method: String, path: String) -> Self {
        .init(status: .notFound, type: "invalid_request_error", code: nil,
              message: "Unrecognized request URL (\(method): \(path)). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.",
              param: nil)
    }

    static func noKey() -> Self {
        .init(status: .unauthorized, type: "invalid_request_error", code: nil,
              message: "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.",
              param: nil)
    }

    /// Stripe masks all but the key's mode prefix and last four characters.
    static func invalidKey(_ key: String) -> Self {
        .init(status: .unauthorized, type: "invalid_request_error", code: nil,
              message: "Invalid API Key provided: \(masked(key))", param: nil)
    }

    static func permission(key: String, account: String, permission: String) -> Self {
        .init(status: .forbidden, type: "invalid_request_error", code: nil,
              message: "The provided key '\(masked(key, keepTail: false))' does not have the required permissions for this endpoint on account '\(account)'. Having the '\(permission)' permission would allow this request to continue.",
              param: nil)
    }

    static func noSuchAccount(_ account: String) -> Self {
        .init(status: .forbidden, type: "invalid_request_error", code: "account_invalid",
              message: "The provided key does not have access to account '\(account)' (or that account does not exist). Application access may have been revoked.",
              param: nil)
    }

    static func rateLimited() -> Self {
        .init(status: .tooManyRequests, type: "invalid_request_error", code: "rate_limit",
              message: "Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.",
              param: nil)
    }

    static func apiError() -> Self {
        .init(status: .internalServerError, type: "api_error", code: nil,
              message: "An unknown error occurred", param: nil)
    }

    static func masked(_ key: String, keepTail: Bool = true) -> String {
        let parts = key.split(separator: "_", maxSplits: 2)
        let isKey = parts.count == 3 && ["sk", "rk", "pk"].contains(parts[0]) && ["test", "live"].contains(parts[1])
        let mode = isKey ? "\(parts[0])_\(parts[1])_" : ""
        return keepTail ? "\(mode)****\(key.suffix(4))" : "\(mode)***"
    }
}
