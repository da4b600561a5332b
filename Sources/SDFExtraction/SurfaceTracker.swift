import Dispatch
import SDFGeometry

/// Sparse extraction for approximate fields (trained networks): follows the surface cell by cell
/// from seeds, evaluating only the corners of the cells it crosses.
///
/// 1. **Seeds.** In the blocks kept by `BlockSelection`, the vertices of a sub-lattice are
///    evaluated and each sub-lattice edge whose ends differ in sign is bisected (one evaluation
///    per halving) down to a crossed lattice edge; the cell at its lower end is a seed. This runs
///    twice: with spacing 8 (block corners) in every kept block, then with `seedSpacing` in the
///    kept blocks that the surface traced from the first seeds does not reach (no crossed cell
///    in the block or its 26 neighbours).
/// 2. **Tracing**, in waves over whole blocks (bit sets, `SurfaceTracker+Waves`): the corners of
///    the queued cells are evaluated in one parallel batch; a queued cell with mixed corners is
///    *crossed*, and each face of it with mixed corners queues the cell behind it. Marching tetrahedra's surface passes from cell to cell only through such
///    faces, so the crossed cells reached form whole surface components: the mesh of them is closed
///    by construction, whatever the field's slope (a wrong margin can only drop a component
///    that no seed reached, never leave a hole).
/// 3. **Meshing** of exactly the crossed cells, block by block, through `BlockMesher`.
///
/// Every vertex has one stored value (`LatticeStore`), computed at `ExtractionGrid.vertexPosition`,
/// and the cells found crossed do not depend on the order of the work, so neither does the result
/// on the thread count.
/// Values are forced outside (to one lattice unit) at NaN and outside the padded box, as in
/// `BlockMesher`, so a full evaluation of every block meshes the same surface components.
struct SurfaceTracker {
    /// Spacing of the finer seed sub-lattice in lattice units (a power of two dividing the block
    /// size). A component that separates no two seed vertices may be missed: a blob under about
    /// this size, or under the block size within a block of another traced component.
    static let seedSpacing: Int32 = 4
    /// Points per field call when evaluating a batch.
    static let evaluationChunk = 4096
    /// Fewest sub-lattice vertices per thread when finding sign changes among seeds.
    static let bookkeepingChunk = 2048
    let grid: ExtractionGrid
    let field: any DistanceField
    internal(set) var store: LatticeStore
    /// Field values computed.
    private(set) var evaluations = 0
    /// Crossed cells found.
    internal(set) var crossedCells = 0
    /// Whether an inside value was found outside the padded box (and forced outside).
    private(set) var surfaceReachesBox = false
    /// Vertices to evaluate next, with their store indices.
    var pendingVertices: [SIMD3<Int32>] = []
    var pendingIndices: [Int] = []
    /// Per block slot, the last wave stamp given to it (`SurfaceTracker+Waves`).
    var waveStamps: [UInt32] = []
    var waveStamp: UInt32 = 0
    /// Per block slot, its position in the current wave's active blocks, or −1.
    var pushIndex: [Int32] = []

    /// A tracker whose store has room for `expectedBlocks` blocks before growing. Call
    /// `release()` when done.
    init(grid: ExtractionGrid, field: any DistanceField, expectedBlocks: Int) {
        self.grid = grid
        self.field = field
        store = LatticeStore(grid: grid, expectedBlocks: expectedBlocks)
    }

    func release() {
        store.release()
    }

