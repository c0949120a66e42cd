import Foundation
import TributaryCatalog
import TributarySync
import Yams

extension SourceParser {
    /// `collections:` — `all`, a list, or `{include: all | [...], exclude: [...]}`.
    func collections(_ node: Node?, _ path: String) throws(ConfigError) -> CollectionSelection {
        guard let node else { return .all }
        var selection = CollectionSelection.all
        if case .mapping = node {
            let entries = try reader.mapping(node, path, allowed: ["include", "exclude"])
            if let include = entries["include"] { selection.include = try names(include, entries.path("include"), allowAll: true) }
            if let exclude = entries["exclude"] { selection.exclude = try names(exclude, entries.path("exclude"), allowAll: false) ?? [] }
        } else {
            selection.include = try names(node, path, allowAll: true)
        }
        guard !selection.resolve(in: normalizer.catalog).isEmpty else {
            throw reader.error(.invalidValue, "\(path) selects no collection; list at least one, or write collections: all", at: node)
        }
        return selection
    }

    /// Collection names, each checked against the catalog; `nil` for `all`.
    private func names(_ node: Node, _ path: String, allowAll: Bool) throws(ConfigError) -> [String]? {
        let values = try reader.textList(node, path)
        if allowAll, values.count == 1, values[0].value == "all", node.scalar != nil { return nil }
        var names: [String] = []
        for value in values where !names.contains(value.value) {
            try check(value, path)
            names.append(value.value)
        }
        return names
    }

    private func check(_ name: ConfigScalar, _ path: String) throws(ConfigError) {
        let catalog = normalizer.catalog
        guard catalog.collection(named: name.value) == nil else { return }
        if normalizer.table(named: name.value) != nil {
            let parents = catalog.collections.filter { normalizer.tables(for: $0.name).contains { $0.name == name.value } }
            throw reader.error(.unknownCollection, "\(path): \(name.value) is a child table, filled when its parent is synced; select \(parents.map(\.name).joined(separator: " or ")) instead", line: name.line)
        }
        throw reader.error(.unknownCollection, "\(path) names no collection \(name.shown)\(Suggestion.phrase(for: name.value, in: catalog.collections.map(\.name))); `tributary collections` lists them", line: name.line)
    }

    /// `connected_accounts:` — `none`, `all`, or a list of `acct_…` ids.
    func connectedAccounts(_ node: Node?, _ path: String) throws(ConfigError) -> ConnectedAccounts {
        guard let node else { return .none }
        if node.scalar != nil {
            let text = try reader.text(node, path)
            switch text.value.lowercased() {
            case "none": return .none
            case "all": return .all
            default: break
            }
        }
        var ids: [String] = []
        for id in try reader.textList(node, path) {
            guard ConnectedAccounts.isAccountID(id.value) else {
                throw reader.error(.invalidValue, "\(path) must be none, all, or a list of account ids such as acct_1Nv0FGQ9RKHgCVdK, not \(id.shown)", line: id.line)
            }
            guard !ids.contains(id.value) else {
                throw reader.error(.invalidValue, "\(path) lists \(id.value) twice; list each account once", line: id.line)
            }
            ids.append(id.value)
        }
        return .only(ids)
    }

    /// `alerts:` — one `{webhook: URL, on: [failed, partial]}` or a list of them.
    func alerts(_ node: Node?, _ path: String) throws(ConfigError) -> [AlertRule] {
        guard let node else { return [] }
        if case let .sequence(sequence) = node {
            var rules: [AlertRule] = []
            for (index, element) in sequence.enumerated() { rules.append(try alert(element, "\(path)[\(index)]")) }
            return rules
        }
        return [try alert(node, path)]
    }

    private func alert(_ node: Node, _ path: String) throws(ConfigError) -> AlertRule {
        let entries = try reader.mapping(node, path, allowed: ["webhook", "on"])
        guard let webhookNode = entries["webhook"] else {
            throw reader.error(.missingKey, "\(path) needs webhook: URL, the address a notice is POSTed to", line: entries.line)
        }
        let text = try reader.text(webhookNode, entries.path("webhook")).value.trimmingCharacters(in: .whitespaces)
        guard let url = URL(string: text), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host?.isEmpty == false else {
            // Not quoted: chat webhooks carry a token in the URL.
            throw reader.error(.invalidValue, "\(entries.path("webhook")) must be an http or https URL, such as ${SLACK_WEBHOOK_URL}", at: webhookNode)
        }
        var events = AlertRule.defaultEvents
        if let onNode = entries["on"] {
            events = []
            for value in try reader.textList(onNode, entries.path("on")) {
                guard let event = AlertEvent(rawValue: value.value.lowercased()) else {
                    let names = AlertEvent.allCases.map(\.rawValue)
                    throw reader.error(.invalidValue, "\(entries.path("on")) has \(value.shown), which is not a run outcome\(Suggestion.phrase(for: value.value, in: names)); use \(names.joined(separator: ", "))", line: value.line)
                }
                events.insert(event)
            }
        }
        return AlertRule(webhook: url, on: events)
    }
}
