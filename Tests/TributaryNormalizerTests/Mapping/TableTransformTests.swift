import Testing
import TributaryCatalog
import TributaryTesting
import TributaryNormalizer

@Suite struct TableTransformTests {
    let normalizer = Normalizer()
    let context = NormalizeContext(syncedAt: 1_700_000_000)
    let salt = HashSalt("0123456789abcdef-test-salt")

    func charges() throws -> TableSchema { try #require(normalizer.table(named: "charges")) }

    func chargeRow(currency: String = "usd") throws -> Row {
        var charge = StripeExamples.charge
        if case let .object(members) = charge {
            charge = .object(members.map { $0.0 == "currency" ? ($0.0, .string(currency)) : $0 })
        }
        return try #require(try normalizer.normalize(charge, collection: "charges", context: context).rows.first)
    }

    /// Every value of the row fits the column of the same name in the schema.
    func expectConsistent(_ row: Row, _ schema: TableSchema) {
        for (column, value) in zip(row.columns.columns, row.values) {
            guard let declared = schema.column(column.name) else {
                Issue.record("row column \(column.name) is not in the transformed schema")
                continue
            }
            #expect(column.type == declared.type, "\(column.name)")
            if let type = value.type { #expect(declared.type.holds(type), "\(column.name)") }
        }
    }

    @Test func excludeHashRenameAndDecimalOnARealCharge() throws {
        let schema = try charges()
        let transform = try TableTransform(
            schema: schema,
            rules: ColumnRules(exclude: ["billing_details.address"], hash: ["billing_details_email"]),
            mapping: TableMapping(rename: ["amount": "amount_minor"], decimalAmounts: ["amount", "amount_refunded"]),
            salt: salt)
        let row = try chargeRow()
        let out = try #require(transform.apply(to: [row]).first)

        #expect(row["billing_details_address_city"] == .text("San Francisco"))
        for column in out.columns.names { #expect(!column.hasPrefix("billing_details_address"), "\(column) was excluded") }
        #expect(out["billing_details_email"] == .text(salt.hash("jenny.rosen@example.com")))
        #expect(out["billing_details_name"] == .text("Jenny Rosen"))
        #expect(out["amount"] == nil)
        #expect(out["amount_minor"] == .integer(1099))
        #expect(out["amount_minor_decimal"] == .real(10.99))
        #expect(out["amount_refunded_decimal"] == .real(0))
        #expect(out["id"] == row["id"])
        #expect(out[SystemColumn.syncedAt] == row[SystemColumn.syncedAt])

        let table = transform.apply(to: schema)
        #expect(table.column("amount") == nil)
        #expect(table.column("billing_details_address_city") == nil)
        #expect(table.column("billing_details_email")?.type == .text)
        #expect(table.column("amount_minor")?.type == .integer)
        #expect(table.column("amount_minor_decimal")?.type == .real)
        let names = table.columns.map(\.name)
        #expect(names.firstIndex(of: "amount_minor_decimal") == names.firstIndex(of: "amount_minor").map { $0 + 1 })
        #expect(table.primaryKey == schema.primaryKey)
        expectConsistent(out, table)
    }

    @Test func hashIsSaltedSHA256HexAndNullStaysNull() throws {
        // SHA-256("abc"), split between salt and value.
        #expect(HashSalt("ab").hash("c") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let transform = try TableTransform(schema: try charges(), rules: ColumnRules(hash: ["customer", "amount", "metadata"]),
                                           salt: salt)
        let row = try chargeRow()
        let out = try #require(transform.apply(to: [row]).first)
        #expect(row["customer"] == .null)
        #expect(out["customer"] == .null)
        #expect(out["amount"] == .text(salt.hash("1099")))
        #expect(out["metadata"] == .text(salt.hash(#"{"order_id":"6735"}"#)))
        #expect(out["amount"] != .text(HashSalt("another-salt-of-16+").hash("1099")))
        #expect("\(salt)" == "****" && String(reflecting: salt) == "HashSalt(****)")
    }

    @Test(arguments: [("usd", 10.99), ("jpy", 1099.0), ("JPY", 1099.0), ("kwd", 1.099), ("bhd", 1.099), ("xof", 1099.0),
                      ("eur", 10.99)])
    func decimalUsesTheCurrencysExponent(currency: String, expected: Double) throws {
        let transform = try TableTransform(schema: try charges(), mapping: TableMapping(decimalAmounts: ["amount"]))
        let out = try #require(transform.apply(to: [try chargeRow(currency: currency)]).first)
        #expect(out["amount"] == .integer(1099))
        #expect(out["amount_decimal"] == .real(expected))
        #expect(CurrencyExponent.of(currency) == [10.99: 2, 1099.0: 0, 1.099: 3][expected])
    }

    /// The code of the error making the transform throws, or `nil` if it is accepted.
    func code(_ rules: ColumnRules = ColumnRules(), _ mapping: TableMapping = TableMapping(), salt: HashSalt? = nil,
              table: String = "charges") -> MappingError.Code? {
        do throws(MappingError) {
            _ = try TableTransform(schema: normalizer.table(named: table)!, rules: rules, mapping: mapping, salt: salt)
            return nil
        } catch { return error.code }
    }

    @Test func keyParentAndSystemColumnsAreRefused() throws {
        let attempts: [(String, ColumnRules, TableMapping)] = [
            ("charges", ColumnRules(exclude: ["id"]), TableMapping()),
            ("charges", ColumnRules(hash: ["id"]), TableMapping()),
            ("charges", ColumnRules(exclude: [SystemColumn.syncedAt]), TableMapping()),
            ("charges", ColumnRules(hash: [SystemColumn.account]), TableMapping()),
            ("charges", ColumnRules(exclude: [SystemColumn.runID]), TableMapping()),
            ("charges", ColumnRules(), TableMapping(rename: ["id": "charge_id"])),
            ("charges", ColumnRules(), TableMapping(rename: [SystemColumn.deleted: "deleted"])),
            ("invoice_lines", ColumnRules(exclude: ["invoice_id"]), TableMapping()),
            ("invoice_lines", ColumnRules(hash: ["invoice_id"]), TableMapping()),
            ("balance_transaction_fee_details", ColumnRules(exclude: [SystemColumn.position]), TableMapping()),
        ]
        for (table, rules, mapping) in attempts {
            #expect(code(rules, mapping, salt: salt, table: table) == .protectedColumn, "\(table) \(rules) \(mapping)")
        }
    }

    @Test func contradictoryOrImpossibleRulesAreRefused() throws {
        #expect(code(ColumnRules(exclude: ["emial"])) == .unknownColumn)
        #expect(code(ColumnRules(exclude: ["metadata.order_id"])) == .unknownColumn)
        #expect(code(ColumnRules(hash: ["receipt_email"])) == .missingSalt)
        #expect(code(ColumnRules(exclude: ["receipt_email"], hash: ["receipt_email"]), salt: salt) == .conflictingRules)
        #expect(code(ColumnRules(exclude: ["billing_details"], hash: ["billing_details_email"]), salt: salt) == .conflictingRules)
        #expect(code(ColumnRules(exclude: ["amount"]), TableMapping(rename: ["amount": "cents"])) == .conflictingRules)
        #expect(code(ColumnRules(hash: ["amount"]), TableMapping(decimalAmounts: ["amount"]), salt: salt) == .conflictingRules)
        #expect(code(TableMapping(rename: ["amount": "currency"])) == .nameCollision)
        #expect(code(TableMapping(rename: ["amount": "Amount!"])) == .invalidName)
        #expect(code(TableMapping(rename: ["amount": "_tributary_amount"])) == .invalidName)
        #expect(code(TableMapping(rename: ["amount": "amount_captured_decimal"], decimalAmounts: ["amount_captured"])) == .nameCollision)
        #expect(code(TableMapping(decimalAmounts: ["currency"])) == .notAnAmount)
        #expect(code(TableMapping(decimalAmounts: ["created"])) == .notAnAmount)
        #expect(code(TableMapping(decimalAmounts: ["created"]), table: "products") == .noCurrency)
        #expect(code(ColumnRules(exclude: ["billing_details"]), TableMapping(rename: ["amount": "amount_minor"], decimalAmounts: ["amount"])) == nil)
    }

    func code(_ mapping: TableMapping, salt: HashSalt? = nil, table: String = "charges") -> MappingError.Code? {
        code(ColumnRules(), mapping, salt: salt, table: table)
    }

    @Test func rowsSharingAColumnListStillShareOne() throws {
        var second = StripeExamples.charge
        if case let .object(members) = second { second = .object(members.map { $0.0 == "id" ? ($0.0, .string("ch_second")) : $0 }) }
        let batch = try normalizer.normalize([StripeExamples.charge, second], collection: "charges", context: context)
        try #require(batch.rows.count == 2 && batch.rows[0].columns === batch.rows[1].columns)
        let transforms = try TransformSet(rules: ["charges": ColumnRules(exclude: ["outcome"])],
                                          mappings: ["charges": TableMapping(decimalAmounts: ["amount"])],
                                          salt: nil, normalizer: normalizer)
        let out = transforms.apply(to: batch)
        #expect(out.rows.count == 2)
        #expect(out.rows[0].columns === out.rows[1].columns)
        #expect(out.rows.map { $0["id"] } == [.text("ch_3MmlLrLkdIwHu7ix0snN0B15"), .text("ch_second")])
        #expect(out.rows.allSatisfy { $0["outcome_risk_level"] == nil && $0["amount_decimal"] == .real(10.99) })
        #expect(transforms.apply(to: normalizer.tables(for: "charges"))[0].column("outcome_type") == nil)
    }

    @Test func otherTablesPassUnchangedAndRejectsLoseHiddenFields() throws {
        var broken = StripeExamples.charge
        if case let .object(members) = broken { broken = .object(members.filter { $0.0 != "id" }) }
        let batch = try normalizer.normalize([broken], collection: "charges", context: context)
        try #require(batch.rejects.count == 1 && batch.rejects[0].rawJSON.contains("jenny.rosen@example.com"))
        let transforms = try TransformSet(rules: ["charges": ColumnRules(exclude: ["billing_details.address"],
                                                                         hash: ["billing_details_email"])],
                                          mappings: [:], salt: salt, normalizer: normalizer)
        let reject = transforms.apply(to: batch).rejects[0]
        #expect(!reject.rawJSON.contains("jenny.rosen@example.com"))
        #expect(!reject.rawJSON.contains("San Francisco"))
        #expect(reject.rawJSON.contains("Jenny Rosen"))

        let customer = try normalizer.normalize(StripeExamples.customer, collection: "customers", context: context)
        let same = transforms.apply(to: customer)
        #expect(same.rows.map(\.values) == customer.rows.map(\.values))
        #expect(transforms.apply(to: try #require(normalizer.table(named: "customers"))) == normalizer.table(named: "customers"))
    }

    @Test func unknownTablesAreRefusedBySets() {
        #expect(throws: MappingError.self) {
            _ = try TransformSet(rules: ["chargez": ColumnRules(exclude: ["amount"])], mappings: [:], salt: nil, normalizer: normalizer)
        }
    }
}
