/// A counting semaphore for async tasks, first come first served.
///
/// The backfill holds a permit while it fetches and loads a page whose objects each need a list of their
/// own (a customer's balance transactions): such a page stays in memory until its hundred child lists
/// are in, and with every worker on one at once, memory grew with the number of workers instead of
/// with what the rate limit can serve.
actor Permits {
    private var available: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    /// - Precondition: `count` > 0.
    init(_ count: Int) {
        precondition(count > 0, "a semaphore needs a permit")
        available = count
    }

    /// Runs `body` holding a permit.
    func run<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        if available > 0 {
            available -= 1
        } else {
            await withCheckedContinuation { waiting.append($0) }
        }
        // The permit passes straight to the next waiter, so that no newcomer can overtake it.
        defer { if waiting.isEmpty { available += 1 } else { waiting.removeFirst().resume() } }
        return try await body()
    }
}
