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

    /// The moment rows of every node of `bvh`, for far-field radius factor `beta` (≤ 0: exact).
    static func build(bvh: BVH, beta: Float) -> [SIMD4<Float>] {
        var rows = [SIMD4<Float>](repeating: .zero, count: bvh.nodeCount * stride)
        for node in 0..<bvh.nodeCount {
            for slot in 0..<4 {
                let range = bvh.leafRange(node: node, slot: slot)
                let lane = laneMoments(bvh: bvh, range: range, beta: beta)
                for k in 0..<stride { rows[node * stride + k][slot] = lane[k] }
            }
        }
        return rows
    }

    /// The 27 coefficients of one child covering leaf slots `range`.
    private static func laneMoments(bvh: BVH, range: Range<Int>, beta: Float) -> [Float] {
        var out = [Float](repeating: 0, count: stride)
        guard !range.isEmpty else {
            // An empty slot: far from everything, no contribution.
            out[0] = 1e18; out[1] = 1e18; out[2] = 1e18
            return out
        }
        let corners = bvh.triangleCorners
        func corner(_ slot: Int, _ k: Int) -> SIMD3<Double> { SIMD3<Double>(corners[3 * slot + k]) }
        var areaSum = 0.0, weighted = SIMD3<Double>.zero, plain = SIMD3<Double>.zero
        for s in range {
            let a = corner(s, 0), b = corner(s, 1), c = corner(s, 2)
            let area = (cross(b - a, c - a) * cross(b - a, c - a)).sum().squareRoot() / 2
            areaSum += area
            weighted += area * (a + b + c) / 3
            plain += (a + b + c) / 3
        }
        let center = areaSum > 0 ? weighted / areaSum : plain / Double(range.count)
        var radius = 0.0  // squared until the end
        var order0 = SIMD3<Double>.zero
        var order1 = [Double](repeating: 0, count: 9)   // [i*3 + j] = Σ Nᵢ dⱼ
        var order2 = [Double](repeating: 0, count: 27)  // [i*9 + j*3 + k] = Σ Nᵢ ∫dⱼdₖ / A
        for s in range {
            let d0 = corner(s, 0) - center, d1 = corner(s, 1) - center, d2 = corner(s, 2) - center
            radius = Swift.max(radius, (d0 * d0).sum(), (d1 * d1).sum(), (d2 * d2).sum())
            let n = cross(d1 - d0, d2 - d0) / 2  // area vector
            let sum = d0 + d1 + d2
            order0 += n
            for i in 0..<3 {
                for j in 0..<3 {
                    order1[i * 3 + j] += n[i] * sum[j] / 3
                    for k in 0..<3 {
                        let second = (d0[j] * d0[k] + d1[j] * d1[k] + d2[j] * d2[k] + sum[j] * sum[k]) / 12
                        order2[i * 9 + j * 3 + k] += n[i] * second
                    }
                }
            }
        }
        let scale = 1 / (4 * Double.pi)
        let farRadius = Double(beta) * radius.squareRoot()
        out[0] = Float(center.x); out[1] = Float(center.y); out[2] = Float(center.z)
        out[3] = beta > 0 ? Float(farRadius * farRadius) : .infinity
        for i in 0..<3 { out[4 + i] = Float(order0[i] * scale) }
        // Order 1: Σᵢⱼ C1ᵢⱼ ∂ⱼKᵢ = tr(C1)/|r|³ − 3 rᵀC1r/|r|⁵.
        out[7] = Float((order1[0] + order1[4] + order1[8]) * scale)
        let quadratic = [(0, 0), (1, 1), (2, 2), (0, 1), (1, 2), (2, 0)]
        for (m, (a, b)) in quadratic.enumerated() {
            let c = a == b ? order1[a * 3 + a] : order1[a * 3 + b] + order1[b * 3 + a]
            out[8 + m] = Float(-3 * c * scale)
        }
        // Order 2: ½ Σᵢⱼₖ C2ᵢⱼₖ ∂ⱼₖKᵢ = ½[−3(2Σᵢₖ C2ᵢᵢₖ rₖ + Σᵢ tr(C2ᵢ) rᵢ)/|r|⁵ + 15 C2(r,r,r)/|r|⁷].
        for k in 0..<3 {
            var contracted = 0.0, trace = 0.0
            for i in 0..<3 {
                contracted += order2[i * 9 + i * 3 + k]
                trace += order2[k * 9 + i * 3 + i]
            }
            out[14 + k] = Float(-1.5 * (2 * contracted + trace) * scale)
        }
        var cubicSums = [Double](repeating: 0, count: 10)
        for (flat, m) in cubicMonomial.enumerated() { cubicSums[m] += order2[flat] }
        for m in 0..<10 { out[17 + m] = Float(7.5 * cubicSums[m] * scale) }
        return out
    }
}
