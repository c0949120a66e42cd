import Testing
import TributaryWarehouse

@Suite struct WarehouseTypesTests {
    @Test(arguments: [
        ("sqlite:tributary.sqlite", DestinationURL.sqlite(path: "tributary.sqlite")),
        ("sqlite:/var/lib/t.sqlite", .sqlite(path: "/var/lib/t.sqlite")),
        ("sqlite:///var/lib/t.sqlite", .sqlite(path: "/var/lib/t.sqlite")),
        ("sqlite", .sqlite(path: "tributary.sqlite")),
    ])
    func sqliteDestinationsAreFilePaths(text: String, expected: DestinationURL) throws {
        #expect(try DestinationURL(text) == expected)
    }

    @Test func serverDestinationsKeepTheirPartsAndHideThePassword() throws {
        let url = try DestinationURL("postgres://loader:s3cr%40t@db.internal:5433/warehouse?sslmode=require")
        guard case let .postgres(endpoint) = url else {
            Issue.record("not postgres: \(url)")
            return
        }
        #expect(endpoint.host == "db.internal")
        #expect(endpoint.port == 5433)
        #expect(endpoint.user == "loader")
        #expect(endpoint.password == "s3cr@t")
        #expect(endpoint.database == "warehouse")
        #expect(endpoint.options == ["sslmode": "require"])
        #expect(url.description == "postgres://loader:***@db.internal:5433/warehouse?sslmode=require")
        #expect(!"\(url)".contains("s3cr"))
        let option = try DestinationURL("clickhouse://127.0.0.1/stripe?password=hunter2&secure=1")
        #expect(option.description == "clickhouse://127.0.0.1/stripe?password=***&secure=1")
        guard case .clickhouse = try DestinationURL("clickhouse://default@127.0.0.1:8123/stripe") else {
            Issue.record("not clickhouse")
            return
        }
    }

    @Test(arguments: ["mysql://host/db", "sqlite:", "postgres:///db", "nonsense"])
    func otherDestinationsAreRefused(text: String) {
        #expect { try DestinationURL(text) } throws: { ($0 as? WarehouseError)?.code == .invalidURL }
    }

    @Test func identifiersAreCheckedAndAlwaysQuoted() throws {
        #expect(try SQLIdentifier("order").quoted == "\"order\"")
        #expect(try SQLIdentifier("3d_secure").quoted == "\"3d_secure\"")
        for bad in ["", "a\"b", "a b", "x;drop table charges", String(repeating: "a", count: 64), "é"] {
            #expect(throws: WarehouseError.self) { try SQLIdentifier(bad) }
        }
    }
}
