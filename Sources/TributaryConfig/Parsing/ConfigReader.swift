import Foundation
import Yams

/// A scalar after interpolation, with where it was written.
struct ConfigScalar {
    /// The value, environment references replaced.
    var value: String
    /// The text as written in the file.
    var raw: String
    var line: Int?
    /// The environment variables it references.
    var variables: [String]

    /// How a message may quote the value: as written when it came from the environment, which may hold
    /// a secret; shortened either way.
    var shown: String { "'" + (variables.isEmpty ? value : raw).prefix(80) + "'" }
}

/// The keys of one YAML mapping, checked against the keys the format allows.
struct ConfigEntries {
    let path: String
    let line: Int?
    let pairs: [(key: String, keyLine: Int?, value: Node)]

    /// The value of `key`, unless missing or written empty (`key:`, `key: ~`).
    subscript(key: String) -> Node? {
        guard let node = pairs.first(where: { $0.key == key })?.value, node.null == nil else { return nil }
        return node
    }

    /// The line of `key`, or of the mapping when the key is missing.
    func line(of key: String) -> Int? {
        pairs.first { $0.key == key }?.keyLine ?? line
    }

    /// `sources[0].api_key`.
    func path(_ key: String) -> String { path.isEmpty ? key : path + "." + key }
}

/// Reads values out of the YAML tree with errors that carry the file and line: the typed layer between
/// Yams's nodes and ``TributaryConfiguration``.
struct ConfigReader {
    let file: String
    let environment: [String: String]

    func error(_ code: ConfigError.Code, _ message: String, line: Int?) -> ConfigError {
        ConfigError(code, message, file: file, line: line)
    }

    func error(_ code: ConfigError.Code, _ message: String, at node: Node?) -> ConfigError {
        error(code, message, line: node?.mark?.line)
    }

    /// The document's root node.
    func root(_ yaml: String) throws(ConfigError) -> Node {
        let node: Node?
        do {
            node = try Yams.compose(yaml: yaml)
        } catch let yamlError as YamlError {
            throw syntaxError(yamlError)
        } catch {
            throw self.error(.syntax, "\(file) is not valid YAML; check its indentation and quoting", line: nil)
        }
        guard let node, node.null == nil else {
            throw self.error(.missingKey, "\(file) is empty; `tributary init` writes a starter configuration", line: nil)
        }
        return node
    }

    /// Yams's problem and position, without the snippet of the line it would quote (it may hold a key).
    private func syntaxError(_ error: YamlError) -> ConfigError {
        let fix = "check the indentation and quote values holding ': ', '#', '{' or '['"
        switch error {
        case let .scanner(_, problem, mark, _), let .parser(_, problem, mark, _), let .composer(_, problem, mark, _):
            return self.error(.syntax, "the YAML does not parse (\(problem)); \(fix)", line: mark.line)
        case let .duplicatedKeysInMapping(duplicates, context):
            let keys = duplicates.map { "'\($0.prefix(40))'" }.joined(separator: ", ")
            return self.error(.duplicateKey, "the key \(keys) is written twice in one mapping; keep one", line: context.mark.line)
        default:
            return self.error(.syntax, "the YAML does not parse; \(fix) and save the file as UTF-8", line: nil)
        }
    }

    /// A mapping's keys, refusing any not in `allowed` with a suggestion.
    func mapping(_ node: Node, _ path: String, allowed: [String]? = nil) throws(ConfigError) -> ConfigEntries {
        guard case let .mapping(mapping) = node else {
            throw error(.wrongType, "\(path.isEmpty ? "the file" : path) must be a mapping of keys to values\(allowed.map { " (" + $0.prefix(4).joined(separator: ", ") + ", …)" } ?? "")", at: node)
        }
        var pairs: [(key: String, keyLine: Int?, value: Node)] = []
        for (keyNode, value) in mapping {
            guard let key = keyNode.scalar?.string else {
                throw error(.wrongType, "a key of \(path.isEmpty ? "the file" : path) is not plain text; write key: value", at: keyNode)
            }
            if let allowed, !allowed.contains(key) {
                throw error(.unknownKey, "\(path.isEmpty ? "the file" : path) has no key '\(key.prefix(60))'\(Suggestion.phrase(for: key, in: allowed)); the keys are \(allowed.joined(separator: ", "))", at: keyNode)
            }
            pairs.append((key, keyNode.mark?.line, value))
        }
        return ConfigEntries(path: path, line: node.mark?.line, pairs: pairs)
    }

