import TributaryCatalog

/// Applies realistic changes to an account (creates, updates, deletes) and records the events Stripe
/// would send for them.
struct Mutator {
    let catalog: Catalog
    let generator: AccountGenerator
    let now: Int64
    let seed: UInt64

    /// What one batch did, by collection.
    struct Summary: Sendable {
        var created: [String: Int] = [:]
        var updated: [String: Int] = [:]
        var deleted: [String: Int] = [:]
        var events = 0
    }

    func apply(_ count: Int, to account: inout AccountData, batch: Int) -> Summary {
        var rng = SeededRandom(seed: seed, account.accountID, "mutation", String(batch))
        var summary = Summary()
        let eventsBefore = account["events"].objects.count
        let weighted = PopulationPlan.topLevelShare.sorted { $0.key < $1.key }
        for _ in 0..<count {
            let r = rng.unit()
            if r < 0.35 {
                guard let c = pick(weighted, rng: &rng, where: { _ in true }) else { continue }
                if create(in: c, account: &account, rng: &rng) { summary.created[c.name, default: 0] += 1 }
            } else if r < 0.85 {
                guard let c = pick(weighted, rng: &rng, where: { !$0.events.updated.isEmpty }) else { continue }
                if update(in: c, account: &account, rng: &rng) { summary.updated[c.name, default: 0] += 1 }
            } else {
                guard let c = pick(weighted, rng: &rng, where: { !$0.events.deleted.isEmpty }) else { continue }
                if delete(in: c, account: &account, rng: &rng) { summary.deleted[c.name, default: 0] += 1 }
            }
        }
        summary.events = account["events"].objects.count - eventsBefore
        return summary
    }

    private func pick(_ weighted: [(key: String, value: Double)], rng: inout SeededRandom,
                      where ok: (CollectionDescriptor) -> Bool) -> CollectionDescriptor? {
        let candidates = weighted.compactMap { entry in catalog.collection(named: entry.key).flatMap { ok($0) ? ($0, entry.value) : nil } }
        let total = candidates.reduce(0) { $0 + $1.1 }
        guard total > 0 else { return nil }
        var x = rng.unit() * total
        for (c, w) in candidates {
            x -= w
            if x <= 0 { return c }
        }
        return candidates.last?.0
    }

    // MARK: Creates

    private func create(in c: CollectionDescriptor, account: inout AccountData, rng: inout SeededRandom) -> Bool {
        let id = "\(generator.prefix(of: c))_\(rng.token(24))"
        let ids = Dictionary(uniqueKeysWithValues: generator.servedCollections.filter { $0.parent == nil }.map { col in
            (col.name, account[col.name].objects.suffix(200).filter { !$0.deleted }.map(\.id))
        })
        let references = ReferenceResolver(catalog: catalog, collections: generator.servedCollections.filter { $0.parent == nil }, ids: ids)
        var context = GenerationContext(id: id, created: now, livemode: false, reference: references.resolve,
                                        overrides: Semantics.overrides(for: c.name, rng: &rng))
        if c.partition?.parameter == "type" { context.listableTypes = c.partition?.values }
        var value = generator.factory.make(schema: c.schema, context: context, rng: &rng)
        for child in catalog.children(of: c.name) where !PopulationPlan.notServed.contains(child.name) {
            guard let field = child.parent?.embeddedField, value[field] != nil else { continue }
            let count = rng.int(1...3)
            var children: [JSONValue] = []
            var data = account[child.name]
            for k in 0..<count {
                let childID = "\(generator.prefix(of: child))_\(rng.token(24))"
                var overrides: [String: JSONValue] = [:]
                if let fk = child.parent?.foreignKey { overrides[String(fk.dropLast(3))] = .string(id) }
                let childValue = generator.factory.make(
                    schema: child.schema,
                    context: GenerationContext(id: childID, created: now, livemode: false,
                                               reference: references.resolve, overrides: overrides),
                    rng: &rng)
                var filters = Semantics.filterValues(of: childValue, names: child.filters)
                if case let .queryParameter(param)? = child.parent?.access { filters[param] = id }
                _ = k
                data.append(StoredObject(id: childID, created: now, seq: account.takeSeq(),
                                         json: JSONWriter.bytes(childValue), parentID: id, filters: filters))
                children.insert(childValue, at: 0)
            }
            account[child.name] = data
            value = value.setting(field, to: generator.embeddedList(children, child: child, parentID: id))
        }
        var data = account[c.name]
        data.append(StoredObject(id: id, created: now, seq: account.takeSeq(), json: JSONWriter.bytes(value),
                                 parentID: nil, filters: Semantics.filterValues(of: value, names: c.filters)))
        account[c.name] = data
        let type = c.events.created.first ?? c.events.updated.first
        if let type { record(type, object: value, previous: nil, account: &account, rng: &rng) }
        return true
    }

    // MARK: Updates

    private func update(in c: CollectionDescriptor, account: inout AccountData, rng: inout SeededRandom) -> Bool {
        var data = account[c.name]
        guard let position = randomLive(in: data, rng: &rng),
              let old = try? JSONValue.decode(data.objects[position].json) else { return false }
        let (value, previous, type) = Changes.change(old, in: c, now: now, rng: &rng)
        data.objects[position].json = JSONWriter.bytes(value)
        data.objects[position].filters = Semantics.filterValues(of: value, names: c.filters)
        account[c.name] = data
        record(type, object: value, previous: previous, account: &account, rng: &rng)
        return true
    }

    // MARK: Deletes

    private func delete(in c: CollectionDescriptor, account: inout AccountData, rng: inout SeededRandom) -> Bool {
        var data = account[c.name]
        guard let position = randomLive(in: data, rng: &rng),
              let old = try? JSONValue.decode(data.objects[position].json) else { return false }
        data.objects[position].deleted = true
        let id = data.objects[position].id
        account[c.name] = data
        // A deleted object's nested lists go with it.
        for child in catalog.children(of: c.name) {
            var childData = account[child.name]
            for p in childData.byParent[id] ?? [] { childData.objects[p].deleted = true }
            account[child.name] = childData
        }
        if let type = c.events.deleted.first {
            record(type, object: old, previous: nil, account: &account, rng: &rng)
        }
        return true
    }

    private func randomLive(in data: CollectionData, rng: inout SeededRandom) -> Int? {
        guard !data.objects.isEmpty else { return nil }
        for _ in 0..<20 {
            let p = rng.int(0...(data.objects.count - 1))
            if !data.objects[p].deleted { return p }
        }
        return data.objects.lastIndex { !$0.deleted }
    }

    private func record(_ type: String, object: JSONValue, previous: JSONValue?, account: inout AccountData,
                        rng: inout SeededRandom) {
        let event = EventBuilder.event(id: "evt_\(rng.token(24))", type: type, created: now, object: object,
                                       previous: previous, account: account.isPlatform ? nil : account.accountID,
                                       apiVersion: catalog.apiVersion, seq: account.takeSeq())
        var events = account["events"]
        events.append(event)
        account["events"] = events
    }
}
