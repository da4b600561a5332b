import SDFGeometry

/// Coarse-to-fine choice of the blocks that may contain the surface.
///
/// An octree over the block grid: starting from a few top-level blocks, each level evaluates the
/// field at the centres of its candidate blocks in one parallel batch and refines only those that
/// may be crossed by the zero level, down to blocks of `ExtractionGrid.blockSize` cells. The test
/// for a block of circumradius `r` with centre value `f`:
/// - exact or Lipschitz-bounded fields (`|f|/λ` is a lower bound of the distance to the surface):
///   keep iff `|f|/λ ≤ r` (plus a relative tolerance of 10⁻³), which never drops a crossed block;
/// - approximate fields (trained networks): keep iff `|f| ≤ 2r`; blocks with `2r < |f| ≤ 4r`
///   are checked again at their eight corners and kept if any corner's sign differs from the
///   centre's. The extractor then closes the selection (see `MarchingTetrahedra`): any block next
///   to a crossed block face is added, so a misjudged margin costs time, never a hole.
struct BlockSelection {
    let grid: ExtractionGrid
    let field: any DistanceField

    /// Field values computed while selecting.
    private(set) var evaluations = 0

    init(grid: ExtractionGrid, field: any DistanceField) {
        self.grid = grid
        self.field = field
    }

    /// The finest-level blocks that may contain the surface, sorted by key.
    mutating func candidateBlocks() -> [UInt64] {
        let finest = grid.blockCounts
        var levels = 0
        while (finest &+ (1 << levels) &- 1).max() >> levels > 4 { levels += 1 }
        var candidates: [SIMD3<Int32>] = []
        let top = (finest &+ (1 << levels) &- 1) &>> Int32(levels)
        for z in 0..<top.z {
            for y in 0..<top.y {
                for x in 0..<top.x { appendIfUseful(SIMD3(x, y, z), level: levels, to: &candidates) }
            }
        }
        for level in stride(from: levels, through: 0, by: -1) {
            let kept = keepPossiblyCrossed(candidates, level: level)
            if level == 0 {
                return kept.map(ExtractionGrid.blockKey).sorted()
            }
            candidates.removeAll(keepingCapacity: true)
            for parent in kept {
                for child in 0..<8 {
                    let c = parent &* 2 &+ SimplexLattice.cornerOffset(Int32(child))
                    appendIfUseful(c, level: level - 1, to: &candidates)
                }
            }
        }
        return []
    }

    private func appendIfUseful(_ b: SIMD3<Int32>, level: Int, to list: inout [SIMD3<Int32>]) {
        let size = ExtractionGrid.blockSize << Int32(level)
        let corner = b &* size
        if all(corner .< grid.vertexExtent) && grid.touchesBox(corner: corner, size: size) {
            list.append(b)
        }
    }

    /// The blocks of `level` whose centre value allows a crossing.
    private mutating func keepPossiblyCrossed(_ blocks: [SIMD3<Int32>], level: Int) -> [SIMD3<Int32>] {
        let size = ExtractionGrid.blockSize << Int32(level)
        let radius = grid.blockRadius(size: size)
        let centers = blocks.map { grid.blockCenter(corner: $0 &* size, size: size) }
        let values = field.distances(at: centers)
        evaluations += centers.count
        guard let lipschitz = field.accuracy.lipschitz else {
            return keepForApproximateField(blocks, values: values, size: size, radius: radius)
        }
        let limit = radius * lipschitz * 1.001 + 1e-7
        return zip(blocks, values).compactMap { b, v in v.isNaN || abs(v) <= limit ? b : nil }
    }

    private mutating func keepForApproximateField(
        _ blocks: [SIMD3<Int32>], values: [Float], size: Int32, radius: Float
    ) -> [SIMD3<Int32>] {
        var kept: [SIMD3<Int32>] = []
        var doubtful: [Int] = []
        for (i, v) in values.enumerated() {
            if v.isNaN || abs(v) <= 2 * radius {
                kept.append(blocks[i])
            } else if abs(v) <= 4 * radius {
                doubtful.append(i)
            }
        }
        guard !doubtful.isEmpty else { return kept }
        var corners: [SIMD3<Float>] = []
        corners.reserveCapacity(doubtful.count * 8)
        for i in doubtful {
            for c in 0..<8 {
                let k = blocks[i] &* size &+ SimplexLattice.cornerOffset(Int32(c)) &* size
                corners.append(grid.lattice.worldPosition(ofVertex: k))
            }
        }
        let cornerValues = field.distances(at: corners)
        evaluations += corners.count
        for (n, i) in doubtful.enumerated() {
            let outside = values[i] > 0
            if (0..<8).contains(where: { (cornerValues[n * 8 + $0] > 0) != outside }) {
                kept.append(blocks[i])
            }
        }
        return kept
    }
}
