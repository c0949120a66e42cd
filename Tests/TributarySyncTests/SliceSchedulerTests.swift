import Testing
import TributaryCatalog
@testable import TributarySync

/// Exactly once across slices and pages: however the scheduler splits ranges while pages are out,
/// every object is kept by exactly one page.
@Suite struct SliceSchedulerTests {
    /// A list as Stripe pages it: newest first, `created` filters, `starting_after`.
    struct FakeList: Sendable {
        let objects: [(id: String, created: Int64)]   // newest first

        func page(_ query: [(String, String)]) -> ([JSONValue], Bool) {
            let q = Dictionary(query, uniquingKeysWith: { _, b in b })
            let gte = Int64(q["created[gte]"]!)!, lt = Int64(q["created[lt]"]!)!
            var matching = objects.filter { $0.created >= gte && $0.created < lt }[...]
            if let after = q["starting_after"], let i = matching.firstIndex(where: { $0.id == after }) {
                matching = matching[(i + 1)...]
            }
            let page = matching.prefix(100).map { JSONValue.object([("id", .string($0.id)), ("created", .int($0.created))]) }
            return (Array(page), matching.count > 100)
        }
    }

    @Test(arguments: [1, 4, 16, 48])
    func everyObjectIsKeptExactlyOnce(workers: Int) async throws {
        var rng = SystemRandomNumberGenerator()
        // Clustered times, many sharing a second, as real accounts have.
        let objects = (0..<6000).map { i in
            (id: "obj_\(i)", created: Int64.random(in: 0..<400, using: &rng) * Int64.random(in: 1...250, using: &rng))
        }.sorted { ($0.created, $0.id) > ($1.created, $1.id) }
        let list = FakeList(objects: objects)
        let scheduler = SliceScheduler()
        await scheduler.add(collection: "things", slices: [Slice(gte: 0, lt: 100_000)], upper: 100_000)
        let kept = try await withThrowingTaskGroup(of: [String].self) { group in
            for _ in 0..<workers {
                group.addTask {
                    var mine: [String] = []
                    while true {
                        switch await scheduler.next() {
                        case .done: return mine
                        case .wait: try await Task.sleep(for: .milliseconds(1)); continue
                        case let .page(assignment):
                            while let query = await scheduler.request(assignment.sliceID) {
                                let (data, hasMore) = list.page(query)
                                // The request is "out" a while: other workers split in the meantime.
                                try await Task.sleep(for: .microseconds(Int.random(in: 0...800)))
                                let page = await scheduler.accept(assignment.sliceID, page: data, hasMore: hasMore, field: "created")
                                try await Task.sleep(for: .microseconds(Int.random(in: 0...800)))
                                mine += page.kept.compactMap { $0["id"]?.stringValue }
                                await scheduler.committed(assignment.sliceID, last: page.last, exhausted: page.exhausted)
                                if page.exhausted { break }
                            }
                        }
                    }
                }
            }
            var all: [String] = []
            for try await part in group { all += part }
            return all
        }
        #expect(kept.count == objects.count, "\(kept.count) kept of \(objects.count)")
        #expect(Set(kept).count == kept.count, "duplicates")
        #expect(Set(kept) == Set(objects.map(\.id)))
    }

    @Test func aCheckpointNeverClaimsAnUncommittedPage() async throws {
        let scheduler = SliceScheduler()
        await scheduler.add(collection: "things", slices: [Slice(gte: 0, lt: 1000)], upper: 1000)
        guard case let .page(a) = await scheduler.next() else { Issue.record("no slice"); return }
        let data = (0..<100).map { JSONValue.object([("id", .string("o\($0)")), ("created", .int(Int64(999 - $0)))]) }
        let first = await scheduler.accept(a.sliceID, page: data, hasMore: true, field: "created")
        // Not committed yet: another page's checkpoint must still list the slice from its top.
        #expect(first.checkpoint.slices == [Slice(gte: 0, lt: 1000, cursor: "o99", cursorCreated: 900)])
        await scheduler.committed(a.sliceID, last: first.last, exhausted: false)
        #expect(await scheduler.request(a.sliceID)?.contains { $0 == ("starting_after", "o99") } == true)
    }
}
