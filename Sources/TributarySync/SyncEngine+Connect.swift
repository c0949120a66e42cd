import TributaryCatalog
import TributaryStripe
import TributaryWarehouse

/// Which connected accounts a source reads besides the key's own (Stripe Connect).
public enum ConnectedAccounts: Sendable, Hashable {
    /// Only the key's own account.
    case none
    /// The platform and every account `/v1/accounts` lists, read at the start of each run.
    case all
    /// The platform and these accounts.
    case only([String])
}

extension SyncEngine {
    /// The accounts a run reads: `nil` (the key's own) first, then the connected ones.
    func accountsToSync() async throws -> [String?] {
        if let account = configuration.account { return [account] }
        switch configuration.connectedAccounts {
        case .none: return [nil]
        case let .only(ids): return [nil] + ids
        case .all:
            var ids: [String] = []
            for try await page in client.list("/v1/accounts") {
                ids += page.objects.compactMap { $0["id"]?.stringValue }
            }
            return [nil] + ids
        }
    }

    /// Syncs every account of the run side by side under the client's one rate limiter; an account
    /// that fails (access revoked, say) is recorded and the others go on.
    func syncAccounts(run: RunID, startedAt: Int64) async throws {
        let accounts = try await accountsToSync()
        if accounts == [configuration.account] {
            try await sync(run: run, startedAt: startedAt)
            return
        }
        if accounts.count > 1 { progress.notice("Read \(accounts.count - 1) connected accounts besides the platform.") }
        try await withThrowingTaskGroup(of: Void.self) { group in
            var next = 0
            func start(_ group: inout ThrowingTaskGroup<Void, any Error>) {
                guard next < accounts.count else { return }
                var engine = self
                engine.configuration.account = accounts[next]
                engine.configuration.connectedAccounts = .none
                let isPlatform = next == 0
                next += 1
                group.addTask {
                    do {
                        try await engine.sync(run: run, startedAt: startedAt)
                    } catch let error as StripeError where !isPlatform {
                        // One connected account's failure is its own; the platform's fails the run.
                        engine.progress.error(SyncEngine.runError(error, collection: nil, account: engine.configuration.account))
                    }
                }
            }
            // A few accounts at once keep the limiter busy through each one's tail of small requests.
            for _ in 0..<4 { start(&group) }
            while try await group.next() != nil { start(&group) }
        }
    }
}
