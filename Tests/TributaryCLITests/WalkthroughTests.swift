import Foundation
import GRDB
import Testing
import TributaryCatalog
import TributaryConfig

/// The README's walk-through, step by step, with the real executable: init, point it at the emulator,
/// check, preview charges, sync two sources into one schema with different prefixes, runs, rollback, drop.
@Suite struct WalkthroughTests {
    @Test func initWritesTheStarterAndNeverOverwritesWithoutForce() async throws {
        try await CLIWorkspace.with { workspace in
            let first = try await workspace.run(["init", "--emulator"])
            #expect(first.status == 0, "\(first)")
            let written = try workspace.read("tributary.yml")
            #expect(written.contains("base_url: \"\(ConfigFile.emulatorBaseURL)\""))
            #expect(first.stdout.contains("tributary check"))
            // The starter loads once its variable is set.
            let loaded = try TributaryConfiguration.parse(yaml: written, environment: ["STRIPE_API_KEY": ConfigFile.emulatorAPIKey])
            #expect(loaded.sources.map(\.name) == ["stripe"])

            try workspace.write("tributary.yml", "# mine\n")
            let again = try await workspace.run(["init"])
            #expect(again.status == 2, "\(again)")
            #expect(again.stderr.contains("--force"))
            #expect(try workspace.read("tributary.yml") == "# mine\n")

            let forced = try await workspace.run(["init", "--force"])
            #expect(forced.status == 0, "\(forced)")
            #expect(try workspace.read("tributary.yml").contains("base_url: \"https://api.stripe.com\""))

            let elsewhere = try await workspace.run(["init", "--path", "conf/other.yml"])
            #expect(elsewhere.status == 1, "\(elsewhere)")
        }
    }

