import Foundation
import GRDB
import Testing
import TributaryCatalog
import TributaryNormalizer
import TributarySQLite
import TributaryStripe
import TributaryTesting
import TributaryWarehouse

/// The "done when": the emulator's charges, listed through the Stripe client, load into a file
/// that the `sqlite3` shell reads with typed values.
@Suite struct EmulatorLoadTests {
    @Test func everyEmulatorChargeLoadsWithTypedValues() async throws {
        try await withEmulator({ $0.scale = 1200 }) { emulator in
            try await withDestination { destination, path in
                let namespace = try Namespace(source: "emulator")
                try await destination.prepare(normalizer.tables(for: "charges"), in: namespace)
                let configuration = StripeClient.Configuration(apiKey: StripeAPIKey(emulator.secretKey), baseURL: emulator.baseURL)
                var pages = 0
                try await withStripeClient(configuration: configuration) { stripe in
                    for try await page in stripe.list("/v1/charges") {
                        let batch = try normalizer.normalize(page.objects, collection: "charges",
                                                             context: NormalizeContext(syncedAt: Int64(Date().timeIntervalSince1970)))
                        #expect(batch.rejects.isEmpty, "\(batch.rejects.map(\.reason))")
                        let cursor = page.objects.last?["id"]?.stringValue ?? ""
                        try await destination.commit(batch, advancing: [StateEntry(source: "emulator", key: "charges.after", value: cursor)],
                                                     in: namespace)
                        pages += 1
                    }
                }
                let truth = try await rawRequest(emulator.baseURL + "/_emulator/truth?collection=charges",
                                                 headers: [bearerAuth(emulator.secretKey)]).json
                let ids = try #require(truth["ids"]?.arrayValue).compactMap(\.stringValue)
                #expect(ids.count > 100, "more than one page")
                #expect(pages > 1)
                let stored = try query(path) { try String.fetchAll($0, sql: "SELECT id FROM charges") }
                #expect(Set(stored) == Set(ids))
                #expect(try await destination.state(source: "emulator")["charges.after"] == ids.last)
                let types = try #require(try query(path) { db in
                    try GRDB.Row.fetchOne(db, sql: """
                        SELECT typeof(amount) AS amount, typeof(created) AS created, created AS created_text
                        FROM charges WHERE billing_details_address_city IS NOT NULL LIMIT 1
                        """)
                })
                #expect(types["amount"] == "integer")
                #expect(types["created"] == "text")
                #expect((types["created_text"] as String).wholeMatch(of: /\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/) != nil)
                try await checkWithTheShell(path, count: ids.count)
            }
        }
    }

    /// What an analyst types; only where the shell is installed (`.ci/run` installs it).
    func checkWithTheShell(_ path: String, count: Int) async throws {
        let shell = "/usr/bin/sqlite3"
        guard FileManager.default.isExecutableFile(atPath: shell) else { return }
        #expect(try await run(shell, ["-readonly", path, "select count(*) from charges"]) == String(count))
        let line = try await run(shell, ["-readonly", path, """
            select typeof(billing_details_address_city), typeof(amount), typeof(created)
            from charges where billing_details_address_city is not null limit 1
            """])
        #expect(line == "text|integer|text")
    }

    /// Runs a program and returns its output, without blocking one of the few threads Swift
    /// concurrency has (`waitUntilExit` would, and starve the emulators of parallel tests).
    func run(_ program: String, _ arguments: [String]) async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: program)
            process.arguments = arguments
            let output = Pipe()
            process.standardOutput = output
            process.terminationHandler = { _ in
                let data = output.fileHandleForReading.readDataToEndOfFile()
                continuation.resume(returning: String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
            }
            do {
                try process.run()
            } catch {
                continuation.resume(throwing: error)
            }
        }
    }
}
