import PostgresNIO
import Testing
import TributaryTesting

/// Says, in every test run, whether the PostgreSQL half of the conformance suite ran.
@Suite struct PostgresServerTests {
    @Test(.enabled(if: TestPostgres.shouldRun, Comment(rawValue: TestPostgres.skipReason)))
    func theTestServerAnswers() async throws {
        let version = try await TestPostgres.withConnection { connection in
            var text = ""
            for try await row in try await connection.query("SELECT version()", logger: TestPostgres.logger) {
                text = try row.decode(String.self)
            }
            return text
        }
        #expect(version.hasPrefix("PostgreSQL "))
    }
}
