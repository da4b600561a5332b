import SDFGeometry

/// Marching tetrahedra on the simplex lattice: turns any `DistanceField` into a closed, outward-
/// oriented, edge-manifold indexed mesh.
///
/// The lattice is the encoder's `SimplexLattice`; its cells are split into the six
/// `cellTetrahedra`, which unskewed are congruent, nearly regular tetrahedra (BCC lattice). See
/// `ExtractionGrid` for the exact meaning of `resolution`. Work is sparse and coarse to fine:
/// `BlockSelection` keeps the blocks of 8³ cells that may contain the surface. For exact and
/// bounded fields those blocks are evaluated (signs inferred far from the surface) and meshed,
/// and the selection is *closed*: a block sharing a crossed border edge with a meshed block is
/// meshed too (which the distance bound makes unnecessary, but costs nothing). For approximate
/// fields (trained networks) `SurfaceTracker` instead follows the surface cell by cell from
/// seeds found in the kept blocks, evaluating only the corners of crossed cells; its mesh is
/// closed by construction. Lattice vertices outside the padded box count as outside, so the
/// result is closed even when a field misbehaves at the box.
///
/// Output vertices are one per crossed lattice edge, placed by linear interpolation (kept at least
/// 1 % of the edge away from its ends, so no triangle degenerates); `projectToSurface` adds one
/// batched Newton step along the gradient. Values `s == 0` count as inside.
public struct MarchingTetrahedra: Sendable {
    /// Lattice units along the longest side of the padded bounding box.
    public var resolution: Int
    /// Evaluate only near the surface (`false` evaluates and meshes every block in the box).
    public var sparse: Bool
    /// Move vertices onto the zero level with one Newton step along the gradient.
    public var projectToSurface: Bool

    /// The largest accepted resolution, whatever the memory (keeps lattice indices in range).
    public static let maximumResolution = 1 << 15

    public init(resolution: Int, sparse: Bool = true, projectToSurface: Bool = false) {
        self.resolution = resolution
        self.sparse = sparse
        self.projectToSurface = projectToSurface
    }

    /// Extracts the zero level set of `field` inside its (padded) bounds.
    ///
    /// Throws `SDFError` before any evaluation for a resolution that is not positive, too large,
    /// or whose estimated memory exceeds this machine's (`checkResources`). A field with no
    /// surface in the box yields an empty mesh.
    public func extract(_ field: any DistanceField,
                        progress: ((String) -> Void)? = nil) throws -> MeshExtraction {
        let bounds = field.bounds
        try checkResources(bounds: bounds)
        let start = monotonicSeconds()
        let grid = ExtractionGrid(bounds: bounds, resolution: resolution)
        var statistics = ExtractionStatistics(grid: grid, resolution: resolution)

        progress?("selecting blocks")
        var selection = BlockSelection(grid: grid, field: field)
        let initial = sparse ? selection.candidateBlocks() : grid.blocksTouchingBox()
        statistics.selectionEvaluations = selection.evaluations
        statistics.selectionSeconds = monotonicSeconds() - start

        let meshingStart = monotonicSeconds()
        statistics.lipschitzEstimate = selection.lipschitzEstimate
        statistics.blocksSelected = initial.count
        let chunks: [ChunkMesh]
        if sparse && field.accuracy.lipschitz == nil {
            var tracker = SurfaceTracker(grid: grid, field: field,
                                         expectedBlocks: initial.count + initial.count / 4)
            defer { tracker.release() }
            tracker.trace(seedingIn: initial, progress: progress)
            progress?("meshing \(tracker.crossedCells) cells")
            let slots = tracker.store.crossedSlots()
            chunks = tracker.meshCrossedCells(inSlots: slots)
            statistics.blocksMeshed = slots.count
            statistics.fieldEvaluations = tracker.evaluations + selection.evaluations
            statistics.surfaceReachesBox = tracker.surfaceReachesBox
        } else {
            let threshold = field.accuracy.lipschitz.map { 2 * grid.cellSize * $0 }
            var pass = MeshingPass(grid: grid, field: field, inferenceThreshold: sparse ? threshold : nil)
            pass.run(initial, progress: progress)
            chunks = pass.chunks
            statistics.blocksMeshed = pass.meshedBlockCount
            statistics.fieldEvaluations = pass.evaluations + selection.evaluations
            statistics.surfaceReachesBox = chunks.contains { $0.surfaceReachesBox }
        }
        statistics.meshingSeconds = monotonicSeconds() - meshingStart

        let weldStart = monotonicSeconds()
        var mesh = VertexWelder.weld(chunks)
        statistics.weldingSeconds = monotonicSeconds() - weldStart

        if projectToSurface && !mesh.isEmpty {
            progress?("projecting \(mesh.vertexCount) vertices")
            let projectionStart = monotonicSeconds()
            SurfaceProjection.project(&mesh.positions, onto: field, maximumStep: grid.cellSize)
            statistics.projectionSeconds = monotonicSeconds() - projectionStart
        }
        statistics.seconds = monotonicSeconds() - start
        return MeshExtraction(mesh: mesh, statistics: statistics)
    }

