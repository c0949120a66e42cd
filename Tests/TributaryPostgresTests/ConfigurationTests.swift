import Testing
import TributaryWarehouse
@testable import TributaryPostgres

@Suite struct ConfigurationTests {
    func configuration(_ url: String) throws -> PostgresDestination.Configuration {
        guard case let .postgres(endpoint) = try DestinationURL(url) else { throw WarehouseError(.invalidURL, "not postgres") }
        return try PostgresDestination.Configuration(endpoint)
    }

    @Test func aURLGivesEveryPart() throws {
        let c = try configuration("postgres://loader:s3cr%40t@db.internal:5433/warehouse?sslmode=verify-full&system_schema=ops&application_name=etl&connect_timeout=3")
        #expect(c.host == "db.internal")
        #expect(c.port == 5433)
        #expect(c.user == "loader")
        #expect(c.password == "s3cr@t")
        #expect(c.database == "warehouse")
        #expect(c.tls == .verifyFull)
        #expect(c.systemSchema == "ops")
        #expect(c.applicationName == "etl")
        #expect(c.connectTimeout == .seconds(3))
    }

    @Test func defaultsFollowLibpq() throws {
        let c = try configuration("postgres://db.internal/warehouse")
        #expect(c.port == 5432)
        #expect(c.user == "postgres")
        #expect(c.tls == .prefer)
        #expect(c.systemSchema == "public")
        #expect(try configuration("postgres://h/db?sslmode=allow").tls == .prefer)
        #expect(try configuration("postgres://h/db?host=/var/run/postgresql").unixSocketPath == "/var/run/postgresql/.s.PGSQL.5432")
    }

    @Test func connectionsAndSynchronousCommit() throws {
        let defaults = try configuration("postgres://h/db")
        #expect(defaults.connections == PostgresDestination.Configuration.defaultConnections)
        #expect(defaults.synchronousCommit == false)
        let set = try configuration("postgres://h/db?connections=2&synchronous_commit=on")
        #expect(set.connections == 2)
        #expect(set.synchronousCommit)
        #expect(try configuration("postgres://h/db?synchronous_commit=OFF").synchronousCommit == false)
        for bad in ["connections=0", "connections=65", "connections=many", "synchronous_commit=local"] {
            #expect(throws: WarehouseError.self, "\(bad)") { try configuration("postgres://h/db?\(bad)") }
        }
    }

    @Test func badOptionsAreRefused() {
        #expect { try configuration("postgres://h/db?sslmode=sometimes") } throws: { ($0 as? WarehouseError)?.code == .invalidURL }
        #expect { try configuration("postgres://h/db?system_schema=a;b") } throws: { ($0 as? WarehouseError)?.code == .invalidIdentifier }
        #expect { try configuration("postgres://h/db?connect_timeout=soon") } throws: { ($0 as? WarehouseError)?.code == .invalidURL }
    }

    @Test func thePasswordIsNeverShown() throws {
        let c = try configuration("postgres://loader:hunter2-secret@db.internal/warehouse")
        for text in ["\(c)", String(reflecting: c), String(describing: Mirror(reflecting: c).children.map { "\($0.value)" })] {
            #expect(!text.contains("hunter2"), "\(text)")
        }
        #expect("\(c)".contains("loader:***@db.internal"))
    }

    @Test func theDefaultSchemaIsPublic() throws {
        #expect(try PostgresNaming.table("charges", in: try Namespace(source: "s")).quoted == #""public"."charges""#)
        #expect(try PostgresNaming.table("charges", in: try Namespace(source: "s", schema: "stripe", tablePrefix: "eu_")).quoted
            == #""stripe"."eu_charges""#)
        #expect(PostgresNaming.logical("eu_charges", in: try Namespace(source: "s", schema: "stripe", tablePrefix: "eu_")) == "charges")
    }

    @Test func backoffDoublesUpToItsLimit() {
        let retry = PostgresDestination.Configuration.Retry(attempts: 5, initialBackoff: .milliseconds(100), maxBackoff: .milliseconds(300))
        #expect((.milliseconds(75)...(.milliseconds(100))).contains(retry.backoff(after: 1)))
        #expect((.milliseconds(150)...(.milliseconds(200))).contains(retry.backoff(after: 2)))
        #expect((.milliseconds(225)...(.milliseconds(300))).contains(retry.backoff(after: 5)))
    }
}
