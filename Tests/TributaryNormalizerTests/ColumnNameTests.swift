import Testing
@testable import TributaryNormalizer

@Suite struct ColumnNameTests {
    @Test func cleanPathsAreJoinedWithUnderscores() {
        #expect(ColumnName.make(["billing_details", "address", "city"]) == "billing_details_address_city")
    }

    @Test func longNamesKeepAPrefixAndAStableHash() {
        let path = ["payment_method_details", "card_present", "incremental_authorization_supported"]
        let name = ColumnName.make(path)
        #expect(name.utf8.count == 63)
        #expect(name == "payment_method_details_card_present_incremental_author_34442c75")
        #expect(ColumnName.make(path) == name)
    }

    @Test func unsafeCharactersAreReplacedAndHashed() {
        let name = ColumnName.make(["Weird-Key", "a.b"])
        #expect(name.hasPrefix("weird_key_a_b_"))
        #expect(ColumnName.isClean(name))
        #expect(ColumnName.make(["weird_key", "a_b"]) == "weird_key_a_b", "a clean path is never hashed")
        #expect(name != ColumnName.make(["weird.key", "a.b"]))
    }

    @Test func jsonTextIsSortedAndEscaped() {
        let value = JSONValueSamples.nested
        #expect(JSONText.of(value) == #"{"a":[1,2.5,true,null],"b":"quote \" backslash \\ newline \n tab \t bell \u0007","c":{}}"#)
    }
}

import TributaryCatalog

enum JSONValueSamples {
    static let nested = JSONValue.object([
        ("c", .object([])),
        ("b", .string("quote \" backslash \\ newline \n tab \t bell \u{7}")),
        ("a", .array([.int(1), .double(2.5), .bool(true), .null])),
    ])
}

@Suite struct FieldTableTests {
    @Test func findsEveryFieldAndNothingElse() {
        var fields: [String: FieldPlan] = [:]
        for i in 0..<200 { fields["field_\(i)"] = .column(i, .text) }
        let table = FieldTable(fields)
        for i in 0..<200 {
            guard case let .column(index, _)? = table["field_\(i)"] else {
                Issue.record("field_\(i) not found")
                continue
            }
            #expect(index == i)
        }
        #expect(table["field_200"] == nil)
        #expect(table[""] == nil)
        #expect(FieldTable([:])["id"] == nil)
        #expect(table.all.count == 200)
    }
}
