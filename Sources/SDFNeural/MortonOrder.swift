/// Orders points of the unit box along a Z-order (Morton) curve, so that a batch visits the hash
/// tables with spatial locality: nearby points share lattice vertices on coarse and middle
/// levels, and x-neighbours are neighbours in memory (the hash multiplies x by 1).
enum MortonOrder {
    /// 30-bit Morton code of a unit-box point (10 bits per axis; outside points are clamped).
    @inline(__always)
    static func code(_ p: SIMD3<Float>) -> UInt32 {
        let q = (p.clamped(lowerBound: .zero, upperBound: SIMD3(repeating: 1)) * 1023).rounded(.toNearestOrEven)
        return spread(UInt32(q.x)) | spread(UInt32(q.y)) << 1 | spread(UInt32(q.z)) << 2
    }

    /// Inserts two zero bits between each of the low 10 bits of `v`.
    @inline(__always)
    static func spread(_ v: UInt32) -> UInt32 {
        var x = v & 0x3FF
        x = (x | x << 16) & 0x0300_00FF
        x = (x | x << 8) & 0x0300_F00F
        x = (x | x << 4) & 0x030C_30C3
        x = (x | x << 2) & 0x0924_9249
        return x
    }

    /// Sorts `keys` (Morton code in the high 32 bits, payload in the low 32) by code: a stable
    /// three-pass radix sort on the 30 code bits, using `scratch` (same count).
    static func sort(_ keys: UnsafeMutableBufferPointer<UInt64>, scratch: UnsafeMutableBufferPointer<UInt64>) {
        var source = keys, target = scratch
        for pass in 0..<3 {
            let shift = UInt64(32 + 10 * pass)
            var counts = [Int](repeating: 0, count: 1025)
            for k in source { counts[Int((k >> shift) & 0x3FF) + 1] += 1 }
            for i in 1..<counts.count { counts[i] += counts[i - 1] }
            for k in source {
                let bucket = Int((k >> shift) & 0x3FF)
                target[counts[bucket]] = k
                counts[bucket] += 1
            }
            swap(&source, &target)
        }
        // Three passes leave the result in `scratch`.
        _ = keys.update(fromContentsOf: source)
    }
}
