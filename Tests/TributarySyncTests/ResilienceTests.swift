import Foundation
import Testing
import TributaryCatalog
import TributarySQLite
import TributaryStripe
import TributarySync
import TributaryTesting

/// What a user should never have to babysit: changes racing a backfill, a 30-day gap, a killed run,
/// and Stripe's rate limit.
@Suite struct ResilienceTests {
    @Test func changesMadeDuringTheBackfillAreInTheResult() async throws {
        try await withSyncFixture({ $0.scale = 400; $0.latencyMilliseconds = 15 }) { fixture in
            let mutated = Flag()
            async let run = fixture.sync(concurrency: 4)
            try await Task.sleep(for: .milliseconds(400))
            let summary = try await fixture.admin("mutate?n=400")
            await mutated.set()
            let record = try await run
            #expect(await mutated.value)
            #expect(record.status == .succeeded, "\(record.errors)")
            #expect(record.finishedAt.map { $0.timeIntervalSince(record.startedAt) > 0.5 } == true,
                    "the backfill outlasted the mutation")
            #expect((summary["events"]?.intValue ?? 0) > 0)
            try await expectEqualToTruth(fixture)
        }
    }

    @Test func aGapPastThe30DayEventWindowIsReportedAndHealed() async throws {
        try await withSyncFixture({ $0.scale = 300 }) { fixture in
            try await fixture.sync()
            let summary = try await fixture.admin("mutate?n=400")
            #expect((summary["deleted"]?.objectValue ?? []).contains { ($0.1.intValue ?? 0) > 0 })
            try await fixture.admin("clock?advance=\(31 * 86400)")
            let record = try await fixture.sync()
            #expect(record.message?.contains("older than the 30 days of events Stripe keeps") == true, "\(record.message ?? "no message")")
            // Stripe forgets old events; the events table keeps what it read, so it is not compared.
            try await expectEqualToTruth(fixture, collections: servedCollections.filter { $0 != "events" })
        }
    }

    @Test(arguments: [2, 9, 25, 60])
    func aRunKilledAtACheckpointResumesToTheSameResult(killedAfterWrites: Int) async throws {
        try await withSyncFixture({ $0.scale = 250 }) { fixture in
            let reference = NSTemporaryDirectory() + "tributary-reference-\(UUID().uuidString).sqlite"
            defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: reference + suffix) } }
            let uninterrupted = SyncFixture(emulator: fixture.emulator, path: reference)
            try await uninterrupted.sync()

            await #expect(throws: FailingDestination.Killed.self) {
                try await fixture.sync(failAfterWrites: killedAfterWrites)
            }
            let resumed = try await fixture.sync()
            #expect(resumed.status == .succeeded)
            #expect(try fixture.snapshot(tables: servedCollections) == uninterrupted.snapshot(tables: servedCollections))
        }
    }

    /// A write that fails must stop the backfill's other workers too: they used to wait forever for the
    /// slices the failed worker held, and the run hung instead of failing.
    @Test(.timeLimit(.minutes(1))) func aWriteThatKeepsFailingEndsTheRunAsFailed() async throws {
        try await withSyncFixture({ $0.scale = 400 }) { fixture in
            await #expect(throws: FailingDestination.Refused.self) { try await fixture.sync(refusing: "charges") }
            let destination = try SQLiteDestination(path: fixture.path)
            let record = try #require(try await destination.runs(source: "default", limit: 1).first)
            try await destination.close()
            #expect(record.status == .failed && record.finishedAt != nil, "the run's end is recorded: \(record.status)")
            #expect(record.message?.contains("refused") == true, "\(record.message ?? "no message")")
        }
    }

    @Test func theRateLimitIsAbsorbedWithFew429s() async throws {
        try await withSyncFixture({ $0.scale = 120; $0.requestsPerSecond = 25 }) { fixture in
            let metrics = Box<StripeClient.Metrics>()
            // The client's own default for a test-mode key: 90% of Stripe's 25 req/s.
            let record = try await fixture.sync(client: { $0.requestsPerSecond = nil },
                                                afterwards: { client in await metrics.set(await client.metrics()) })
            #expect(record.status == .succeeded)
            #expect(record.rateLimited <= max(3, record.requests / 50), "\(record.rateLimited) of \(record.requests) requests were 429s")
            // A limiter that kept being cut by 429s would end well below where it started; wall-clock
            // efficiency is the benchmark's to measure, on an unshared machine.
            let rate = try #require(await metrics.value).currentRate
            #expect(rate >= 0.85 * 22.5, "the client ended at \(rate) req/s")
            try await expectEqualToTruth(fixture)
        }
    }
}

actor Box<T: Sendable> {
    var value: T?
    func set(_ v: T) { value = v }
}

actor Flag {
    var value = false
    func set() { value = true }
}