    /// Validates the resolution and the field's bounds and refuses work whose estimated memory
    /// exceeds the `MemoryBudget` (3/4 of physical memory, or `SDFKIT_MEMORY_LIMIT`).
    public func checkResources(bounds: AABB) throws {
        try validateResolution()
        guard !bounds.isEmpty, all(bounds.min .> -Float.infinity), all(bounds.max .< .infinity) else {
            throw SDFError("the field has no finite bounds to extract in")
        }
        let needed = Self.estimatedPeakBytes(bounds: bounds, resolution: resolution)
        try MemoryBudget.check(needed, for: "extraction at resolution \(resolution)")
    }

    /// Rejects a resolution that is not positive or above `maximumResolution` (no field needed).
    public func validateResolution() throws {
        guard resolution > 0 else {
            throw SDFError("resolution must be positive (got \(resolution))")
        }
        guard resolution <= Self.maximumResolution else {
            throw SDFError("resolution \(resolution) is above the maximum \(Self.maximumResolution)")
        }
    }

    /// A generous estimate of peak memory for a surface as large as the padded box's faces.
    ///
    /// A surface of area `A` crosses about `6.46·A·s²` lattice edges (the mean of `|n·e|` over the
    /// seven edge directions, times the vertex density `2s³`), each costing about 100 bytes
    /// through meshing and welding (position copies, two triangles' indices, keys).
    public static func estimatedPeakBytes(bounds: AABB, resolution: Int) -> Double {
        let longest = Double(Swift.max(bounds.longestSide, 1e-6))
        let n = Double(resolution)
        let padded = SIMD3<Double>(bounds.size) + 4 * longest / n
        let scale = n / padded.max()
        let area = 2 * (padded.x * padded.y + padded.y * padded.z + padded.z * padded.x)
        let vertices = 6.46 * area * scale * scale
        return vertices * 100 + 64 * 1024 * 1024
    }
}

/// An extracted mesh with what it cost.
public struct MeshExtraction: Sendable {
    /// Closed, outward-oriented triangles (empty when the box holds no surface).
    public var mesh: TriangleMesh
    public var statistics: ExtractionStatistics
}

/// Figures from one extraction (all times in seconds of wall clock).
public struct ExtractionStatistics: Sendable, Codable, Equatable {
    public var resolution: Int
    /// Lattice unit `h` in world units; lattice edges are `√3/2·h` and `h` long.
    public var cellSize: Float
    /// The padded box the lattice covers.
    public var paddedBounds: AABB
    /// Blocks of 8³ cells touching the padded box (what dense extraction meshes).
    public var blocksInBox: Int
    /// Blocks chosen by the coarse-to-fine selection.
    public var blocksSelected = 0
    /// Blocks meshed: including those added by closing the selection, or for a traced surface
    /// (approximate fields), the blocks holding its crossed cells.
    public var blocksMeshed = 0
    /// Field values computed, selection included.
    public var fieldEvaluations = 0
    public var selectionEvaluations = 0
    /// For approximate fields in sparse extraction, the Lipschitz constant estimated from the
    /// field and used for the finest level of block selection (`nil` otherwise).
    public var lipschitzEstimate: Float?
    /// The field is inside somewhere outside the padded box (its bounds are too small): the mesh
    /// is closed along the box there.
    public var surfaceReachesBox = false
    public var selectionSeconds = 0.0
    public var meshingSeconds = 0.0
    public var weldingSeconds = 0.0
    public var projectionSeconds = 0.0
    public var seconds = 0.0

    init(grid: ExtractionGrid, resolution: Int) {
        self.resolution = resolution
        cellSize = grid.cellSize
        paddedBounds = grid.paddedBounds
        blocksInBox = grid.blockCountTouchingBox()
    }
}
