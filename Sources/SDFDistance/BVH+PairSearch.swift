import SDFGeometry

/// One entry of a two-point traversal stack: a child (an inner node, or a leaf when `count` > 0)
/// and the squared distances from each of the two points to its bounds.
struct BVHPairStackEntry {
    var squaredDistances: SIMD2<Float>
    /// The node index, or the leaf index.
    var node: Int32
    var count: Int32
}

extension BVHTraversal {
    /// The leaf slots of the triangles nearest to `p` and to `q` with squared distances below
    /// `squaredBounds` (−1 where there is none), found in one traversal: nearby points (e.g.
    /// consecutive in Morton order) open mostly the same nodes, and each node and leaf is
    /// measured for both at once in eight lanes. Every point prunes by its own bound only, so
    /// each answer is that of `nearestSlot(to:squaredBound:hint:)`. `hint` as there, for both.
    @inline(never)
    func nearestSlots(_ p: SIMD3<Float>, _ q: SIMD3<Float>, squaredBounds: SIMD2<Float>,
                      hint: Int = -1) -> SIMD2<Int32> {
        var best = squaredBounds
        var bestSlot = SIMD2<Int32>(repeating: -1)
        let corners = self.corners!
        if hint >= 0 {
            let a = corners[3 * hint], b = corners[3 * hint + 1], c = corners[3 * hint + 2]
            let d = SIMD2(squaredDistanceToTriangle(p, a, b, c), squaredDistanceToTriangle(q, a, b, c))
            bestSlot.replace(with: Int32(hint), where: d .< best)
            best.replace(with: d, where: d .< best)
        }
        let leaves = self.leaves!
        let x = SIMD8(lowHalf: SIMD4(repeating: p.x), highHalf: SIMD4(repeating: q.x))
        let y = SIMD8(lowHalf: SIMD4(repeating: p.y), highHalf: SIMD4(repeating: q.y))
        let z = SIMD8(lowHalf: SIMD4(repeating: p.z), highHalf: SIMD4(repeating: q.z))
        let stack = pairStack
        var top = 1
        stack[0] = BVHPairStackEntry(squaredDistances: .zero, node: 0, count: 0)
        while top > 0 {
            top -= 1
            let entry = stack[top]
            if !any(entry.squaredDistances .< best) { continue }
            if entry.count > 0 {
                let leaf = leaves + Int(entry.node)
                let d = leaf.pointee.squaredDistances(x: x, y: y, z: z)
                for point in 0..<2 {
                    let lanes = point == 0 ? d.lowHalf : d.highHalf
                    let pairs = minimum(lanes, SIMD4(lanes.z, lanes.w, lanes.x, lanes.y))
                    let nearest = Swift.min(pairs.x, pairs.y)
                    if nearest < best[point] {
                        best[point] = nearest
                        // Padding lanes repeat the last triangle, so the first minimal lane is real.
                        let lane = lanes[0] == nearest ? 0 : lanes[1] == nearest ? 1 : lanes[2] == nearest ? 2 : 3
                        bestSlot[point] = leaf.pointee.firstSlot + Int32(lane)
                    }
                }
                continue
            }
            let node = nodes[Int(entry.node)]
            let d = node.squaredDistances(px: x, py: y, pz: z)
            let dp = d.lowHalf, dq = d.highHalf
            let open = (dp .< SIMD4(repeating: best.x)) .| (dq .< SIMD4(repeating: best.y))
            // Sorted by the nearer of the two distances (see `nearestSlot`), farthest pushed first.
            let nearer = minimum(dp, dq)
            var keys = SIMD4<UInt32>(truncatingIfNeeded: unsafeBitCast(nearer, to: SIMD4<Int32>.self))
                & SIMD4(repeating: ~3) | SIMD4(0, 1, 2, 3)
            keys = Self.sortAscending(keys)
            for k in (0..<4).reversed() {
                let lane = Int(keys[k] & 3)
                stack[top] = BVHPairStackEntry(squaredDistances: SIMD2(dp[lane], dq[lane]),
                                               node: node.child[lane], count: node.count[lane])
                top &+= open[lane] ? 1 : 0
            }
        }
        return bestSlot
    }
}
