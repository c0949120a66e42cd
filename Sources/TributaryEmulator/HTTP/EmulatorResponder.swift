import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Synchronization
import TributaryCatalog

/// Answers every request: admin calls under `/_emulator/`, Stripe's read API under `/v1/`.
struct EmulatorResponder: HTTPResponder {
    typealias Context = BasicRequestContext

    let state: EmulatorState
    let routes: RouteTable
    let bucket: TokenBucket
    let stats: RequestStats
    let faults: FaultModel

    init(state: EmulatorState) {
        self.state = state
        self.routes = RouteTable(collections: state.generator.servedCollections)
        let c = state.configuration
        self.bucket = TokenBucket(rate: c.requestsPerSecond, capacity: c.burst ?? max(1, c.requestsPerSecond / 2))
        self.stats = RequestStats()
        self.faults = FaultModel(configuration: c)
    }

    func respond(to request: Request, context: Context) async throws -> Response {
        let path = request.uri.path
        if path.hasPrefix("/_emulator/") {
            return admin(request, path: path)
        }
        stats.entered()
        defer { stats.left() }
        let number = stats.nextNumber()
        var rng = SeededRandom(seed: state.configuration.seed, "request", String(number))
        let requestID = "req_\(rng.token(14))"
        var template = path
        do {
            let key = try authenticate(request)
            guard bucket.tryAcquire() else { throw EmulatorError.rateLimited() }
            let fault = faults.draw(&rng)
            if fault == .serverError { throw EmulatorError.apiError() }
            if request.method == .get, path == "/v1/account" {
                template = path
                let body = try accountObject(account: request.headers[HTTPField.Name("Stripe-Account")!])
                try await faults.delay(objects: 1, fault: fault, rng: &rng)
                stats.record(path: template, status: 200)
                return Self.json(body, status: .ok, requestID: requestID)
            }
            guard request.method == .get, let route = routes.match(path) else {
                throw EmulatorError.unrecognizedURL(method: request.method.rawValue, path: path)
            }
            template = RouteTable.template(of: route)
            let query = Self.query(request.uri.query)
            let account = request.headers[HTTPField.Name("Stripe-Account")!]
            let (body, objectCount) = try answer(route, query: query, key: key, account: account)
            try await faults.delay(objects: objectCount, fault: fault, rng: &rng)
            if fault == .drop {
                stats.recordDrop(path: template)
                return Self.dropped(body, requestID: requestID)
            }
            stats.record(path: template, status: 200)
            return Self.json(body, status: .ok, requestID: requestID)
        } catch let error as EmulatorError {
            stats.record(path: template, status: error.status.code)
            var headers: [(String, String)] = []
            if error.status == .tooManyRequests { headers.append(("Stripe-Should-Retry", "true")) }
            return Self.json(error.body, status: error.status, requestID: requestID, extra: headers)
        }
    }

    // MARK: Stripe's API

    private func answer(_ route: Route, query: [(String, String)], key: String,
                        account: String?) throws(EmulatorError) -> (ByteBuffer, Int) {
        switch route {
        case let .list(c, parentID):
            try authorize(key, for: c, account: account)
            let request = try ListRequest(query: query, collection: c)
            let now = state.now
            let retention = state.configuration.eventRetentionSeconds
            let page = try state.withAccount(account) { (data: inout AccountData) throws(EmulatorError) -> ListPage in
                var scope = parentID
                if case let .queryParameter(param)? = c.parent?.access { scope = request.equals[param] }
                if let parentID, let parent = c.parent {
                    guard let p = data[parent.collection].index[parentID], !data[parent.collection].objects[p].deleted else {
                        throw .missing(parent.collection.singular, id: parentID, param: nil)
                    }
                }
                var listRequest = request
                if case let .queryParameter(param)? = c.parent?.access { listRequest.equals[param] = nil }
                if c.name == "subscriptions", request.equals["status"] == "all" { listRequest.equals["status"] = nil }
                return try data[c.name].list(listRequest, parentID: scope) { o in
                    switch c.name {
                    case "events": o.created >= now - retention
                    // Stripe hides canceled subscriptions unless asked for status=all or canceled.
                    case "subscriptions" where request.equals["status"] == nil: o.filters["status"] != "canceled"
                    default: true
                    }
                }
            }
            var objects = page.objects.map(\.json)
            if !request.expand.isEmpty {
                objects = try Expander(state: state, account: account).expand(objects, paths: request.expand, prefix: "data.")
            }
            let url = parentID.map { AccountGenerator.url(of: c, parentID: $0) } ?? c.path
            return (Self.listBody(objects, hasMore: page.hasMore, url: url), objects.count)
        case let .retrieve(c, id):
            try authorize(key, for: c, account: account)
            var expand: [String] = []
            for (k, v) in query {
                guard ListRequest.split(k).0 == "expand" else { throw .unknownParameter(k) }
                expand.append(v)
            }
            let now = state.now
            let retention = state.configuration.eventRetentionSeconds
            let found = try state.withAccount(account) { (data: inout AccountData) throws(EmulatorError) -> StoredObject? in
                data[c.name].index[id].map { data[c.name].objects[$0] }
            }
            guard let found, c.name != "events" || found.created >= now - retention else {
                throw .missing(c.objectType, id: id)
            }
            if found.deleted {
                guard !c.events.deleted.isEmpty else { throw .missing(c.objectType, id: id) }
                let stub = JSONValue.object([("id", .string(id)), ("object", .string(c.objectType)), ("deleted", .bool(true))])
                return (ByteBuffer(bytes: JSONWriter.bytes(stub)), 1)
            }
            var body = found.json
            if !expand.isEmpty {
                body = try Expander(state: state, account: account).expand([body], paths: expand, prefix: "")[0]
            }
            return (ByteBuffer(bytes: body), 1)
        }
    }

