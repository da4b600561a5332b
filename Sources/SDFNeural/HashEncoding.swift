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
        let F = configuration.featuresPerLevel
        for (l, level) in levels.enumerated() {
            let levelTable = table + level.entryOffset * F
            var i = rows.lowerBound
            while i < rows.upperBound {
                let n = Swift.min(8, rows.upperBound - i)
                let (x, y, z) = gatherCoordinates(points + i, count: n)
                encodeGroup(level, x, y, z, levelTable) { f, v in
                    for lane in 0..<n { features[(i + lane) * stride + l * F + f] = v[lane] }
                }
                i += 8
            }
        }
    }

    /// Writes level `l`'s features of the unit-box points `(x[i], y[i], z[i])`, `i ∈ rows`
    /// (bounds multiples of 8), feature-major: feature `f` of level `l` for point `i` at
    /// `features[(l·F + f)·ld + i]`. One level over many points keeps its table cached.
    func encodeFeatureMajor<T: TableScalar>(level l: Int, x: UnsafePointer<Float>, y: UnsafePointer<Float>,
                                            z: UnsafePointer<Float>, rows: Range<Int>, table: UnsafePointer<T>,
                                            features: UnsafeMutablePointer<Float>, ld: Int) {
        precondition(rows.lowerBound % 8 == 0 && rows.upperBound % 8 == 0, "rows must come in groups of 8")
        let F = configuration.featuresPerLevel
        let level = levels[l]
        let levelTable = table + level.entryOffset * F
        let out = features + l * F * ld
        for i in Swift.stride(from: rows.lowerBound, to: rows.upperBound, by: 8) {
            encodeGroup(level, loadLanes(x + i), loadLanes(y + i), loadLanes(z + i), levelTable) { f, v in
                storeLanes(v, out + f * ld + i)
            }
        }
    }

    /// The `F` features of eight points at one level, passed to `store` feature by feature.
    @inline(__always)
    func encodeGroup<T: TableScalar>(_ level: EncodingLevel, _ x: SIMD8<Float>, _ y: SIMD8<Float>, _ z: SIMD8<Float>,
                                     _ levelTable: UnsafePointer<T>, store: (Int, SIMD8<Float>) -> Void) {
        let F = configuration.featuresPerLevel
        let simplex = configuration.lattice == .simplex
        if F == 2 {
            var a = SIMD8<Float>(), b = SIMD8<Float>()
            if simplex {
                addPairs(level.simplexCorners(x, y, z), levelTable, &a, &b)
            } else {
                let (low, high) = level.gridCorners(x, y, z)
                addPairs(low, levelTable, &a, &b)
                addPairs(high, levelTable, &a, &b)
            }
            store(0, a)
            store(1, b)
            return
        }
        if simplex {
            let c = level.simplexCorners(x, y, z)
            for f in 0..<F { store(f, blend(c, levelTable, F, f, SIMD8<Float>())) }
        } else {
            let (low, high) = level.gridCorners(x, y, z)
            for f in 0..<F { store(f, blend(high, levelTable, F, f, blend(low, levelTable, F, f, SIMD8<Float>()))) }
        }
    }

    @inline(__always)
    private func addPairs<T: TableScalar>(_ c: CornerGroup, _ table: UnsafePointer<T>,
                                          _ a: inout SIMD8<Float>, _ b: inout SIMD8<Float>) {
        let (a0, b0) = gatherFeaturePairs(table, c.entries.0)
        a.addProduct(c.weights.0, a0)
        b.addProduct(c.weights.0, b0)
        let (a1, b1) = gatherFeaturePairs(table, c.entries.1)
        a.addProduct(c.weights.1, a1)
        b.addProduct(c.weights.1, b1)
        let (a2, b2) = gatherFeaturePairs(table, c.entries.2)
        a.addProduct(c.weights.2, a2)
        b.addProduct(c.weights.2, b2)
        let (a3, b3) = gatherFeaturePairs(table, c.entries.3)
        a.addProduct(c.weights.3, a3)
        b.addProduct(c.weights.3, b3)
    }

    @inline(__always)
    private func blend<T: TableScalar>(_ c: CornerGroup, _ table: UnsafePointer<T>, _ F: Int, _ f: Int,
                                       _ start: SIMD8<Float>) -> SIMD8<Float> {
        var a = start
        a.addProduct(c.weights.0, gatherFeature(table, c.entries.0, stride: F, offset: f))
        a.addProduct(c.weights.1, gatherFeature(table, c.entries.1, stride: F, offset: f))
        a.addProduct(c.weights.2, gatherFeature(table, c.entries.2, stride: F, offset: f))
        a.addProduct(c.weights.3, gatherFeature(table, c.entries.3, stride: F, offset: f))
        return a
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

/// Up to eight points as coordinate vectors (missing lanes repeat the last point).
@inline(__always)
func gatherCoordinates(_ p: UnsafePointer<SIMD3<Float>>, count: Int) -> (SIMD8<Float>, SIMD8<Float>, SIMD8<Float>) {
    var x = SIMD8<Float>(), y = SIMD8<Float>(), z = SIMD8<Float>()
    for lane in 0..<8 {
        let q = p[Swift.min(lane, count - 1)]
        x[lane] = q.x
        y[lane] = q.y
        z[lane] = q.z
    }
    return (x, y, z)
}

@inline(__always)
func loadLanes(_ p: UnsafePointer<Float>) -> SIMD8<Float> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
}

@inline(__always)
func storeLanes(_ v: SIMD8<Float>, _ p: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<Float>.self)
}
