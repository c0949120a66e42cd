/// Latency and injected failures, drawn from the request's own seeded generator so that a run is
/// reproducible under the seed.
struct FaultModel: Sendable {
    enum Fault: Sendable, Equatable {
        case none, serverError, drop, slow
    }

    let configuration: EmulatorConfiguration

    func draw(_ rng: inout SeededRandom) -> Fault {
        let u = rng.unit()
        let c = configuration
        if u < c.failRate { return .serverError }
        if u < c.failRate + c.dropRate { return .drop }
        if u < c.failRate + c.dropRate + c.slowRate { return .slow }
        return .none
    }

    /// Sleeps for the latency model: base + per object ± jitter, plus the slow-response delay.
    func delay(objects: Int, fault: Fault, rng: inout SeededRandom) async throws {
        let c = configuration
        var ms = c.latencyMilliseconds + c.latencyPerObjectMilliseconds * Double(objects)
        if c.jitterMilliseconds > 0 { ms += (rng.unit() * 2 - 1) * c.jitterMilliseconds }
        if fault == .slow { ms += c.slowMilliseconds }
        if ms > 0 { try await Task.sleep(nanoseconds: UInt64(ms * 1_000_000)) }
    }
}
