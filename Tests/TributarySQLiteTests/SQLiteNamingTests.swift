import Testing
import TributaryWarehouse
@testable import TributarySQLite

@Suite struct SQLiteNamingTests {
    @Test func mainSchemaUsesThePrefixAlone() throws {
        let namespace = try Namespace(source: "shop", schema: "main", tablePrefix: "stripe_")
        #expect(try SQLiteNaming.table("charges", in: namespace).name == "stripe_charges")
    }

    @Test func otherSchemasComeFirstWithTwoUnderscores() throws {
        let namespace = try Namespace(source: "eu", schema: "eu", tablePrefix: "")
        #expect(try SQLiteNaming.table("charges", in: namespace).quoted == "\"eu__charges\"")
    }

    @Test func unsafeSchemasAndPrefixesAreRefused() {
        #expect(throws: WarehouseError.self) { try Namespace(schema: "main\"; drop table x; --") }
        #expect(throws: WarehouseError.self) { try Namespace(tablePrefix: "a b") }
        #expect(throws: WarehouseError.self) { try Namespace(schema: "") }
    }
}
