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
            #expect(!FileManager.default.fileExists(atPath: f.database), "keys are checked before the warehouse is opened")
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
            #expect(!FileManager.default.fileExists(atPath: f.database), "keys are checked before the warehouse is opened")
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

    @Test func aRollbackThatCannotBeDoneSaysWhyAndChangesNothing() async throws {
        try await withCLIFixture { f in
            // Without a configuration: the flags' destination, the run's own source, the default schema.
            let sync = try await f.tributary("sync", "--no-config", "--destination", "sqlite:w.sqlite", "--base-url",
                                             f.emulator.baseURL, "--collections", "charges", "--max-rps", "2000", "--quiet")
            #expect(sync.status == 0, "\(sync)")
            let unknown = try await f.tributary("rollback", "7", "--destination", "sqlite:w.sqlite", "--yes")
            #expect(unknown.status == 1 && unknown.stderr.contains("has no run 7"), "\(unknown)")

            // A run whose source the file no longer describes: a usage error naming the fix.
            try f.workspace.write("tributary.yml", f.config(destination: "sqlite:w.sqlite",
                                                            sources: [(name: "shop", keys: "collections: [charges]")]))
            let orphan = try await f.tributary("rollback", "1", "--yes")
            #expect(orphan.status == 2 && orphan.stderr.contains("source 'default', which tributary.yml does not describe"), "\(orphan)")
            #expect(try await f.tributary("rollback", "1", "--yes", "--schema", "x").status == 2, "--schema is for no configuration")

            // A run recorded as running (its process killed): refused, unless told its process is gone.
            let queue = try DatabaseQueue(path: f.workspace.path("w.sqlite"))
            try await queue.write { db in try db.execute(sql: "UPDATE _tributary_runs SET status = 'running'") }
            try queue.close()
            let charges = try f.read(f.workspace.path("w.sqlite")) { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM charges") }
            #expect((charges ?? 0) > 0)
            let running = try await f.tributary("rollback", "1", "--destination", "sqlite:w.sqlite", "--yes")
            #expect(running.status == 1 && running.stderr.contains("--ignore-running"), "\(running)")
            let forced = try await f.tributary("rollback", "1", "--destination", "sqlite:w.sqlite", "--yes", "--ignore-running")
            #expect(forced.status == 0, "\(forced)")
            #expect(forced.stdout.contains("Rolled back run 1 of source 'default'"))
            let left = try f.read(f.workspace.path("w.sqlite")) { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM charges") }
            #expect(left == 0, "rolling back the first run leaves the tables empty")
        }
    }
}
