import SDFGeometry

/// Fits each child of each BVH node with a disc-shaped slab around its triangles: centred on the
/// child's box, its axis the area-weighted mean normal, as thin and narrow as the triangles'
/// corners allow. Seen from afar, a flat cluster's box hides how far to the side of the query
/// it lies; the disc does not, so far queries open several times fewer leaves. A cluster whose
/// normals mostly cancel (curved or closed) gets a zero axis: its disc is the bounding ball.
enum BVHDiscs {
    /// Below this ratio of |Σ area vectors| to Σ areas, a cluster counts as curved.
    private static let flatness = 0.5

    static func fit(_ nodes: inout [BVHNode], ranges: [(lower: Int32, upper: Int32)],
                    corners: [SIMD3<Float>]) {
        nodes.withUnsafeMutableBufferPointer { nodes in
            corners.withUnsafeBufferPointer { corners in
                let target = SendablePointer(nodes), source = SendableConstPointer(corners)
                Parallelism.forEachChunk(count: nodes.count, minimumChunk: 64, maxChunks: 8 * Parallelism.threadCount) { range, _ in
                    for node in range {
                        for slot in 0..<4 where target[node].count[slot] >= 0 {
                            let leafRange = ranges[4 * node + slot]
                            fitLane(&target.base[node], slot: slot, corners: source.base,
                                    range: Int(leafRange.lower)..<Int(leafRange.upper))
                        }
                    }
                }
            }
        }
    }

    private static func fitLane(_ node: inout BVHNode, slot: Int, corners: UnsafePointer<SIMD3<Float>>,
                                range: Range<Int>) {
        var areaVector = SIMD3<Double>.zero, area = 0.0
        for s in range {
            let a = SIMD3<Double>(corners[3 * s]), b = SIMD3<Double>(corners[3 * s + 1])
            let c = SIMD3<Double>(corners[3 * s + 2])
            let n = cross(b - a, c - a)
            areaVector += n
            area += (n * n).sum().squareRoot()
        }
        let length = (areaVector * areaVector).sum().squareRoot()
        let axis = length > flatness * area && length > 0 ? SIMD3<Float>(areaVector / length) : .zero
        let center = SIMD3<Float>(node.minX[slot] + node.maxX[slot], node.minY[slot] + node.maxY[slot],
                                  node.minZ[slot] + node.maxZ[slot]) * 0.5
        // Measured against the stored (rounded) centre and axis, then rounded outwards.
        let o = SIMD3<Double>(center), n = SIMD3<Double>(axis)
        var height = 0.0, radius = 0.0
        for k in (3 * range.lowerBound)..<(3 * range.upperBound) {
            let w = SIMD3<Double>(corners[k]) - o
            let along = (w * n).sum()
            let v = w - along * n
            height = Swift.max(height, abs(along))
            radius = Swift.max(radius, (v * v).sum())
        }
        radius = radius.squareRoot()
        let slack = 1e-6 * (height + radius)
        node.discX[slot] = center.x
        node.discY[slot] = center.y
        node.discZ[slot] = center.z
        node.axisX[slot] = axis.x
        node.axisY[slot] = axis.y
        node.axisZ[slot] = axis.z
        node.halfThickness[slot] = Float(height + slack).nextUp
        node.radius[slot] = Float(radius + slack).nextUp
    }
}
