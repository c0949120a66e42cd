import ArgumentParser
import Foundation
import TributaryCatalog
import TributaryNormalizer
import TributarySQLite
import TributaryWarehouse

/// `tributary bench sqlite`: charge-sized objects normalized and upserted into SQLite, the hot path of
/// every sync, measured apart from HTTP and JSON decoding.
struct SQLiteBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sqlite",
        abstract: "Objects/s of normalize + upsert of charge-sized objects into a SQLite file."
    )

    @Option(help: "Charges to load.") var objects = 100_000
    @Option(help: "Charges per transaction, as a sync commits one page batch at a time.") var batch = 1000
    @Option(help: "Where to write (default: a temporary file, removed afterwards).") var destination: String?
    @Option(help: "Load the same charges again, to measure updates rather than inserts.") var passes = 1
    @Option(help: "Rows per INSERT statement.") var rowsPerStatement = SQLiteDestination.Configuration().rowsPerStatement
    @Option(help: "SQLite's page cache in MiB.") var cacheMib = SQLiteDestination.Configuration().cacheMiB
    @Flag(help: "Normalize only, writing nothing: the normalizer's share of the time.") var normalizeOnly = false
    @Flag(help: "Write outside a run, as before rollback existed: no run ids, no undo images. By default each pass is a run, and a second pass keeps an undo image of every charge, as a sync that updates rows does.")
    var noRun = false

    func run() async throws {
        let url = try destination.map(DestinationURL.init) ?? .sqlite(path: NSTemporaryDirectory() + "tributary-bench-\(getpid()).sqlite")
        guard case let .sqlite(path) = url else { throw ValidationError("bench sqlite needs a sqlite:PATH destination") }
        let temporary = destination == nil
        defer { if temporary { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } } }

        let normalizer = Normalizer()
        let sink = try SQLiteDestination(path: path, configuration: .init(rowsPerStatement: rowsPerStatement, cacheMiB: cacheMib))
        let namespace = try Namespace(source: "bench")
        try await sink.prepare(normalizer.tables(for: "charges"), in: namespace)
        var factory = ChargeFactory(seed: 42)
        var wall: Duration = .zero
        var cpu = 0.0
        var bytes = 0
        var counts = TableCounts()
        let clock = ContinuousClock()
        for pass in 0..<passes {
            factory = ChargeFactory(seed: 42)
            let run = noRun ? nil : try await sink.startRun(source: namespace.source, startedAt: Date())
            var done = 0
            while done < objects {
                let charges = (0..<min(batch, objects - done)).map { _ in factory.next() }
                if pass == 0, done == 0 { bytes = charges.reduce(0) { $0 + JSONText.of($1).utf8.count } / max(charges.count, 1) }
                let cpuStart = Self.processCPU()
                let start = clock.now
                let normalized = try normalizer.normalize(charges, collection: "charges",
                                                          context: NormalizeContext(syncedAt: Int64(Date().timeIntervalSince1970),
                                                                                    run: run?.rawValue))
                if !normalizeOnly {
                    let summary = try await sink.commit(normalized, advancing: [StateEntry(source: "bench", key: "charges.cursor", value: "\(done)")],
                                                        in: namespace, run: run)
                    counts += summary.total
                }
                wall += clock.now - start
                cpu += Self.processCPU() - cpuStart
                done += charges.count
            }
        }
        try await sink.close()
        let seconds = Double(wall.components.seconds) + Double(wall.components.attoseconds) / 1e18
        let total = objects * passes
        print("""
        sqlite: \(total) charges (\(objects) distinct, about \(bytes) bytes of JSON each, \(normalizer.table(named: "charges")?.columns.count ?? 0) columns), \(batch) per transaction, \(noRun ? "outside a run (no undo images)" : "one run per pass")
          inserted \(counts.inserted), updated \(counts.updated)
          wall:      \(String(format: "%.2f", seconds)) s, \(String(format: "%.0f", Double(total) / seconds)) objects/s
          cpu:       \(String(format: "%.2f", cpu)) s, \(String(format: "%.0f", Double(total) / cpu)) objects/s per core
        """)
    }

    /// CPU seconds of the whole process, the SQLite writer thread included.
    static func processCPU() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }
}

