/// Least-significant-digit radix sort of 64-bit keys, optionally carrying a 32-bit payload.
///
/// Used to group the half-edges of each edge (pseudonormals) and to order query points along a
/// space-filling curve: sorting flat `UInt64` keys is several times faster than a comparison
/// sort or a dictionary on million-element inputs.
enum RadixSort {
    private static let digitBits = 11
    private static let bucketCount = 1 << digitBits

    /// Sorts `keys` ascending in place. With `fromBit` > 0 only the bits from there up are
    /// sorted on (stably): enough when the lower bits already ascend in the input order.
    static func sort(_ keys: inout [UInt64], fromBit: Int = 0) {
        var none: [UInt32] = []
        sort(&keys, payload: &none, carriesPayload: false, fromBit: fromBit)
    }

    /// Sorts `keys` ascending in place and applies the same permutation to `payload` (stable).
    static func sort(_ keys: inout [UInt64], payload: inout [UInt32]) {
        precondition(keys.count == payload.count, "one payload value per key")
        sort(&keys, payload: &payload, carriesPayload: true)
    }

    private static func sort(_ keys: inout [UInt64], payload: inout [UInt32], carriesPayload: Bool,
                             fromBit: Int = 0) {
        let n = keys.count
        guard n > 1 else { return }
        var keyScratch = [UInt64](repeating: 0, count: n)
        var payloadScratch = [UInt32](repeating: 0, count: carriesPayload ? n : 0)
        var counts = [Int](repeating: 0, count: bucketCount)
        let mask = UInt64(bucketCount - 1)
        var shift = UInt64(fromBit)
        while shift < 64 {
            let passShift = shift
            shift += UInt64(digitBits)
            let skipped: Bool = keys.withUnsafeBufferPointer { source in
                counts.withUnsafeMutableBufferPointer { counts in
                    counts.update(repeating: 0)
                    for key in source { counts[Int((key >> passShift) & mask)] += 1 }
                    // A digit shared by every key leaves the order unchanged.
                    if counts[Int((source[0] >> passShift) & mask)] == n { return true }
                    var total = 0
                    for b in 0..<bucketCount {
                        let c = counts[b]
                        counts[b] = total
                        total += c
                    }
                    return false
                }
            }
            if skipped { continue }
            keys.withUnsafeBufferPointer { source in
                keyScratch.withUnsafeMutableBufferPointer { target in
                    payload.withUnsafeBufferPointer { payloadSource in
                        payloadScratch.withUnsafeMutableBufferPointer { payloadTarget in
                            counts.withUnsafeMutableBufferPointer { offsets in
                                for i in 0..<n {
                                    let key = source[i]
                                    let b = Int((key >> passShift) & mask)
                                    let slot = offsets[b]
                                    offsets[b] = slot + 1
                                    target[slot] = key
                                    if carriesPayload { payloadTarget[slot] = payloadSource[i] }
                                }
                            }
                        }
                    }
                }
            }
            swap(&keys, &keyScratch)
            if carriesPayload { swap(&payload, &payloadScratch) }
        }
    }
}
