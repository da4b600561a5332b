import SDFGeometry

/// Marching tetrahedra over a run of blocks on one thread, with reusable scratch.
///
/// For each group of blocks a `BlockSampler` provides the values at every block's `(B+1)³`
/// lattice vertices (evaluated in batches, or only signs where far from the surface). Signs are
/// packed one bit per vertex into rows along x, so the cells with mixed corners of a whole row are
/// found with a few bit operations; only those cells are visited. Each crossed cell makes (or
/// finds) the vertices of its crossed edges through a per-block table indexed by
/// `localVertex·7 + direction` and emits the triangles of its sign pattern (`CellCases`).
/// Edges lying in a block face are *border* edges (other blocks' cells use them too): their
/// vertices carry the global edge key, so the merge step can weld them, and the neighbouring
/// blocks that share them are reported as needed.
///
/// A value type with manually managed scratch: call `finish()` exactly once.
struct BlockMesher {
    /// Edge-crossing parameters are kept in `[δ, 1−δ]` so no two vertices coincide and no
    /// triangle degenerates when the surface passes through a lattice vertex.
    static let edgeParameterMargin: Float = 0.01
    /// Blocks sampled together (their points form one batch per field call).
    static let groupSize = 8
    static let side = BlockSampler.side
    static let blockVertices = BlockSampler.blockVertices
    /// Output vertices a block near the surface typically makes (about 2B², for reserving).
    static let expectedVertices = 128

    let grid: ExtractionGrid
    private let cases = CellCases.shared
    private let sampler: BlockSampler
    private let field: any DistanceField
    /// Bit x of `rowSigns[y + side·z]` is set when vertex (x, y, z) is outside.
    private let rowSigns: UnsafeMutablePointer<UInt32>
    private let edgeVertex: UnsafeMutablePointer<UInt32>
    private let edgeStamp: UnsafeMutablePointer<UInt32>
    /// Local index offsets of the 19 cell edges' lower corners, and of their far ends.
    private let edgeLow: UnsafeMutablePointer<Int>
    private let edgeHigh: UnsafeMutablePointer<Int>
    private var stamp: UInt32 = 0
    private(set) var output = ChunkMesh()

    /// `groupSize` blocks are sampled together by `mesh(_:)`; `meshCells` needs only 1.
    init(grid: ExtractionGrid, field: any DistanceField, inferenceThreshold: Float?,
         groupSize: Int = Self.groupSize) {
        self.grid = grid
        self.field = field
        let n = Self.blockVertices
        sampler = BlockSampler(grid: grid, groupSize: groupSize, inferenceThreshold: inferenceThreshold)
        rowSigns = .allocate(capacity: Self.side * Self.side)
        edgeVertex = .allocate(capacity: n * 7)
        edgeStamp = .allocate(capacity: n * 7)
        edgeStamp.initialize(repeating: 0, count: n * 7)
        edgeLow = .allocate(capacity: cases.edgeCorner.count)
        edgeHigh = .allocate(capacity: cases.edgeCorner.count)
        for e in 0..<cases.edgeCorner.count {
            edgeLow[e] = Self.localIndex(SimplexLattice.cornerOffset(Int32(cases.edgeCorner[e])))
            edgeHigh[e] = Self.localIndex(SimplexLattice.cornerOffset(Int32(cases.edgeEnd[e])))
        }
    }

    /// Frees the scratch and hands over what the blocks produced.
    mutating func finish() -> ChunkMesh {
        sampler.release()
        rowSigns.deallocate()
        edgeVertex.deallocate()
        edgeStamp.deallocate()
        edgeLow.deallocate()
        edgeHigh.deallocate()
        return output
    }

    private static func localIndex(_ v: SIMD3<Int32>) -> Int {
        Int(v.x) + side * (Int(v.y) + side * Int(v.z))
    }

    /// Reserves output room for `count` more blocks near the surface.
    mutating func reserveCapacity(forBlocks count: Int) {
        output.positions.reserveCapacity(output.positions.count + count * Self.expectedVertices)
        output.indices.reserveCapacity(output.indices.count + count * Self.expectedVertices * 6)
    }

    /// Meshes `blocks` (keys), appending to the output.
    mutating func mesh(_ blocks: ArraySlice<UInt64>) {
        reserveCapacity(forBlocks: blocks.count)
        var start = blocks.startIndex
        let n = Self.blockVertices
        while start < blocks.endIndex {
            let end = Swift.min(blocks.endIndex, start + Self.groupSize)
            output.evaluations += sampler.sample(blocks[start..<end], field: field)
            for (g, key) in blocks[start..<end].enumerated() {
                let block = ExtractionGrid.block(fromKey: key)
                let values = sampler.values + g * n
                if computeSigns(block: block, values: values) {
                    meshBlock(block, points: sampler.points + g * n, values: values, cellMask: nil)
                }
            }
            start = end
        }
    }

