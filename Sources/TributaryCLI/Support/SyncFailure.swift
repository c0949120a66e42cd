import TributaryStripe
import TributarySync
import TributaryWarehouse

/// One sentence for why a run could not go on, naming the fix where there is one.
enum SyncFailure {
    static func sentence(for error: any Error) -> String {
        if let error = error as? CLIError { return error.message }
        if let error = error as? StripeError {
            let request = error.requestId.map { " (Stripe request \($0))" } ?? ""
            switch error.code {
            case .authentication:
                return "Stripe refused the key: check that it is a current secret or restricted key of this account\(request)."
            case .permission:
                return "The key may not read what this run needs\(error.missingPermission.map { " (it lacks \($0))" } ?? ""); grant it or leave the collection out with --collections\(request)."
            case .transport, .timeout:
                return "Cannot reach Stripe at the configured address: \(error.message)."
            case .rateLimited:
                return "Stripe kept answering 429 Too Many Requests after every retry; lower --max-rps or stop other clients of this key\(request)."
            default:
                return "Stripe answered an error: \(error.message)\(request)."
            }
        }
        if let error = error as? WarehouseError { return "The destination failed: \(error.message)." }
        if let error = error as? SyncError { return error.message }
        return "The run failed: \(error)."
    }
}
