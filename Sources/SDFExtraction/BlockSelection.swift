import SDFGeometry

/// Coarse-to-fine choice of the blocks that may contain the surface.
///
/// An octree over the block grid: starting from a few top-level blocks, each level evaluates the
/// field at the centres of its candidate blocks in one parallel batch and refines only those that
/// may be crossed by the zero level, down to blocks of `ExtractionGrid.blockSize` cells. The test
/// for a block of circumradius `r` with centre value `f`:
/// - exact or Lipschitz-bounded fields (`|f|/λ` is a lower bound of the distance to the surface):
///   keep iff `|f|/λ ≤ r` (plus a relative tolerance of 10⁻³), which never drops a crossed block;
/// - approximate fields (trained networks), coarser levels: keep iff `|f| ≤ 2r`; blocks with
///   `2r < |f| ≤ 4r` are checked again at their eight corners and kept if any corner's sign
///   differs from the centre's;
/// - approximate fields, finest level: blocks are kept iff `|f| ≤ λ̂·r`, as for bounded fields,
///   with `λ̂` estimated from the field itself (`estimateLipschitz`). The kept blocks only seed
///   `SurfaceTracker`, which follows the surface wherever it goes, so a misjudged margin can drop
///   a small component, never leave a hole.
///
/// The test asks whether a zero of the field can lie within `r` of the centre, so `λ̂` bounds
/// `|f(c) − f(p)| / r` for `|p − c| ≤ r`, measured at that distance: the largest change from
/// centres near the surface to points `r` away, over `r`, times a safety factor. Measured over
/// one lattice edge instead, a network's small wiggles (its finest encoding level) make slopes
/// about 3 (trained bunny, `--res 512`) where the change over a block radius stays below 1.75·r;
/// that estimate kept 1.7× the blocks (111 k instead of 66 k; the surface holds 24 k), and the
/// tracer seeded again at spacing 4 in the 41 k of them beyond its reach (now 4.8 k), for the
/// same meshes (bunny and knot models, byte for byte). Lowering `λ̂` by hand, the first
/// component the bunny loses (24 triangles) goes below `λ̂ ≈ 0.85`; the estimate there is 2.17.
struct BlockSelection {
    let grid: ExtractionGrid
    let field: any DistanceField

    /// Field values computed while selecting.
    private(set) var evaluations = 0
    /// For approximate fields, the Lipschitz estimate used at the finest level.
    private(set) var lipschitzEstimate: Float?

    /// Candidates probed for the Lipschitz estimate, at most.
    static let lipschitzSamples = 2048
    /// Factor applied to the largest slope observed.
    static let lipschitzSafety: Float = 1.25

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
        var bound = field.accuracy.lipschitz
        if bound == nil {
            guard level == 0 else {
                return keepForApproximateField(blocks, values: values, size: size, radius: radius)
            }
            bound = estimateLipschitz(centers: centers, values: values, radius: radius)
            lipschitzEstimate = bound
        }
        let lipschitz = bound!
        let limit = radius * lipschitz * 1.001 + 1e-7
        return zip(blocks, values).compactMap { b, v in v.isNaN || abs(v) <= limit ? b : nil }
    }

    /// The largest change `|f(c ± r·e) − f(c)| / r` from a centre to the points at the test's
    /// radius `r` along the seven lattice edge directions `e` (unit vectors), around up to
    /// `lipschitzSamples` centres with `|f(c)| ≤ r`; at least 1, times `lipschitzSafety`.
    private mutating func estimateLipschitz(centers: [SIMD3<Float>], values: [Float], radius: Float) -> Float {
        let near = values.indices.filter { abs(values[$0]) <= radius }
        let step = Swift.max(1, near.count / Self.lipschitzSamples)
        let origin = grid.lattice.worldPosition(of: .zero)
        let reaches = SimplexLattice.edgeDirections.map { direction in
            let edge = grid.lattice.worldPosition(of: SIMD3<Float>(direction)) - origin
            return edge * (radius / length(edge))
        }
        var probed: [Int] = []
        var probes: [SIMD3<Float>] = []
        for i in Swift.stride(from: 0, to: near.count, by: step) {
            probed.append(near[i])
            for e in reaches {
                probes.append(centers[near[i]] + e)
                probes.append(centers[near[i]] - e)
            }
        }
        let probeValues = field.distances(at: probes)
        evaluations += probes.count
        let perCenter = 2 * reaches.count
        var slope: Float = 1
        for (n, center) in probed.enumerated() {
            for v in probeValues[n * perCenter..<(n + 1) * perCenter] {
                let s = abs(v - values[center]) / radius
                if s.isFinite { slope = Swift.max(slope, s) }
            }
        }
        return slope * Self.lipschitzSafety
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
        // Neighbouring blocks share corners: each corner (in units of this level's blocks) is
        // evaluated once, `cornerIndex[8n + c]` locating corner c of the nth doubtful block.
        var numbering = EdgeKeyTable(capacityFor: doubtful.count * 4)
        var corners: [SIMD3<Float>] = []
        var cornerIndex: [Int] = []
        cornerIndex.reserveCapacity(doubtful.count * 8)
        for i in doubtful {
            for c in 0..<8 {
                let k = blocks[i] &+ SimplexLattice.cornerOffset(Int32(c))
                let index = numbering.valueInsertingIfAbsent(ExtractionGrid.blockKey(k) + 1, UInt32(corners.count))
                if index == corners.count { corners.append(grid.lattice.worldPosition(ofVertex: k &* size)) }
                cornerIndex.append(Int(index))
            }
        }
        let cornerValues = field.distances(at: corners)
        evaluations += corners.count
        for (n, i) in doubtful.enumerated() {
            let outside = values[i] > 0
            if (0..<8).contains(where: { (cornerValues[cornerIndex[n * 8 + $0]] > 0) != outside }) {
                kept.append(blocks[i])
            }
        }
        return kept
    }
}
