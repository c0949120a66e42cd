import Testing
import TributaryConfig

@Suite struct SourceRulesTests {
    /// A file with sources `shop-a` and `shop-b` and the given schema and prefix lines for each.
    func twoSources(_ a: String, _ b: String, names: (String, String) = ("shop-a", "shop-b")) -> String {
        """
        destination: sqlite:t.sqlite
        sources:
          - name: \(names.0)
            api_key: ${STRIPE_API_KEY}
        \(a)
          - name: \(names.1)
            api_key: ${STRIPE_API_KEY}
        \(b)
        """
    }

    @Test func sameSchemaWithDifferentPrefixesIsAccepted() throws {
        let config = try Fixture.parse(twoSources("    schema: stripe\n    table_prefix: a_", "    schema: stripe\n    table_prefix: b_"))
        #expect(config.sources.map(\.namespace.tablePrefix) == ["a_", "b_"])
        #expect(config.sources.allSatisfy { $0.namespace.schema == "stripe" })
        _ = try Fixture.parse(twoSources("    schema: one", "    schema: two"))
    }

    @Test func sameSchemaAndPrefixTwiceIsRefused() throws {
        let error = try #require(Fixture.error(twoSources("    schema: stripe\n    table_prefix: x_", "    schema: stripe\n    table_prefix: x_")))
        #expect(error.code == .namespaceConflict)
        #expect(error.line == 10)
        #expect(error.message.contains("shop-a") && error.message.contains("shop-b") && error.message.contains("table_prefix"))
        let defaults = try #require(Fixture.error(twoSources("", "")))
        #expect(defaults.code == .namespaceConflict)
    }

    @Test func duplicateSourceNamesAreRefused() throws {
        let error = try #require(Fixture.error(twoSources("    table_prefix: a_", "    table_prefix: b_", names: ("shop", "shop"))))
        #expect(error.code == .duplicateSource)
        #expect(error.line == 6)
        #expect(error.message.contains("shop") && error.message.contains("line 3"))
    }

    @Test func badSchemaPrefixAndNameAreRefused() throws {
        let cases: [(String, ConfigError.Code, Int)] = [
            ("    schema: stripe-data", .invalidIdentifier, 5),
            ("    schema: \"drop table x;\"", .invalidIdentifier, 5),
            ("    schema: \"\"", .invalidIdentifier, 5),
            ("    table_prefix: stripe.", .invalidIdentifier, 5),
            ("    table_prefix: \"a b\"", .invalidIdentifier, 5),
            ("    table_prefix: \(String(repeating: "p", count: 40))", .invalidIdentifier, 5),
            ("    schema: [a, b]", .wrongType, 5),
        ]
        for (line, code, number) in cases {
            let error = try #require(Fixture.error(Fixture.oneSource(line)), "\(line)")
            #expect(error.code == code, "\(line)")
            #expect(error.line == number, "\(line)")
        }
        let name = try #require(Fixture.error("destination: sqlite:t\nsources:\n  - name: my shop\n    api_key: ${STRIPE_API_KEY}\n"))
        #expect(name.code == .invalidIdentifier && name.line == 3)
        let long = try #require(Fixture.error(Fixture.oneSource("    schema: \(String(repeating: "s", count: 30))\n    table_prefix: p_")))
        #expect(long.code == .invalidIdentifier && long.message.contains("63"), "SQLite puts the schema in front of the name")
    }

    @Test func unknownCollectionsGetASuggestion() throws {
        let error = try #require(Fixture.error(Fixture.oneSource("    collections: [customers, chargse]")))
        #expect(error.code == .unknownCollection)
        #expect(error.line == 5)
        #expect(error.message.contains("'chargse'") && error.message.contains("did you mean 'charges'?"))
        let nested = try #require(Fixture.error(Fixture.oneSource("    collections:\n      exclude:\n        - invoice_line\n")))
        #expect(nested.code == .unknownCollection && nested.line == 7 && nested.message.contains("invoice_lines"))
        let child = try #require(Fixture.error(Fixture.oneSource("    collections: [discounts]")))
        #expect(child.code == .unknownCollection && child.message.contains("customers"))
        let none = try #require(Fixture.error(Fixture.oneSource("    collections: {include: [charges], exclude: [charges]}")))
        #expect(none.code == .invalidValue && none.message.contains("no collection"))
    }