    /// Finds every crossed cell of the surface components seeded in `blocks` (block keys): first
    /// from the seed sub-lattice of spacing `blockSize`, then of spacing `seedSpacing` in the
    /// kept blocks that hold no crossed cell traced so far, nor do any of their 26 neighbours.
    mutating func trace(seedingIn blocks: [UInt64], progress: ((String) -> Void)?) {
        progress?("seeding the surface in \(blocks.count) blocks")
        let coarse = seeds(in: blocks, spacing: ExtractionGrid.blockSize)
        follow(from: coarse.cells, progress: progress)
        let touched = (0..<store.blockCount).map(store.isCrossed)
        let apart = blocks.filter { key in
            let block = ExtractionGrid.block(fromKey: key)
            return !(0..<27).contains { n in
                let neighbor = block &+ SIMD3(Int32(n % 3) - 1, Int32(n / 3 % 3) - 1, Int32(n / 9) - 1)
                return all(neighbor .>= 0) && store.existingSlot(ofBlock: neighbor).map { touched[$0] } ?? false
            }
        }
        progress?("seeding the surface in \(apart.count) more blocks")
        follow(from: seeds(in: apart, spacing: Self.seedSpacing, blockCorners: coarse.lattice).cells,
               progress: progress)
        store.fillNewSlots()
    }

    /// Runs `body` over contiguous chunks of `0..<count` in parallel, each chunk with its own
    /// list of candidates; returns the lists in chunk order (so their concatenation follows
    /// `0..<count` whatever the number of chunks).
    private func parallelCandidates(count: Int, _ body: @Sendable (Range<Int>, inout [Int]) -> Void) -> [[Int]] {
        let chunks = Parallelism.chunkCount(count: count, minimumChunk: Self.bookkeepingChunk)
        var lists = [[Int]](repeating: [], count: chunks)
        lists.withUnsafeMutableBufferPointer { listBuffer in
            let listsOut = SendablePointer(listBuffer)
            Parallelism.forEachChunk(count: count, minimumChunk: Self.bookkeepingChunk, maxChunks: chunks) {
                range, chunk in
                var list: [Int] = []
                body(range, &list)
                listsOut[chunk] = list
            }
        }
        return lists
    }

    /// Seed cells: crossed cells found by bisecting the sign changes of the sub-lattice of
    /// `spacing` in `blocks`, except along sub-lattice edges that pass through a crossed cell
    /// already traced. Also returns the sub-lattice's values (block number · vertices per block
    /// + vertex), whose block-corner values a later call may take as `blockCorners` instead of
    /// evaluating them again.
    private mutating func seeds(in blocks: [UInt64], spacing s: Int32,
                                blockCorners: SeedLattice? = nil) -> (cells: [SIMD3<Int32>], lattice: SeedLattice) {
        let directions = SimplexLattice.edgeDirections
        let perAxis = ExtractionGrid.blockSize / s
        let perBlock = Int(perAxis * perAxis * perAxis)
        // Sub-lattice vertex `j` (x fastest) of the `n`th block has its value at `n·perBlock + j`
        // (NaN for vertices beyond the lattice). The sub-lattice's values stay out of the store:
        // most kept blocks never meet the surface.
        var numbering = BlockNumbering(counts: grid.blockCounts &+ 1, capacity: blocks.count)
        var lattice: [SIMD3<Int32>] = [], positions: [Int] = []
        lattice.reserveCapacity(blocks.count * perBlock)
        positions.reserveCapacity(blocks.count * perBlock)
        for (n, key) in blocks.enumerated() {
            let block = ExtractionGrid.block(fromKey: key)
            numbering.insert(block, number: n)
            for j in 0..<Int32(perBlock) {
                let k = (block &* ExtractionGrid.blockSize)
                    &+ SIMD3(j % perAxis, j / perAxis % perAxis, j / (perAxis * perAxis)) &* s
                guard all(k .<= grid.vertexExtent) else { continue }
                lattice.append(k)
                positions.append(n * perBlock + Int(j))
            }
        }
        var latticeValues = [Float](repeating: .nan, count: blocks.count * perBlock)
        for (k, position) in zip(lattice, positions) {
            if position % perBlock == 0, let known = blockCorners?.value(ofBlock: k &>> 3) {
                latticeValues[position] = known
            } else {
                pendingVertices.append(k)
                pendingIndices.append(position)
            }
        }
        latticeValues.withUnsafeMutableBufferPointer { evaluatePending(into: $0.baseAddress!) }
        clearPending()
        // Sign changes along sub-lattice edges, found in parallel as `n·7 + d` for the edge from
        // vertex n along direction d, in lattice order.
        let changes = parallelCandidates(count: lattice.count) {
            [self, numbering, latticeValues, lattice, positions] range, list in
            for n in range {
                let k = lattice[n], outside = latticeValues[positions[n]] > 0
                for d in directions.indices {
                    let end = k &+ directions[d] &* s
                    let local = (end & 7) / s
                    guard let far = numbering.number(of: end &>> 3) else { continue }
                    let value = latticeValues[far * perBlock + Int(local.x + perAxis * (local.y + perAxis * local.z))]
                    guard !value.isNaN, (value > 0) != outside,
                          !passesTracedCell(from: k, direction: directions[d], length: s) else { continue }
                    list.append(7 * n + d)
                }
            }
        }
        // Lower end, direction, whether the lower end is outside.
        var segments: [(low: SIMD3<Int32>, direction: Int, outside: Bool)] = []
        for list in changes {
            for entry in list {
                let n = entry / 7
                segments.append((lattice[n], entry % 7, latticeValues[positions[n]] > 0))
            }
        }
        var length = s
        var middles = [(vertex: SIMD3<Int32>, index: Int)](repeating: (.zero, 0), count: segments.count)
        while length > 1 {
            length /= 2
            for (n, segment) in segments.enumerated() {
                let middle = segment.low &+ directions[segment.direction] &* length
                middles[n] = (middle, store.index(middle))
                request(middle, index: middles[n].index)
            }
            evaluatePending()
            for n in segments.indices where (store.values[middles[n].index] > 0) == segments[n].outside {
                segments[n].low = middles[n].vertex
            }
        }
        var cells: [SIMD3<Int32>] = []
        for segment in segments {
            let index = store.index(segment.low)
            if !LatticeStore.testAndSet(store.queued, index) { cells.append(segment.low) }
        }
        return (cells, SeedLattice(numbering: numbering, values: latticeValues, verticesPerBlock: perBlock))
    }

