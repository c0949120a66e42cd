import Synchronization
import TributaryCatalog

/// Counts of requests by endpoint and status, served by `GET /_emulator/stats`.
final class RequestStats: Sendable {
    private struct State {
        var total = 0
        var byPath: [String: [Int: Int]] = [:]
        var byStatus: [Int: Int] = [:]
        var dropped = 0
        var inFlight = 0
        var maxInFlight = 0
    }

    private let state = Mutex(State())
    private let counter = Atomic<Int>(0)

    /// Numbers requests in arrival order: the number seeds the request's latency and faults.
    func nextNumber() -> Int {
        counter.wrappingAdd(1, ordering: .relaxed).oldValue
    }

    /// A request entered the server; returns it to ``left()`` when answered.
    func entered() {
        state.withLock { s in
            s.inFlight += 1
            s.maxInFlight = max(s.maxInFlight, s.inFlight)
        }
    }

    func left() {
        state.withLock { $0.inFlight -= 1 }
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
        state.withLock { s in
            let inFlight = s.inFlight
            s = State()
            s.inFlight = inFlight
        }
    }

    var json: JSONValue {
        state.withLock { s in
            .object([
                ("requests", .int(Int64(s.total))),
                ("dropped", .int(Int64(s.dropped))),
                // The most requests being answered at once: how many a client keeps in flight.
                ("max_in_flight", .int(Int64(s.maxInFlight))),
                ("by_status", .object(s.byStatus.sorted { $0.key < $1.key }.map { (String($0.key), .int(Int64($0.value))) })),
                ("by_path", .object(s.byPath.sorted { $0.key < $1.key }.map { path, statuses in
                    (path, .object(statuses.sorted { $0.key < $1.key }.map { (String($0.key), .int(Int64($0.value))) }))
                })),
            ])
        }
    }
}
