import Foundation
import Synchronization
import TributaryCatalog

/// The emulator's accounts, shared by every request.
///
/// The platform is generated at start; each connected account on its first request.
final class EmulatorState: Sendable {
    let configuration: EmulatorConfiguration
    let catalog: Catalog
    let generator: AccountGenerator
    let platformID: String
    let connectedIDs: [String]
    private let accounts: Mutex<[String: AccountData]>
    /// Seconds added to the wall clock by `POST /_emulator/clock`.
    private let clockOffset = Mutex<Int64>(0)
    private let mutationCount = Mutex<Int>(0)

    init(configuration: EmulatorConfiguration, catalog: Catalog = .stripe) {
        self.configuration = configuration
        self.catalog = catalog
        let anchor = configuration.anchorTime ?? Self.todayMidnight()
        self.generator = AccountGenerator(catalog: catalog, configuration: configuration, anchor: anchor)
        var rng = SeededRandom(seed: configuration.seed, "platform")
        self.platformID = "acct_\(rng.token(16))"
        self.connectedIDs = (0..<configuration.connectedAccounts).map { _ in "acct_\(rng.token(16))" }
        let platform = generator.generate(accountID: platformID, isPlatform: true, scale: configuration.scale,
                                          connectedAccountIDs: connectedIDs)
        self.accounts = Mutex([platformID: platform])
    }

    static func todayMidnight() -> Int64 {
        let now = Int64(Date().timeIntervalSince1970)
        return now - now % 86400
    }

    /// The emulator's clock: the wall clock (never before the end of the generated history), plus any
    /// offset the admin API added.
    var now: Int64 {
        max(Int64(Date().timeIntervalSince1970), generator.anchor) + clockOffset.withLock { $0 }
    }

    func advanceClock(by seconds: Int64) {
        clockOffset.withLock { $0 += seconds }
    }

    /// Runs `body` on an account's data, generating a connected account on first use.
    func withAccount<T>(_ id: String?, _ body: (inout AccountData) throws(EmulatorError) -> T) throws(EmulatorError) -> T {
        let accountID = id ?? platformID
        if accountID != platformID {
            guard connectedIDs.contains(accountID) else { throw .noSuchAccount(accountID) }
            if accounts.withLock({ $0[accountID] == nil }) {
                let scale = max(50, Int(Double(configuration.scale) * configuration.connectedAccountShare))
                let data = generator.generate(accountID: accountID, isPlatform: false, scale: scale,
                                              connectedAccountIDs: [])
                accounts.withLock { if $0[accountID] == nil { $0[accountID] = data } }
            }
        }
        return try accounts.withLock { (all: inout [String: AccountData]) throws(EmulatorError) -> T in
            try body(&all[accountID]!)
        }
    }

    /// The next mutation's number, so that each batch of changes draws different random choices.
    func nextMutationNumber() -> Int {
        mutationCount.withLock { n in
            defer { n += 1 }
            return n
        }
    }
}
