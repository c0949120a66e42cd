/// Lets one task at a time through: the destination's one connection runs one transaction at a time,
/// in the order callers arrived.
///
/// An actor alone would not do: while a transaction awaits the server, the actor would let the next
/// caller in, and both would talk on the same connection.
actor AsyncGate {
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    /// Runs `body` once every caller before it is done.
    func run<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        if busy {
            await withCheckedContinuation { waiting.append($0) }
        } else {
            busy = true
        }
        // Hand the gate to the next caller directly, so that no newcomer can overtake it.
        defer {
            if waiting.isEmpty { busy = false } else { waiting.removeFirst().resume() }
        }
        return try await body()
    }
}
