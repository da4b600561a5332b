import SDFGeometry

/// Marching tetrahedra over a run of blocks on one thread, with reusable scratch.
///
/// For each group of blocks a `BlockSampler` provides the values at every block's `(B+1)³`
/// lattice vertices (evaluated in batches, or only signs where far from the surface). Signs are
/// packed one bit per vertex into rows along x, so the cells with mixed corners of a whole row are
/// found with a few bit operations; only those cells are visited. Each crossed cell makes (or
/// finds) the vertices of its crossed edges through a per-block table indexed by
/// `localVertex·7 + direction` and emits the triangles of its sign pattern (`CellCases`); a new
/// vertex's position is interpolated between its edge's ends, computed as
/// `ExtractionGrid.vertexPosition` does. Edges lying in a block face are *border* edges (other
/// blocks' cells use them too): their vertices carry the global edge key, so the merge step can
/// weld them, and the neighbouring blocks that share them are reported as needed.
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
    /// Most vertices one cell can make (its 19 edges).
    static let maximumCellVertices = 19

    let grid: ExtractionGrid
    private let tables = MesherTables.shared
    /// Evaluates the blocks for `mesh(_:)` (absent for `meshCells`).
    private let sampler: BlockSampler?
    /// Values of one block's vertices for `meshCells`.
    private let cellValues: UnsafeMutablePointer<Float>
    private let field: any DistanceField
    /// Bit x of `rowSigns[y + side·z]` is set when vertex (x, y, z) is outside.
    private let rowSigns: UnsafeMutablePointer<UInt32>
    private let edgeVertex: UnsafeMutablePointer<UInt32>
    private let edgeStamp: UnsafeMutablePointer<UInt32>
    /// Vertex numbers of the current cell's crossed edges, by cell edge.
    private let cellIds: UnsafeMutablePointer<UInt32>
    private var stamp: UInt32 = 0
    private var positions: GrowableBuffer<SIMD3<Float>>
    private var indices: GrowableBuffer<UInt32>
    private var borderVertices: GrowableBuffer<UInt32>
    private var borderKeys: GrowableBuffer<UInt64>
    private var neighborRequests: [UInt64] = []
    private var evaluations = 0
    private var surfaceReachesBox = false

    /// A mesher for `mesh(_:)`, which evaluates `field` (see `BlockSampler`).
    init(grid: ExtractionGrid, field: any DistanceField, inferenceThreshold: Float?) {
        self.init(grid: grid, field: field,
                  sampler: BlockSampler(grid: grid, groupSize: Self.groupSize, inferenceThreshold: inferenceThreshold),
                  indexOutput: nil)
    }

    /// A mesher for `meshCells`, whose caller provides the values. With `indexOutput`, triangle
    /// indices go there instead of the chunk's own buffer (exactly that many must be emitted).
    init(cellsOn grid: ExtractionGrid, field: any DistanceField, indexOutput: UnsafeMutableBufferPointer<UInt32>? = nil) {
        self.init(grid: grid, field: field, sampler: nil, indexOutput: indexOutput)
    }

    private init(grid: ExtractionGrid, field: any DistanceField, sampler: BlockSampler?,
                 indexOutput: UnsafeMutableBufferPointer<UInt32>?) {
        self.grid = grid
        self.field = field
        self.sampler = sampler
        let n = Self.blockVertices
        cellValues = .allocate(capacity: n)
        rowSigns = .allocate(capacity: Self.side * Self.side)
        edgeVertex = .allocate(capacity: n * 7)
        edgeStamp = .allocate(capacity: n * 7)
        edgeStamp.initialize(repeating: 0, count: n * 7)
        cellIds = .allocate(capacity: CellCases.shared.edgeCorner.count)
        positions = GrowableBuffer(capacity: 0)
        indices = indexOutput.map { GrowableBuffer(external: $0) } ?? GrowableBuffer(capacity: 0)
        borderVertices = GrowableBuffer(capacity: 0)
        borderKeys = GrowableBuffer(capacity: 0)
    }

    /// Frees the scratch and hands over what the blocks produced.
    mutating func finish() -> ChunkMesh {
        sampler?.release()
        cellValues.deallocate()
        rowSigns.deallocate()
        edgeVertex.deallocate()
        edgeStamp.deallocate()
        cellIds.deallocate()
        precondition(!indices.isExternal || indices.count == indices.capacity,
                     "meshing emitted a different number of indices than counted")
        var chunk = ChunkMesh(storage: ChunkStorage(
            positions: positions.take(), indices: indices.take(),
            borderVertices: borderVertices.take(), borderKeys: borderKeys.take()))
        chunk.neighborRequests = neighborRequests
        chunk.evaluations = evaluations
        chunk.surfaceReachesBox = surfaceReachesBox
        return chunk
    }

    /// Reserves output room for `count` more blocks near the surface.
    mutating func reserveCapacity(forBlocks count: Int) {
        reserveCapacity(vertices: count * Self.expectedVertices)
    }

    /// Reserves output room for about `count` more vertices (and their triangles).
    mutating func reserveCapacity(vertices count: Int) {
        positions.reserve(count)
        if !indices.isExternal { indices.reserve(count * 6) }
        borderVertices.reserve(count / 2)
        borderKeys.reserve(count / 2)
    }

    /// Meshes `blocks` (keys), appending to the output.
    mutating func mesh(_ blocks: ArraySlice<UInt64>) {
        guard let sampler else { preconditionFailure("a mesher for cells has no sampler") }
        reserveCapacity(forBlocks: blocks.count)
        var start = blocks.startIndex
        let n = Self.blockVertices
        while start < blocks.endIndex {
            let end = Swift.min(blocks.endIndex, start + Self.groupSize)
            evaluations += sampler.sample(blocks[start..<end], field: field)
            for (g, key) in blocks[start..<end].enumerated() {
                let block = ExtractionGrid.block(fromKey: key)
                let values = sampler.values + g * n
                if computeSigns(block: block, values: values) {
                    meshBlock(block, values: values, cellMask: nil)
                }
            }
            start = end
        }
    }

    /// Meshes only the cells of `block` whose bit is set in `cellMask` (byte `y + B·z`, bit `x`),
    /// with `fill` writing the values of the block's `(B+1)³` vertices (x fastest).
    mutating func meshCells(of block: SIMD3<Int32>, cellMask: UnsafePointer<UInt8>,
                            fill: (UnsafeMutablePointer<Float>) -> Void) {
        fill(cellValues)
        if computeSigns(block: block, values: cellValues) {
            meshBlock(block, values: cellValues, cellMask: cellMask)
        }
    }

    /// The number of indices `meshCells` emits for the same cells and values. For a block inside
    /// the padded box (no value forced) `signs` packs the row signs (as `outsideBits` does) into
    /// its argument, `side²` rows; otherwise they come from `fill`'s values.
    mutating func indexCount(of block: SIMD3<Int32>, cellMask: UnsafePointer<UInt8>,
                             fill: (UnsafeMutablePointer<Float>) -> Void,
                             signs: (UnsafeMutablePointer<UInt32>) -> Void) -> Int {
        if isInsideBox(corner: block &* ExtractionGrid.blockSize) {
            signs(rowSigns)
        } else {
            fill(cellValues)
            guard computeSigns(block: block, values: cellValues) else { return 0 }
        }
        let t = tables
        var count = 0
        for z in 0..<Int(ExtractionGrid.blockSize) {
            for y in 0..<Int(ExtractionGrid.blockSize) {
                var mixed = mixedCells(y: y, z: z, cellMask: cellMask)
                while mixed != 0 {
                    let pattern = self.pattern(x: mixed.trailingZeroBitCount, y: y, z: z)
                    mixed &= mixed - 1
                    count += Int(t.triangleStart[pattern + 1] - t.triangleStart[pattern])
                }
            }
        }
        return count
    }

    /// Bit x set for the cells (x, y, z) of the row with corners of both signs (and in `cellMask`).
    @inline(__always)
    private func mixedCells(y: Int, z: Int, cellMask: UnsafePointer<UInt8>?) -> UInt32 {
        let side = Self.side
        let r00 = rowSigns[y + side * z], r10 = rowSigns[y + 1 + side * z]
        let r01 = rowSigns[y + side * (z + 1)], r11 = rowSigns[y + 1 + side * (z + 1)]
        let allOut = r00 & r10 & r01 & r11
        let anyOut = r00 | r10 | r01 | r11
        let mixed = ((anyOut | anyOut >> 1) & ~(allOut & allOut >> 1)) & ((1 << UInt32(ExtractionGrid.blockSize)) - 1)
        guard let cellMask else { return mixed }
        return mixed & UInt32(cellMask[y + Int(ExtractionGrid.blockSize) * z])
    }

    /// The sign pattern of cell (x, y, z): bit `c` set when corner `c` (`x + 2y + 4z`) is outside.
    @inline(__always)
    private func pattern(x: Int, y: Int, z: Int) -> Int {
        let side = Self.side, shift = UInt32(x)
        let r00 = rowSigns[y + side * z], r10 = rowSigns[y + 1 + side * z]
        let r01 = rowSigns[y + side * (z + 1)], r11 = rowSigns[y + 1 + side * (z + 1)]
        let low = (r00 >> shift) & 3 | ((r10 >> shift) & 3) << 2
        let high = ((r01 >> shift) & 3) << 4 | ((r11 >> shift) & 3) << 6
        return Int(low | high)
    }

    /// Packs the signs into `rowSigns`; NaN values count as outside, and so do vertices outside
    /// the padded box, whose values are then set to one lattice unit (noting when that overrules
    /// an inside value). Returns whether the block has both signs.
    private mutating func computeSigns(block: SIMD3<Int32>, values: UnsafeMutablePointer<Float>) -> Bool {
        let corner = block &* ExtractionGrid.blockSize
        let wholeBlockInside = isInsideBox(corner: corner)
        var anyInside: UInt32 = 0, allInside: UInt32 = 1
        let full: UInt32 = (1 << UInt32(Self.side)) - 1
        let last = Int32(Self.side) - 1
        for z in 0..<Int32(Self.side) {
            for y in 0..<Int32(Self.side) {
                let row = Int(y) + Self.side * Int(z)
                // Along a row the unskewed coordinates are monotonic, so the vertices inside the
                // box form an interval: both ends inside means the whole row is.
                let bits = wholeBlockInside
                    || (grid.containsVertex(corner &+ SIMD3(0, y, z)) && grid.containsVertex(corner &+ SIMD3(last, y, z)))
                    ? Self.outsideBits(values + row * Self.side)
                    : forcedOutsideBits(values + row * Self.side, firstVertex: corner &+ SIMD3(0, y, z))
                rowSigns[row] = bits
                anyInside |= bits ^ full
                allInside &= bits == 0 ? 1 : 0
            }
        }
        return anyInside != 0 && allInside == 0
    }

    /// Whether all vertices of the block at `corner` lie inside the padded box (its corners do:
    /// the box is convex).
    private func isInsideBox(corner: SIMD3<Int32>) -> Bool {
        (0..<8).allSatisfy {
            grid.containsVertex(corner &+ SimplexLattice.cornerOffset(Int32($0)) &* ExtractionGrid.blockSize)
        }
    }

    /// Bit x set when `row[x]` (x ≤ B) is outside: not `≤ 0` (so NaN is outside).
    @_transparent
    private static func outsideBits(_ row: UnsafeMutablePointer<Float>) -> UInt32 {
        outsideBits(UnsafeRawPointer(row).loadUnaligned(as: SIMD8<Float>.self), row[8])
    }

    /// Bit x set when value x of a row (`first` x < B, then `last`) is outside: not `≤ 0`.
    @_transparent
    static func outsideBits(_ first: SIMD8<Float>, _ last: Float) -> UInt32 {
        let inside = unsafeBitCast(first .<= SIMD8<Float>.zero, to: SIMD8<Int32>.self)
        let weights = SIMD8<Int32>(1, 2, 4, 8, 16, 32, 64, 128)
        let low = UInt32(truncatingIfNeeded: (weights & ~inside).wrappedSum())
        return low | (last <= 0 ? 0 : 256)
    }

    /// `outsideBits` for a row that leaves the padded box, forcing the vertices beyond it outside.
    private mutating func forcedOutsideBits(_ row: UnsafeMutablePointer<Float>, firstVertex: SIMD3<Int32>) -> UInt32 {
        var bits: UInt32 = 0
        for x in 0..<Self.side {
            var v = row[x]
            if v.isNaN {
                v = grid.cellSize
            } else if !grid.containsVertex(firstVertex &+ SIMD3(Int32(x), 0, 0)) {
                if v <= 0 { surfaceReachesBox = true }
                v = grid.cellSize
            }
            row[x] = v
            bits |= (v > 0 ? 1 : 0) << UInt32(x)
        }
        return bits
    }

    /// Meshes the block's cells with mixed signs (only those in `cellMask` if given).
    private mutating func meshBlock(_ block: SIMD3<Int32>, values: UnsafeMutablePointer<Float>,
                                    cellMask: UnsafePointer<UInt8>?) {
        stamp &+= 1
        let b = Int(ExtractionGrid.blockSize)
        let side = Self.side
        let corner = block &* ExtractionGrid.blockSize
        let t = tables
        var neighborMask: UInt32 = 0
        for z in 0..<b {
            for y in 0..<b {
                var mixed = mixedCells(y: y, z: z, cellMask: cellMask)
                guard mixed != 0 else { continue }
                let cells = mixed.nonzeroBitCount
                positions.reserve(cells * Self.maximumCellVertices)
                borderVertices.reserve(cells * Self.maximumCellVertices)
                borderKeys.reserve(cells * Self.maximumCellVertices)
                while mixed != 0 {
                    let x = mixed.trailingZeroBitCount
                    mixed &= mixed - 1
                    let pattern = self.pattern(x: x, y: y, z: z)
                    let cellIndex = x + side * (y + side * z)
                    let cell = SIMD3<Int32>(Int32(x), Int32(y), Int32(z))
                    for k in Int(t.crossedStart[pattern])..<Int(t.crossedStart[pattern + 1]) {
                        let e = Int(t.crossedEdges[k])
                        let slot = cellIndex &* 7 &+ t.edgeSlot[e]
                        if edgeStamp[slot] == stamp {
                            cellIds[e] = edgeVertex[slot]
                        } else {
                            cellIds[e] = makeVertex(cellEdge: e, slot: slot, cell: cell, cellIndex: cellIndex,
                                                    corner: corner, values: values, neighborMask: &neighborMask)
                        }
                    }
                    let first = Int(t.triangleStart[pattern])
                    let count = Int(t.triangleStart[pattern + 1]) &- first
                    let out = indices.extend(by: count)
                    for k in 0..<count { out[k] = cellIds[Int(t.triangleEdges[first &+ k])] }
                }
            }
        }
        if neighborMask != 0 { requestNeighbors(of: block, mask: neighborMask) }
    }

    /// Makes the vertex on cell edge `e` of the cell at `cellIndex` (output room reserved).
    @inline(__always)
    private mutating func makeVertex(cellEdge e: Int, slot: Int, cell: SIMD3<Int32>, cellIndex: Int,
                                     corner: SIMD3<Int32>, values: UnsafeMutablePointer<Float>,
                                     neighborMask: inout UInt32) -> UInt32 {
        let t = tables
        let lowVertex = corner &+ cell &+ t.edgeLowCorner[e]
        let highVertex = corner &+ cell &+ t.edgeHighCorner[e]
        let sa = knownValue(cellIndex + t.edgeLow[e], vertex: lowVertex, values: values)
        let sb = knownValue(cellIndex + t.edgeHigh[e], vertex: highVertex, values: values)
        let margin = Self.edgeParameterMargin
        let parameter = Swift.min(Swift.max(sa / (sa - sb), margin), 1 - margin)
        let a = grid.vertexPosition(lowVertex), b = grid.vertexPosition(highVertex)
        let id = UInt32(positions.count)
        positions.appendReserved(a + parameter * (b - a))
        edgeStamp[slot] = stamp
        edgeVertex[slot] = id
        let border = t.borderBits[slot]
        if border != 0 {
            borderVertices.appendReserved(id)
            borderKeys.appendReserved(grid.edgeKey(lowVertex, direction: t.edgeDirection[e]))
            neighborMask |= border
        }
        return id
    }

    /// The value at local vertex `i` (lattice vertex `vertex`), evaluating it now if the sampler
    /// only inferred its sign (rare: for bounded fields inferred vertices only end crossed edges at
    /// the padded box); NaN counts as one lattice unit outside.
    @inline(__always)
    private mutating func knownValue(_ i: Int, vertex: SIMD3<Int32>, values: UnsafeMutablePointer<Float>) -> Float {
        let v = values[i]
        if v.isFinite { return v }
        if v.isNaN { return grid.cellSize }
        evaluations += 1
        let actual = field.distance(at: grid.vertexPosition(vertex))
        values[i] = actual.isNaN ? grid.cellSize : actual
        return values[i]
    }

    private mutating func requestNeighbors(of block: SIMD3<Int32>, mask: UInt32) {
        for bit in 0..<27 where mask & (1 << UInt32(bit)) != 0 {
            let o = SIMD3<Int32>(Int32(bit % 3) - 1, Int32(bit / 3 % 3) - 1, Int32(bit / 9) - 1)
            let n = block &+ o
            if grid.isUsefulBlock(n) { neighborRequests.append(ExtractionGrid.blockKey(n)) }
        }
    }
}