    @Test func unknownKeysGetASuggestion() throws {
        let error = try #require(Fixture.error(Fixture.oneSource("    tabel_prefix: x_")))
        #expect(error.code == .unknownKey && error.line == 5 && error.message.contains("did you mean 'table_prefix'?"))
        let alias = try #require(Fixture.error(Fixture.oneSource("    columns:\n      charges:\n        exclude_columns: [amount]")))
        #expect(alias.code == .unknownKey && alias.line == 7 && alias.message.contains("'exclude'"))
        let top = try #require(Fixture.error("destinaton: sqlite:t\nsources: []\n"))
        #expect(top.code == .unknownKey && top.line == 1 && top.message.contains("'destination'"))
    }

    @Test func columnRulesAreCheckedAgainstTheTables() throws {
        let unknown = try #require(Fixture.error(Fixture.oneSource("""
                columns:
                  charges:
                    exclude: [receipt_email, billing_details_emial]
            """)))
        #expect(unknown.code == .unknownColumn && unknown.line == 7)
        #expect(unknown.message.contains("did you mean 'billing_details_email'?"))
        let table = try #require(Fixture.error(Fixture.oneSource("    mapping:\n      chrages:\n        decimal_amounts: [amount]")))
        #expect(table.code == .unknownTable && table.line == 6 && table.message.contains("'charges'"))
        let key = try #require(Fixture.error(Fixture.oneSource("""
                hash_salt: ${TRIBUTARY_HASH_SALT}
                columns:
                  invoice_lines:
                    hash:
                      - description
                      - invoice_id
            """)))
        #expect(key.code == .protectedColumn && key.line == 10 && key.message.contains("invoice_id"))
        let rename = try #require(Fixture.error(Fixture.oneSource("    mapping:\n      charges:\n        rename:\n          amount: currency")))
        #expect(rename.code == .invalidMapping && rename.message.contains("currency"))
    }

    @Test func connectedAccountsAlertsAndSharesAreChecked() throws {
        let cases: [(String, ConfigError.Code, Int)] = [
            ("    connected_accounts: some", .invalidValue, 5),
            ("    connected_accounts: [acct_1A, cus_1B]", .invalidValue, 5),
            ("    connected_accounts:\n      - acct_1A\n      - acct_1A", .invalidValue, 7),
            ("    alerts: {on: [failed]}", .missingKey, 5),
            ("    alerts:\n      webhook: not a url\n", .invalidValue, 6),
            ("    alerts:\n      webhook: https://hooks.example.com/x\n      on: [faild]", .invalidValue, 7),
            ("    max_rejected_share: 1.5", .invalidValue, 5),
            ("    max_rejected_share: lots", .invalidValue, 5),
            ("    max_rps: 0", .invalidValue, 5),
            ("    rollback_runs: 0", .invalidValue, 5),
            ("    rollback_runs: 2.5", .invalidValue, 5),
            ("    schedule: sometimes", .invalidSchedule, 5),
        ]
        for (line, code, number) in cases {
            let error = try #require(Fixture.error(Fixture.oneSource(line)), "\(line)")
            #expect(error.code == code, "\(line): \(error)")
            #expect(error.line == number, "\(line): \(error)")
        }
        let alerts = try #require(try Fixture.parse(Fixture.oneSource("""
                alerts:
                  - webhook: https://hooks.example.com/a
                  - webhook: https://hooks.example.com/b
                    on: [succeeded, partial]
            """)).sources.first?.alerts)
        #expect(alerts.map(\.on) == [[.failed, .partial], [.succeeded, .partial]])
    }
}
