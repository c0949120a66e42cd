import Foundation
import GRDB
import Testing
import TributaryCatalog
import TributaryEmulator
import TributaryTesting

/// An emulator in this process, a workspace for the executable, and what tests ask of both.
struct CLIFixture: Sendable {
    let emulator: RunningEmulator
    let workspace: CLIWorkspace

    /// The environment a user of the emulator has: the secret key in `STRIPE_API_KEY`.
    var environment: [String: String] { ["STRIPE_API_KEY": emulator.secretKey] }

    /// Runs the executable in the workspace with the emulator's key (or `environment`).
    func tributary(_ arguments: String..., environment: [String: String]? = nil, input: String? = nil) async throws -> CLIResult {
        try await workspace.run(arguments, environment: environment ?? self.environment, input: input)
    }

    /// A configuration with the given sources, each a block of keys indented under `- name:`.
    func config(destination: String = "sqlite:warehouse.sqlite", sources: [(name: String, keys: String)]) -> String {
        var text = "destination: \(destination)\nsources:\n"
        for source in sources {
            text += "  - name: \(source.name)\n    api_key: ${STRIPE_API_KEY}\n    base_url: \(emulator.baseURL)\n    max_rps: 2000\n"
            for line in source.keys.split(separator: "\n", omittingEmptySubsequences: false) where !line.isEmpty {
                text += "    \(line)\n"
            }
        }
        return text
    }

    /// The SQLite file the default configuration writes.
    var database: String { workspace.path("warehouse.sqlite") }

    /// Reads the warehouse.
    func read<T: Sendable>(_ path: String? = nil, _ body: @Sendable (Database) throws -> T) throws -> T {
        let queue = try DatabaseQueue(path: path ?? database)
        defer { try? queue.close() }
        return try queue.read(body)
    }

    /// The names of the tables in the warehouse.
    func tables(_ path: String? = nil) throws -> Set<String> {
        Set(try read(path) { db in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'") })
    }

    /// The emulator's live ids of a collection.
    func truth(_ collection: String, account: String? = nil) async throws -> Set<String> {
        let json = try await rawRequest(emulator.baseURL + "/_emulator/truth?collection=\(collection)" + (account.map { "&account=\($0)" } ?? ""),
                                        headers: [bearerAuth(emulator.secretKey)]).json
        return Set((json["ids"]?.arrayValue ?? []).compactMap(\.stringValue))
    }

    /// Sends an admin request to the emulator (`mutate?n=…`).
    @discardableResult
    func admin(_ pathAndQuery: String) async throws -> JSONValue {
        try await rawRequest(emulator.baseURL + "/_emulator/" + pathAndQuery, method: .POST,
                             headers: [bearerAuth(emulator.secretKey)]).json
    }

    /// Every table whose name starts with `prefix`, as its rows' `quote()`d columns (all of them), ordered
    /// by key: what "the same tables" means, to the last bit.
    func checksums(prefix: String) throws -> [String: [String]] {
        try read { db in
            var result: [String: [String]] = [:]
            let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND substr(name, 1, ?) = ?",
                                             arguments: [prefix.count, prefix])
            for table in tables {
                let columns = try db.columns(in: table)
                let key = columns.filter { $0.primaryKeyIndex > 0 }.sorted { $0.primaryKeyIndex < $1.primaryKeyIndex }
                    .map { "\"\($0.name)\"" }.joined(separator: ", ")
                let values = columns.map { "quote(\"\($0.name)\")" }.joined(separator: " || ',' || ")
                result[table] = try String.fetchAll(db, sql: "SELECT \(values) FROM \"\(table)\" ORDER BY \(key)")
            }
            return result
        }
    }

    /// The live ids a table holds, of one account (`nil`: the platform's).
    func live(_ table: String, account: String? = nil) throws -> Set<String> {
        Set(try read { db in
            try String.fetchAll(db, sql: "SELECT id FROM \"\(table)\" WHERE _tributary_deleted = 0 AND _tributary_account IS ?",
                                arguments: [account])
        })
    }
}

/// Runs `body` with an emulator of a few hundred objects and an empty workspace.
func withCLIFixture<T: Sendable>(_ configure: @escaping (inout EmulatorConfiguration) -> Void = { _ in },
                                 _ body: @Sendable (CLIFixture) async throws -> T) async throws -> T {
    try await CLIWorkspace.with { workspace in
        try await withEmulator({ configuration in
            configuration.scale = 300
            configuration.connectedAccounts = 0
            configure(&configuration)
        }) { emulator in
            try await body(CLIFixture(emulator: emulator, workspace: workspace))
        }
    }
}

/// The JSON a command printed.
func json(_ result: CLIResult) throws -> JSONValue {
    try JSONValue(parsing: Array(result.stdout.utf8))
}
