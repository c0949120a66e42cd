import TributaryCatalog

/// Generates one account's objects from the catalog: deterministic under the seed, in realistic
/// proportions, with every reference pointing at an object that exists.
struct AccountGenerator {
    let catalog: Catalog
    let configuration: EmulatorConfiguration
    let factory: ObjectFactory
    /// The moment the generated history ends.
    let anchor: Int64

    static let historySeconds: Int64 = 3 * 365 * 86400

    init(catalog: Catalog, configuration: EmulatorConfiguration, anchor: Int64) {
        self.catalog = catalog
        self.configuration = configuration
        self.factory = ObjectFactory(catalog: catalog)
        self.anchor = anchor
    }

    /// The collections the emulator serves.
    var servedCollections: [CollectionDescriptor] {
        catalog.collections.filter { !PopulationPlan.notServed.contains($0.name) }
    }

    func generate(accountID: String, isPlatform: Bool, scale: Int, connectedAccountIDs: [String]) -> AccountData {
        let plan = PopulationPlan(scale: scale)
        let topLevel = servedCollections.filter { $0.parent == nil && $0.name != "events" }
        var ids: [String: [String]] = [:]
        for c in topLevel {
            if c.name == "accounts" {
                ids[c.name] = isPlatform ? connectedAccountIDs : []
                continue
            }
            let n = plan.count(of: c, connectedAccounts: connectedAccountIDs.count)
            ids[c.name] = (0..<n).map { i in
                var rng = SeededRandom(seed: configuration.seed, accountID, c.name, String(i))
                return "\(prefix(of: c))_\(rng.token(24))"
            }
        }
        let references = ReferenceResolver(catalog: catalog, collections: topLevel, ids: ids)
        var account = AccountData(accountID: accountID, isPlatform: isPlatform, collections: [:], nextSeq: 0)
        var childObjects: [String: [StoredObject]] = [:]
        var events: [StoredObject] = []
        let eventFloor = anchor - configuration.eventRetentionSeconds

        for c in topLevel {
            let collectionIDs = ids[c.name] ?? []
            var timeRNG = SeededRandom(seed: configuration.seed, accountID, c.name, "created")
            let times = (0..<collectionIDs.count).map { _ in
                anchor - 1 - Int64(timeRNG.unit() * Double(Self.historySeconds))
            }.sorted()
            var objects: [StoredObject] = []
            objects.reserveCapacity(collectionIDs.count)
            for (i, id) in collectionIDs.enumerated() {
                var rng = SeededRandom(seed: configuration.seed, accountID, id)
                let context = GenerationContext(
                    id: id, created: times[i], livemode: false, reference: references.resolve,
                    overrides: Semantics.overrides(for: c.name, rng: &rng))
                var typed = context
                if c.partition?.parameter == "type" { typed.listableTypes = c.partition?.values }
                var value = factory.make(schema: c.schema, context: typed, rng: &rng)
                for child in catalog.children(of: c.name) where !PopulationPlan.notServed.contains(child.name) {
                    let made = makeChildren(of: child, parentID: id, parentCreated: times[i],
                                            references: references, account: &account, rng: &rng)
                    childObjects[child.name, default: []].append(contentsOf: made.stored)
                    if let field = child.parent?.embeddedField, value[field] != nil {
                        value = value.setting(field, to: embeddedList(made.values, child: child, parentID: id))
                    }
                    for (object, stored) in zip(made.values, made.stored) where stored.created >= eventFloor {
                        if let event = makeEvent(for: object, in: child, account: &account, isPlatform: isPlatform) {
                            events.append(event)
                        }
                    }
                }
                var filters = Semantics.filterValues(of: value, names: c.filters)
                if c.name == "balance_transactions", let payout = references.payout(for: id) {
                    filters["payout"] = payout
                }
                objects.append(StoredObject(id: id, created: times[i], seq: account.takeSeq(),
                                            json: JSONWriter.bytes(value), parentID: nil, filters: filters))
                if times[i] >= eventFloor,
                   let event = makeEvent(for: value, in: c, account: &account, isPlatform: isPlatform) {
                    events.append(event)
                }
            }
            account[c.name] = CollectionData(objects: objects)
        }
        for (name, objects) in childObjects {
            account[name] = CollectionData(objects: objects)
        }
        account["events"] = CollectionData(objects: events)
        return account
    }

