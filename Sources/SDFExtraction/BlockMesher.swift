import SDFGeometry

/// Marching tetrahedra over a run of blocks on one thread, with reusable scratch.
///
/// For each group of blocks it writes the world positions of every block's `(B+1)³` lattice
/// vertices into one contiguous buffer, evaluates the field on it in a single call, then walks the
/// `B³` cells of each block and the six tetrahedra of every crossed cell. Vertices are made once
/// per crossed lattice edge through a per-block table indexed by `localVertex·7 + direction`.
/// Edges lying in a block face are *border* edges (other blocks' cells use them too): their
/// vertices carry the global edge key, so the merge step can weld them, and the neighbouring
/// blocks that share them are reported as needed.
final class BlockMesher {
    /// Edge-crossing parameters are kept in `[δ, 1−δ]` so no two vertices coincide and no
    /// triangle degenerates when the surface passes through a lattice vertex.
    static let edgeParameterMargin: Float = 0.01
    /// Blocks evaluated per field call (`groupSize·(B+1)³` points).
    static let groupSize = 8

    let grid: ExtractionGrid
    private let cases = CellCases.shared
    private let side: Int
    private let blockVertices: Int
    private let points: UnsafeMutablePointer<SIMD3<Float>>
    private let values: UnsafeMutablePointer<Float>
    private let edgeVertex: UnsafeMutablePointer<UInt32>
    private let edgeStamp: UnsafeMutablePointer<UInt32>
    private var stamp: UInt32 = 0
    private var cornerIndex = [Int](repeating: 0, count: 8)
    private var directionIndex = [Int](repeating: 0, count: 7)

    /// What the blocks meshed so far produced.
    private(set) var output = ChunkMesh()

    init(grid: ExtractionGrid) {
        self.grid = grid
        side = Int(ExtractionGrid.blockSize) + 1
        blockVertices = side * side * side
        points = .allocate(capacity: blockVertices * Self.groupSize)
        values = .allocate(capacity: blockVertices * Self.groupSize)
        edgeVertex = .allocate(capacity: blockVertices * 7)
        edgeStamp = .allocate(capacity: blockVertices * 7)
        edgeStamp.initialize(repeating: 0, count: blockVertices * 7)
        for c in 0..<8 {
            let o = SimplexLattice.cornerOffset(Int32(c))
            cornerIndex[c] = localIndex(o)
        }
        for (d, e) in SimplexLattice.edgeDirections.enumerated() { directionIndex[d] = localIndex(e) }
    }

    deinit {
        points.deallocate()
        values.deallocate()
        edgeVertex.deallocate()
        edgeStamp.deallocate()
    }

    private func localIndex(_ v: SIMD3<Int32>) -> Int {
        Int(v.x) + side * (Int(v.y) + side * Int(v.z))
    }

    /// Meshes `blocks` (keys), appending to the outputs.
    func mesh(_ blocks: ArraySlice<UInt64>, field: any DistanceField) {
        var start = blocks.startIndex
        while start < blocks.endIndex {
            let end = Swift.min(blocks.endIndex, start + Self.groupSize)
            let group = blocks[start..<end].map(ExtractionGrid.block(fromKey:))
            for (g, b) in group.enumerated() { fillPoints(block: b, into: points + g * blockVertices) }
            let count = group.count * blockVertices
            field.distances(at: UnsafeBufferPointer(start: points, count: count),
                            into: UnsafeMutableBufferPointer(start: values, count: count))
            output.evaluations += count
            for (g, b) in group.enumerated() {
                sanitizeValues(block: b, values: values + g * blockVertices)
                meshBlock(b, points: points + g * blockVertices, values: values + g * blockVertices)
            }
            start = end
        }
    }

    private func fillPoints(block: SIMD3<Int32>, into out: UnsafeMutablePointer<SIMD3<Float>>) {
        let corner = block &* ExtractionGrid.blockSize
        let lattice = grid.lattice
        var i = 0
        for z in 0..<Int32(side) {
            for y in 0..<Int32(side) {
                for x in 0..<Int32(side) {
                    out[i] = lattice.worldPosition(ofVertex: corner &+ SIMD3(x, y, z))
                    i += 1
                }
            }
        }
    }

