import TributaryCatalog

/// Breaks objects the way a misbehaving proxy or an unannounced API change would: the object keeps its
/// id and `created`, so lists still page past it, but it claims to be a list, which no warehouse row can
/// be. Tests use it to check that such objects are set aside in `_tributary_rejects` and counted.
struct Malformer {
    let seed: UInt64

    /// Marks up to `count` live objects of a top-level collection malformed; returns their ids.
    func apply(_ count: Int, to collection: CollectionDescriptor, in account: inout AccountData,
               batch: Int) -> [String] {
        var rng = SeededRandom(seed: seed, account.accountID, "malform", String(batch))
        var data = account[collection.name]
        var live = data.objects.indices.filter { !data.objects[$0].deleted }
        var ids: [String] = []
        while ids.count < count, !live.isEmpty {
            let position = live.remove(at: rng.int(0...(live.count - 1)))
            guard let object = try? JSONValue.decode(data.objects[position].json) else { continue }
            data.objects[position].json = JSONWriter.bytes(object.setting("object", to: .string("list")))
            ids.append(data.objects[position].id)
        }
        account[collection.name] = data
        return ids
    }
}
