import Foundation

/// `${NAME}` and `${NAME:-default}` in a configuration value, replaced by the environment's values.
///
/// A variable that is unset has no value; `:-` also uses the default when it is set but empty, as in
/// shells. `$${` writes a literal `${`; any other `$` is kept as it is, so passwords with `$` survive.
enum Interpolation {
    /// A value after interpolation.
    struct Result {
        var value: String
        /// The variables referenced, in order.
        var variables: [String]
    }

    enum Failure: Error {
        /// A variable that is unset and has no default.
        case undefined(String)
        /// `${` without `}`, or a name that is not `[A-Za-z_][A-Za-z0-9_]*`.
        case malformed
    }

    static func apply(_ raw: String, environment: [String: String]) throws(Failure) -> Result {
        guard raw.contains("${") else { return Result(value: raw, variables: []) }
        var value = ""
        var variables: [String] = []
        var rest = raw[...]
        while let dollar = rest.firstIndex(of: "$") {
            value += rest[..<dollar]
            let after = rest[dollar...].dropFirst()
            if after.hasPrefix("${") {
                value += "${"
                rest = after.dropFirst(2)
            } else if after.hasPrefix("{") {
                guard let close = after.firstIndex(of: "}") else { throw Failure.malformed }
                let inner = after[after.index(after: after.startIndex)..<close]
                let (name, fallback) = split(inner)
                guard isName(name) else { throw Failure.malformed }
                variables.append(String(name))
                if let set = environment[String(name)], !(set.isEmpty && fallback != nil) {
                    value += set
                } else if let fallback {
                    value += fallback
                } else {
                    throw Failure.undefined(String(name))
                }
                rest = after[after.index(after: close)...]
            } else {
                value += "$"
                rest = after
            }
        }
        value += rest
        return Result(value: value, variables: variables)
    }

    /// The variable's name when `raw` is exactly one `${NAME}` without a default: how secrets must be written.
    static func soleReference(_ raw: String) -> String? {
        let text = raw.trimmingCharacters(in: .whitespaces)
        guard text.hasPrefix("${"), text.hasSuffix("}") else { return nil }
        let name = text.dropFirst(2).dropLast()
        return isName(name) ? String(name) : nil
    }

    private static func split(_ inner: Substring) -> (Substring, String?) {
        guard let range = inner.range(of: ":-") else { return (inner, nil) }
        return (inner[..<range.lowerBound], String(inner[range.upperBound...]))
    }

    static func isName(_ name: Substring) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic) else {
            return false
        }
        return name.unicodeScalars.allSatisfy { $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) }
    }
}