    /// The values of a seed sub-lattice, kept to spare re-evaluating block corners.
    struct SeedLattice {
        let numbering: BlockNumbering
        let values: [Float]
        let verticesPerBlock: Int

        /// The value at the lowest vertex of block `b`, if the sub-lattice has it.
        func value(ofBlock b: SIMD3<Int32>) -> Float? {
            guard let n = numbering.number(of: b) else { return nil }
            let v = values[n * verticesPerBlock]
            return v.isNaN ? nil : v
        }
    }

    /// Whether one of the `length` cells whose lowest corners lie on the line from `k` along
    /// `direction` (each holds one lattice edge of it) is a crossed cell already traced.
    private func passesTracedCell(from k: SIMD3<Int32>, direction: SIMD3<Int32>, length: Int32) -> Bool {
        (0..<length).contains { i in
            store.existingIndex(k &+ direction &* i).map { LatticeStore.test(store.crossed, $0) } ?? false
        }
    }

    /// Queues vertex `k` (at store `index`) for the next evaluation unless already requested;
    /// returns whether it was new.
    @discardableResult @inline(__always)
    private mutating func request(_ k: SIMD3<Int32>, index: Int) -> Bool {
        if LatticeStore.testAndSet(store.requested, index) { return false }
        pendingVertices.append(k)
        pendingIndices.append(index)
        return true
    }

    /// Evaluates the pending vertices in parallel chunks and stores their values (forced outside
    /// at NaN and outside the padded box) and their signs (the store's `outside` bits).
    private mutating func evaluatePending() {
        store.fillNewSlots()
        evaluatePending(into: store.values)
        let values = store.values, outside = store.outside
        for index in pendingIndices where values[index] > 0 { outside[index >> 6] |= 1 << UInt64(index & 63) }
        clearPending()
    }