    private func authenticate(_ request: Request) throws(EmulatorError) -> String {
        guard let header = request.headers[.authorization], !header.isEmpty else { throw .noKey() }
        var key: String
        if header.hasPrefix("Bearer ") {
            key = String(header.dropFirst(7))
        } else if header.hasPrefix("Basic "),
                  let data = Data(base64Encoded: String(header.dropFirst(6))),
                  let decoded = String(data: data, encoding: .utf8) {
            key = String(decoded.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
        } else {
            throw .noKey()
        }
        key = key.trimmingCharacters(in: .whitespaces)
        guard key == state.configuration.secretKey || state.configuration.restrictedKeys[key] != nil else {
            throw .invalidKey(key)
        }
        return key
    }

    private func authorize(_ key: String, for c: CollectionDescriptor, account: String?) throws(EmulatorError) {
        guard let permissions = state.configuration.restrictedKeys[key] else { return }
        let needed = Self.permission(for: c)
        guard permissions.contains(needed) else {
            throw .permission(key: key, account: account ?? state.platformID, permission: needed)
        }
    }

    /// The restricted-key permission that reads a collection (`rak_charge_read`).
    static func permission(for c: CollectionDescriptor) -> String {
        "rak_\(c.objectType.replacingOccurrences(of: ".", with: "_"))_read"
    }

    // MARK: Rendering

    static func listBody(_ objects: [[UInt8]], hasMore: Bool, url: String) -> ByteBuffer {
        var out = ByteBufferAllocator().buffer(capacity: objects.reduce(96 + url.utf8.count) { $0 + $1.count + 1 })
        out.writeString(#"{"object":"list","data":["#)
        for (i, o) in objects.enumerated() {
            if i > 0 { out.writeInteger(UInt8(ascii: ",")) }
            out.writeBytes(o)
        }
        out.writeString(#"],"has_more":"#)
        out.writeString(hasMore ? "true" : "false")
        out.writeString(#","url":"#)
        var quoted: [UInt8] = []
        JSONWriter.writeString(url, into: &quoted)
        out.writeBytes(quoted)
        out.writeString("}")
        return out
    }

    static func json(_ body: [UInt8], status: HTTPResponse.Status, requestID: String,
                     extra: [(String, String)] = []) -> Response {
        json(ByteBuffer(bytes: body), status: status, requestID: requestID, extra: extra)
    }

    static func json(_ body: ByteBuffer, status: HTTPResponse.Status, requestID: String,
                     extra: [(String, String)] = []) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        headers[HTTPField.Name("Request-Id")!] = requestID
        headers[.contentLength] = String(body.readableBytes)
        for (k, v) in extra { headers[HTTPField.Name(k)!] = v }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: body))
    }

    /// A response whose connection breaks halfway through the body, as a dropped connection does.
    static func dropped(_ body: ByteBuffer, requestID: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        headers[HTTPField.Name("Request-Id")!] = requestID
        headers[.contentLength] = String(body.readableBytes)
        let half = body.getSlice(at: body.readerIndex, length: body.readableBytes / 2) ?? ByteBuffer()
        return Response(status: .ok, headers: headers, body: ResponseBody(contentLength: body.readableBytes) { writer in
            try await writer.write(half)
            throw DroppedConnection()
        })
    }

    struct DroppedConnection: Error {}

    /// Query parameters with keys and values percent-decoded (`created%5Bgte%5D` → `created[gte]`).
    static func query(_ raw: String?) -> [(String, String)] {
        guard let raw, !raw.isEmpty else { return [] }
        return raw.split(separator: "&").map { pair in
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String {
                s.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(s)
            }
            return (decode(kv[0]), kv.count > 1 ? decode(kv[1]) : "")
        }
    }
}

extension String {
    /// `invoices` → `invoice`, for Stripe's "No such invoice" messages.
    var singular: String {
        hasSuffix("s") ? String(dropLast()) : self
    }
}
