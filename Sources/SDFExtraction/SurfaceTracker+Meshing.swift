import Dispatch
import SDFGeometry

extension SurfaceTracker {
    /// Output vertices per crossed cell, for reserving (a little above the typical ratio, 3).
    static let verticesPerCrossedCell = 3.5

    /// Meshes the crossed cells of the blocks in `slots` (`store.crossedSlots()`), block by block,
    /// in parallel chunks of blocks.
    ///
    /// A first parallel pass counts each chunk's triangle indices, so the second writes them
    /// straight into one array shared by all chunks (see `SharedIndices`).
    func meshCrossedCells(inSlots slots: [Int]) -> [ChunkMesh] {
        guard !slots.isEmpty else { return [] }
        // Slots of the blocks at +{0,1}³ from each meshed block (−1: none), for its far faces.
        let neighborSlots = [Int](unsafeUninitializedCapacity: slots.count * 8) { buffer, count in
            let out = SendablePointer(buffer)
            Parallelism.forEachChunk(count: slots.count, minimumChunk: 1024) { [store] range, _ in
                for n in range {
                    let block = ExtractionGrid.block(fromKey: store.blockKeys[slots[n]])
                    for c in 0..<8 {
                        out[n * 8 + c] = store.existingSlot(ofBlock: block &+ SimplexLattice.cornerOffset(Int32(c))) ?? -1
                    }
                }
            }
            count = buffer.count
        }
        let chunkSize = MeshingPass.chunkSize
        let chunkCount = (slots.count + chunkSize - 1) / chunkSize
        let results = UnsafeMutableBufferPointer<ChunkMesh>.allocate(capacity: chunkCount)
        results.initialize(repeating: ChunkMesh())
        defer {
            _ = results.deinitialize()
            results.deallocate()
        }
        let grid = grid, field = field, keys = store.blockKeys
        let values = SendableConstPointer(UnsafePointer(store.values))
        let crossed = SendableConstPointer(UnsafePointer(store.crossed))
        var indexCounts = [Int](repeating: 0, count: chunkCount)
        neighborSlots.withUnsafeBufferPointer { neighborBuffer in
            let neighbors = SendableConstPointer(neighborBuffer), out = SendablePointer(results)
            /// Runs `body(n, block, cell mask, fill)` over the blocks `n` of chunk `c`.
            let forEachBlock: @Sendable (Int, (Int, SIMD3<Int32>, UnsafePointer<UInt8>, (UnsafeMutablePointer<Float>) -> Void) -> Void) -> Void = {
                c, body in
                for n in c * chunkSize..<Swift.min(slots.count, (c + 1) * chunkSize) {
                    let slot = slots[n]
                    let mask = UnsafeRawPointer(crossed.base + slot * LatticeStore.wordsPerBlock)
                        .assumingMemoryBound(to: UInt8.self)
                    body(n, ExtractionGrid.block(fromKey: keys[slot]), mask) { v in
                        Self.gather(values: values.base, neighborSlots: neighbors.base + n * 8, into: v)
                    }
                }
            }
            indexCounts.withUnsafeMutableBufferPointer { countBuffer in
                let counts = SendablePointer(countBuffer)
                Parallelism.forEachIteration(chunkCount) { c in
                    var mesher = BlockMesher(cellsOn: grid, field: field)
                    forEachBlock(c) { n, block, mask, fill in
                        counts[c] += mesher.indexCount(of: block, cellMask: mask, fill: fill) { rows in
                            Self.signs(values: values.base, neighborSlots: neighbors.base + n * 8, into: rows)
                        }
                    }
                    _ = mesher.finish()
                }
            }
            var offsets = [0]
            for n in indexCounts { offsets.append(offsets.last! + n) }
            let starts = offsets
            let indices = [UInt32](unsafeUninitializedCapacity: offsets.last!) { buffer, initialized in
                let indexOut = SendablePointer(buffer)
                Parallelism.forEachIteration(chunkCount) { c in
                    let output = UnsafeMutableBufferPointer(start: indexOut.base + starts[c], count: starts[c + 1] - starts[c])
                    var mesher = BlockMesher(cellsOn: grid, field: field, indexOutput: output)
                    var cells = 0
                    forEachBlock(c) { _, _, mask, _ in
                        let words = UnsafeRawPointer(mask).assumingMemoryBound(to: UInt64.self)
                        for w in 0..<LatticeStore.wordsPerBlock { cells += words[w].nonzeroBitCount }
                    }
                    mesher.reserveCapacity(vertices: Int(Double(cells) * Self.verticesPerCrossedCell))
                    forEachBlock(c) { mesher.meshCells(of: $1, cellMask: $2, fill: $3) }
                    out[c] = mesher.finish()
                }
                initialized = buffer.count
            }
            let shared = SharedIndices(indices)
            for c in 0..<chunkCount {
                out[c].shared = shared
                out[c].sharedRange = starts[c]..<starts[c + 1]
            }
        }
        return Array(results)
    }

    /// The row signs (`BlockMesher.outsideBits`) of a block's `(B+1)³` stored values, read as
    /// `gather` reads them (unknown values count as outside), one row per `y + (B+1)·z`.
    private static func signs(values: UnsafePointer<Float>, neighborSlots: UnsafePointer<Int>,
                              into rows: UnsafeMutablePointer<UInt32>) {
        forEachRow(values: values, neighborSlots: neighborSlots) { row, first, last in
            rows[row] = BlockMesher.outsideBits(first, last)
        }
    }

    /// Copies the stored values of a block's `(B+1)³` vertices (x fastest), NaN where unknown.
    private static func gather(values: UnsafePointer<Float>, neighborSlots: UnsafePointer<Int>,
                               into out: UnsafeMutablePointer<Float>) {
        let side = BlockSampler.side, b = Int(ExtractionGrid.blockSize)
        forEachRow(values: values, neighborSlots: neighborSlots) { row, first, last in
            let start = UnsafeMutableRawPointer(out + row * side)
            start.storeBytes(of: first, as: SIMD8<Float>.self)
            start.storeBytes(of: last, toByteOffset: b * MemoryLayout<Float>.stride, as: Float.self)
        }
    }

    /// Calls `body(row, first, last)` for each row `y + (B+1)·z` of a block's `(B+1)³` stored
    /// values: the row's first `B` values come from one stored block, the last from the next along
    /// x (NaN where a block has no slot).
    @inline(__always)
    private static func forEachRow(values: UnsafePointer<Float>, neighborSlots: UnsafePointer<Int>,
                                   _ body: (Int, SIMD8<Float>, Float) -> Void) {
        let side = BlockSampler.side, b = Int(ExtractionGrid.blockSize)
        let unknown = SIMD8<Float>(repeating: .nan)
        for z in 0..<side {
            for y in 0..<side {
                let near = neighborSlots[2 * (y >> 3) + 4 * (z >> 3)]
                let far = neighborSlots[1 + 2 * (y >> 3) + 4 * (z >> 3)]
                let local = b * (y & 7) + b * b * (z & 7)
                let first = near < 0 ? unknown
                    : UnsafeRawPointer(values + near * LatticeStore.blockVertices + local).loadUnaligned(as: SIMD8<Float>.self)
                body(y + side * z, first, far < 0 ? .nan : values[far * LatticeStore.blockVertices + local])
            }
        }
    }
}