    /// Evaluates the pending vertices whose store indices come in runs, one per 64-bit word of
    /// the bit sets (as a wave lists them), storing their values and signs; each chunk sets the
    /// bits of the runs it holds whole and leaves its first and last run to a serial pass.
    mutating func evaluatePendingRuns() {
        store.fillNewSlots()
        let outside = SendablePointer(store.outside)
        let chunks = (pendingIndices.count + Self.evaluationChunk - 1) / Self.evaluationChunk
        // Per chunk, its first and last run: (word, bits).
        var edges = [(Int, UInt64)](repeating: (0, 0), count: 2 * chunks)
        edges.withUnsafeMutableBufferPointer { edgeBuffer in
            let edgeRuns = SendablePointer(edgeBuffer)
            evaluatePending(into: store.values) { c, indices, values, n in
                var word = indices[0] >> 6, bits: UInt64 = 0, first = true
                for i in 0..<n {
                    let index = indices[i]
                    if index >> 6 != word {
                        if first {
                            edgeRuns[2 * c] = (word, bits)
                            first = false
                        } else {
                            outside[word] |= bits
                        }
                        word = index >> 6
                        bits = 0
                    }
                    if values[i] > 0 { bits |= 1 << UInt64(index & 63) }
                }
                edgeRuns[2 * c + 1] = (word, bits)
            }
        }
        for (word, bits) in edges { store.outside[word] |= bits }
        clearPending()
    }

    private mutating func clearPending() {
        pendingVertices.removeAll(keepingCapacity: true)
        pendingIndices.removeAll(keepingCapacity: true)
    }

    /// Evaluates the pending vertices (leaving them pending), writing vertex `n`'s value to
    /// `destination[pendingIndices[n]]`; then, per chunk `c` of `count` vertices, calls
    /// `stored(c, indices, values, count)` with the chunk's store indices and final values.
    private mutating func evaluatePending(
        into destination: UnsafeMutablePointer<Float>,
        stored: (@Sendable (Int, UnsafePointer<Int>, UnsafePointer<Float>, Int) -> Void)? = nil
    ) {
        let count = pendingVertices.count
        guard count > 0 else { return }
        evaluations += count
        let chunkSize = Self.evaluationChunk
        let chunks = (count + chunkSize - 1) / chunkSize
        let grid = grid, field = field
        let outsideValue = grid.cellSize
        var reaches = [Bool](repeating: false, count: chunks)
        let out = SendablePointer(destination)
        pendingVertices.withUnsafeBufferPointer { vertexBuffer in
        pendingIndices.withUnsafeBufferPointer { indexBuffer in
        reaches.withUnsafeMutableBufferPointer { reachBuffer in
            let reach = SendablePointer(reachBuffer)
            let vertices = SendableConstPointer(vertexBuffer), indices = SendableConstPointer(indexBuffer)
            let body: @Sendable (Int) -> Void = { c in
                let lo = c * chunkSize, n = Swift.min(count, lo + chunkSize) - lo
                let points = UnsafeMutablePointer<SIMD3<Float>>.allocate(capacity: n)
                let values = UnsafeMutablePointer<Float>.allocate(capacity: n)
                defer {
                    points.deallocate()
                    values.deallocate()
                }
                for i in 0..<n { points[i] = grid.vertexPosition(vertices[lo + i]) }
                field.distances(at: UnsafeBufferPointer(start: points, count: n),
                                into: UnsafeMutableBufferPointer(start: values, count: n))
                for i in 0..<n {
                    var v = values[i]
                    if v.isNaN {
                        v = outsideValue
                    } else if !grid.containsVertex(vertices[lo + i]) {
                        if v <= 0 { reach[c] = true }
                        v = outsideValue
                    }
                    values[i] = v
                    out[indices[lo + i]] = v
                }
                stored?(c, indices.base + lo, values, n)
            }
            Parallelism.forEachIteration(chunks, body)
        }
        }
        }
        if reaches.contains(true) { surfaceReachesBox = true }
    }
}
