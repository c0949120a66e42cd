/// Measures how long the process stopped running tasks while `body` ran.
///
/// Tests of other modules share the cooperative thread pool and sometimes hold it for seconds; a
/// heartbeat that should tick every 10 ms sees such stalls as long gaps. Subtracting them lets timing tests
/// keep a tight upper bound that blames only the code under test.
func measuringStalls<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> (value: T, stalled: Duration) {
    try await withThrowingTaskGroup(of: Duration?.self) { group in
        group.addTask {
            let tick = Duration.milliseconds(10)
            var stalled = Duration.zero
            var last = ContinuousClock.now
            while !Task.isCancelled {
                try? await Task.sleep(for: tick)
                let now = ContinuousClock.now
                stalled += max(.zero, now - last - tick * 2)
                last = now
            }
            return stalled
        }
        let value = try await body()
        group.cancelAll()
        let stalled = try await group.next() ?? nil
        return (value, stalled ?? .zero)
    }
}
