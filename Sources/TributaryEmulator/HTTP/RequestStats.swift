import Synchronization
import TributaryCatalog

/// Counts of requests by endpoint and status, served by `GET /_emulator/stats`.
final class RequestStats: Sendable {
    private struct State {
        var total = 0
        var byPath: [String: [Int: Int]] = [:]
        var byStatus: [Int: Int] = [:]
        var dropped = 0
    }

    private let state = Mutex(State())
    private let counter = Atomic<Int>(0)

    /// Numbers requests in arrival order: the number seeds the request's latency and faults.
    func nextNumber() -> Int {
        counter.wrappingAdd(1, ordering: .relaxed).oldValue
    }

    func record(path: String, status: Int) {
        state.withLock { s in
            s.total += 1
            s.byPath[path, default: [:]][status, default: 0] += 1
            s.byStatus[status, default: 0] += 1
        }
    }

    func recordDrop(path: String) {
        state.withLock { s in
            s.total += 1
            s.dropped += 1
            s.byPath[path, default: [:]][0, default: 0] += 1
        }
    }

    func reset() {
        state.withLock { $0 = State() }
    }

    var json: JSONValue {
        state.withLock { s in
            .object([
                ("requests", .int(Int64(s.total))),
                ("dropped", .int(Int64(s.dropped))),
                ("by_status", .object(s.byStatus.sorted { $0.key < $1.key }.map { (String($0.key), .int(Int64($0.value))) })),
                ("by_path", .object(s.byPath.sorted { $0.key < $1.key }.map { path, statuses in
                    (path, .object(statuses.sorted { $0.key < $1.key }.map { (String($0.key), .int(Int64($0.value))) }))
                })),
            ])
        }
    }
}
