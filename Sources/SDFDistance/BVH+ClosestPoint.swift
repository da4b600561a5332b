import SDFGeometry

/// The closest point of a mesh to a query point.
public struct ClosestPoint: Sendable, Equatable {
    /// The closest point on the surface.
    public var point: SIMD3<Float>
    /// The Euclidean distance from the query to `point` (computed in double precision).
    public var distance: Float
    /// The mesh triangle that holds `point`.
    public var triangle: Int
    /// Where on that triangle `point` lies.
    public var feature: TriangleFeature
}

extension BVH {
    /// The closest point of the mesh to `p`, or nil when no triangle lies within `upperBound`
    /// (or the mesh is empty, or `p` is not finite). Convenience for single queries; batches
    /// should use `unsignedDistances(at:into:)` or `MeshDistanceField`.
    public func closestPoint(to p: SIMD3<Float>, upperBound: Float = .infinity) -> ClosestPoint? {
        withTraversal { $0.closestPoint(to: p, upperBound: upperBound) }
    }

    /// Unsigned distances from `points[i]` to the mesh, on every core (+∞ for an empty mesh, NaN
    /// for non-finite points).
    public func unsignedDistances(at points: UnsafeBufferPointer<SIMD3<Float>>,
                                  into distances: UnsafeMutableBufferPointer<Float>) {
        precondition(points.count == distances.count)
        guard !points.isEmpty else { return }
        let source = SendableConstPointer(points), target = SendablePointer(distances)
        Parallelism.forEachChunk(count: points.count, minimumChunk: 1024) { range, _ in
            self.withTraversal { traversal in
                for i in range {
                    target[i] = traversal.closestPoint(to: source[i])?.distance
                        ?? (source[i].isFinite ? .infinity : .nan)
                }
            }
        }
    }

    /// Runs `body` with a traversal context (raw pointers and a stack) valid inside `body` only.
    func withTraversal<R>(_ body: (BVHTraversal) throws -> R) rethrows -> R {
        try nodes.withUnsafeBufferPointer { nodes in
            try triangleCorners.withUnsafeBufferPointer { corners in
                try withUnsafeTemporaryAllocation(of: BVHStackEntry.self, capacity: stackCapacity) { stack in
                    try body(BVHTraversal(nodes: nodes.baseAddress!, corners: corners.baseAddress,
                                          triangleIndices: triangleIndices, stack: stack.baseAddress!,
                                          isEmpty: triangleIndices.isEmpty))
                }
            }
        }
    }
}

/// One entry of a traversal stack: a child (inner node or leaf range) and its box distance.
struct BVHStackEntry {
    var squaredDistance: Float
    var child: Int32
    var count: Int32
}

/// A nearest-triangle search over raw pointers, with a caller-provided stack.
struct BVHTraversal {
    let nodes: UnsafePointer<BVHNode>
    let corners: UnsafePointer<SIMD3<Float>>?
    let triangleIndices: [UInt32]
    let stack: UnsafeMutablePointer<BVHStackEntry>
    let isEmpty: Bool

    /// The closest point to `p` among triangles closer than `upperBound`, refined in double
    /// precision; nil if there is none or `p` is not finite.
    @inline(__always)
    func closestPoint(to p: SIMD3<Float>, upperBound: Float = .infinity) -> ClosestPoint? {
        guard let slot = nearestSlot(to: p, upperBound: upperBound) else { return nil }
        let (point, feature) = refine(p, slot: slot)
        let offset = SIMD3<Double>(p) - point
        return ClosestPoint(point: SIMD3<Float>(point), distance: Float((offset * offset).sum().squareRoot()),
                            triangle: Int(triangleIndices[slot]), feature: feature)
    }

    /// The leaf slot of the triangle nearest to `p` within `upperBound` (slightly widened against
    /// rounding); nil if there is none or `p` is not finite.
    @inline(__always)
    func nearestSlot(to p: SIMD3<Float>, upperBound: Float) -> Int? {
        guard !isEmpty, p.isFinite else { return nil }
        let bound = upperBound.isFinite ? (upperBound * 1.001).nextUp : Float.infinity
        let slot = nearestSlot(to: p, squaredBound: bound * bound).slot
        return slot >= 0 ? Int(slot) : nil
    }

    /// The leaf slot of the nearest triangle with squared distance below `squaredBound` (−1 if
    /// none) and its single-precision squared distance. Nearest-first: children are pushed
    /// farthest first, and entries no closer than the best so far are skipped.
    @inline(__always)
    func nearestSlot(to p: SIMD3<Float>, squaredBound: Float) -> (slot: Int32, squaredDistance: Float) {
        var best = squaredBound
        var bestSlot: Int32 = -1
        var top = 1
        stack[0] = BVHStackEntry(squaredDistance: 0, child: 0, count: 0)
        let corners = self.corners!
        while top > 0 {
            top -= 1
            let entry = stack[top]
            if entry.squaredDistance >= best { continue }
            if entry.count > 0 {
                let first = Int(entry.child)
                for slot in first..<(first + Int(entry.count)) {
                    let d = squaredDistanceToTriangle(p, corners[3 * slot], corners[3 * slot + 1],
                                                      corners[3 * slot + 2])
                    if d < best { best = d; bestSlot = Int32(slot) }
                }
                continue
            }
            let node = nodes[Int(entry.child)]
            let d = node.squaredDistances(x: p.x, y: p.y, z: p.z)
            push(d, node: node, below: best, top: &top)
        }
        return (bestSlot, best)
    }

    /// Pushes the children closer than `best`, sorted so that the nearest is on top.
    @inline(__always)
    private func push(_ d: SIMD4<Float>, node: BVHNode, below best: Float, top: inout Int) {
        // A 4-element sorting network on (distance, slot), ascending.
        var k0 = d[0], k1 = d[1], k2 = d[2], k3 = d[3]
        var s0 = 0, s1 = 1, s2 = 2, s3 = 3
        @inline(__always) func order(_ ka: inout Float, _ sa: inout Int, _ kb: inout Float, _ sb: inout Int) {
            if kb < ka { swap(&ka, &kb); swap(&sa, &sb) }
        }
        order(&k0, &s0, &k1, &s1)
        order(&k2, &s2, &k3, &s3)
        order(&k0, &s0, &k2, &s2)
        order(&k1, &s1, &k3, &s3)
        order(&k1, &s1, &k2, &s2)
        @inline(__always) func pushOne(_ k: Float, _ s: Int) {
            guard k < best else { return }
            stack[top] = BVHStackEntry(squaredDistance: k, child: node.child[s], count: node.count[s])
            top += 1
        }
        pushOne(k3, s3)
        pushOne(k2, s2)
        pushOne(k1, s1)
        pushOne(k0, s0)
    }

    /// The closest point on leaf triangle `slot` and its feature, in double precision.
    @inline(__always)
    func refine(_ p: SIMD3<Float>, slot: Int) -> (point: SIMD3<Double>, feature: TriangleFeature) {
        let corners = self.corners!
        return closestPointOnTriangle(
            SIMD3<Double>(p), SIMD3<Double>(corners[3 * slot]), SIMD3<Double>(corners[3 * slot + 1]),
            SIMD3<Double>(corners[3 * slot + 2]))
    }
}
