import SDFGeometry

/// Per-child far-field data of the fast winding number, stored per node as `stride` SIMD4 rows
/// (one lane per child):
/// - 0…2 the expansion centre p̃ (area-weighted centroid), 3 the squared far-field radius (βr)²;
/// - 4…6 order 0: Σ aₜnₜ;
/// - 7 order 1, trace part; 8…13 order 1, the quadratic form in r (xx, yy, zz, xy, yz, zx);
/// - 14…16 order 2, the linear part; 17…26 order 2, the cubic form in r (xxx, yyy, zzz, xxy, xxz,
///   yyx, yyz, zzx, zzy, xyz).
/// Every coefficient already includes its derivative factor and 1/4π, so a far child contributes
/// (o0·r + t1)/|r|³ + (Q1(r) + l2·r)/|r|⁵ + C2(r)/|r|⁷ with r = p̃ − q.
enum WindingMoments {
    static let stride = 27

    /// For each index triple (i, j, k) flattened as 9i + 3j + k, its monomial of the cubic form
    /// (rows 17…26: xxx, yyy, zzz, xxy, xxz, yyx, yyz, zzx, zzy, xyz).
    private static let cubicMonomial: [Int] = (0..<27).map { flat in
        var counts = [0, 0, 0]
        for axis in [flat / 9, flat / 3 % 3, flat % 3] { counts[axis] += 1 }
        switch (counts[0], counts[1], counts[2]) {
        case (3, 0, 0): return 0
        case (0, 3, 0): return 1
        case (0, 0, 3): return 2
        case (2, 1, 0): return 3
        case (2, 0, 1): return 4
        case (1, 2, 0): return 5
        case (0, 2, 1): return 6
        case (1, 0, 2): return 7
        case (0, 1, 2): return 8
        default: return 9
        }
    }

    /// For each symmetric index pair (j, k) flattened as 3j + k, its slot in the six-component
    /// second moment (xx, yy, zz, xy, yz, zx).
    private static let symmetricSlot = [0, 3, 5, 3, 1, 4, 5, 4, 2]

    /// The index pairs (a, b) of the order-1 quadratic form's rows 8…13: xx, yy, zz, xy, yz, zx.
    private static let quadraticPairs = [0, 0, 1, 1, 2, 2, 0, 1, 1, 2, 2, 0]

    /// The moment rows of every node of `bvh`, for far-field radius factor `beta` (≤ 0: exact),
    /// computed for all nodes in parallel.
    static func build(bvh: BVH, beta: Float) -> [SIMD4<Float>] {
        var rows = [SIMD4<Float>](repeating: .zero, count: bvh.nodeCount * stride)
        let ranges = bvh.childLeafRanges()
        rows.withUnsafeMutableBufferPointer { rows in
            bvh.triangleCorners.withUnsafeBufferPointer { corners in
                let target = SendablePointer(rows), source = SendableConstPointer(corners)
                Parallelism.forEachChunk(count: bvh.nodeCount, minimumChunk: 16, maxChunks: 8 * Parallelism.threadCount) { nodes, _ in
                    for node in nodes {
                        for slot in 0..<4 {
                            let range = ranges[4 * node + slot]
                            writeLane(corners: source.base, range: Int(range.lower)..<Int(range.upper), beta: beta,
                                      into: target.base + node * stride, lane: slot)
                        }
                    }
                }
            }
        }
        return rows
    }