    /// Meshes only the cells of `block` whose bit is set in `cellMask` (byte `y + B·z`, bit `x`),
    /// with `fill` writing the values of the block's `(B+1)³` vertices (x fastest).
    mutating func meshCells(of block: SIMD3<Int32>, cellMask: UnsafePointer<UInt8>,
                            fill: (UnsafeMutablePointer<Float>) -> Void) {
        sampler.fillPoints(block: block, into: sampler.points)
        fill(sampler.values)
        if computeSigns(block: block, values: sampler.values) {
            meshBlock(block, points: sampler.points, values: sampler.values, cellMask: cellMask)
        }
    }

    /// Packs the signs into `rowSigns`, first forcing vertices outside the padded box (and NaN
    /// values) outside at one lattice unit, and noting when that overrules an inside value.
    /// Returns whether the block has both signs.
    private mutating func computeSigns(block: SIMD3<Int32>, values: UnsafeMutablePointer<Float>) -> Bool {
        let corner = block &* ExtractionGrid.blockSize
        let b = ExtractionGrid.blockSize
        let outsideValue = grid.cellSize
        let wholeBlockInside = (0..<8).allSatisfy {
            grid.containsVertex(corner &+ SimplexLattice.cornerOffset(Int32($0)) &* b)
        }
        var i = 0
        var anyInside: UInt32 = 0, allInside: UInt32 = 1
        let full: UInt32 = (1 << UInt32(Self.side)) - 1
        let last = Int32(Self.side) - 1
        for z in 0..<Int32(Self.side) {
            for y in 0..<Int32(Self.side) {
                // Along a row the unskewed coordinates are monotonic, so the vertices inside the
                // box form an interval: both ends inside means the whole row is.
                let rowInside = wholeBlockInside
                    || (grid.containsVertex(corner &+ SIMD3(0, y, z)) && grid.containsVertex(corner &+ SIMD3(last, y, z)))
                var bits: UInt32 = 0
                for x in 0..<Int32(Self.side) {
                    var v = values[i]
                    if v.isNaN {
                        v = outsideValue
                    } else if !rowInside && !grid.containsVertex(corner &+ SIMD3(x, y, z)) {
                        if v <= 0 { output.surfaceReachesBox = true }
                        v = outsideValue
                    }
                    values[i] = v
                    bits |= (v > 0 ? 1 : 0) << UInt32(x)
                    i += 1
                }
                rowSigns[Int(y) + Self.side * Int(z)] = bits
                anyInside |= bits ^ full
                allInside &= bits == 0 ? 1 : 0
            }
        }
        return anyInside != 0 && allInside == 0
    }

