import SDFGeometry

extension SurfaceTracker {
    /// Fewest blocks per thread in the parallel passes of a wave.
    static let blocksPerChunk = 64

    /// Traces the surface from the queued cells `seeds` until no cell is left to visit.
    ///
    /// Waves work on whole blocks with bit operations (`BlockBits`). A wave requests the corners
    /// of the frontier cells not requested yet and evaluates them in one parallel batch, marks the
    /// frontier cells with corners of both signs as crossed, and makes the next frontier of the
    /// cells behind their faces with corners of both signs that were never queued. The cells found
    /// crossed are those reachable from the seeds through such faces, whatever the order of the
    /// work, so the result does not depend on the thread count.
    mutating func follow(from seeds: [SIMD3<Int32>], progress: ((String) -> Void)?) {
        var active: [Int] = []
        for cell in seeds {
            let index = store.index(cell)
            let slot = index / LatticeStore.blockVertices
            if BlockShift.isEmpty(LatticeStore.bits(store.frontier, slot: slot)) { active.append(slot) }
            _ = LatticeStore.testAndSet(store.frontier, index)
        }
        while !active.isEmpty {
            progress?("tracing the surface: \(crossedCells) cells")
            requestFrontierCorners(of: active)
            evaluatePendingRuns()
            active = advanceFrontier(of: active)
        }
    }

    /// Requests the corners of the frontier cells of the `active` blocks that were not requested
    /// before, in block order (so their store indices come in runs per bit-set word).
    private mutating func requestFrontierCorners(of active: [Int]) {
        let wave = nextWaveStamp()
        growWaveStamps()
        var targets = active
        for slot in active { waveStamps[slot] = wave }
        let highFaces = (0..<8).map(BlockShift.highFaces)
        for slot in active {
            let cells = LatticeStore.bits(store.frontier, slot: slot)
            let block = ExtractionGrid.block(fromKey: store.blockKeys[slot])
            for o in 1..<8 where !BlockShift.isEmpty(cells & highFaces[o]) {
                let above = store.slot(ofBlock: block &+ SimplexLattice.cornerOffset(Int32(o)))
                growWaveStamps()
                if waveStamps[above] != wave {
                    waveStamps[above] = wave
                    targets.append(above)
                }
            }
        }
        let fresh = UnsafeMutablePointer<BlockBits>.allocate(capacity: targets.count)
        defer { fresh.deallocate() }
        var offsets = [Int](repeating: 0, count: targets.count + 1)
        let store = store, freshOut = SendablePointer(fresh), targetSlots = targets
        offsets.withUnsafeMutableBufferPointer { offsetBuffer in
            let counts = SendablePointer(offsetBuffer)
            Parallelism.forEachChunk(count: targets.count, minimumChunk: Self.blocksPerChunk) { range, _ in
                for t in range {
                    let needed = Self.frontierCorners(inBlockOf: targetSlots[t], store: store)
                    let requested = LatticeStore.bits(store.requested, slot: targetSlots[t])
                    LatticeStore.setBits(store.requested, slot: targetSlots[t], to: requested | needed)
                    freshOut[t] = needed & ~requested
                    counts[t + 1] = BlockShift.count(freshOut[t])
                }
            }
        }
        for t in targets.indices { offsets[t + 1] += offsets[t] }
        let total = offsets[targets.count], starts = offsets
        pendingVertices = [SIMD3<Int32>](unsafeUninitializedCapacity: total) { vertexBuffer, vertexCount in
            pendingIndices = [Int](unsafeUninitializedCapacity: total) { indexBuffer, indexCount in
                let vertices = SendablePointer(vertexBuffer), indices = SendablePointer(indexBuffer)
                Parallelism.forEachChunk(count: targets.count, minimumChunk: Self.blocksPerChunk) { range, _ in
                    for t in range {
                        Self.listVertices(freshOut[t], ofSlot: targetSlots[t], store: store,
                                          vertices: vertices.base + starts[t], indices: indices.base + starts[t])
                    }
                }
                indexCount = total
            }
            vertexCount = total
        }
    }

    /// The vertices of block `slot` that are corners of frontier cells (of this block or of the
    /// blocks at −{0,1}³).
    @inline(__always)
    private static func frontierCorners(inBlockOf slot: Int, store: LatticeStore) -> BlockBits {
        let block = ExtractionGrid.block(fromKey: store.blockKeys[slot])
        @inline(__always) func below(_ o: Int32) -> BlockBits {
            guard let s = store.existingSlot(ofBlock: block &- SimplexLattice.cornerOffset(o)) else {
                return BlockBits()
            }
            return LatticeStore.bits(store.frontier, slot: s)
        }
        @inline(__always) func alongX(_ a: BlockBits, _ previous: BlockBits) -> BlockBits {
            a | BlockShift.fromMinusX(a, previous: previous)
        }
        // Dilate by {0,1} along x in the four blocks at −{0,1}² in y and z, then along y, then z.
        let own = LatticeStore.bits(store.frontier, slot: slot)
        let x0 = alongX(own, below(1)), x2 = alongX(below(2), below(3))
        let x4 = alongX(below(4), below(5)), x6 = alongX(below(6), below(7))
        let low = x0 | BlockShift.fromMinusY(x0, previous: x2)
        let lower = x4 | BlockShift.fromMinusY(x4, previous: x6)
        return low | BlockShift.fromMinusZ(low, previous: lower)
    }