/// Charges shaped like Stripe's: billing details, outcome, card details, shipping, metadata, refunds.
struct ChargeFactory {
    private var state: UInt64
    private var sequence = 0

    init(seed: UInt64) { state = seed }

    private mutating func random() -> UInt64 {
        // SplitMix64: fast, and the same charges for the same seed on every machine.
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    private mutating func pick(_ values: [String]) -> JSONValue { .string(values[Int(random() % UInt64(values.count))]) }
    private mutating func token(_ prefix: String) -> JSONValue {
        .string(prefix + "_" + String(random(), radix: 36) + String(random() % 1000, radix: 36))
    }

    mutating func next() -> JSONValue {
        sequence += 1
        let id = "ch_" + String(sequence, radix: 36) + String(random(), radix: 36)
        let amount = Int64(random() % 500_000) + 50
        let created = 1_700_000_000 + Int64(sequence) * 37
        let address: JSONValue = .object([
            ("city", pick(["San Francisco", "Berlin", "São Paulo", "Tokyo", "London", "Zürich"])),
            ("country", pick(["US", "DE", "BR", "JP", "GB", "CH"])),
            ("line1", .string("\(random() % 999) Market Street")), ("line2", .null),
            ("postal_code", .string(String(random() % 90_000 + 10_000))), ("state", pick(["CA", "NY", "TX"])),
        ])
        return .object([
            ("id", .string(id)), ("object", .string("charge")), ("amount", .int(amount)),
            ("amount_captured", .int(amount)), ("amount_refunded", .int(0)), ("application", .null),
            ("application_fee", .null), ("application_fee_amount", .null), ("balance_transaction", token("txn")),
            ("billing_details", .object([("address", address), ("email", .string("customer\(random() % 10_000)@example.com")),
                                         ("name", pick(["Jenny Rosen", "Alan Turing", "Grace Hopper"])), ("phone", .null)])),
            ("calculated_statement_descriptor", .string("TRIBUTARY")), ("captured", .bool(true)), ("created", .int(created)),
            ("currency", pick(["usd", "eur", "gbp"])), ("customer", token("cus")), ("description", .string("Order \(sequence)")),
            ("disputed", .bool(false)), ("failure_balance_transaction", .null), ("failure_code", .null), ("failure_message", .null),
            ("fraud_details", .object([])), ("invoice", token("in")), ("livemode", .bool(false)),
            ("metadata", .object([("order_id", .string(String(sequence))), ("channel", pick(["web", "ios", "android"]))])),
            ("on_behalf_of", .null), ("order", .null),
            ("outcome", .object([("network_status", .string("approved_by_network")), ("reason", .null),
                                 ("risk_level", .string("normal")), ("risk_score", .int(Int64(random() % 100))),
                                 ("seller_message", .string("Payment complete.")), ("type", .string("authorized"))])),
            ("paid", .bool(true)), ("payment_intent", token("pi")), ("payment_method", token("pm")),
            ("payment_method_details", .object([
                ("card", .object([
                    ("brand", pick(["visa", "mastercard", "amex"])),
                    ("checks", .object([("address_line1_check", .string("pass")), ("address_postal_code_check", .string("pass")),
                                        ("cvc_check", .string("pass"))])),
                    ("country", .string("US")), ("exp_month", .int(Int64(random() % 12 + 1))), ("exp_year", .int(2030)),
                    ("fingerprint", token("fp")), ("funding", .string("credit")), ("installments", .null),
                    ("last4", .string(String(random() % 9000 + 1000))), ("mandate", .null), ("network", .string("visa")),
                    ("three_d_secure", .null), ("wallet", .null),
                ])),
                ("type", .string("card")),
            ])),
            ("receipt_email", .null), ("receipt_number", .null),
            ("receipt_url", .string("https://pay.stripe.com/receipts/payment/\(id)")), ("refunded", .bool(false)),
            ("refunds", .object([("object", .string("list")), ("data", .array([])), ("has_more", .bool(false)),
                                 ("url", .string("/v1/charges/\(id)/refunds"))])),
            ("review", .null), ("shipping", .null), ("source_transfer", .null), ("statement_descriptor", .null),
            ("statement_descriptor_suffix", .null), ("status", .string("succeeded")), ("transfer_data", .null),
            ("transfer_group", .null),
        ])
    }
}
