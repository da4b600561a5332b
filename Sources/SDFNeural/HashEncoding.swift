import SDFGeometry

/// A multiresolution hash encoding of points in the unit box `[0, 1]³`: for each of `L` levels,
/// the `F` features stored at the lattice corners around the point, blended with the lattice's
/// interpolation weights and concatenated level after level (`L·F` features per point).
///
/// The encoding itself holds only the layout; features live in a caller-owned flat table (entry
/// `e` of level `l` occupies `F` consecutive scalars at `(levels[l].entryOffset + e)·F`). Loops
/// run level by level over a batch, so one level's table stays in cache.
public struct HashEncoding: Sendable {
    /// The configuration this layout was built from.
    public let configuration: HashEncodingConfiguration
    let levels: [EncodingLevel]

    /// Builds the layout; throws for unsupported configurations.
    public init(_ configuration: HashEncodingConfiguration) throws {
        try configuration.validate()
        self.configuration = configuration
        levels = makeLevels(configuration)
    }

    /// Features per point (`L·F`).
    public var featureCount: Int { configuration.levels * configuration.featuresPerLevel }
    /// Table entries over all levels.
    public var entryCount: Int { levels.last.map { $0.entryOffset + $0.entryCount } ?? 0 }
    /// Trainable table scalars over all levels (`entryCount·F`).
    public var parameterCount: Int { entryCount * configuration.featuresPerLevel }
    /// Number of levels indexed densely (no hashing).
    public var denseLevelCount: Int { levels.filter { $0.denseResolution > 0 }.count }

    /// Level `l`'s entry range in the concatenated tables.
    public func entryRange(level l: Int) -> Range<Int> {
        levels[l].entryOffset..<(levels[l].entryOffset + levels[l].entryCount)
    }

    // MARK: Forward

    /// Writes the features of `points[rows]` into `features` (row `i` starts at `i·stride`; level
    /// `l`'s features at column `l·F`).
    public func encode<T: TableScalar>(_ points: UnsafePointer<SIMD3<Float>>, rows: Range<Int>,
                                table: UnsafePointer<T>,
                                features: UnsafeMutablePointer<Float>, stride: Int) {
        encode(points, rows: rows, table: table, features: features,
               rowStride: stride, levelStride: configuration.featuresPerLevel)
    }

    /// Writes feature `f` of level `l` for point `i` of `points[rows]` to
    /// `features[i·rowStride + l·levelStride + f]`. With `rowStride = F` and `levelStride ≥ F·count`
    /// each level's features are contiguous (level-major): a level's pass over a batch then writes
    /// one sequential stream instead of touching every row's cache line.
    public func encode<T: TableScalar>(_ points: UnsafePointer<SIMD3<Float>>, rows: Range<Int>,
                                table: UnsafePointer<T>, features: UnsafeMutablePointer<Float>,
                                rowStride: Int, levelStride: Int) {
        switch configuration.lattice {
        case .simplex: encode(SimplexStencil.self, points, rows, table, features, rowStride, levelStride)
        case .grid: encode(GridStencil.self, points, rows, table, features, rowStride, levelStride)
        }
    }

    @inline(__always)
    private func encode<S: InterpolationStencil, T: TableScalar>(
        _: S.Type, _ points: UnsafePointer<SIMD3<Float>>, _ rows: Range<Int>,
        _ table: UnsafePointer<T>, _ features: UnsafeMutablePointer<Float>, _ rowStride: Int, _ levelStride: Int
    ) {
        let F = configuration.featuresPerLevel
        for (l, level) in levels.enumerated() {
            let levelTable = table + level.entryOffset * F
            let levelFeatures = features + l * levelStride
            if F == 2 {
                for i in rows {
                    let s = S(level: level, point: points[i])
                    var a0: Float = 0, a1: Float = 0
                    for c in 0..<S.cornerCount {
                        let w = s.weight(c)
                        let e = levelTable + s.entry(c, level: level) * 2
                        a0 += w * e[0].floatValue
                        a1 += w * e[1].floatValue
                    }
                    levelFeatures[i * rowStride] = a0
                    levelFeatures[i * rowStride + 1] = a1
                }
            } else {
                for i in rows {
                    let s = S(level: level, point: points[i])
                    let out = levelFeatures + i * rowStride
                    for f in 0..<F { out[f] = 0 }
                    for c in 0..<S.cornerCount {
                        let w = s.weight(c)
                        let e = levelTable + s.entry(c, level: level) * F
                        for f in 0..<F { out[f] += w * e[f].floatValue }
                    }
                }
            }
        }
    }

    // MARK: Input gradients

    /// Adds `Σ_features featureGradients·∂feature/∂x` for `points[rows]` into `positionGradients`
    /// (unit-box coordinates): the chain rule from feature gradients to the input position.
    public func accumulatePositionGradients<T: TableScalar>(
        _ points: UnsafePointer<SIMD3<Float>>, rows: Range<Int>, table: UnsafePointer<T>,
        featureGradients: UnsafePointer<Float>, stride: Int,
        into positionGradients: UnsafeMutablePointer<SIMD3<Float>>
    ) {
        switch configuration.lattice {
        case .simplex:
            accumulate(SimplexStencil.self, points, rows, table, featureGradients, stride, positionGradients)
        case .grid:
            accumulate(GridStencil.self, points, rows, table, featureGradients, stride, positionGradients)
        }
    }

    @inline(__always)
    private func accumulate<S: InterpolationStencil, T: TableScalar>(
        _: S.Type, _ points: UnsafePointer<SIMD3<Float>>, _ rows: Range<Int>,
        _ table: UnsafePointer<T>, _ featureGradients: UnsafePointer<Float>, _ stride: Int,
        _ out: UnsafeMutablePointer<SIMD3<Float>>
    ) {
        let F = configuration.featuresPerLevel
        for (l, level) in levels.enumerated() {
            let levelTable = table + level.entryOffset * F
            for i in rows {
                let s = S(level: level, point: points[i])
                let g = featureGradients + i * stride + F * l
                // The interpolant of Σ_f g_f·feature_f is linear in the corner values.
                out[i] += s.positionGradient(level: level) { c in
                    let e = levelTable + s.entry(c, level: level) * F
                    var v: Float = 0
                    for f in 0..<F { v += g[f] * e[f].floatValue }
                    return v
                }
            }
        }
    }
}
