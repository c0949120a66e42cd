import Foundation
import GRDB
import Testing

/// Bad key, unreachable destination, unknown collection, bad config line: one sentence naming the fix,
/// an exit code other than 0, and nothing written.
@Suite struct ErrorTests {
    /// Whether the warehouse holds no run and no table besides the system tables (or does not exist).
    func nothingWritten(_ f: CLIFixture) throws -> Bool {
        guard FileManager.default.fileExists(atPath: f.database) else { return true }
        let runs = try f.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM _tributary_runs") ?? 0 }
        return try runs == 0 && f.tables().allSatisfy { $0.hasPrefix("_tributary_") || $0.hasPrefix("sqlite_") }
    }

    @Test func aRefusedKeyStopsBeforeAnyRun() async throws {
        try await withCLIFixture { f in
            try f.workspace.write("tributary.yml", f.config(sources: [(name: "shop", keys: "collections: [charges]")]))
            let result = try await f.tributary("sync", environment: ["STRIPE_API_KEY": "sk_test_not_the_emulators_key_0000"])
            #expect(result.status == 1, "\(result)")
            #expect(result.stderr.contains("Stripe refused the key of source 'shop' (sk_test_****0000)"))
            #expect(!result.stderr.contains("not_the_emulators"))
            #expect(try nothingWritten(f))
            let check = try await f.tributary("check", environment: ["STRIPE_API_KEY": "sk_test_not_the_emulators_key_0000"])
            #expect(check.status == 1, "\(check)")
            #expect(check.stdout.contains("Stripe refused the key"))
        }
    }

    @Test func anUnreachableDestinationIsNamedWithTheFix() async throws {
        try await withCLIFixture { f in
            try f.workspace.write("tributary.yml", f.config(destination: "sqlite:missing/folder/w.sqlite",
                                                            sources: [(name: "shop", keys: "collections: [charges]")]))
            let result = try await f.tributary("sync")
            #expect(result.status == 1, "\(result)")
            #expect(result.stderr.contains("Cannot open the destination sqlite:missing/folder/w.sqlite"))
            #expect(result.stderr.contains("check that its folder exists"))
            #expect(result.stderr.split(separator: "\n").count == 1)
        }
    }

    @Test func anUnreachableStripeIsNamedWithTheFix() async throws {
        try await withCLIFixture { f in
            try f.workspace.write("tributary.yml", f.config(sources: [(name: "shop", keys: "collections: [charges]")])
                .replacingOccurrences(of: f.emulator.baseURL, with: "http://127.0.0.1:9"))
            let result = try await f.tributary("sync")
            #expect(result.status == 1, "\(result)")
            #expect(result.stderr.contains("Cannot reach Stripe at http://127.0.0.1:9 for source 'shop': check base_url"))
            #expect(try nothingWritten(f))
        }
    }

    @Test func unknownCollectionsAndBadLinesAreUsageErrors() async throws {
        try await withCLIFixture { f in
            try f.workspace.write("tributary.yml", f.config(sources: [(name: "shop", keys: "collections: [chargse]")]))
            let typo = try await f.tributary("sync")
            #expect(typo.status == 2, "\(typo)")
            #expect(typo.stderr.contains("tributary.yml:7:") && typo.stderr.contains("did you mean 'charges'?"))
            #expect(try nothingWritten(f))

            try f.workspace.write("tributary.yml", f.config(sources: [(name: "shop", keys: "colections: all")]))
            let key = try await f.tributary("check")
            #expect(key.status == 2, "\(key)")
            #expect(key.stderr.contains("tributary.yml:7:") && key.stderr.contains("did you mean 'collections'?"))

            let unknownSource = try await f.tributary("sync", "--source", "shp")
            #expect(unknownSource.status == 2)

            // Flags only: an unknown collection is refused before the destination is created.
            let flags = try await f.tributary("sync", "--no-config", "--destination", "sqlite:flags.sqlite",
                                              "--base-url", f.emulator.baseURL, "--collections", "charges,custmers")
            #expect(flags.status == 2, "\(flags)")
            #expect(flags.stderr.contains("did you mean 'customers'?"))
            #expect(!FileManager.default.fileExists(atPath: f.workspace.path("flags.sqlite")))

            let mixed = try await f.tributary("sync", "--destination", "sqlite:x.sqlite")
            #expect(mixed.status == 2)
            #expect(mixed.stderr.contains("--no-config"))

            let missing = try await f.tributary("check", "--config", "nowhere.yml")
            #expect(missing.status == 2)
            #expect(missing.stderr.contains("tributary init"))
        }
    }
}
