import Foundation
import GRDB
import Hummingbird
import Logging
import NIOCore
import Synchronization
import Testing
import TributaryEmulator
import TributaryTesting

/// `sync` beyond the walk-through: flags only, Connect fan-out from the file and from flags, a partial
/// run's exit code, and alerts.
@Suite struct SyncModesTests {
    @Test func flagsOnlySyncKeepsWorkingWithoutAFile() async throws {
        try await withCLIFixture { f in
            let result = try await f.tributary("sync", "--destination", "sqlite:flags.sqlite", "--base-url", f.emulator.baseURL,
                                               "--collections", "customers", "--max-rps", "2000", "--source", "solo",
                                               "--table-prefix", "s_", "--quiet")
            #expect(result.status == 0, "\(result)")
            #expect(!result.stderr.contains("tributary.progress"))
            let ids = try f.read(f.workspace.path("flags.sqlite")) { db in try String.fetchAll(db, sql: "SELECT id FROM s_customers") }
            #expect(Set(ids) == (try await f.truth("customers")))
            let sources = try f.read(f.workspace.path("flags.sqlite")) { db in try String.fetchAll(db, sql: "SELECT source FROM _tributary_runs") }
            #expect(sources == ["solo"])
            // runs reads a destination named by flags too.
            let runs = try json(try await f.tributary("runs", "--destination", "sqlite:flags.sqlite", "--json"))
            #expect(runs.arrayValue?.map { $0["source"]?.stringValue } == ["solo"])
            let none = try await f.tributary("runs", "--destination", "sqlite:nothing.sqlite")
            #expect(none.status == 1 && none.stderr.contains("does not exist yet"))
            #expect(!FileManager.default.fileExists(atPath: f.workspace.path("nothing.sqlite")))
        }
    }

    @Test func connectedAccountsFromTheFileAndFromFlags() async throws {
        try await withCLIFixture({ $0.connectedAccounts = 2 }) { f in
            try f.workspace.write("tributary.yml", f.config(sources: [(name: "platform", keys: "collections: [customers]\nconnected_accounts: all")]))
            let result = try await f.tributary("sync")
            #expect(result.status == 0, "\(result)")
            #expect(try f.live("customers") == (try await f.truth("customers")))
            for account in f.emulator.emulator.connectedAccountIDs {
                let truth = try await f.truth("customers", account: account)
                #expect(!truth.isEmpty)
                #expect(try f.live("customers", account: account) == truth)
            }

            let one = f.emulator.emulator.connectedAccountIDs[1]
            let flags = try await f.tributary("sync", "--no-config", "--destination", "sqlite:flags.sqlite", "--base-url",
                                              f.emulator.baseURL, "--collections", "customers", "--max-rps", "2000",
                                              "--connected-accounts", one)
            #expect(flags.status == 0, "\(flags)")
            let accounts = try f.read(f.workspace.path("flags.sqlite")) { db in
                try String?.fetchAll(db, sql: "SELECT DISTINCT _tributary_account FROM customers")
            }
            #expect(Set(accounts) == [nil, one])
            let bad = try await f.tributary("sync", "--no-config", "--connected-accounts", "everyone")
            #expect(bad.status == 2)
        }
    }

    @Test func aRestrictedKeyEndsPartialWithExitThree() async throws {
        try await withCLIFixture { f in
            try f.workspace.write("tributary.yml", f.config(sources: [(name: "shop", keys: "collections: [charges, subscriptions]")]))
            let env = ["STRIPE_API_KEY": f.emulator.restrictedKey]
            let check = try await f.tributary("check", "--json", environment: env)
            #expect(check.status == 3, "\(check)")
            let report = try json(check)["sources"]?.arrayValue?.first
            #expect(report?["status"]?.stringValue == "partial")
            #expect(report?["key"]?["restricted"]?.boolValue == true)
            let forbidden = report?["collections"]?.arrayValue?.first { $0["collection"]?.stringValue == "subscriptions" }
            #expect(forbidden?["access"]?.stringValue == "forbidden")
            #expect(forbidden?["permission"]?.stringValue == "rak_subscription_read")

            let text = try await f.tributary("check", environment: env)
            #expect(text.stdout.contains("subscriptions: the key lacks rak_subscription_read"))

            let sync = try await f.tributary("sync", environment: env)
            #expect(sync.status == 3, "\(sync)")
            #expect(try f.live("charges") == (try await f.truth("charges")))
            let status = try f.read { db in try String.fetchOne(db, sql: "SELECT status FROM _tributary_runs") }
            #expect(status == "partial")
            let show = try await f.tributary("runs", "show", "1")
            #expect(show.stdout.contains("subscriptions: HTTP 403") && show.stdout.contains("Stripe request req_"))
        }
    }

