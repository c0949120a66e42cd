import TributaryCatalog

extension StripeEmulator {
    /// The fewest list requests that read every live object of the platform account, `pageSize` to a
    /// page, as Stripe's API allows: one request per page of each top-level list (at least one), and for
    /// nested lists either the pages beyond the first that the parent embeds, or, where the parent
    /// embeds none, one list per parent.
    ///
    /// The benchmark divides it by the rate limit for the lower bound of a full sync's wall time.
    public func minimumRequests(pageSize: Int = 100) -> Int {
        state.minimumRequests(pageSize: pageSize)
    }
}

extension EmulatorState {
    func minimumRequests(pageSize: Int) -> Int {
        let embeddedLimit = configuration.embeddedListLimit
        let now = self.now
        let retention = configuration.eventRetentionSeconds
        let served = generator.servedCollections
        let total = try? withAccount(nil) { (data: inout AccountData) -> Int in
            func pages(_ n: Int) -> Int { (n + pageSize - 1) / pageSize }
            var requests = 0
            for c in served {
                guard let link = c.parent else {
                    let live = data[c.name].objects.lazy.filter { !$0.deleted && (c.name != "events" || $0.created >= now - retention) }.count
                    requests += max(1, pages(live))
                    continue
                }
                let parentSchema = catalog.collection(named: link.collection).flatMap { catalog.schema(named: $0.schema) }
                let embedded = link.embeddedField.map { field in
                    parentSchema?.fields.contains { $0.name == field && !$0.optional } ?? false
                } ?? false
                let children = data[c.name]
                for parent in data[link.collection].objects where !parent.deleted {
                    let k = (children.byParent[parent.id] ?? []).lazy.filter { !children.objects[$0].deleted }.count
                    requests += embedded ? pages(max(0, k - embeddedLimit)) : max(1, pages(k))
                }
            }
            return requests
        }
        return total ?? 0
    }
}
