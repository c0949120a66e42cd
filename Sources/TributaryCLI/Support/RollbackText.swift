import TributaryWarehouse

/// What `tributary rollback` says before and after.
enum RollbackText {
    /// `runs 5 and 6 of source 'us' …`, for the question.
    static func plan(_ summary: RollbackSummary, source: String, url: DestinationURL) -> String {
        let total = summary.total
        return "undo \(runs(summary.runs)) of source '\(source)' in \(url): remove \(rows(total.removed)) \(summary.runs.count == 1 ? "it" : "they") wrote and put back \(Format.count(total.restored)) as they were, in \(tableCount(summary)), and rewind the source's sync state to where run \(summary.runs.first?.description ?? "?") started"
    }

    /// One line per table, named as queries name it (`names`, by table name before the prefix): rows
    /// removed and restored.
    static func tables(_ summary: RollbackSummary, names: [String: String]) -> String {
        guard !summary.tables.isEmpty else { return "No table has rows of these runs." }
        var rows = [["TABLE", "REMOVED", "RESTORED"]]
        for name in summary.tables.keys.sorted() {
            let counts = summary.tables[name]!
            rows.append([names[name] ?? name, Format.count(counts.removed), Format.count(counts.restored)])
        }
        return RunText.table(rows, rightAligned: 1...)
    }

    /// What was done, and what the next sync does.
    static func done(_ summary: RollbackSummary, source: String, names: [String: String]) -> String {
        let total = summary.total
        var lines = [tables(summary, names: names), ""]
        lines.append("Rolled back \(runs(summary.runs)) of source '\(source)': \(rows(total.removed)) removed, \(Format.count(total.restored)) put back as they were, in \(tableCount(summary)). The sync state is back to where run \(summary.runs.first?.description ?? "?") started: the next `tributary sync --source \(source)` reads again what \(summary.runs.count == 1 ? "it" : "they") read.")
        return lines.joined(separator: "\n")
    }

    static func runs(_ ids: [RunID]) -> String {
        let names = ids.map(\.description)
        switch names.count {
        case 0: return "no run"
        case 1: return "run \(names[0])"
        default: return "runs " + names.dropLast().joined(separator: ", ") + " and " + names.last!
        }
    }

    private static func rows(_ n: Int) -> String { "\(Format.count(n)) row\(n == 1 ? "" : "s")" }

    private static func tableCount(_ summary: RollbackSummary) -> String {
        "\(summary.tables.count) table\(summary.tables.count == 1 ? "" : "s")"
    }
}
