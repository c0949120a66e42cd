/// "Did you mean …?" for names that are almost right.
public enum Suggestion {
    /// The candidate closest to `word`, if one is close enough to be a likely typo: a small edit distance,
    /// or one name being a prefix of the other (`exclude_columns` → `exclude`).
    public static func closest(to word: String, in candidates: some Collection<String>) -> String? {
        let lowered = word.lowercased()
        var best: (name: String, distance: Int)?
        for candidate in candidates {
            let distance = editDistance(lowered, candidate.lowercased())
            if distance < (best?.distance ?? .max) { best = (candidate, distance) }
        }
        if let best, best.distance <= max(2, lowered.count / 3) { return best.name }
        return candidates.first { candidate in
            let other = candidate.lowercased()
            return min(other.count, lowered.count) >= 4 && (other.hasPrefix(lowered) || lowered.hasPrefix(other))
        }
    }

    /// ` (did you mean 'charges'?)` or an empty string.
    public static func phrase(for word: String, in candidates: some Collection<String>) -> String {
        closest(to: word, in: candidates).map { " (did you mean '\($0)'?)" } ?? ""
    }

    /// Levenshtein distance over characters.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in stride(from: 1, through: b.count, by: 1) {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
