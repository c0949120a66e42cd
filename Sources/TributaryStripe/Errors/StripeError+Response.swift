import Foundation
import TributaryCatalog

extension StripeError {
    /// The error for a non-2xx response, read from Stripe's `{"error":{"type","code","message","param",
    /// "doc_url"}}` body when there is one.
    ///
    /// Bodies that are not Stripe errors (a proxy's HTML 502 page, say) keep a short excerpt as the
    /// message so the failure is still diagnosable.
    init(httpStatus: Int, body: Data, requestId: String?, request: String?) {
        let code = Self.code(forHTTPStatus: httpStatus)
        let detail = (try? JSONValue(parsing: body))?["error"]
        let message = detail?["message"]?.stringValue ?? Self.fallbackMessage(httpStatus: httpStatus, body: body)
        self.init(
            code: code,
            message: message,
            type: detail?["type"]?.stringValue,
            stripeCode: detail?["code"]?.stringValue,
            param: detail?["param"]?.stringValue,
            docURL: detail?["doc_url"]?.stringValue,
            requestId: requestId,
            httpStatus: httpStatus,
            missingPermission: code == .permission ? Self.missingPermission(in: message) : nil,
            request: request
        )
    }

    /// The stable code for an HTTP status that is not a success.
    static func code(forHTTPStatus status: Int) -> Code {
        switch status {
        case 401: .authentication
        case 403: .permission
        case 404: .notFound
        case 409: .conflict
        case 429: .rateLimited
        case 400..<500: .invalidRequest
        case 500..<600: .apiError
        default: .unexpectedResponse
        }
    }

    /// The permission named in Stripe's 403 message for restricted keys:
    /// `… Having the 'rak_subscription_read' permission would allow this request to continue.`
    ///
    /// The message quotes the key (`'rk_test_***'`) and the account before the permission, so the match is
    /// the quoted word directly followed by " permission", not simply the first quoted word.
    static func missingPermission(in message: String) -> String? {
        // Anchor on the closing quote before " permission" and walk back to the opening quote, so stray
        // apostrophes elsewhere in the message ("don't") cannot shift which words count as quoted.
        var searchStart = message.startIndex
        while let marker = message.range(of: "' permission", range: searchStart..<message.endIndex) {
            if let open = message[..<marker.lowerBound].lastIndex(of: "'") {
                let word = message[message.index(after: open)..<marker.lowerBound]
                if !word.isEmpty, !word.contains(where: \.isWhitespace) { return String(word) }
            }
            searchStart = marker.upperBound
        }
        return nil
    }

    private static func fallbackMessage(httpStatus: Int, body: Data) -> String {
        let text = String(decoding: body.prefix(200), as: UTF8.self)
            .split(whereSeparator: \.isNewline).joined(separator: " ")
        return text.isEmpty ? "HTTP \(httpStatus) with an empty body" : "HTTP \(httpStatus): \(text)"
    }

    /// A copy with every occurrence of the key's secret in server-provided text replaced by its redacted
    /// form, in case a proxy or emulator echoes the `Authorization` header back.
    func redacting(_ key: StripeAPIKey) -> StripeError {
        guard !key.secret.isEmpty else { return self }
        func scrub(_ text: String?) -> String? {
            text?.replacingOccurrences(of: key.secret, with: key.redacted)
        }
        var copy = self
        copy.message = scrub(message) ?? message
        copy.type = scrub(type)
        copy.stripeCode = scrub(stripeCode)
        copy.param = scrub(param)
        copy.docURL = scrub(docURL)
        copy.missingPermission = scrub(missingPermission)
        return copy
    }
}
