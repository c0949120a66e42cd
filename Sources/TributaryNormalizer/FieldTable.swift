/// Field plans by member name, found with FNV-1a over the name's bytes and open addressing.
///
/// One look-up per member of every object makes this the normalizer's hottest path; with `Dictionary`,
/// its seeded SipHash showed as about 5 % of the time of loading a charge.
struct FieldTable: Sendable {
    private let names: [String]
    private let plans: [FieldPlan]
    private let slots: [Int32]
    private let mask: Int

    init(_ fields: [String: FieldPlan]) {
        let sorted = fields.sorted { $0.key < $1.key }
        names = sorted.map(\.key)
        plans = sorted.map(\.value)
        var size = 8
        while size < names.count * 2 { size *= 2 }
        mask = size - 1
        var slots = [Int32](repeating: -1, count: size)
        for (index, name) in names.enumerated() {
            var slot = Self.hash(name) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(index)
        }
        self.slots = slots
    }

    /// The plan of the member, if the schema has it.
    subscript(name: String) -> FieldPlan? {
        var slot = Self.hash(name) & mask
        while true {
            let index = Int(slots[slot])
            if index < 0 { return nil }
            if names[index] == name { return plans[index] }
            slot = (slot + 1) & mask
        }
    }

    /// Every field, by name.
    var all: [(name: String, plan: FieldPlan)] { Array(zip(names, plans)) }

    private static func hash(_ name: String) -> Int {
        // Native strings hand over their bytes at once; walking `utf8` byte by byte costs more than SipHash.
        name.utf8.withContiguousStorageIfAvailable(hash) ?? Array(name.utf8).withUnsafeBufferPointer(hash)
    }

    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return Int(truncatingIfNeeded: hash ^ (hash >> 29))
    }
}
