/// Table reads and interpolation of one level for a batch of points, once `locateCorners` has
/// written the corner entries and weights.
extension InferenceKernel {
    /// Writes the level's features of `rows` points (a multiple of 8) to `features` (feature
    /// `f` of point `i` at `f·blockRows + i`) from `corners` corners per point.
    ///
    /// Two-feature tables (the default) take the fast path: one tight loop copies every corner's
    /// feature pair (one 32-bit word for Float16, 64 bits for Float) into `words`, so the core
    /// keeps many independent cache misses in flight instead of interleaving them with lattice
    /// arithmetic; then the pairs are widened and blended eight points at a time.
    func blend<T: TableScalar>(_ table: UnsafePointer<T>, corners: Int, rows: Int,
                               entries: UnsafePointer<UInt32>, weights: UnsafePointer<Float>,
                               words: UnsafeMutableRawPointer, into features: UnsafeMutablePointer<Float>) {
        if Self.readsPairs(T.self, featuresPerLevel: configuration.featuresPerLevel) {
            if T.self == Float16.self {
                let w = words.assumingMemoryBound(to: UInt32.self)
                copyPairs(UnsafeRawPointer(table).assumingMemoryBound(to: UInt32.self), corners: corners,
                          rows: rows, entries: entries, into: w)
                blendPairs(corners: corners, rows: rows, weights: weights, into: features) { p in
                    (SIMD8<Float>(UnsafeRawPointer(w + p).loadUnaligned(as: SIMD8<Float16>.self)),
                     SIMD8<Float>(UnsafeRawPointer(w + p + 4).loadUnaligned(as: SIMD8<Float16>.self)))
                }
            } else {
                let w = words.assumingMemoryBound(to: UInt64.self)
                copyPairs(UnsafeRawPointer(table).assumingMemoryBound(to: UInt64.self), corners: corners,
                          rows: rows, entries: entries, into: w)
                blendPairs(corners: corners, rows: rows, weights: weights, into: features) { p in
                    (UnsafeRawPointer(w + p).loadUnaligned(as: SIMD8<Float>.self),
                     UnsafeRawPointer(w + p + 4).loadUnaligned(as: SIMD8<Float>.self))
                }
            }
            return
        }
        blendDirectly(table, corners: corners, rows: rows, entries: entries, weights: weights, into: features)
    }

    /// Whether `blend` reads feature pairs through `words` (and so wants `pairOrder` entries).
    static func readsPairs<T: TableScalar>(_: T.Type, featuresPerLevel: Int) -> Bool {
        featuresPerLevel == 2 && (T.self == Float16.self || T.self == Float.self)
    }

    /// `words[i] = table[entries[i]]` for every corner of every point.
    @inline(__always)
    private func copyPairs<W>(_ table: UnsafePointer<W>, corners: Int, rows: Int,
                              entries: UnsafePointer<UInt32>, into words: UnsafeMutablePointer<W>) {
        let ld = Self.blockRows
        for c in 0..<corners {
            let e = entries + c * ld, w = words + c * ld
            for i in 0..<rows { w[i] = table[Int(e[i])] }
        }
    }

    /// Blends the pairs of eight points per step: `pairs(p)` widens the pairs at word `p` and
    /// `p + 4` (points `0 1 4 5` and `2 3 6 7` of the group, as `pairOrder` stored them) to two
    /// vectors of interleaved features, which one in-lane shuffle each splits into feature 0 and
    /// feature 1 of points `0…7` in order.
    @inline(__always)
    private func blendPairs(corners: Int, rows: Int, weights: UnsafePointer<Float>,
                            into features: UnsafeMutablePointer<Float>,
                            _ pairs: (Int) -> (SIMD8<Float>, SIMD8<Float>)) {
        let ld = Self.blockRows
        var g = 0
        while g < rows {
            var f0 = SIMD8<Float>(), f1 = SIMD8<Float>()
            for c in 0..<corners {
                let (a, b) = pairs(c * ld + g)
                let w = load8(weights + c * ld + g)
                f0.addProduct(w, SIMD8(a[0], a[2], b[0], b[2], a[4], a[6], b[4], b[6]))
                f1.addProduct(w, SIMD8(a[1], a[3], b[1], b[3], a[5], a[7], b[5], b[7]))
            }
            store8(f0, features + g)
            store8(f1, features + ld + g)
            g += 8
        }
    }

    /// Any table type and feature count, point by point, straight from the table.
    private func blendDirectly<T: TableScalar>(_ table: UnsafePointer<T>, corners: Int, rows: Int,
                                               entries: UnsafePointer<UInt32>, weights: UnsafePointer<Float>,
                                               into features: UnsafeMutablePointer<Float>) {
        let ld = Self.blockRows, F = configuration.featuresPerLevel
        for i in 0..<rows {
            for f in 0..<F { features[f * ld + i] = 0 }
            for c in 0..<corners {
                let w = weights[c * ld + i], t = table + Int(entries[c * ld + i]) * F
                for f in 0..<F { features[f * ld + i] += w * t[f].floatValue }
            }
        }
    }
}
