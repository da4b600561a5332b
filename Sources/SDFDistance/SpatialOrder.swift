import SDFGeometry

/// A visiting order for a batch of query points along a Morton (Z-order) curve, so consecutive
/// queries walk nearly the same tree paths and find their nodes and triangles in cache. Random
/// batches (training samples, uniform points) run several times faster in this order.
enum SpatialOrder {
    /// Keys for `points[range]` in Morton order of their cell on a 1024³ grid over `box`: the
    /// high 32 bits hold the cell code, the low 32 bits the offset of the point in `range`.
    /// Points outside `box` (or not finite) take the nearest boundary cell.
    static func sortedKeys(_ points: UnsafePointer<SIMD3<Float>>, range: Range<Int>, box: AABB) -> [UInt64] {
        precondition(range.count <= Int(UInt32.max))
        let scale = SIMD3<Float>(repeating: 1023) / pointwiseMax(box.size, SIMD3(repeating: .leastNormalMagnitude))
        var keys = [UInt64]()
        keys.reserveCapacity(range.count)
        for i in range {
            let cell = (points[i] - box.min) * scale
            let code = spread(cell.x) | spread(cell.y) << 1 | spread(cell.z) << 2
            keys.append(code << 32 | UInt64(i - range.lowerBound))
        }
        // The low halves (offsets) already ascend: sorting on the codes alone keeps ties in order.
        RadixSort.sort(&keys, fromBit: 32)
        return keys
    }

    /// The 10-bit cell index of `value` with two zero bits inserted after each bit.
    @inline(__always)
    private static func spread(_ value: Float) -> UInt64 {
        var x = value >= 0 ? UInt64(Swift.min(value, 1023)) : 0  // NaN falls to 0
        x = (x | x << 16) & 0x0300_00FF
        x = (x | x << 8) & 0x0300_F00F
        x = (x | x << 4) & 0x030C_30C3
        x = (x | x << 2) & 0x0924_9249
        return x
    }
}