    /// A text value, with `${…}` replaced.
    func text(_ node: Node, _ path: String) throws(ConfigError) -> ConfigScalar {
        guard let scalar = node.scalar else {
            throw error(.wrongType, "\(path) must be a single value, not a list or mapping", at: node)
        }
        do throws(Interpolation.Failure) {
            let result = try Interpolation.apply(scalar.string, environment: environment)
            return ConfigScalar(value: result.value, raw: scalar.string, line: node.mark?.line, variables: result.variables)
        } catch {
            switch error {
            case let .undefined(name):
                throw self.error(.undefinedVariable, "the environment variable \(name) used by \(path) is not set; set it, or give a default as in ${\(name):-value}", at: node)
            case .malformed:
                throw self.error(.undefinedVariable, "\(path) has a malformed ${…} reference; write ${NAME} or ${NAME:-default}, and $${ for a literal ${", at: node)
            }
        }
    }

    /// A list of text values; a single value counts as a list of one.
    func textList(_ node: Node, _ path: String) throws(ConfigError) -> [ConfigScalar] {
        switch node {
        case let .sequence(sequence):
            var values: [ConfigScalar] = []
            for (index, element) in sequence.enumerated() { values.append(try text(element, "\(path)[\(index)]")) }
            return values
        case .scalar:
            return [try text(node, path)]
        default:
            throw error(.wrongType, "\(path) must be a list, as in [a, b]", at: node)
        }
    }

    /// A number, possibly a percentage (`1%` is 0.01).
    func number(_ node: Node, _ path: String) throws(ConfigError) -> Double {
        let scalar = try text(node, path)
        let trimmed = scalar.value.trimmingCharacters(in: .whitespaces)
        let number = trimmed.hasSuffix("%") ? Double(trimmed.dropLast()).map { $0 / 100 } : Double(trimmed)
        guard let number, number.isFinite else {
            throw error(.invalidValue, "\(path) must be a number, not \(scalar.shown)", at: node)
        }
        return number
    }

    /// A secret that must be written as exactly `${NAME}`: its variable and value.
    ///
    /// - Parameter looksLiteral: whether the text as written looks like the secret itself, for the message.
    func secret(_ node: Node, _ path: String, what: String, example: String,
                alternative: String = "") throws(ConfigError) -> (variable: String, value: String) {
        guard let raw = node.scalar?.string else {
            throw error(.wrongType, "\(path) must be a single value such as ${\(example)}", at: node)
        }
        guard let variable = Interpolation.soleReference(raw) else {
            let written = Self.looksLikeStripeSecret(raw) ? "holds a literal \(what)" : "must come from the environment"
            throw error(.literalSecret, "\(path) \(written); put it in an environment variable and write \(path.split(separator: ".").last ?? ""): ${\(example)}\(alternative), so it stays out of the file", at: node)
        }
        guard let value = environment[variable] else {
            throw error(.undefinedVariable, "the environment variable \(variable) used by \(path) is not set; export it with your \(what)", at: node)
        }
        guard !value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw error(.invalidValue, "the environment variable \(variable) used by \(path) is empty; set it to your \(what)", at: node)
        }
        return (variable, value)
    }

    /// Whether text written in the file looks like a Stripe key or webhook secret.
    static func looksLikeStripeSecret(_ text: String) -> Bool {
        ["sk_", "rk_", "whsec_"].contains { text.trimmingCharacters(in: .whitespaces).hasPrefix($0) }
            || ["sk_live_", "sk_test_", "rk_live_", "rk_test_", "whsec_"].contains { text.contains($0) }
    }
}