    /// Forces vertices outside the padded box (and NaN values) outside, at one lattice unit, noting
    /// when that overrules an inside value.
    private func sanitizeValues(block: SIMD3<Int32>, values: UnsafeMutablePointer<Float>) {
        let corner = block &* ExtractionGrid.blockSize
        let b = ExtractionGrid.blockSize
        let outsideValue = grid.cellSize
        let wholeBlockInside = (0..<8).allSatisfy {
            grid.containsVertex(corner &+ SimplexLattice.cornerOffset(Int32($0)) &* b)
        }
        var i = 0
        for z in 0..<Int32(side) {
            for y in 0..<Int32(side) {
                for x in 0..<Int32(side) {
                    if values[i].isNaN {
                        values[i] = outsideValue
                    } else if !wholeBlockInside && !grid.containsVertex(corner &+ SIMD3(x, y, z)) {
                        if values[i] <= 0 { output.surfaceReachesBox = true }
                        values[i] = outsideValue
                    }
                    i += 1
                }
            }
        }
    }

    private func meshBlock(_ block: SIMD3<Int32>, points: UnsafeMutablePointer<SIMD3<Float>>,
                           values: UnsafeMutablePointer<Float>) {
        stamp &+= 1
        let b = Int(ExtractionGrid.blockSize)
        var neighborMask: UInt32 = 0
        let entries = cases.entries
        let tets = cases.tetCorners
        entries.withUnsafeBufferPointer { table in
            for z in 0..<b {
                for y in 0..<b {
                    for x in 0..<b {
                        let idx = x + side * (y + side * z)
                        var mask = 0
                        for c in 0..<8 where values[idx + cornerIndex[c]] > 0 { mask |= 1 << c }
                        if mask == 0 || mask == 255 { continue }
                        let cell = SIMD3<Int32>(Int32(x), Int32(y), Int32(z))
                        for t in 0..<6 {
                            let tc = tets[t]
                            let tetCase = (mask >> Int(tc.x)) & 1 | ((mask >> Int(tc.y)) & 1) << 1
                                | ((mask >> Int(tc.z)) & 1) << 2 | ((mask >> Int(tc.w)) & 1) << 3
                            let base = (t * 16 + tetCase) * 7
                            let edgeCount = Int(table[base]) * 3
                            for e in 0..<edgeCount {
                                let code = table[base + 1 + e]
                                output.indices.append(vertex(
                                    cell: cell, corner: Int(code >> 3), direction: Int(code & 7),
                                    cellIndex: idx, block: block, points: points, values: values,
                                    neighborMask: &neighborMask))
                            }
                        }
                    }
                }
            }
        }
        if neighborMask != 0 { requestNeighbors(of: block, mask: neighborMask) }
    }

    /// The vertex on the lattice edge from cell corner `corner` along `direction`, made on first use.
    @inline(__always)
    private func vertex(cell: SIMD3<Int32>, corner: Int, direction: Int, cellIndex: Int,
                        block: SIMD3<Int32>, points: UnsafeMutablePointer<SIMD3<Float>>,
                        values: UnsafeMutablePointer<Float>, neighborMask: inout UInt32) -> UInt32 {
        let a = cellIndex + cornerIndex[corner]
        let slot = a * 7 + direction
        if edgeStamp[slot] == stamp { return edgeVertex[slot] }
        let b = a + directionIndex[direction]
        let sa = values[a], sb = values[b]
        let margin = Self.edgeParameterMargin
        let t = Swift.min(Swift.max(sa / (sa - sb), margin), 1 - margin)
        let id = UInt32(output.positions.count)
        output.positions.append(points[a] + t * (points[b] - points[a]))
        edgeStamp[slot] = stamp
        edgeVertex[slot] = id
        let v = cell &+ SimplexLattice.cornerOffset(Int32(corner))
        let d = SimplexLattice.edgeDirections[direction]
        let inPlane = d .== 0
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

    private func requestNeighbors(of block: SIMD3<Int32>, mask: UInt32) {
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
