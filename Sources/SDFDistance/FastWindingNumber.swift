import SDFGeometry

/// The generalized winding number of a triangle mesh, evaluated hierarchically (Barill, Dickson,
/// Schmidt, Levin & Jacobson 2018, "Fast Winding Numbers for Soups and Clouds").
///
/// Each child box of the BVH carries an order-2 Taylor expansion of its triangles' dipole field
/// about their area-weighted centroid p̃. A child whose bounding sphere (radius r about p̃) is far
/// from the query, |q − p̃| > β·r, contributes its expansion; nearer children are opened, down
/// to exact solid angles of leaf triangles (all of a leaf's triangles in one SIMD pass). The winding number is 1 inside and 0 outside a closed
/// outward-oriented mesh and stays meaningful on open meshes and soups; threshold it at 0.5.
public struct FastWindingNumber: Sendable {
    /// The hierarchy the expansions live on.
    public let bvh: BVH
    /// The far-field factor β (2 by default; larger is more accurate and slower; ≤ 0 is exact).
    public let accuracy: Float
    private let moments: [SIMD4<Float>]

    /// Precomputes the expansions of every node of `bvh`.
    public init(bvh: BVH, accuracy: Float = 2) {
        self.bvh = bvh
        self.accuracy = accuracy
        moments = WindingMoments.build(bvh: bvh, beta: accuracy)
    }

    /// The winding number at `q` (NaN if `q` is not finite).
    public func windingNumber(at q: SIMD3<Float>) -> Float {
        withEvaluator { $0.windingNumber(at: q) }
    }

    /// Winding numbers at every point, on every core.
    public func windingNumbers(at points: UnsafeBufferPointer<SIMD3<Float>>,
                               into values: UnsafeMutableBufferPointer<Float>) {
        precondition(points.count == values.count)
        guard !points.isEmpty else { return }
        let source = SendableConstPointer(points), target = SendablePointer(values)
        Parallelism.forEachChunk(count: points.count, minimumChunk: 1024) { range, _ in
            self.withEvaluator { evaluator in
                for i in range { target[i] = evaluator.windingNumber(at: source[i]) }
            }
        }
    }

    /// Convenience: winding numbers at an array of points.
    public func windingNumbers(at points: [SIMD3<Float>]) -> [Float] {
        var out = [Float](repeating: 0, count: points.count)
        points.withUnsafeBufferPointer { p in out.withUnsafeMutableBufferPointer { windingNumbers(at: p, into: $0) } }
        return out
    }

    /// Runs `body` with an evaluator (raw pointers and a stack) valid inside `body` only.
    func withEvaluator<R>(_ body: (WindingEvaluator) throws -> R) rethrows -> R {
        try bvh.nodes.withUnsafeBufferPointer { nodes in
            try bvh.leaves.withUnsafeBufferPointer { leaves in
                try moments.withUnsafeBufferPointer { moments in
                    try withUnsafeTemporaryAllocation(of: Int32.self, capacity: bvh.stackCapacity) { stack in
                        try body(WindingEvaluator(nodes: nodes.baseAddress!, leaves: leaves.baseAddress,
                                                  moments: moments.baseAddress!, stack: stack.baseAddress!,
                                                  isEmpty: bvh.triangleCount == 0))
                    }
                }
            }
        }
    }
}

/// A winding-number traversal over raw pointers, with a caller-provided stack.
struct WindingEvaluator {
    let nodes: UnsafePointer<BVHNode>
    let leaves: UnsafePointer<BVHLeaf>?
    let moments: UnsafePointer<SIMD4<Float>>
    let stack: UnsafeMutablePointer<Int32>
    let isEmpty: Bool

    @inline(__always)
    func windingNumber(at q: SIMD3<Float>) -> Float {
        guard q.isFinite else { return .nan }
        guard !isEmpty else { return 0 }
        let leaves = self.leaves!
        let qx = SIMD4(repeating: q.x), qy = SIMD4(repeating: q.y), qz = SIMD4(repeating: q.z)
        var far = SIMD4<Float>.zero
        var near = SIMD4<Float>.zero
        var top = 1
        stack[0] = 0
        while top > 0 {
            top -= 1
            let index = Int(stack[top])
            let node = nodes[index]
            let m = moments + index * WindingMoments.stride
            let rx = m[0] - qx, ry = m[1] - qy, rz = m[2] - qz
            let s2 = rx * rx + ry * ry + rz * rz
            let isFar = (s2 .> m[3]) .& (node.count .>= 0)
            if any(isFar) {
                far += farField(m, rx, ry, rz, s2).replacing(with: SIMD4<Float>.zero, where: .!isFar)
            }
            let open = .!isFar .& (node.count .>= 0)
            guard any(open) else { continue }
            for slot in 0..<4 where open[slot] {
                let count = Int(node.count[slot]), child = Int(node.child[slot])
                if count == 0 {
                    stack[top] = Int32(child)
                    top += 1
                } else {
                    near += leaves[child].windingContributions(x: qx, y: qy, z: qz)
                }
            }
        }
        return (far + near).sum()
    }

    /// The order-2 expansion of four children at offsets r = p̃ − q (see `WindingMoments`).
    @inline(__always)
    private func farField(_ m: UnsafePointer<SIMD4<Float>>, _ rx: SIMD4<Float>, _ ry: SIMD4<Float>,
                          _ rz: SIMD4<Float>, _ s2: SIMD4<Float>) -> SIMD4<Float> {
        let inverse = vectorReciprocalSquareRoot(s2)
        let inverse2 = inverse * inverse
        let inverse3 = inverse * inverse2
        let inverse5 = inverse3 * inverse2
        let inverse7 = inverse5 * inverse2
        let term0: SIMD4<Float> = m[4] * rx + m[5] * ry + m[6] * rz + m[7]
        let xx = rx * rx, yy = ry * ry, zz = rz * rz
        let xy = rx * ry, yz = ry * rz, zx = rz * rx
        var term1: SIMD4<Float> = m[8] * xx + m[9] * yy + m[10] * zz
        term1 += m[11] * xy + m[12] * yz + m[13] * zx
        term1 += m[14] * rx + m[15] * ry + m[16] * rz
        var term2: SIMD4<Float> = (m[17] * xx + m[20] * xy + m[21] * zx) * rx
        term2 += (m[18] * yy + m[22] * xy + m[23] * yz) * ry
        term2 += (m[19] * zz + m[24] * zx + m[25] * yz) * rz
        term2 += m[26] * xy * rz
        return term0 * inverse3 + term1 * inverse5 + term2 * inverse7
    }
}
