import Foundation
import Testing
import TributaryCatalog
import TributaryConfig
import TributaryStripe
import TributarySync
import TributaryTesting
import TributaryWarehouse
@testable import TributaryCLI

/// The pieces of the command line that are logic: permission probing, JSON shapes, progress lines,
/// init's questions, alert rules.
@Suite struct UnitTests {
    @Test func probesAskTopLevelCollectionsOnceWithTheirRequiredParameters() {
        let names = PermissionProbe.topLevel(["invoice_lines", "charges", "invoices", "discounts", "payment_methods"]).map(\.name)
        #expect(names == Catalog.stripe.collections.map(\.name).filter { ["charges", "invoices", "payment_methods"].contains($0) })
        #expect(!names.contains("invoice_lines") && names.contains("invoices") && names.contains("charges"))
        let paymentMethods = Catalog.stripe.collection(named: "payment_methods")!
        let query = PermissionProbe.query(for: paymentMethods)
        #expect(query.contains { $0.0 == "type" } && query.last! == ("limit", "1"))
        let subscriptions = Catalog.stripe.collection(named: "subscriptions")!
        #expect(PermissionProbe.query(for: subscriptions).contains { $0 == ("status", "all") })
    }

    @Test func probeAnswersAreClassified() {
        let forbidden = StripeError(code: .permission, message: "no", requestId: "req_1", httpStatus: 403,
                                    missingPermission: "rak_subscription_read")
        #expect(PermissionProbe.classify(forbidden, collection: "subscriptions")
            == CollectionAccess(collection: "subscriptions", access: .forbidden, permission: "rak_subscription_read", requestID: "req_1"))
        #expect(PermissionProbe.classify(StripeError(code: .notFound, message: "gone"), collection: "bitcoin_receivers").access == .notServed)
        #expect(PermissionProbe.classify(StripeError(code: .apiError, message: "boom"), collection: "charges").access == .failed)
        #expect(PermissionProbe.classify(nil, collection: "charges").access == .readable)
    }

    @Test func aRestrictedKeyIsProbedAgainstTheEmulator() async throws {
        try await withEmulator { emulator in
            var configuration = StripeClient.Configuration(apiKey: StripeAPIKey(emulator.restrictedKey), baseURL: emulator.baseURL)
            configuration.requestsPerSecond = 1000
            let collections = PermissionProbe.topLevel(["charges", "customers", "subscriptions", "invoices", "events"])
            let results = try await withStripeClient(configuration: configuration) { client in
                let account = try await KeyCheck.account(client)
                #expect(account?.id == emulator.emulator.platformAccountID && account?.name == "Tributary Emulator")
                return await PermissionProbe.probe(collections, client: client)
            }
            #expect(results.map(\.collection) == collections.map(\.name))
            let access = Dictionary(uniqueKeysWithValues: results.map { ($0.collection, $0) })
            #expect(access["charges"]?.access == .readable && access["customers"]?.access == .readable && access["events"]?.access == .readable)
            #expect(access["subscriptions"]?.permission == "rak_subscription_read")
            #expect(access["invoices"]?.access == .forbidden && access["invoices"]?.requestID?.hasPrefix("req_") == true)
        }
    }

    @Test func runJSONHasTheDocumentedShape() throws {
        var record = RunRecord(id: RunID(rawValue: 7), source: "eu", startedAt: Date(timeIntervalSince1970: 1_700_000_000),
                               finishedAt: Date(timeIntervalSince1970: 1_700_000_012), status: .partial,
                               tables: ["charges": TableCounts(inserted: 3, updated: 1), "invoice_lines": TableCounts(deleted: 2, rejected: 1)],
                               requests: 40, rateLimited: 2, retries: 3,
                               errors: [.init(collection: "subscriptions", code: "permission", message: "no", requestID: "req_9", httpStatus: 403)])
        record.message = "partial"
        let summary = try JSONValue(parsing: Array(try JSONOutput.text(RunSummary(record)).utf8))
        #expect(summary.objectValue?.map(\.0).sorted() == ["deleted", "errors", "finished_at", "id", "inserted", "message", "rate_limited",
                                                           "rejected", "requests", "retries", "seconds", "source", "started_at",
                                                           "status", "updated"])
        #expect(summary["started_at"]?.stringValue == "2023-11-14T22:13:20Z" && summary["seconds"]?.intValue == 12)
        #expect(summary["inserted"]?.intValue == 3 && summary["deleted"]?.intValue == 2 && summary["errors"]?.intValue == 1)
        let detail = try JSONValue(parsing: Array(try JSONOutput.text(RunDetail(record)).utf8))
        #expect(detail["tables"]?.arrayValue?.map { $0["table"]?.stringValue } == ["charges", "invoice_lines"])
        #expect(detail["errors"]?.arrayValue?.first?["request_id"]?.stringValue == "req_9")
        #expect(detail["run"]?["id"]?.intValue == 7)

        let notice = try JSONValue(parsing: Array(try JSONOutput.text(AlertNotice(record: record)).utf8))
        #expect(notice["run_id"]?.intValue == 7 && notice["status"]?.stringValue == "partial" && notice["rejected"]?.intValue == 1)
        #expect(notice["errors"]?.arrayValue?.first?["request_id"]?.stringValue == "req_9")
        #expect(notice["errors"]?.arrayValue?.first?["http_status"]?.intValue == 403)
        #expect(notice["text"]?.stringValue?.contains("run 7 of eu ended partial") == true)
    }

    @Test func alertRulesFireOnTheirStatusesOnly() {
        let url = URL(string: "https://hooks.example.com/T/B/X")!
        let rules = [AlertRule(webhook: url), AlertRule(webhook: url, on: [.succeeded])]
        #expect(AlertNotifier.rules(rules, firingFor: .partial).count == 1)
        #expect(AlertNotifier.rules(rules, firingFor: .succeeded).map(\.on) == [[.succeeded]])
        #expect(AlertNotifier.rules(rules, firingFor: .failed).count == 1)
        #expect(AlertNotifier.rules(rules, firingFor: .cancelled).isEmpty)
    }

    @Test func checkExitCodes() {
        func check(_ status: SourceCheck.Status) -> SourceCheck {
            SourceCheck(source: "s", baseURL: "u", status: status, key: .init(source: "${K}"), account: nil, collections: [], error: nil)
        }
        #expect(CheckReport(sources: [check(.ok)]).exitCode == 0)
        #expect(CheckReport(sources: [check(.ok), check(.partial)]).exitCode == 3)
        #expect(CheckReport(sources: [check(.partial), check(.refused)]).exitCode == 1)
        #expect(CheckReport(sources: [check(.unreachable)]).exitCode == 1)
    }

    @Test func progressFramesShowEachTableAndTheRun() {
        var previous = ProgressFrame.Counts()
        previous.rows = ["charges": 100]
        var current = ProgressFrame.Counts()
        current.rows = ["charges": 300, "customers": 50, "invoice_lines": 0]
        current.requests = 30
        current.rateLimited = 2
        current.completed = 1
        current.phase = "backfill"
        let frame = ProgressFrame(current: current, previous: previous, elapsed: 12, interval: 2, totalCollections: 3)
        let lines = frame.lines()
        #expect(lines.count == 4)
        #expect(lines[0].hasPrefix("backfill") && lines[0].contains("350 rows") && lines[0].contains("125 rows/s"))
        #expect(lines[0].contains("30 requests") && lines[0].contains("15.0 req/s") && lines[0].contains("2 × 429 absorbed"))
        #expect(lines[0].hasSuffix("1/3 collections"))
        #expect(lines[1].contains("charges") && lines[1].contains("300 rows") && lines[1].contains("100 rows/s"))
        #expect(lines[2].contains("customers") && lines[3].contains("invoice_lines"))
        var small = frame
        small.maxTables = 1
        #expect(small.lines().last == "  … 2 more tables, 50 rows")
    }

    @Test func initAsksWithDefaults() {
        func prompter(_ answers: [String]) -> (Prompter, () -> [String]) {
            final class Box: @unchecked Sendable { var answers: [String]; var shown: [String] = []; init(_ a: [String]) { answers = a } }
            let box = Box(answers)
            return (Prompter(readAnswer: { box.answers.isEmpty ? nil : box.answers.removeFirst() }, show: { box.shown.append($0) }),
                    { box.shown })
        }
        let (defaults, _) = prompter([])
        #expect(InitAnswers.ask(defaults, emulator: true) == InitAnswers(emulator: true))
        let (typed, shown) = prompter(["us shop", "em", "postgres://t:${PGPASSWORD}@db/w"])
        let answers = InitAnswers.ask(typed, emulator: false)
        #expect(answers == InitAnswers(sourceName: "us shop", emulator: true, destination: "postgres://t:${PGPASSWORD}@db/w"))
        #expect(answers.writtenName == "us_shop")
        #expect(shown().first == "Source name [stripe]: ")
        let parsed = try? TributaryConfiguration.parse(yaml: answers.file, environment: ["STRIPE_API_KEY": "sk_test_x", "PGPASSWORD": "p"])
        #expect(parsed?.sources.first?.name == "us_shop" && parsed?.sources.first?.baseURL.absoluteString == ConfigFile.emulatorBaseURL)
        let (wrong, _) = prompter(["shop", "neither", "nope", "never"])
        #expect(InitAnswers.ask(wrong, emulator: false).baseURL == "https://api.stripe.com")
        let (yes, _) = prompter(["Yes"])
        #expect(yes.confirm("Drop?"))
        let (none, _) = prompter([])
        #expect(!none.confirm("Drop?"))
    }

    @Test func sourcesAreSelectedByName() throws {
        let yaml = """
            destination: sqlite:w.sqlite
            sources:
              - {name: us, api_key: "${K}", table_prefix: us_}
              - {name: eu, api_key: "${K}", table_prefix: eu_}
            """
        let configuration = try TributaryConfiguration.parse(yaml: yaml, environment: ["K": "sk_test_123"])
        #expect(try ConfigOptions.select([], from: configuration).map(\.name) == ["us", "eu"])
        #expect(try ConfigOptions.select(["eu"], from: configuration).map(\.name) == ["eu"])
        #expect(throws: CLIError.self) { try ConfigOptions.select(["ue"], from: configuration) }
        do {
            _ = try ConfigOptions.select(["ue"], from: configuration)
        } catch {
            #expect(error.code == .usage && error.message.contains("did you mean 'us'?"))
        }
    }

    @Test func tablesAreNamedAsEachDestinationNamesThem() throws {
        let namespace = try Namespace(source: "s", schema: "stripe", tablePrefix: "eu_")
        #expect(Preview.physicalName("charges", in: namespace, destination: .sqlite(path: "x")) == "stripe__eu_charges")
        #expect(Preview.physicalName("charges", in: try Namespace(source: "s", tablePrefix: "eu_"), destination: .sqlite(path: "x")) == "eu_charges")
        #expect(Preview.physicalName("charges", in: namespace, destination: try DestinationURL("postgres://h/db")) == "stripe.eu_charges")
    }
}
