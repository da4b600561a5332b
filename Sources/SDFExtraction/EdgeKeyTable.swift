/// An open-addressing hash map from non-zero `UInt64` keys to `UInt32` values (linear probing,
/// power-of-two capacity, at most half full). Used to weld vertices on block borders by edge key.
struct EdgeKeyTable {
    private var keys: [UInt64]
    private var values: [UInt32]
    private let shift: UInt64

    /// A table for up to `count` distinct keys.
    init(capacityFor count: Int) {
        var bits = 4
        while (1 << bits) < 2 * count { bits += 1 }
        keys = [UInt64](repeating: 0, count: 1 << bits)
        values = [UInt32](repeating: 0, count: 1 << bits)
        shift = UInt64(64 - bits)
    }

    /// Returns the value stored for `key`, storing `value` first if the key is new.
    @inline(__always)
    mutating func valueInsertingIfAbsent(_ key: UInt64, _ value: UInt32) -> UInt32 {
        let mask = keys.count - 1
        var i = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
        while true {
            let k = keys[i]
            if k == key { return values[i] }
            if k == 0 {
                keys[i] = key
                values[i] = value
                return value
            }
            i = (i + 1) & mask
        }
    }
}
