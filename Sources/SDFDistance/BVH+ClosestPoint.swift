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
            try leaves.withUnsafeBufferPointer { leaves in
                try triangleCorners.withUnsafeBufferPointer { corners in
                    try withUnsafeTemporaryAllocation(of: BVHStackEntry.self, capacity: stackCapacity) { stack in
                        try withUnsafeTemporaryAllocation(of: BVHPairStackEntry.self, capacity: stackCapacity) { pairStack in
                            try body(BVHTraversal(nodes: nodes.baseAddress!, leaves: leaves.baseAddress,
                                                  corners: corners.baseAddress, triangleIndices: triangleIndices,
                                                  stack: stack.baseAddress!, pairStack: pairStack.baseAddress!,
                                                  isEmpty: triangleIndices.isEmpty))
                        }
                    }
                }
            }
        }
    }
}

/// One entry of a traversal stack: a child (an inner node, or a leaf when `count` > 0) and the
/// squared distance to its box.
struct BVHStackEntry {
    var squaredDistance: Float
    /// The node index, or the leaf index.
    var node: Int32
    var count: Int32
}

/// A nearest-triangle search over raw pointers, with a caller-provided stack.
struct BVHTraversal {
    let nodes: UnsafePointer<BVHNode>
    let leaves: UnsafePointer<BVHLeaf>?
    let corners: UnsafePointer<SIMD3<Float>>?
    let triangleIndices: [UInt32]
    let stack: UnsafeMutablePointer<BVHStackEntry>
    /// The stack of `nearestSlots(_:_:squaredBounds:hint:)`.
    let pairStack: UnsafeMutablePointer<BVHPairStackEntry>
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
    /// rounding); nil if there is none or `p` is not finite. A `hint` slot (the answer of a nearby
    /// query, −1 for none) starts the search with its exact distance as the bound, so the
    /// traversal prunes from the first node on; it does not change the answer.
    @inline(__always)
    func nearestSlot(to p: SIMD3<Float>, upperBound: Float, hint: Int = -1) -> Int? {
        guard !isEmpty, p.isFinite else { return nil }
        let bound = upperBound.isFinite ? (upperBound * 1.001).nextUp : Float.infinity
        let slot = nearestSlot(to: p, squaredBound: bound * bound, hint: hint).slot
        return slot >= 0 ? Int(slot) : nil
    }

    /// The leaf slot of the nearest triangle with squared distance below `squaredBound` (−1 if
    /// none) and its single-precision squared distance. Nearest-first: children are pushed
    /// farthest first, and entries no closer than the best so far are skipped. A `hint` slot
    /// (≥ 0) counts as already visited. Kept out of line: callers are large loops, and inlined
    /// there the optimiser would stop inlining this function's own SIMD helpers.
    @inline(never)
    func nearestSlot(to p: SIMD3<Float>, squaredBound: Float, hint: Int = -1) -> (slot: Int32, squaredDistance: Float) {
        var best = squaredBound
        var bestSlot: Int32 = -1
        let corners = self.corners!
        if hint >= 0 {
            let d = squaredDistanceToTriangle(p, corners[3 * hint], corners[3 * hint + 1], corners[3 * hint + 2])
            if d < best { best = d; bestSlot = Int32(hint) }
        }
        let leaves = self.leaves!
        let px = SIMD4(repeating: p.x), py = SIMD4(repeating: p.y), pz = SIMD4(repeating: p.z)
        var top = 1
        stack[0] = BVHStackEntry(squaredDistance: 0, node: 0, count: 0)
        while top > 0 {
            top -= 1
            let entry = stack[top]
            if entry.squaredDistance >= best { continue }
            if entry.count > 0 {
                let leaf = leaves + Int(entry.node)
                let d = leaf.pointee.squaredDistances(x: px, y: py, z: pz)
                let pairs = minimum(d, SIMD4(d.z, d.w, d.x, d.y))
                let nearest = Swift.min(pairs.x, pairs.y)
                if nearest < best {
                    best = nearest
                    // Padding lanes repeat the last triangle, so the first minimal lane is real.
                    let lane = d[0] == nearest ? 0 : d[1] == nearest ? 1 : d[2] == nearest ? 2 : 3
                    bestSlot = leaf.pointee.firstSlot + Int32(lane)
                }
                continue
            }
            let node = nodes[Int(entry.node)]
            let d = node.squaredDistances(px: px, py: py, pz: pz)
            // Sort keys: a non-negative float's bits order like the float; the two low mantissa
            // bits (cleared, which only lowers the bound) carry the child's lane.
            var keys = SIMD4<UInt32>(truncatingIfNeeded: unsafeBitCast(d, to: SIMD4<Int32>.self))
                & SIMD4(repeating: ~3) | SIMD4(0, 1, 2, 3)
            keys = Self.sortAscending(keys)
            // Farthest first, so the nearest is popped next; entries not below the bound are
            // written but not kept (the stack has room for them).
            let bound = best.bitPattern
            for k in (0..<4).reversed() {
                let key = keys[k], lane = Int(key & 3)
                stack[top] = BVHStackEntry(squaredDistance: Float(bitPattern: key & ~3),
                                           node: node.child[lane], count: node.count[lane])
                top &+= key < bound ? 1 : 0
            }
        }
        return (bestSlot, best)
    }

    /// Sorts four keys ascending with a branch-free sorting network.
    @_transparent
    static func sortAscending(_ keys: SIMD4<UInt32>) -> SIMD4<UInt32> {
        @inline(__always) func lower(_ a: SIMD4<UInt32>, _ b: SIMD4<UInt32>) -> SIMD4<UInt32> {
            a.replacing(with: b, where: b .< a)
        }
        @inline(__always) func upper(_ a: SIMD4<UInt32>, _ b: SIMD4<UInt32>) -> SIMD4<UInt32> {
            a.replacing(with: b, where: b .> a)
        }
        // Compare (0, 1) and (2, 3), then (0, 2) and (1, 3), then (1, 2).
        var a = keys
        var b = SIMD4(a.y, a.x, a.w, a.z)
        a = lower(a, b).replacing(with: upper(a, b), where: SIMDMask(SIMD4<Int32>(0, -1, 0, -1)))
        b = SIMD4(a.z, a.w, a.x, a.y)
        a = lower(a, b).replacing(with: upper(a, b), where: SIMDMask(SIMD4<Int32>(0, 0, -1, -1)))
        b = SIMD4(a.x, a.z, a.y, a.w)
        return lower(a, b).replacing(with: upper(a, b), where: SIMDMask(SIMD4<Int32>(0, 0, -1, 0)))
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
