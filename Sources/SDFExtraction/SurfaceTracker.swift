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
/// 2. **Tracing**, in waves: the corners of the queued cells are evaluated in one parallel batch;
///    a queued cell with mixed corners is *crossed*, and each face of it with mixed corners queues
///    the cell behind it. Marching tetrahedra's surface passes from cell to cell only through such
///    faces, so the crossed cells reached form whole surface components: the mesh of them is closed
///    by construction, whatever the field's slope (a wrong margin can only drop a component
///    that no seed reached, never leave a hole).
/// 3. **Meshing** of exactly the crossed cells, block by block, through `BlockMesher`.
///
/// Every vertex has one stored value (`LatticeStore`), computed at `ExtractionGrid.vertexPosition`,
/// and the bookkeeping runs in a fixed order, so the result does not depend on the thread count.
/// Values are forced outside (to one lattice unit) at NaN and outside the padded box, as in
/// `BlockMesher`, so a full evaluation of every block meshes the same surface components.
struct SurfaceTracker {
    /// Spacing of the finer seed sub-lattice in lattice units (a power of two dividing the block
    /// size). A component that separates no two seed vertices may be missed: a blob under about
    /// this size, or under the block size within a block of another traced component.
    static let seedSpacing: Int32 = 4
    /// Points per field call when evaluating a batch.
    static let evaluationChunk = 4096
    /// Fewest frontier cells per thread in the parallel bookkeeping passes.
    static let bookkeepingChunk = 2048
    /// For each sign pattern of a cell's corners (bit `x + 2y + 4z` set when outside), bit `f`
    /// set when face `f` has corners of both signs (faces: low then high per axis).
    private static let mixedFaceTable: [UInt8] = (0..<256).map { pattern in
        let faceCorners = [0x55, 0xAA, 0x33, 0xCC, 0x0F, 0xF0]
        var faces: UInt8 = 0
        for (f, mask) in faceCorners.enumerated() where pattern & mask != 0 && pattern & mask != mask {
            faces |= 1 << UInt8(f)
        }
        return faces
    }

