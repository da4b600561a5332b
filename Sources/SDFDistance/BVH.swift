import SDFGeometry

/// A 4-wide bounding volume hierarchy over the triangles of a mesh, built once and queried many
/// times (closest points, winding numbers).
///
/// Nodes are a flat array in depth-first order; each node holds the boxes of its four children in
/// structure-of-arrays form so one SIMD test bounds all four. A leaf child refers to a `BVHLeaf`,
/// its (at most four) triangles packed one per SIMD lane. Leaf triangles are also stored
/// contiguously in leaf order as their three corner positions (`triangleCorners`);
/// `triangleIndices` maps such a leaf slot back to the mesh's triangle. Every subtree covers one
/// contiguous range of leaf slots.
///
/// - Complexity: building is O(n log n) (binned SAH); a closest-point query visits O(log n)
///   nodes on typical meshes.
public struct BVH: Sendable {
    /// The nodes; node 0 is the root.
    @usableFromInline let nodes: [BVHNode]
    /// The leaves, indexed by a leaf child's `child` field.
    @usableFromInline let leaves: [BVHLeaf]
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
    /// - Parameter maximumLeafSize: triangles per leaf at most (1…4).
    public init(mesh: TriangleMesh, maximumLeafSize: Int = 4) {
        precondition((1...4).contains(maximumLeafSize), "leaf size must be 1…4")
        var builder = BVHBuilder(mesh: mesh, maximumLeafSize: maximumLeafSize)
        builder.build()
        let order = builder.order
        triangleIndices = order
        var corners = [SIMD3<Float>](repeating: .zero, count: 3 * order.count)
        for (slot, t) in order.enumerated() {
            let (a, b, c) = mesh.corners(Int(t))
            corners[3 * slot] = a
            corners[3 * slot + 1] = b
            corners[3 * slot + 2] = c
        }
        let leaves = corners.withUnsafeBufferPointer { corners in
            builder.leaves.map { BVHLeaf(corners: corners, first: Int($0.first), count: Int($0.count)) }
        }
        var nodes = builder.nodes
        BVHDiscs.fit(&nodes, ranges: Self.childLeafRanges(nodes: nodes, leaves: leaves), corners: corners)
        self.nodes = nodes
        self.leaves = leaves
        triangleCorners = corners
        bounds = builder.rootBounds
        depth = builder.maximumDepth
    }

    /// The capacity a traversal stack needs for this tree.
    @inlinable var stackCapacity: Int { 3 * depth + 8 }

    /// The contiguous range of leaf slots below each child of each node (empty slots: empty
    /// range), computed bottom-up in one pass (children come after their parents).
    func childLeafRanges() -> [(lower: Int32, upper: Int32)] {
        Self.childLeafRanges(nodes: nodes, leaves: leaves)
    }

    private static func childLeafRanges(nodes: [BVHNode], leaves: [BVHLeaf]) -> [(lower: Int32, upper: Int32)] {
        var ranges = [(lower: Int32, upper: Int32)](repeating: (0, 0), count: 4 * nodes.count)
        for node in stride(from: nodes.count - 1, through: 0, by: -1) {
            let n = nodes[node]
            for slot in 0..<4 {
                let count = n.count[slot], child = Int(n.child[slot])
                if count > 0 {
                    let first = leaves[child].firstSlot
                    ranges[4 * node + slot] = (first, first + count)
                } else if count == 0 {
                    var lower = Int32.max, upper = Int32.min
                    for s in 0..<4 where nodes[child].count[s] >= 0 {
                        lower = Swift.min(lower, ranges[4 * child + s].lower)
                        upper = Swift.max(upper, ranges[4 * child + s].upper)
                    }
                    ranges[4 * node + slot] = lower <= upper ? (lower, upper) : (0, 0)
                }
            }
        }
        return ranges
    }
}

/// One node of the 4-wide hierarchy: the boxes of its four children (structure of arrays) and,
/// per child, either an inner node or a range of leaf triangles.
@usableFromInline
struct BVHNode: Sendable {
    @usableFromInline var minX, minY, minZ: SIMD4<Float>
    @usableFromInline var maxX, maxY, maxZ: SIMD4<Float>
    /// Inner child: its node index. Leaf child: its index in `BVH.leaves`.
    @usableFromInline var child: SIMD4<Int32>
    /// Leaf child: its triangle count (> 0). Inner child: 0. Empty slot: −1 (and an empty box).
    @usableFromInline var count: SIMD4<Int32>
    /// Per child, a disc-shaped slab holding its triangles (see `BVHDiscs`): centre, unit axis
    /// (zero for a curved cluster, making the disc a ball), half thickness along the axis and
    /// radius across it.
    @usableFromInline var discX, discY, discZ: SIMD4<Float>
    @usableFromInline var axisX, axisY, axisZ: SIMD4<Float>
    @usableFromInline var halfThickness, radius: SIMD4<Float>

