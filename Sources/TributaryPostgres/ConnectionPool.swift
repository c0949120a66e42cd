import PostgresNIO

/// The destination's connections, each used by one transaction at a time, handed out in the order
/// callers arrived.
///
/// An actor alone would not do: while a transaction awaits the server, the actor would let the next
/// caller in on the same connection.
actor ConnectionPool {
    /// One connection and what is known of it; only the caller holding the slot touches it.
    final class Slot: @unchecked Sendable {
        let id: Int
        var connection: PostgresConnection?
        /// Whether a connection was made for this slot before: the next one replaces a lost one.
        var connectedBefore = false
        init(id: Int) { self.id = id }
    }

    private let slots: [Slot]
    private var idle: [Slot]
    private var waiting: [CheckedContinuation<Slot, Never>] = []

    /// - Precondition: `size` > 0.
    init(size: Int) {
        precondition(size > 0, "a pool needs a connection")
        slots = (0..<size).map(Slot.init)
        idle = slots
    }

    /// Runs `body` with a slot of its own.
    func withSlot<T: Sendable>(_ body: @Sendable (Slot) async throws -> T) async throws -> T {
        let slot: Slot
        if idle.isEmpty {
            slot = await withCheckedContinuation { waiting.append($0) }
        } else {
            // Most recently used first: its connection is the likeliest to be open already.
            slot = idle.removeLast()
        }
        // The slot passes straight to the next waiter, so that no newcomer can overtake it.
        defer { if waiting.isEmpty { idle.append(slot) } else { waiting.removeFirst().resume(returning: slot) } }
        return try await body(slot)
    }

    /// Every slot, for closing; only once no caller holds one.
    var all: [Slot] { slots }
}