    /// Writes the 27 coefficients of one child covering leaf slots `range` into lane `lane` of
    /// the node's rows `out`.
    private static func writeLane(corners: UnsafePointer<SIMD3<Float>>, range: Range<Int>, beta: Float,
                                  into out: UnsafeMutablePointer<SIMD4<Float>>, lane: Int) {
        guard !range.isEmpty else {
            // An empty slot: far from everything, no contribution.
            out[0][lane] = 1e18; out[1][lane] = 1e18; out[2][lane] = 1e18
            return
        }
        func corner(_ slot: Int, _ k: Int) -> SIMD3<Double> { SIMD3<Double>(corners[3 * slot + k]) }
        var areaSum = 0.0, weighted = SIMD3<Double>.zero, plain = SIMD3<Double>.zero
        for s in range {
            let a = corner(s, 0), b = corner(s, 1), c = corner(s, 2)
            let n = cross(b - a, c - a)
            let area = (n * n).sum().squareRoot() / 2
            areaSum += area
            weighted += area * (a + b + c) / 3
            plain += (a + b + c) / 3
        }
        let center = areaSum > 0 ? weighted / areaSum : plain / Double(range.count)
        var radius = 0.0  // squared until the end
        var order0 = SIMD3<Double>.zero
        // order1[i][j] = Σ Nᵢ dⱼ; order2[i][m] = Σ Nᵢ ∫dⱼdₖ / A for the six symmetric (j, k).
        var order1 = (SIMD3<Double>.zero, SIMD3<Double>.zero, SIMD3<Double>.zero)
        var order2 = (SIMD8<Double>.zero, SIMD8<Double>.zero, SIMD8<Double>.zero)
        for s in range {
            let d0 = corner(s, 0) - center, d1 = corner(s, 1) - center, d2 = corner(s, 2) - center
            radius = Swift.max(radius, (d0 * d0).sum(), (d1 * d1).sum(), (d2 * d2).sum())
            let n = cross(d1 - d0, d2 - d0) / 2  // area vector
            let sum = d0 + d1 + d2
            order0 += n
            let mean = sum / 3
            order1.0 += n.x * mean
            order1.1 += n.y * mean
            order1.2 += n.z * mean
            func products(_ u: SIMD3<Double>, _ v: SIMD3<Double>) -> SIMD8<Double> {
                SIMD8(u.x * v.x, u.y * v.y, u.z * v.z, u.x * v.y, u.y * v.z, u.z * v.x, 0, 0)
            }
            let second = (products(d0, d0) + products(d1, d1) + products(d2, d2) + products(sum, sum)) / 12
            order2.0 += n.x * second
            order2.1 += n.y * second
            order2.2 += n.z * second
        }
        func first(_ i: Int) -> SIMD3<Double> { i == 0 ? order1.0 : i == 1 ? order1.1 : order1.2 }
        func second(_ i: Int) -> SIMD8<Double> { i == 0 ? order2.0 : i == 1 ? order2.1 : order2.2 }
        let scale = 1 / (4 * Double.pi)
        let farRadius = Double(beta) * radius.squareRoot()
        out[0][lane] = Float(center.x); out[1][lane] = Float(center.y); out[2][lane] = Float(center.z)
        out[3][lane] = beta > 0 ? Float(farRadius * farRadius) : .infinity
        for i in 0..<3 { out[4 + i][lane] = Float(order0[i] * scale) }
        // Order 1: Σᵢⱼ C1ᵢⱼ ∂ⱼKᵢ = tr(C1)/|r|³ − 3 rᵀC1r/|r|⁵.
        out[7][lane] = Float((order1.0.x + order1.1.y + order1.2.z) * scale)
        for m in 0..<6 {
            let a = quadraticPairs[2 * m], b = quadraticPairs[2 * m + 1]
            let c = a == b ? first(a)[a] : first(a)[b] + first(b)[a]
            out[8 + m][lane] = Float(-3 * c * scale)
        }
        // Order 2 with C2ᵢⱼₖ = order2[i][slot(j, k)]:
        // ½ Σᵢⱼₖ C2ᵢⱼₖ ∂ⱼₖKᵢ = ½[−3(2Σᵢₖ C2ᵢᵢₖ rₖ + Σᵢ tr(C2ᵢ) rᵢ)/|r|⁵ + 15 C2(r,r,r)/|r|⁷].
        for k in 0..<3 {
            var contracted = 0.0
            for i in 0..<3 { contracted += second(i)[symmetricSlot[3 * i + k]] }
            let trace = second(k)[0] + second(k)[1] + second(k)[2]
            out[14 + k][lane] = Float(-1.5 * (2 * contracted + trace) * scale)
        }
        var cubicSums = SIMD16<Double>.zero
        for (flat, m) in cubicMonomial.enumerated() {
            cubicSums[m] += second(flat / 9)[symmetricSlot[flat % 9]]
        }
        for m in 0..<10 { out[17 + m][lane] = Float(7.5 * cubicSums[m] * scale) }
    }
}
