/// The table side of the encoding's backward pass, as records for `SortedLevelGradients`.
extension HashEncoding {
    /// Writes one record per corner of every point of `points[0..<count]` at level `l`: the
    /// level-relative entry and `weight · ∂loss/∂features` (point `i`'s level-`l` gradients at
    /// `levelGradients + i·rowStride`), in row then corner order, calling `visit` with each entry.
    /// Returns the number of records (count × corners).
    @inline(__always)
    func emitGradientRecords<V: SIMD>(level l: Int, _ points: UnsafePointer<SIMD3<Float>>, count: Int,
                                      levelGradients: UnsafePointer<Float>, rowStride: Int,
                                      into records: UnsafeMutablePointer<EntryGradient<V>>, capacity: Int,
                                      visit: (UInt32) -> Void) -> Int where V.Scalar == Float {
        switch configuration.lattice {
        case .simplex:
            emit(SimplexStencil.self, l, points, count, levelGradients, rowStride, records, capacity, visit)
        case .grid:
            emit(GridStencil.self, l, points, count, levelGradients, rowStride, records, capacity, visit)
        }
    }

    @inline(__always)
    private func emit<S: InterpolationStencil, V: SIMD>(
        _: S.Type, _ l: Int, _ points: UnsafePointer<SIMD3<Float>>, _ count: Int,
        _ levelGradients: UnsafePointer<Float>, _ rowStride: Int,
        _ records: UnsafeMutablePointer<EntryGradient<V>>, _ capacity: Int, _ visit: (UInt32) -> Void
    ) -> Int where V.Scalar == Float {
        precondition(count * S.cornerCount <= capacity, "gradient records exceed the scratch capacity")
        let F = configuration.featuresPerLevel
        let level = levels[l]
        var written = 0
        for i in 0..<count {
            let row = levelGradients + i * rowStride
            var g = V()
            for f in 0..<F { g[f] = row[f] }
            let s = S(level: level, point: points[i])
            for c in 0..<S.cornerCount {
                let entry = UInt32(truncatingIfNeeded: s.entry(c, level: level))
                records[written] = EntryGradient(gradient: s.weight(c) * g, entry: entry)
                visit(entry)
                written += 1
            }
        }
        return written
    }
}
