import Foundation
import TributaryStripe
import TributarySync

/// Shows a run's progress while it goes: one line redrawn in place on a terminal, a plain line every
/// few seconds otherwise (logs, CI).
struct ProgressReporter: Sendable {
    let progress: SyncProgress
    let client: StripeClient
    /// Whether standard error is a terminal.
    let interactive: Bool

    init(progress: SyncProgress, client: StripeClient) {
        self.progress = progress
        self.client = client
        self.interactive = isatty(STDERR_FILENO) == 1
    }

    /// Reports until cancelled.
    func run(totalCollections: Int) async {
        let started = ContinuousClock.now
        let interval: Duration = interactive ? .milliseconds(500) : .seconds(10)
        let baseline = await client.metrics()
        var lastRead = 0
        var lastRequests = 0
        var lastTime = started
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            let now = ContinuousClock.now
            let snapshot = progress.snapshot
            let metrics = await client.metrics()
            let seconds = max(0.001, (now - lastTime) / .seconds(1))
            let read = snapshot.totalRead
            let requests = metrics.requests - baseline.requests
            let line = String(format: "%@ %6.0fs  %@ objects  %@/s  %@ requests  %.0f req/s  %@ × 429  %d/%d collections",
                              snapshot.phase.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0),
                              (now - started) / .seconds(1), Format.count(read), Format.count(Int(Double(read - lastRead) / seconds)),
                              Format.count(requests), Double(requests - lastRequests) / seconds,
                              Format.count(metrics.rateLimited - baseline.rateLimited), snapshot.completed.count, totalCollections)
            if interactive {
                FileHandle.standardError.write(Data(("\r\u{1B}[2K" + line).utf8))
            } else {
                FileHandle.standardError.write(Data((line + "\n").utf8))
            }
            lastRead = read
            lastRequests = requests
            lastTime = now
        }
        if interactive { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
    }
}

/// Numbers as people read them.
enum Format {
    /// `12,345`.
    static func count(_ n: Int) -> String {
        let digits = String(abs(n))
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return (n < 0 ? "-" : "") + out
    }

    /// `12.3 s`.
    static func seconds(_ s: Double) -> String { String(format: "%.1f s", s) }
}
