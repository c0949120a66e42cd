/// A small, fast, seedable generator (SplitMix64), so that one seed always gives the same data.
struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    /// A generator for one named thing (an object, a request) that does not depend on the order in which
    /// things are generated.
    init(seed: UInt64, _ parts: String...) {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325 ^ seed
        for part in parts {
            for byte in part.utf8 {
                h ^= UInt64(byte)
                h = h &* 0x0000_0100_0000_01b3
            }
            h ^= 0xff
            h = h &* 0x0000_0100_0000_01b3
        }
        state = h
    }

    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    /// A value in `0..<1`.
    mutating func unit() -> Double {
        Double(next() >> 11) / Double(1 << 53)
    }

    /// True with the given probability.
    mutating func chance(_ p: Double) -> Bool {
        unit() < p
    }

    /// An integer in the range.
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        Int.random(in: range, using: &self)
    }

    /// One of the elements, by uniform choice.
    mutating func pick<T>(_ values: [T]) -> T {
        values[Int.random(in: 0..<values.count, using: &self)]
    }
}

private let base62 = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")

extension SeededRandom {
    /// A Stripe-looking random token of the given length (`1PgafuB7WZ01zgkW`).
    mutating func token(_ length: Int) -> String {
        var chars: [Character] = []
        chars.reserveCapacity(length)
        for _ in 0..<length { chars.append(base62[Int(next() % 62)]) }
        return String(chars)
    }
}
