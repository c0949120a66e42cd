import Hummingbird
import TributaryCatalog

extension EmulatorResponder {
    /// `/_emulator/…`: statistics, mutations, the clock, and the truth that tests compare against.
    ///
    /// - `GET /_emulator/stats`: requests by endpoint and status (`POST` resets them).
    /// - `POST /_emulator/mutate?n=K[&account=acct_…]`: K creates, updates and deletes, with their events.
    /// - `POST /_emulator/malform?collection=NAME&n=K[&account=acct_…]`: K live objects of a top-level
    ///   collection become objects no warehouse row can hold (they claim to be lists), without events.
    /// - `POST /_emulator/clock?advance=SECONDS`: moves the clock forward (ages events past retention).
    /// - `GET /_emulator/minimum-requests[?page_size=100]`: the fewest requests a full sync needs.
    /// - `GET /_emulator/truth[?collection=NAME][&account=acct_…]`: live object counts, or one
    ///   collection's live ids.
    func admin(_ request: Request, path: String) -> Response {
        let query = Dictionary(Self.query(request.uri.query), uniquingKeysWith: { _, last in last })
        let account = query["account"]
        do {
            let body: JSONValue
            switch (request.method, path) {
            case (.get, "/_emulator/stats"):
                body = stats.json
            case (.post, "/_emulator/stats"):
                stats.reset()
                body = .object([("reset", .bool(true))])
            case (.post, "/_emulator/mutate"):
                let n = Int(query["n"] ?? "100") ?? 100
                guard (0...1_000_000).contains(n) else { throw EmulatorError.invalidRequest("n must be 0…1000000", param: "n") }
                let batch = state.nextMutationNumber()
                let mutator = Mutator(catalog: state.catalog, generator: state.generator, now: state.now,
                                      seed: state.configuration.seed)
                let summary = try state.withAccount(account) { (data: inout AccountData) throws(EmulatorError) in
                    mutator.apply(n, to: &data, batch: batch)
                }
                func counts(_ d: [String: Int]) -> JSONValue {
                    .object(d.sorted { $0.key < $1.key }.map { ($0.key, .int(Int64($0.value))) })
                }
                body = .object([("created", counts(summary.created)), ("updated", counts(summary.updated)),
                                ("deleted", counts(summary.deleted)), ("events", .int(Int64(summary.events)))])
            case (.post, "/_emulator/malform"):
                let n = Int(query["n"] ?? "1") ?? 1
                guard let name = query["collection"], let c = state.catalog.collection(named: name), c.parent == nil else {
                    throw EmulatorError.invalidRequest("collection must name a top-level collection", param: "collection")
                }
                guard (0...1_000_000).contains(n) else { throw EmulatorError.invalidRequest("n must be 0…1000000", param: "n") }
                let batch = state.nextMutationNumber()
                let malformer = Malformer(seed: state.configuration.seed)
                let ids = try state.withAccount(account) { (data: inout AccountData) throws(EmulatorError) in
                    malformer.apply(n, to: c, in: &data, batch: batch)
                }
                body = .object([("malformed", .array(ids.map { .string($0) }))])
            case (.post, "/_emulator/clock"):
                guard let seconds = Int64(query["advance"] ?? ""), seconds >= 0 else {
                    throw EmulatorError.invalidRequest("advance must be a number of seconds ≥ 0", param: "advance")
                }
                state.advanceClock(by: seconds)
                body = .object([("now", .int(state.now))])
            case (.get, "/_emulator/truth"):
                body = try truth(collection: query["collection"], account: account)
            case (.get, "/_emulator/minimum-requests"):
                let pageSize = min(100, max(1, Int(query["page_size"] ?? "100") ?? 100))
                body = .object([("requests", .int(Int64(state.minimumRequests(pageSize: pageSize)))),
                                ("page_size", .int(Int64(pageSize)))])
            case (.get, "/_emulator/info"):
                body = .object([
                    ("platform_account", .string(state.platformID)),
                    ("connected_accounts", .array(state.connectedIDs.map { .string($0) })),
                    ("now", .int(state.now)),
                    ("api_version", .string(state.catalog.apiVersion)),
                ])
            default:
                throw EmulatorError.unrecognizedURL(method: request.method.rawValue, path: path)
            }
            return Self.json(JSONWriter.bytes(body), status: .ok, requestID: "req_admin")
        } catch let error as EmulatorError {
            return Self.json(error.body, status: error.status, requestID: "req_admin")
        } catch {
            return Self.json(EmulatorError.apiError().body, status: .internalServerError, requestID: "req_admin")
        }
    }

    private func truth(collection: String?, account: String?) throws(EmulatorError) -> JSONValue {
        let now = state.now
        let retention = state.configuration.eventRetentionSeconds
        return try state.withAccount(account) { (data: inout AccountData) throws(EmulatorError) -> JSONValue in
            func live(_ name: String) -> [StoredObject] {
                data[name].objects.filter { !$0.deleted && (name != "events" || $0.created >= now - retention) }
            }
            if let collection {
                guard data.collections[collection] != nil else {
                    throw .invalidRequest("Unknown collection: \(collection)", param: "collection")
                }
                return .object([("collection", .string(collection)),
                                ("ids", .array(live(collection).reversed().map { .string($0.id) }))])
            }
            return .object(data.collections.keys.sorted().map { ($0, .int(Int64(live($0).count))) })
        }
    }
}