    /// Meshes the block's cells with mixed signs (only those in `cellMask` if given).
    private mutating func meshBlock(_ block: SIMD3<Int32>, points: UnsafeMutablePointer<SIMD3<Float>>,
                                    values: UnsafeMutablePointer<Float>, cellMask: UnsafePointer<UInt8>?) {
        stamp &+= 1
        let b = Int(ExtractionGrid.blockSize)
        let side = Self.side
        let rowMask: UInt32 = (1 << UInt32(b)) - 1
        var neighborMask: UInt32 = 0
        var ids = (UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0),
                   UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0),
                   UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0))
        cases.crossedStart.withUnsafeBufferPointer { crossedStart in
        cases.crossedEdges.withUnsafeBufferPointer { crossedEdges in
        cases.triangleStart.withUnsafeBufferPointer { triangleStart in
        cases.triangleEdges.withUnsafeBufferPointer { triangleEdges in
        withUnsafeMutableBytes(of: &ids) { idBytes in
            let cellIds = idBytes.baseAddress!.assumingMemoryBound(to: UInt32.self)
            for z in 0..<b {
                for y in 0..<b {
                    let r00 = rowSigns[y + side * z], r10 = rowSigns[y + 1 + side * z]
                    let r01 = rowSigns[y + side * (z + 1)], r11 = rowSigns[y + 1 + side * (z + 1)]
                    let allOut = r00 & r10 & r01 & r11
                    let anyOut = r00 | r10 | r01 | r11
                    var mixed = ((anyOut | anyOut >> 1) & ~(allOut & allOut >> 1)) & rowMask
                    if let cellMask { mixed &= UInt32(cellMask[y + b * z]) }
                    while mixed != 0 {
                        let x = mixed.trailingZeroBitCount
                        mixed &= mixed - 1
                        let shift = UInt32(x)
                        let low = (r00 >> shift) & 3 | ((r10 >> shift) & 3) << 2
                        let high = ((r01 >> shift) & 3) << 4 | ((r11 >> shift) & 3) << 6
                        let pattern = Int(low | high)
                        let cellIndex = x + side * (y + side * z)
                        let cell = SIMD3<Int32>(Int32(x), Int32(y), Int32(z))
                        for k in crossedStart[pattern]..<crossedStart[pattern + 1] {
                            let e = Int(crossedEdges[k])
                            cellIds[e] = vertex(
                                cellEdge: e, cell: cell, cellIndex: cellIndex, block: block,
                                points: points, values: values, neighborMask: &neighborMask)
                        }
                        for k in triangleStart[pattern]..<triangleStart[pattern + 1] {
                            output.indices.append(cellIds[Int(triangleEdges[k])])
                        }
                    }
                }
            }
        }
        }
        }
        }
        }
        if neighborMask != 0 { requestNeighbors(of: block, mask: neighborMask) }
    }

    /// The vertex on cell edge `cellEdge` of the cell at `cellIndex`, made on first use.
    @inline(__always)
    private mutating func vertex(cellEdge e: Int, cell: SIMD3<Int32>, cellIndex: Int,
                                 block: SIMD3<Int32>, points: UnsafeMutablePointer<SIMD3<Float>>,
                                 values: UnsafeMutablePointer<Float>,
                                 neighborMask: inout UInt32) -> UInt32 {
        let a = cellIndex + edgeLow[e]
        let direction = cases.edgeDirection[e]
        let slot = a * 7 + direction
        if edgeStamp[slot] == stamp { return edgeVertex[slot] }
        let b = cellIndex + edgeHigh[e]
        let sa = knownValue(a, points: points, values: values)
        let sb = knownValue(b, points: points, values: values)
        let margin = Self.edgeParameterMargin
        let t = Swift.min(Swift.max(sa / (sa - sb), margin), 1 - margin)
        let id = UInt32(output.positions.count)
        output.positions.append(points[a] + t * (points[b] - points[a]))
        edgeStamp[slot] = stamp
        edgeVertex[slot] = id
        let v = cell &+ SimplexLattice.cornerOffset(Int32(cases.edgeCorner[e]))
        let inPlane = SimplexLattice.edgeDirections[direction] .== 0
        let low = inPlane .& (v .== 0)
        let high = inPlane .& (v .== ExtractionGrid.blockSize)
        if any(low .| high) {
            output.borderVertices.append(id)
            let key = grid.edgeKey(block &* ExtractionGrid.blockSize &+ v, direction: direction)
            output.borderKeys.append(key)
            neighborMask |= Self.neighborBits(low: low, high: high)
        }
        return id
    }

    /// The value at local vertex `i`, evaluating it now if the sampler only inferred its sign
    /// (rare: for bounded fields inferred vertices only end crossed edges at the padded box).
    @inline(__always)
    private mutating func knownValue(_ i: Int, points: UnsafeMutablePointer<SIMD3<Float>>,
                                     values: UnsafeMutablePointer<Float>) -> Float {
        let v = values[i]
        if v.isFinite { return v }
        output.evaluations += 1
        let actual = field.distance(at: points[i])
        values[i] = actual.isNaN ? grid.cellSize : actual
        return values[i]
    }

    /// Bits `(ox+1) + 3(oy+1) + 9(oz+1)` of the blocks whose cells contain a border edge.
    private static func neighborBits(low: SIMDMask<SIMD3<Int32>>, high: SIMDMask<SIMD3<Int32>>) -> UInt32 {
        var bits: UInt32 = 0
        for oz in -1...1 where oz == 0 || (oz < 0 ? low[2] : high[2]) {
            for oy in -1...1 where oy == 0 || (oy < 0 ? low[1] : high[1]) {
                for ox in -1...1 where ox == 0 || (ox < 0 ? low[0] : high[0]) {
                    bits |= 1 << UInt32((ox + 1) + 3 * (oy + 1) + 9 * (oz + 1))
                }
            }
        }
        return bits & ~(1 << 13)
    }

    private mutating func requestNeighbors(of block: SIMD3<Int32>, mask: UInt32) {
        for bit in 0..<27 where mask & (1 << UInt32(bit)) != 0 {
            let o = SIMD3<Int32>(Int32(bit % 3) - 1, Int32(bit / 3 % 3) - 1, Int32(bit / 9) - 1)
            let n = block &+ o
            if grid.isUsefulBlock(n) { output.neighborRequests.append(ExtractionGrid.blockKey(n)) }
        }
    }
}

/// The triangles a run of blocks produced, before welding.
struct ChunkMesh: Sendable {
    /// Vertex positions (chunk-local numbering).
    var positions: [SIMD3<Float>] = []
    /// Three chunk-local vertex numbers per triangle, outward winding.
    var indices: [UInt32] = []
    /// Chunk-local numbers of the vertices on border edges, and their global edge keys.
    var borderVertices: [UInt32] = []
    var borderKeys: [UInt64] = []
    /// Keys of blocks that share a crossed border edge with a meshed block.
    var neighborRequests: [UInt64] = []
    /// Field evaluations made.
    var evaluations = 0
    /// Whether an inside value was found outside the padded box (and forced outside).
    var surfaceReachesBox = false
}