    static let empty = BVHNode(
        minX: SIMD4(repeating: .infinity), minY: SIMD4(repeating: .infinity),
        minZ: SIMD4(repeating: .infinity), maxX: SIMD4(repeating: -.infinity),
        maxY: SIMD4(repeating: -.infinity), maxZ: SIMD4(repeating: -.infinity),
        child: .zero, count: SIMD4(repeating: -1), discX: .zero, discY: .zero, discZ: .zero,
        axisX: .zero, axisY: .zero, axisZ: .zero, halfThickness: .zero, radius: .zero)

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

    /// Lower bounds of the squared distances from p (each coordinate broadcast to four lanes)
    /// to the four children's triangles: the larger of the squared distances to the child's box
    /// and to its disc (+∞ for empty slots).
    @_transparent
    func squaredDistances(px: SIMD4<Float>, py: SIMD4<Float>, pz: SIMD4<Float>) -> SIMD4<Float> {
        let zero = SIMD4<Float>.zero
        let dx = maximum(maximum(minX - px, px - maxX), zero)
        let dy = maximum(maximum(minY - py, py - maxY), zero)
        let dz = maximum(maximum(minZ - pz, pz - maxZ), zero)
        let box = dx * dx + dy * dy + dz * dz
        let wx = px - discX, wy = py - discY, wz = pz - discZ
        let along = wx * axisX + wy * axisY + wz * axisZ
        let vx = wx - along * axisX, vy = wy - along * axisY, vz = wz - along * axisZ
        let across = (vx * vx + vy * vy + vz * vz).squareRoot()
        let height = maximum(maximum(along, -along) - halfThickness, zero)
        let side = maximum(across - radius, zero)
        let disc = height * height + side * side
        return maximum(box, disc).replacing(with: .infinity, where: count .< 0)
    }

    /// `squaredDistances(px:py:pz:)` for two points at once: the first in the low four lanes,
    /// the second in the high four.
    /// Kept out of line: inlined, the optimiser splits it into two four-lane halves (the caller
    /// reads the halves apart), which doubles the work and spills registers.
    @inline(never)
    func squaredDistances(px: SIMD8<Float>, py: SIMD8<Float>, pz: SIMD8<Float>) -> SIMD8<Float> {
        @_transparent func wide(_ v: SIMD4<Float>) -> SIMD8<Float> { SIMD8(lowHalf: v, highHalf: v) }
        let zero = SIMD8<Float>.zero
        let dx = maximum(maximum(wide(minX) - px, px - wide(maxX)), zero)
        let dy = maximum(maximum(wide(minY) - py, py - wide(maxY)), zero)
        let dz = maximum(maximum(wide(minZ) - pz, pz - wide(maxZ)), zero)
        let box = dx * dx + dy * dy + dz * dz
        let ax = wide(axisX), ay = wide(axisY), az = wide(axisZ)
        let wx = px - wide(discX), wy = py - wide(discY), wz = pz - wide(discZ)
        let along = wx * ax + wy * ay + wz * az
        let vx = wx - along * ax, vy = wy - along * ay, vz = wz - along * az
        let across = (vx * vx + vy * vy + vz * vz).squareRoot()
        let height = maximum(maximum(along, -along) - wide(halfThickness), zero)
        let side = maximum(across - wide(radius), zero)
        let disc = height * height + side * side
        // Masked per half: a four-lane integer comparison vectorises, an eight-lane one does not.
        let bound = maximum(box, disc), empty = count .< 0
        return SIMD8(lowHalf: bound.lowHalf.replacing(with: .infinity, where: empty),
                     highHalf: bound.highHalf.replacing(with: .infinity, where: empty))
    }
}

/// Lane-wise maximum of eight lanes.
@_transparent
func maximum(_ a: SIMD8<Float>, _ b: SIMD8<Float>) -> SIMD8<Float> {
    a.replacing(with: b, where: b .> a)
}

/// Lane-wise maximum (the standard library's `pointwiseMax` is not always inlined).
@_transparent
func maximum(_ a: SIMD4<Float>, _ b: SIMD4<Float>) -> SIMD4<Float> {
    a.replacing(with: b, where: b .> a)
}
