import TributaryCatalog
import TributaryTesting

/// Pages a list to the end with `limit=100`, returning ids in the order received.
func pageAll(_ emulator: RunningEmulator, _ path: String, query: String = "", key: String? = nil,
             headers: [(String, String)] = []) async throws -> [String] {
    var ids: [String] = []
    var after: String?
    while true {
        var url = "\(emulator.baseURL)\(path)?limit=100"
        if !query.isEmpty { url += "&\(query)" }
        if let after { url += "&starting_after=\(after)" }
        let response = try await rawRequest(url, headers: [bearerAuth(key ?? emulator.secretKey)] + headers)
        guard response.status == 200 else { throw PageError(status: response.status, body: String(decoding: response.body, as: UTF8.self)) }
        let json = try response.json
        let page = json["data"]?.arrayValue ?? []
        ids += page.compactMap { $0["id"]?.stringValue }
        guard json["has_more"]?.boolValue == true, let last = ids.last else { return ids }
        after = last
    }
}

struct PageError: Error, CustomStringConvertible {
    var status: Int
    var body: String
    var description: String { "HTTP \(status): \(body)" }
}

/// The emulator's own record of the live ids of a collection, newest first.
func truth(_ emulator: RunningEmulator, _ collection: String, account: String? = nil) async throws -> [String] {
    var url = "\(emulator.baseURL)/_emulator/truth?collection=\(collection)"
    if let account { url += "&account=\(account)" }
    let json = try await rawRequest(url).json
    return json["ids"]?.arrayValue?.compactMap(\.stringValue) ?? []
}

/// One GET with the emulator's secret key.
func get(_ emulator: RunningEmulator, _ pathAndQuery: String, key: String? = nil,
         headers: [(String, String)] = []) async throws -> RawResponse {
    try await rawRequest(emulator.baseURL + pathAndQuery, headers: [bearerAuth(key ?? emulator.secretKey)] + headers)
}