    let grid: ExtractionGrid
    let field: any DistanceField
    private(set) var store: LatticeStore
    /// Field values computed.
    private(set) var evaluations = 0
    /// Crossed cells found.
    private(set) var crossedCells = 0
    /// Whether an inside value was found outside the padded box (and forced outside).
    private(set) var surfaceReachesBox = false
    private var pendingVertices: [SIMD3<Int32>] = []
    private var pendingIndices: [Int] = []

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
        follow(from: seeds(in: blocks, spacing: ExtractionGrid.blockSize), progress: progress)
        let touched = (0..<store.blockCount).map(store.isCrossed)
        let apart = blocks.filter { key in
            let block = ExtractionGrid.block(fromKey: key)
            return !(0..<27).contains { n in
                let neighbor = block &+ SIMD3(Int32(n % 3) - 1, Int32(n / 3 % 3) - 1, Int32(n / 9) - 1)
                return all(neighbor .>= 0) && store.existingSlot(ofBlock: neighbor).map { touched[$0] } ?? false
            }
        }
        progress?("seeding the surface in \(apart.count) more blocks")
        follow(from: seeds(in: apart, spacing: Self.seedSpacing), progress: progress)
    }

    /// Traces the surface from the queued cells `seeds` until no cell is left to visit.
    ///
    /// Each wave's bookkeeping has a parallel pass that only reads the store (corner and neighbour
    /// indices, dropping what earlier waves already requested or queued) and a serial pass that
    /// commits the remaining candidates in frontier order, so requests and queued cells come out
    /// in the same order whatever the thread count.
    private mutating func follow(from seeds: [SIMD3<Int32>], progress: ((String) -> Void)?) {
        var frontier = seeds
        while !frontier.isEmpty {
            progress?("tracing the surface: \(crossedCells) cells")
            let corners = requestCorners(of: frontier)
            evaluatePending()
            frontier = queueNeighbors(of: frontier, corners: corners)
        }
    }

    /// Requests the corners of the `frontier` cells not requested yet, in frontier order, and
    /// returns the store indices of each cell's corners.
    private mutating func requestCorners(of frontier: [SIMD3<Int32>]) -> [SIMD8<Int>] {
        var corners = [SIMD8<Int>](repeating: SIMD8(), count: frontier.count)
        // Per chunk: `n·8 + c` for corner c of cell n not requested yet; `~n` for a cell with a
        // corner in a block without a slot (resolved serially).
        let candidates = corners.withUnsafeMutableBufferPointer { buffer in
            let out = SendablePointer(buffer)
            return parallelCandidates(count: frontier.count) { [store] range, list in
                var last = (block: SIMD3<Int32>(repeating: -1), slot: 0)
                for n in range {
                    guard let c = store.existingCorners(of: frontier[n], last: &last) else {
                        list.append(~n)
                        continue
                    }
                    out[n] = c
                    for i in 0..<8 where !LatticeStore.test(store.requested, c[i]) { list.append(n << 3 | i) }
                }
            }
        }
        for list in candidates {
            for entry in list {
                if entry < 0 {
                    let n = ~entry
                    corners[n] = store.corners(of: frontier[n])
                    for i in 0..<8 {
                        request(frontier[n] &+ SimplexLattice.cornerOffset(Int32(i)), index: corners[n][i])
                    }
                } else {
                    let n = entry >> 3, i = entry & 7
                    request(frontier[n] &+ SimplexLattice.cornerOffset(Int32(i)), index: corners[n][i])
                }
            }
        }
        return corners
    }

    /// Marks the crossed `frontier` cells (those with corners of both signs) and queues, in
    /// frontier order, the cells behind their faces with corners of both signs that were not
    /// queued before; returns those cells.
    private mutating func queueNeighbors(of frontier: [SIMD3<Int32>], corners: [SIMD8<Int>]) -> [SIMD3<Int32>] {
        let values = SendableConstPointer(UnsafePointer(store.values))
        // Per chunk, pairs: `(n·8 + 7, index)` for a crossed cell n, then `(n·8 + f, index)` for
        // each face f of it with mixed corners whose neighbour was not queued before, with the
        // neighbour's store index (−1 when its block has no slot yet).
        let candidates = parallelCandidates(count: frontier.count) { [store] range, list in
            Self.mixedFaceTable.withUnsafeBufferPointer { table in
                for n in range {
                    var pattern = 0
                    for i in 0..<8 where values[corners[n][i]] > 0 { pattern |= 1 << i }
                    let faces = table[pattern]
                    guard faces != 0 else { continue }
                    let cell = frontier[n], cellIndex = corners[n][0], local = cell & 7
                    list.append(8 * n + 7)
                    list.append(cellIndex)
                    for face in 0..<6 where faces & (1 << face) != 0 {
                        let axis = face / 2, down = face & 1 == 0
                        let coordinate = axis == 0 ? local.x : axis == 1 ? local.y : local.z
                        // Within the block the neighbour's index is one stride away.
                        let index = (down ? coordinate > 0 : coordinate < 7)
                            ? cellIndex + (down ? -1 : 1) << (3 * axis)
                            : store.existingIndex(Self.neighbor(of: cell, across: face)) ?? -1
                        guard index < 0 || !LatticeStore.test(store.queued, index) else { continue }
                        list.append(8 * n + face)
                        list.append(index)
                    }
                }
            }
        }
        var next: [SIMD3<Int32>] = []
        for list in candidates {
            for p in Swift.stride(from: 0, to: list.count, by: 2) {
                let n = list[p] >> 3, face = list[p] & 7
                guard face < 6 else {
                    _ = LatticeStore.testAndSet(store.crossed, list[p + 1])
                    crossedCells += 1
                    continue
                }
                let neighbor = Self.neighbor(of: frontier[n], across: face)
                let index = list[p + 1] >= 0 ? list[p + 1] : store.index(neighbor)
                if !LatticeStore.testAndSet(store.queued, index) { next.append(neighbor) }
            }
        }
        return next
    }

    /// The cell across face `face` (low then high face per axis) of `cell`.
    @inline(__always)
    private static func neighbor(of cell: SIMD3<Int32>, across face: Int) -> SIMD3<Int32> {
        let axis = face / 2, sign: Int32 = face & 1 == 0 ? -1 : 1
        return cell &+ SIMD3(axis == 0 ? sign : 0, axis == 1 ? sign : 0, axis == 2 ? sign : 0)
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
    /// already traced.
    private mutating func seeds(in blocks: [UInt64], spacing s: Int32) -> [SIMD3<Int32>] {
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
        pendingVertices = lattice
        pendingIndices = positions
        latticeValues.withUnsafeMutableBufferPointer { evaluatePending(into: $0.baseAddress!) }
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
        while length > 1 {
            length /= 2
            for segment in segments {
                let middle = segment.low &+ directions[segment.direction] &* length
                request(middle, index: store.index(middle))
            }
            evaluatePending()
            for n in segments.indices {
                let middle = segments[n].low &+ directions[segments[n].direction] &* length
                if (store.values[store.index(middle)] > 0) == segments[n].outside { segments[n].low = middle }
            }
        }
        var cells: [SIMD3<Int32>] = []
        for segment in segments {
            let index = store.index(segment.low)
            if !LatticeStore.testAndSet(store.queued, index) { cells.append(segment.low) }
        }
        return cells
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
    /// at NaN and outside the padded box).
    private mutating func evaluatePending() {
        evaluatePending(into: store.values)
    }

    /// Evaluates the pending vertices, writing vertex `n`'s value to `destination[pendingIndices[n]]`.
    private mutating func evaluatePending(into destination: UnsafeMutablePointer<Float>) {
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
                    out[indices[lo + i]] = v
                }
            }
            if Parallelism.threadCount == 1 || chunks == 1 {
                for c in 0..<chunks { body(c) }
            } else {
                DispatchQueue.concurrentPerform(iterations: chunks, execute: body)
            }
        }
        }
        }
        if reaches.contains(true) { surfaceReachesBox = true }
        pendingVertices.removeAll(keepingCapacity: true)
        pendingIndices.removeAll(keepingCapacity: true)
    }
}