    /// Writes the lattice coordinates and store indices of the vertices in `bits` of block `slot`.
    @inline(__always)
    private static func listVertices(_ bits: BlockBits, ofSlot slot: Int, store: LatticeStore,
                                     vertices: UnsafeMutablePointer<SIMD3<Int32>>,
                                     indices: UnsafeMutablePointer<Int>) {
        let origin = ExtractionGrid.block(fromKey: store.blockKeys[slot]) &* ExtractionGrid.blockSize
        let base = slot * LatticeStore.blockVertices
        var n = 0
        for z in 0..<8 {
            var word = bits[z]
            while word != 0 {
                let bit = word.trailingZeroBitCount
                word &= word &- 1
                vertices[n] = origin &+ SIMD3(Int32(bit & 7), Int32(bit >> 3), Int32(z))
                indices[n] = base + z << 6 | bit
                n += 1
            }
        }
    }

    /// Marks the crossed frontier cells of the `active` blocks and replaces the frontier by the
    /// cells behind their faces with corners of both signs that were never queued; returns the
    /// blocks of the new frontier, in order.
    private mutating func advanceFrontier(of active: [Int]) -> [Int] {
        // Per active block, for each face direction (low then high per axis), the crossed cells
        // whose face in that direction has corners of both signs.
        let pushed = UnsafeMutablePointer<BlockBits>.allocate(capacity: active.count * 6)
        defer { pushed.deallocate() }
        var crossedCounts = [Int](repeating: 0, count: active.count)
        let store = store, pushedOut = SendablePointer(pushed)
        crossedCounts.withUnsafeMutableBufferPointer { countBuffer in
            let counts = SendablePointer(countBuffer)
            Parallelism.forEachChunk(count: active.count, minimumChunk: Self.blocksPerChunk) { range, _ in
                for a in range {
                    counts[a] = Self.markCrossed(inBlockOf: active[a], store: store, pushed: pushedOut.base + 6 * a)
                }
            }
        }
        crossedCells += crossedCounts.reduce(0, +)

        let wave = nextWaveStamp()
        growWaveStamps()
        var receivers = active
        for (a, slot) in active.enumerated() {
            waveStamps[slot] = wave
            pushIndex[slot] = Int32(a)
        }
        for (a, slot) in active.enumerated() {
            let block = ExtractionGrid.block(fromKey: store.blockKeys[slot])
            for face in 0..<6 where !BlockShift.isEmpty(pushed[6 * a + face] & BlockShift.face(face)) {
                let neighbor = block &+ Self.faceOffset(face)
                guard all(neighbor .>= 0) else { continue }
                let slot = self.store.slot(ofBlock: neighbor)
                growWaveStamps()
                if waveStamps[slot] != wave {
                    waveStamps[slot] = wave
                    receivers.append(slot)
                }
            }
        }
        var hasFrontier = [Bool](repeating: false, count: receivers.count)
        let grown = self.store, receiverSlots = receivers
        pushIndex.withUnsafeBufferPointer { indexBuffer in
        hasFrontier.withUnsafeMutableBufferPointer { flagBuffer in
            let flags = SendablePointer(flagBuffer), indices = SendableConstPointer(indexBuffer)
            let pushedIn = SendableConstPointer(UnsafePointer(pushed))
            Parallelism.forEachChunk(count: receivers.count, minimumChunk: Self.blocksPerChunk) { range, _ in
                for r in range {
                    flags[r] = Self.queueArrivals(inBlockOf: receiverSlots[r], store: grown,
                                                  pushed: pushedIn.base, pushIndex: indices.base)
                }
            }
        }
        }
        for slot in active { pushIndex[slot] = -1 }
        return receivers.indices.filter { hasFrontier[$0] }.map { receivers[$0] }
    }