    func prefix(of c: CollectionDescriptor) -> String {
        c.idPrefix ?? IDPrefixes.prefix(for: c.schema)
    }

    private func makeChildren(
        of child: CollectionDescriptor, parentID: String, parentCreated: Int64,
        references: ReferenceResolver, account: inout AccountData, rng: inout SeededRandom
    ) -> (values: [JSONValue], stored: [StoredObject]) {
        let rule = PopulationPlan.children[child.name] ?? .init(usual: 1...1, presence: 0.5)
        guard rng.chance(rule.presence) else { return ([], []) }
        let count = rng.chance(rule.largeShare) ? rng.int(rule.large) : rng.int(rule.usual)
        var values: [JSONValue] = []
        var stored: [StoredObject] = []
        let parentField = child.parent.map { String($0.foreignKey.dropLast(3)) }
        for k in 0..<count {
            let id = child.name == "capabilities"
                ? ["card_payments", "transfers", "tax_reporting_us_1099_k"][k % 3]
                : "\(prefix(of: child))_\(rng.token(24))"
            let created = min(anchor - 1, parentCreated + Int64(k))
            var overrides: [String: JSONValue] = [:]
            if let parentField { overrides[parentField] = .string(parentID) }
            let context = GenerationContext(id: id, created: created, livemode: false,
                                            reference: references.resolve, overrides: overrides)
            let value = factory.make(schema: child.schema, context: context, rng: &rng)
            var filters = Semantics.filterValues(of: value, names: child.filters)
            if case let .queryParameter(param)? = child.parent?.access { filters[param] = parentID }
            values.append(value)
            stored.append(StoredObject(id: id, created: created, seq: account.takeSeq(),
                                       json: JSONWriter.bytes(value), parentID: parentID, filters: filters))
        }
        // Lists are newest first; the embedded page must be the list's first page.
        let order = stored.indices.sorted { (stored[$0].created, stored[$0].seq) > (stored[$1].created, stored[$1].seq) }
        return (order.map { values[$0] }, order.map { stored[$0] })
    }

    /// The first page of a nested list as Stripe embeds it in the parent.
    func embeddedList(_ children: [JSONValue], child: CollectionDescriptor, parentID: String) -> JSONValue {
        let limit = configuration.embeddedListLimit
        return .object([
            ("object", .string("list")),
            ("data", .array(Array(children.prefix(limit)))),
            ("has_more", .bool(children.count > limit)),
            ("url", .string(Self.url(of: child, parentID: parentID))),
        ])
    }

    /// The endpoint that lists a parent's children (`/v1/invoices/in_1/lines`).
    static func url(of child: CollectionDescriptor, parentID: String) -> String {
        switch child.parent?.access {
        case let .pathParameter(param)?: child.path.replacingOccurrences(of: "{\(param)}", with: parentID)
        case let .queryParameter(param)?: "\(child.path)?\(param)=\(parentID)"
        case nil: child.path
        }
    }

    func makeEvent(for object: JSONValue, in c: CollectionDescriptor, account: inout AccountData,
                   isPlatform: Bool) -> StoredObject? {
        guard let type = c.events.created.first ?? c.events.updated.first,
              let id = object["id"]?.stringValue, let created = object["created"]?.intValue else { return nil }
        var rng = SeededRandom(seed: configuration.seed, account.accountID, "event", id)
        return EventBuilder.event(id: "evt_\(rng.token(24))", type: type, created: created, object: object,
                                  previous: nil, account: isPlatform ? nil : account.accountID,
                                  apiVersion: catalog.apiVersion, seq: account.takeSeq())
    }
}

extension AccountData {
    mutating func takeSeq() -> Int {
        defer { nextSeq += 1 }
        return nextSeq
    }
}
