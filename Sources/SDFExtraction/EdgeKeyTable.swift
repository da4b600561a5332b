/// An open-addressing hash map from non-zero `UInt64` keys to `UInt32` values (linear probing,
/// power-of-two capacity, at most half full: it doubles when needed). Used to weld vertices on
/// block borders by edge key, and by `LatticeStore` to find a block's slot.
struct EdgeKeyTable {
    private var keys: [UInt64]
    private var values: [UInt32]
    private var shift: UInt64
    private var count = 0

    /// A table sized for `count` distinct keys (it grows beyond).
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
        if 2 * (count + 1) > keys.count { grow() }
        let mask = keys.count - 1
        var i = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
        while true {
            let k = keys[i]
            if k == key { return values[i] }
            if k == 0 {
                keys[i] = key
                values[i] = value
                count += 1
                return value
            }
            i = (i + 1) & mask
        }
    }

    /// Empties the table, keeping its capacity.
    mutating func removeAll() {
        keys.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
        count = 0
    }

    /// The value stored for `key`, if any.
    @inline(__always)
    func value(for key: UInt64) -> UInt32? {
        let mask = keys.count - 1
        var i = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
        while true {
            let k = keys[i]
            if k == key { return values[i] }
            if k == 0 { return nil }
            i = (i + 1) & mask
        }
    }

    private mutating func grow() {
        let oldKeys = keys, oldValues = values
        keys = [UInt64](repeating: 0, count: oldKeys.count * 2)
        values = [UInt32](repeating: 0, count: oldKeys.count * 2)
        shift -= 1
        count = 0
        for (k, v) in zip(oldKeys, oldValues) where k != 0 { _ = valueInsertingIfAbsent(k, v) }
    }
}