    /// Marks the frontier cells of block `slot` with corners of both signs as crossed, writes the
    /// six face pushes to `pushed`, and returns how many cells it marked.
    @inline(__always)
    private static func markCrossed(inBlockOf slot: Int, store: LatticeStore,
                                    pushed: UnsafeMutablePointer<BlockBits>) -> Int {
        let block = ExtractionGrid.block(fromKey: store.blockKeys[slot])
        // Outside bits of the blocks at +{0,1}³ (zero where a block has no slot).
        @inline(__always) func above(_ o: Int32) -> BlockBits {
            guard let s = store.existingSlot(ofBlock: block &+ SimplexLattice.cornerOffset(o)) else {
                return BlockBits()
            }
            return LatticeStore.bits(store.outside, slot: s)
        }
        let a0 = LatticeStore.bits(store.outside, slot: slot), a2 = above(2), a4 = above(4), a6 = above(6)
        let x0 = BlockShift.fromPlusX(a0, next: above(1)), x2 = BlockShift.fromPlusX(a2, next: above(3))
        let x4 = BlockShift.fromPlusX(a4, next: above(5)), x6 = BlockShift.fromPlusX(a6, next: above(7))
        // Corner c (offset x + 2y + 4z) of each cell is outside.
        let c2 = BlockShift.fromPlusY(a0, next: a2), c3 = BlockShift.fromPlusY(x0, next: x2)
        let corner = (a0, x0, c2, c3,
                      BlockShift.fromPlusZ(a0, next: a4), BlockShift.fromPlusZ(x0, next: x4),
                      BlockShift.fromPlusZ(c2, next: BlockShift.fromPlusY(a4, next: a6)),
                      BlockShift.fromPlusZ(c3, next: BlockShift.fromPlusY(x4, next: x6)))
        // Corners where each face of a cell lies (low then high per axis): masks over c.
        @inline(__always) func mixed(_ corners: Int) -> BlockBits {
            var any = BlockBits(), all = BlockBits(repeating: ~0)
            @inline(__always) func add(_ c: Int, _ bits: BlockBits) {
                if corners & (1 << c) != 0 {
                    any |= bits
                    all &= bits
                }
            }
            add(0, corner.0); add(1, corner.1); add(2, corner.2); add(3, corner.3)
            add(4, corner.4); add(5, corner.5); add(6, corner.6); add(7, corner.7)
            return any & ~all
        }
        let frontier = LatticeStore.bits(store.frontier, slot: slot)
        let crossed = frontier & mixed(0xFF)
        LatticeStore.setBits(store.crossed, slot: slot, to: LatticeStore.bits(store.crossed, slot: slot) | crossed)
        pushed[0] = crossed & mixed(0x55)
        pushed[1] = crossed & mixed(0xAA)
        pushed[2] = crossed & mixed(0x33)
        pushed[3] = crossed & mixed(0xCC)
        pushed[4] = crossed & mixed(0x0F)
        pushed[5] = crossed & mixed(0xF0)
        return BlockShift.count(crossed)
    }

    /// Queues the cells of block `slot` behind a pushed face of a neighbouring cell (in this block
    /// or the six adjacent ones) that were never queued, and makes them its frontier; returns
    /// whether there are any.
    @inline(__always)
    private static func queueArrivals(inBlockOf slot: Int, store: LatticeStore,
                                      pushed: UnsafePointer<BlockBits>, pushIndex: UnsafePointer<Int32>) -> Bool {
        let block = ExtractionGrid.block(fromKey: store.blockKeys[slot])
        @inline(__always) func push(_ face: Int, from offset: SIMD3<Int32>) -> BlockBits {
            let s = offset == .zero ? slot : store.existingSlot(ofBlock: block &+ offset)
            guard let s, pushIndex[s] >= 0 else { return BlockBits() }
            return pushed[6 * Int(pushIndex[s]) + face]
        }
        // A cell's low face along an axis pushes to the cell below it, its high face to the one above.
        var arrivals = BlockShift.fromPlusX(push(0, from: .zero), next: push(0, from: SIMD3(1, 0, 0)))
        arrivals |= BlockShift.fromMinusX(push(1, from: .zero), previous: push(1, from: SIMD3(-1, 0, 0)))
        arrivals |= BlockShift.fromPlusY(push(2, from: .zero), next: push(2, from: SIMD3(0, 1, 0)))
        arrivals |= BlockShift.fromMinusY(push(3, from: .zero), previous: push(3, from: SIMD3(0, -1, 0)))
        arrivals |= BlockShift.fromPlusZ(push(4, from: .zero), next: push(4, from: SIMD3(0, 0, 1)))
        arrivals |= BlockShift.fromMinusZ(push(5, from: .zero), previous: push(5, from: SIMD3(0, 0, -1)))
        let queued = LatticeStore.bits(store.queued, slot: slot)
        let fresh = arrivals & ~queued
        LatticeStore.setBits(store.queued, slot: slot, to: queued | fresh)
        LatticeStore.setBits(store.frontier, slot: slot, to: fresh)
        return !BlockShift.isEmpty(fresh)
    }

    /// A stamp no block carries yet in `waveStamps`.
    private mutating func nextWaveStamp() -> UInt32 {
        waveStamp &+= 1
        return waveStamp
    }

    /// Extends `waveStamps` and `pushIndex` to every block of the store.
    private mutating func growWaveStamps() {
        let missing = store.blockCount - waveStamps.count
        guard missing > 0 else { return }
        waveStamps.append(contentsOf: repeatElement(0, count: missing))
        pushIndex.append(contentsOf: repeatElement(-1, count: missing))
    }

    /// The block offset across face `face` (low then high per axis).
    private static func faceOffset(_ face: Int) -> SIMD3<Int32> {
        let axis = face / 2, sign: Int32 = face & 1 == 0 ? -1 : 1
        return SIMD3(axis == 0 ? sign : 0, axis == 1 ? sign : 0, axis == 2 ? sign : 0)
    }
}