    @Test func alertsPostANoticeAndAFailingWebhookIsOnlyAWarning() async throws {
        try await withWebhook { port, received in
            try await withCLIFixture { f in
                try f.workspace.write("tributary.yml", f.config(sources: [
                    (name: "shop", keys: "collections: [customers]\nalerts:\n  webhook: http://127.0.0.1:\(port)/hook\n  on: [succeeded]"),
                    (name: "quiet", keys: "table_prefix: q_\ncollections: [customers]\nalerts: {webhook: \"http://127.0.0.1:\(port)/hook\"}"),
                ]))
                let result = try await f.tributary("sync")
                #expect(result.status == 0, "\(result)")
                let bodies = received()
                #expect(bodies.count == 1)
                let notice = try JSONValue(parsing: Array((bodies.first ?? "").utf8))
                #expect(notice["source"]?.stringValue == "shop" && notice["status"]?.stringValue == "succeeded")
                #expect(notice["run_id"]?.intValue == 1)
                let inserted = try f.read { db in try Int.fetchOne(db, sql: "SELECT inserted FROM _tributary_runs WHERE source = 'shop'") }
                #expect(notice["inserted"]?.intValue.map(Int.init) == inserted)
                #expect((inserted ?? 0) >= (try await f.truth("customers").count))
                #expect(!(bodies.first ?? "").contains(f.emulator.secretKey))

                // A webhook nobody answers: a warning, and the run still succeeded.
                try f.workspace.write("tributary.yml", f.config(sources: [
                    (name: "shop", keys: "collections: [customers]\nalerts: {webhook: \"http://127.0.0.1:9/hook\", on: [succeeded]}"),
                ]))
                let unreachable = try await f.tributary("sync")
                #expect(unreachable.status == 0, "\(unreachable)")
                #expect(unreachable.stderr.contains("warning") && unreachable.stderr.contains("alert webhook"))
            }
        }
    }

    @Test func aFailedRunExitsOneIsRecordedAndAlerted() async throws {
        let key = "rk_test_tributary_no_events_0001"
        try await withWebhook { port, received in
            // A key that may read charges but not the events a run starts from.
            try await withCLIFixture({ $0.restrictedKeys[key] = ["rak_charge_read"] }) { f in
                try f.workspace.write("tributary.yml", f.config(sources: [
                    (name: "shop", keys: "collections: [charges]\nalerts: {webhook: \"http://127.0.0.1:\(port)/hook\"}"),
                ]))
                let result = try await f.tributary("sync", environment: ["STRIPE_API_KEY": key])
                #expect(result.status == 1, "\(result)")
                #expect(result.stderr.contains("rak_event_read"))
                #expect(result.stdout.contains("run 1 failed"))
                let status = try f.read { db in try String.fetchOne(db, sql: "SELECT status FROM _tributary_runs") }
                #expect(status == "failed")
                let notice = try JSONValue(parsing: Array((received().first ?? "").utf8))
                #expect(notice["status"]?.stringValue == "failed")
                #expect(notice["errors"]?.arrayValue?.first?["code"]?.stringValue == "permission")
            }
        }
    }
}

/// Runs `body` with a webhook on a free port of 127.0.0.1 that accepts `POST /hook`, and a way to read
/// the bodies it received.
func withWebhook(_ body: @Sendable (Int, @Sendable () -> [String]) async throws -> Void) async throws {
    let received = Mutex<[String]>([])
    let router = Router()
    router.post("hook") { request, _ -> HTTPResponse.Status in
        let body = try await request.body.collect(upTo: 1 << 20)
        received.withLock { $0.append(String(buffer: body)) }
        return .ok
    }
    let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
    var logger = Logger(label: "tributary.test-webhook")
    logger.logLevel = .critical
    let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                          onServerRunning: { continuation.yield($0.localAddress?.port ?? 0) }, logger: logger)
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await app.runService() }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        defer { group.cancelAll() }
        try await body(port) { received.withLock { $0 } }
    }
}

import TributaryCatalog
