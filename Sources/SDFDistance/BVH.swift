import SDFGeometry

/// A 4-wide bounding volume hierarchy over the triangles of a mesh, built once and queried many
/// times (closest points, winding numbers).
///
/// Nodes are a flat array in depth-first order; each node holds the boxes of its four children in
/// structure-of-arrays form so one SIMD test bounds all four. Leaf triangles are stored
/// contiguously in leaf order as their three corner positions (`triangleCorners`), so a leaf scan
/// reads consecutive memory; `triangleIndices` maps a leaf slot back to the mesh's triangle.
/// Every subtree covers one contiguous range of leaf slots.
///
/// - Complexity: building is O(n log n) (binned SAH); a closest-point query visits O(log n)
///   nodes on typical meshes.
public struct BVH: Sendable {
    /// The nodes; node 0 is the root.
    @usableFromInline let nodes: [BVHNode]
    /// Three corners per triangle, in leaf order.
    @usableFromInline let triangleCorners: [SIMD3<Float>]
    /// For each leaf slot, the index of the triangle in the source mesh.
    public let triangleIndices: [UInt32]
    /// The box around every triangle.
    public let bounds: AABB
    /// The largest depth of the tree (root = 1); bounds the traversal stack.
    public let depth: Int

    /// The number of triangles.
    public var triangleCount: Int { triangleIndices.count }
    /// The number of 4-wide nodes.
    public var nodeCount: Int { nodes.count }

    /// Builds the hierarchy over every triangle of `mesh` (degenerate ones included: they are
    /// segments or points and still have a distance).
    /// - Parameter maximumLeafSize: triangles per leaf at most (1…16).
    public init(mesh: TriangleMesh, maximumLeafSize: Int = 4) {
        precondition((1...16).contains(maximumLeafSize), "leaf size must be 1…16")
        var builder = BVHBuilder(mesh: mesh, maximumLeafSize: maximumLeafSize)
        builder.build()
        nodes = builder.nodes
        triangleIndices = builder.order.map { UInt32($0) }
        var corners = [SIMD3<Float>]()
        corners.reserveCapacity(3 * builder.order.count)
        for t in builder.order {
            let (a, b, c) = mesh.corners(t)
            corners.append(a)
            corners.append(b)
            corners.append(c)
        }
        triangleCorners = corners
        bounds = builder.rootBounds
        depth = builder.maximumDepth
    }

    /// The capacity a traversal stack needs for this tree.
    @inlinable var stackCapacity: Int { 3 * depth + 8 }

    /// The contiguous range of leaf slots below child `slot` of `node`.
    func leafRange(node: Int, slot: Int) -> Range<Int> {
        let n = nodes[node]
        let count = Int(n.count[slot])
        if count > 0 {
            let first = Int(n.child[slot])
            return first..<(first + count)
        }
        if count < 0 { return 0..<0 }
        let inner = Int(n.child[slot])
        var lower = Int.max, upper = Int.min
        for s in 0..<4 {
            let r = leafRange(node: inner, slot: s)
            if !r.isEmpty {
                lower = Swift.min(lower, r.lowerBound)
                upper = Swift.max(upper, r.upperBound)
            }
        }
        return lower <= upper ? lower..<upper : 0..<0
    }
}

/// One node of the 4-wide hierarchy: the boxes of its four children (structure of arrays) and,
/// per child, either an inner node or a range of leaf triangles.
@usableFromInline
struct BVHNode: Sendable {
    @usableFromInline var minX, minY, minZ: SIMD4<Float>
    @usableFromInline var maxX, maxY, maxZ: SIMD4<Float>
    /// Inner child: its node index. Leaf child: its first leaf slot.
    @usableFromInline var child: SIMD4<Int32>
    /// Leaf child: its triangle count (> 0). Inner child: 0. Empty slot: −1 (and an empty box).
    @usableFromInline var count: SIMD4<Int32>

    static let empty = BVHNode(
        minX: SIMD4(repeating: .infinity), minY: SIMD4(repeating: .infinity),
        minZ: SIMD4(repeating: .infinity), maxX: SIMD4(repeating: -.infinity),
        maxY: SIMD4(repeating: -.infinity), maxZ: SIMD4(repeating: -.infinity),
        child: .zero, count: SIMD4(repeating: -1))

    mutating func setChild(_ slot: Int, box: AABB, child: Int32, count: Int32) {
        minX[slot] = box.min.x
        minY[slot] = box.min.y
        minZ[slot] = box.min.z
        maxX[slot] = box.max.x
        maxY[slot] = box.max.y
        maxZ[slot] = box.max.z
        self.child[slot] = child
        self.count[slot] = count
    }

    /// Squared distances from `p` to the four child boxes (+∞ for empty slots).
    @inlinable @inline(__always)
    func squaredDistances(x: Float, y: Float, z: Float) -> SIMD4<Float> {
        let px = SIMD4(repeating: x), py = SIMD4(repeating: y), pz = SIMD4(repeating: z)
        let zero = SIMD4<Float>.zero
        let dx = maximum(maximum(minX - px, px - maxX), zero)
        let dy = maximum(maximum(minY - py, py - maxY), zero)
        let dz = maximum(maximum(minZ - pz, pz - maxZ), zero)
        let d = dx * dx + dy * dy + dz * dz
        return d.replacing(with: .infinity, where: count .< 0)
    }
}

/// Lane-wise maximum (the standard library's `pointwiseMax` is not always inlined).
@inlinable @inline(__always)
func maximum(_ a: SIMD4<Float>, _ b: SIMD4<Float>) -> SIMD4<Float> {
    a.replacing(with: b, where: b .> a)
}
