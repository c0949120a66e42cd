import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore
import TributaryEmulator

/// `tributary bench emulator`: list requests per second the emulator serves, so that it is known never
/// to be the bottleneck of a sync benchmark.
struct EmulatorBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "emulator",
        abstract: "Requests/s of 100-object list pages served by the emulator with zero latency and no rate limit."
    )

    @Option(help: "Objects in the emulated account.") var scale = 20000
    @Option(help: "Requests in flight at once.") var concurrency = 16
    @Option(help: "Seconds to measure.") var seconds: Double = 10
    @Option(help: "Seed of the data.") var seed: UInt64 = 7

    func run() async throws {
        var config = EmulatorConfiguration()
        config.port = 0
        config.scale = scale
        config.seed = seed
        config.requestsPerSecond = 0
        let generationStart = Date()
        let emulator = StripeEmulator(configuration: config)
        let generation = Date().timeIntervalSince(generationStart)
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let key = config.secretKey
        let duration = seconds
        let workers = concurrency
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await emulator.run { continuation.yield($0) } }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { return }
            let base = "http://127.0.0.1:\(port)/v1/charges?limit=100"
            let client = HTTPClient(eventLoopGroupProvider: .singleton,
                                    configuration: .init(connectionPool: .init(idleTimeout: .seconds(30),
                                                                                concurrentHTTP1ConnectionsPerHostSoftLimit: workers)))
            // Cursors come from the emulator's own id list, so the client parses nothing and the
            // figure is the server's: every request is a full page from a random place in the list.
            let ids = try await Self.ids(client, "http://127.0.0.1:\(port)/_emulator/truth?collection=charges")
            guard ids.count > 200 else { throw ValidationError("--scale is too small for a benchmark") }
            let start = Date()
            let results = try await withThrowingTaskGroup(of: (Int, Int, [Double]).self) { workersGroup in
                for worker in 0..<workers {
                    workersGroup.addTask {
                        var requests = 0, objects = 0, latencies: [Double] = []
                        var rng = SystemRandomNumberGenerator()
                        _ = worker
                        while Date().timeIntervalSince(start) < duration {
                            let i = Int.random(in: 0..<(ids.count - 101), using: &rng)
                            let t = Date()
                            let bytes = try await Self.fetch(client, "\(base)&starting_after=\(ids[i])", key: key)
                            latencies.append(Date().timeIntervalSince(t))
                            requests += 1
                            objects += 100
                            _ = bytes
                        }
                        return (requests, objects, latencies)
                    }
                }
                return try await workersGroup.reduce(into: [(Int, Int, [Double])]()) { $0.append($1) }
            }
            let elapsed = Date().timeIntervalSince(start)
            try await client.shutdown()
            let requests = results.reduce(0) { $0 + $1.0 }
            let objects = results.reduce(0) { $0 + $1.1 }
            let latencies = results.flatMap(\.2).sorted()
            func pct(_ p: Double) -> Double { latencies.isEmpty ? 0 : latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))] * 1000 }
            print("""
            emulator: \(scale) objects generated in \(String(format: "%.1f", generation)) s
            list pages of 100 charges from random cursors, \(workers) in flight, \(String(format: "%.1f", elapsed)) s, client in the same process
              requests/s: \(String(format: "%.0f", Double(requests) / elapsed))
              objects/s:  \(String(format: "%.0f", Double(objects) / elapsed))
              latency:    p50 \(String(format: "%.1f", pct(0.5))) ms, p99 \(String(format: "%.1f", pct(0.99))) ms
            """)
            group.cancelAll()
        }
    }

    /// Fetches one page and returns its size in bytes.
    static func fetch(_ client: HTTPClient, _ url: String, key: String) async throws -> Int {
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "Authorization", value: "Bearer \(key)")
        let response = try await client.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 32 << 20)
        guard response.status == .ok else { throw ValidationError("emulator answered \(response.status.code)") }
        return body.readableBytes
    }

    /// A collection's ids, newest first, from the emulator's admin API.
    static func ids(_ client: HTTPClient, _ url: String) async throws -> [String] {
        let response = try await client.execute(HTTPClientRequest(url: url), timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 256 << 20)
        let json = try JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any]
        return json?["ids"] as? [String] ?? []
    }
}