    @Test func theWholeWalkThrough() async throws {
        try await withCLIFixture { f in
            // init, then point the starter at this emulator (its port) and at two collections.
            #expect(try await f.tributary("init", "--emulator").status == 0)
            var text = try f.workspace.read("tributary.yml")
            text = text.replacingOccurrences(of: ConfigFile.emulatorBaseURL, with: f.emulator.baseURL)
                .replacingOccurrences(of: "collections: all", with: "collections: [charges, customers]")
                .replacingOccurrences(of: "# max_rps: 20", with: "max_rps: 2000")
            try f.workspace.write("tributary.yml", text)

            let check = try await f.tributary("check")
            #expect(check.status == 0, "\(check)")
            #expect(check.stdout.contains("valid, test mode"))
            #expect(check.stdout.contains(f.emulator.emulator.platformAccountID))
            #expect(check.stdout.contains("readable   2 of 2 collections"))

            let preview = try await f.tributary("preview", "charges")
            #expect(preview.status == 0, "\(preview)")
            #expect(preview.stdout.contains("stripe_charges ("))
            #expect(preview.stdout.contains("-- row 5 --") && !preview.stdout.contains("-- row 6 --"))
            #expect(preview.stdout.contains("amount") && preview.stdout.contains("integer"))
            // preview wrote nothing.
            #expect(!FileManager.default.fileExists(atPath: f.workspace.path("tributary.sqlite")))

            // Two sources into one schema with different prefixes.
            try f.workspace.write("tributary.yml", f.config(sources: [
                (name: "us", keys: "table_prefix: us_\ncollections: [charges, customers]"),
                (name: "eu", keys: "table_prefix: eu_\ncollections: [charges, customers]"),
            ]))
            let sync = try await f.tributary("sync")
            #expect(sync.status == 0, "\(sync)")
            #expect(sync.stdout.contains("Synced 'us'") && sync.stdout.contains("Synced 'eu'"))
            // Not a terminal: progress is plain swift-log lines, never redrawn in place.
            #expect(sync.stderr.contains("notice tributary.progress") && !sync.stderr.contains("\u{1B}["))
            let charges = try await f.truth("charges"), customers = try await f.truth("customers")
            for prefix in ["us_", "eu_"] {
                #expect(try f.live(prefix + "charges") == charges)
                #expect(try f.live(prefix + "customers") == customers)
            }
            #expect(try f.tables().isDisjoint(with: ["charges", "customers"]))

            let runs = try await f.tributary("runs")
            #expect(runs.status == 0, "\(runs)")
            let lines = runs.stdout.split(separator: "\n")
            #expect(lines.count == 3 && lines[0].hasPrefix("RUN"))
            #expect(lines[1].contains("eu") && lines[1].contains("succeeded") && lines[2].contains("us"))

            let listed = try json(try await f.tributary("runs", "--json", "--source", "us"))
            #expect(listed.arrayValue?.count == 1)
            let run = try #require(listed.arrayValue?.first)
            #expect(run["source"]?.stringValue == "us" && run["status"]?.stringValue == "succeeded")
            // Every row of us's tables (child tables included) was inserted by that run.
            let usRows = try f.read { db in
                try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'us\\_%' ESCAPE '\\'")
                    .reduce(0) { $0 + (try Int.fetchOne(db, sql: "SELECT count(*) FROM \"\($1)\"") ?? 0) }
            }
            #expect(usRows >= charges.count + customers.count)
            #expect(run["inserted"]?.intValue == Int64(usRows))
            let id = try #require(run["id"]?.intValue)

            let show = try await f.tributary("runs", "show", String(id))
            #expect(show.status == 0, "\(show)")
            #expect(show.stdout.contains("run \(id) of us: succeeded"))
            #expect(show.stdout.contains("charges") && show.stdout.contains("TABLE"))
            let detail = try json(try await f.tributary("runs", "show", String(id), "--json"))
            let tables = detail["tables"]?.arrayValue ?? []
            #expect(tables.first { $0["table"]?.stringValue == "charges" }?["inserted"]?.intValue == Int64(charges.count))
            #expect(try await f.tributary("runs", "show", "999").status == 1)

            // Sync again after changes, then roll that run back: every us_ table as before it, to the bit.
            let beforeSecond = try f.checksums(prefix: "us_")
            try await f.admin("mutate?n=300")
            let second = try await f.tributary("sync", "--source", "us")
            #expect(second.status == 0, "\(second)")
            #expect(try f.checksums(prefix: "us_") != beforeSecond, "the second run changed rows")
            let last = try #require(try json(try await f.tributary("runs", "--json", "--source", "us")).arrayValue?.first?["id"]?.intValue)
            #expect(last > id)
            let unconfirmed = try await f.tributary("rollback", String(last))
            #expect(unconfirmed.status == 2, "\(unconfirmed)")
            #expect(unconfirmed.stderr.contains("--yes"))
            let rollback = try await f.tributary("rollback", String(last), "--yes")
            #expect(rollback.status == 0, "\(rollback)")
            #expect(rollback.stdout.contains("Rolled back run \(last) of source 'us'"))
            #expect(rollback.stdout.contains("us_charges") || rollback.stdout.contains("charges"))
            #expect(try f.checksums(prefix: "us_") == beforeSecond)
            let rolledBack = try await f.tributary("runs", "--source", "us")
            #expect(rolledBack.stdout.split(separator: "\n").dropFirst().first?.contains("rolled_back") == true, "\(rolledBack)")
            let twice = try await f.tributary("rollback", String(last), "--yes")
            #expect(twice.status == 1 && twice.stderr.contains("rolled back already"), "\(twice)")
            // The next sync reads again what the rolled-back run read: the tables are Stripe's again.
            let third = try await f.tributary("sync", "--source", "us")
            #expect(third.status == 0, "\(third)")
            let chargesNow = try await f.truth("charges"), customersNow = try await f.truth("customers")
            #expect(try f.live("us_charges") == chargesNow)
            #expect(try f.live("us_customers") == customersNow)

            // drop refuses without a terminal or --yes, then drops eu's tables only.
            let euTables = try f.tables().filter { $0.hasPrefix("eu_") }
            let refused = try await f.tributary("drop", "--source", "eu")
            #expect(refused.status == 2, "\(refused)")
            #expect(try f.tables().contains("eu_charges"))
            let dropped = try await f.tributary("drop", "--source", "eu", "--yes")
            #expect(dropped.status == 0, "\(dropped)")
            #expect(dropped.stdout.contains("Dropped \(euTables.count) tables"))
            let left = try f.tables()
            #expect(!left.contains("eu_charges") && !left.contains("eu_customers"))
            #expect(left.isSuperset(of: ["us_charges", "us_customers"]))
            #expect(try f.live("us_charges") == chargesNow)
            let state = try f.read { db in try String.fetchAll(db, sql: "SELECT DISTINCT source FROM _tributary_state") }
            #expect(state == ["us"])
            let history = try f.read { db in try String.fetchAll(db, sql: "SELECT source FROM _tributary_runs ORDER BY run_id") }
            #expect(history == ["us", "eu", "us", "us"])

            // Syncing eu again starts over, into its own tables only.
            let again = try await f.tributary("sync", "--source", "eu")
            #expect(again.status == 0, "\(again)")
            #expect(!again.stdout.contains("Synced 'us'"))
            #expect(try f.live("eu_charges") == chargesNow)
        }
    }
}
