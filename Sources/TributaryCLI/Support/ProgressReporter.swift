import Foundation
import Logging
import TributaryStripe
import TributarySync

/// Shows a run's progress while it goes: on a terminal, a block of lines redrawn in place (the run, then
/// one line per table being written); otherwise a plain log line every few seconds through swift-log.
struct ProgressReporter: Sendable {
    let progress: SyncProgress
    let client: StripeClient
    /// Whether standard error is a terminal.
    let interactive: Bool
    let logger: Logger

    init(progress: SyncProgress, client: StripeClient, interactive: Bool = Terminal.errorIsInteractive,
         logger: Logger = Logger(label: "tributary.progress")) {
        self.progress = progress
        self.client = client
        self.interactive = interactive
        self.logger = logger
    }

    /// Reports until cancelled; off a terminal, the last line is logged even for a run shorter than the
    /// interval, so every run leaves at least one.
    func run(totalCollections: Int) async {
        let started = ContinuousClock.now
        let interval: Duration = interactive ? .milliseconds(500) : .seconds(10)
        let baseline = await client.metrics()
        var previous = ProgressFrame.Counts()
        var lastTime = started
        var drawn = 0
        while true {
            try? await Task.sleep(for: interval)
            let done = Task.isCancelled
            let now = ContinuousClock.now
            let metrics = await client.metrics()
            let current = ProgressFrame.Counts(snapshot: progress.snapshot, requests: metrics.requests - baseline.requests,
                                               rateLimited: metrics.rateLimited - baseline.rateLimited)
            let frame = ProgressFrame(current: current, previous: previous, elapsed: (now - started) / .seconds(1),
                                      interval: max(0.001, (now - lastTime) / .seconds(1)), totalCollections: totalCollections)
            if interactive {
                // The summary that follows says it all: the block is cleared at the end.
                drawn = Self.redraw(done ? [] : frame.lines(), over: drawn)
            } else {
                logger.notice("\(frame.headline)")
            }
            if done { return }
            previous = current
            lastTime = now
        }
    }

    /// Draws `lines` in place of the `drawn` lines above the cursor; returns how many lines are drawn.
    static func redraw(_ lines: [String], over drawn: Int) -> Int {
        var text = drawn > 0 ? "\u{1B}[\(drawn)A" : ""
        for line in lines { text += "\r\u{1B}[2K" + line + "\n" }
        for _ in lines.count..<max(drawn, lines.count) { text += "\r\u{1B}[2K\n" }
        let total = max(drawn, lines.count)
        if lines.isEmpty, total > 0 { text += "\u{1B}[\(total)A" }
        FileHandle.standardError.write(Data(text.utf8))
        return lines.isEmpty ? 0 : total
    }
}

/// One moment of a run's progress as text: a headline (phase, rows, rows/s, requests, 429s absorbed,
/// collections done) and one line per table with its rows and rows/s.
struct ProgressFrame: Sendable {
    /// The counters a frame is made from.
    struct Counts: Sendable {
        /// Rows written (inserted, updated or deleted) per table.
        var rows: [String: Int] = [:]
        var requests = 0
        var rateLimited = 0
        var completed = 0
        var phase = "starting"

        init() {}

        init(snapshot: SyncProgress.Snapshot, requests: Int, rateLimited: Int) {
            rows = snapshot.tables.mapValues { $0.inserted + $0.updated + $0.deleted }
            self.requests = requests
            self.rateLimited = rateLimited
            completed = snapshot.completed.count
            phase = snapshot.phase.rawValue
        }

        var totalRows: Int { rows.values.reduce(0, +) }
    }

    let current: Counts
    let previous: Counts
    /// Seconds since the run started.
    let elapsed: Double
    /// Seconds since the previous frame.
    let interval: Double
    let totalCollections: Int
    /// Tables shown at most; the rest are summed in one line.
    var maxTables = 12

    /// `backfill  12s  3,400 rows  280 rows/s  120 requests  9.8 req/s  0 × 429 absorbed  12/40 collections`.
    var headline: String {
        let rowRate = Double(current.totalRows - previous.totalRows) / interval
        let requestRate = Double(current.requests - previous.requests) / interval
        return String(format: "%@ %5.0fs  %@ rows  %@ rows/s  %@ requests  %.1f req/s  %@ × 429 absorbed  %d/%d collections",
                      current.phase.padding(toLength: 9, withPad: " ", startingAt: 0), elapsed,
                      Format.count(current.totalRows), Format.count(Int(rowRate)), Format.count(current.requests),
                      requestRate, Format.count(current.rateLimited), current.completed, totalCollections)
    }

    /// The headline, then the busiest tables: those written to since the last frame first, then by rows.
    func lines() -> [String] {
        let tables = current.rows.keys.sorted { a, b in
            let (da, db) = (delta(a), delta(b))
            if da != db { return da > db }
            if current.rows[a]! != current.rows[b]! { return current.rows[a]! > current.rows[b]! }
            return a < b
        }
        let width = min(40, (tables.prefix(maxTables).map(\.count).max() ?? 0) + 2)
        var lines = [headline]
        for table in tables.prefix(maxTables) {
            let name = table.count >= width ? table : table + String(repeating: " ", count: width - table.count)
            lines.append("  \(name)\(pad(Format.count(current.rows[table] ?? 0), 10)) rows \(pad(Format.count(Int(Double(delta(table)) / interval)), 8)) rows/s")
        }
        if tables.count > maxTables {
            let rest = tables.dropFirst(maxTables).reduce(0) { $0 + (current.rows[$1] ?? 0) }
            lines.append("  … \(tables.count - maxTables) more tables, \(Format.count(rest)) rows")
        }
        return lines
    }

    private func delta(_ table: String) -> Int { (current.rows[table] ?? 0) - (previous.rows[table] ?? 0) }

    private func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
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

    /// `2024-05-01 12:00:00` in UTC.
    static func time(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return formatter.string(from: date)
    }
}
