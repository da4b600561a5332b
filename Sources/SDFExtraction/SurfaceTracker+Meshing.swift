import Dispatch
import SDFGeometry

extension SurfaceTracker {
    /// Output vertices per crossed cell, for reserving (a little above the typical ratio).
    static let verticesPerCrossedCell = 3

    /// Meshes the crossed cells block by block (in key order), in parallel chunks of blocks.
    func meshCrossedCells() -> [ChunkMesh] {
        let slots = store.crossedSlots()
        guard !slots.isEmpty else { return [] }
        // Slots of the blocks at +{0,1}³ from each meshed block (−1: none), for its far faces.
        var neighborSlots = [Int](repeating: -1, count: slots.count * 8)
        for (n, slot) in slots.enumerated() {
            let block = ExtractionGrid.block(fromKey: store.blockKeys[slot])
            for c in 0..<8 {
                neighborSlots[n * 8 + c] = store.existingSlot(
                    ofBlock: block &+ SimplexLattice.cornerOffset(Int32(c))) ?? -1
            }
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
        neighborSlots.withUnsafeBufferPointer { neighborBuffer in
            let neighbors = SendableConstPointer(neighborBuffer), out = SendablePointer(results)
            let body: @Sendable (Int) -> Void = { c in
                var mesher = BlockMesher(grid: grid, field: field, inferenceThreshold: nil, groupSize: 1)
                let range = c * chunkSize..<Swift.min(slots.count, (c + 1) * chunkSize)
                var cells = 0
                for n in range {
                    let words = crossed.base + slots[n] * LatticeStore.wordsPerBlock
                    for w in 0..<LatticeStore.wordsPerBlock { cells += words[w].nonzeroBitCount }
                }
                mesher.reserveCapacity(vertices: cells * Self.verticesPerCrossedCell)
                for n in range {
                    let slot = slots[n]
                    let mask = UnsafeRawPointer(crossed.base + slot * LatticeStore.wordsPerBlock)
                        .assumingMemoryBound(to: UInt8.self)
                    mesher.meshCells(of: ExtractionGrid.block(fromKey: keys[slot]), cellMask: mask) { v in
                        Self.gather(values: values.base, neighborSlots: neighbors.base + n * 8, into: v)
                    }
                }
                out[c] = mesher.finish()
            }
            if Parallelism.threadCount == 1 || chunkCount == 1 {
                for c in 0..<chunkCount { body(c) }
            } else {
                DispatchQueue.concurrentPerform(iterations: chunkCount, execute: body)
            }
        }
        return Array(results)
    }

    /// Copies the stored values of a block's `(B+1)³` vertices (x fastest), NaN where unknown:
    /// per row, the first `B` values from one stored block and the last from the next along x.
    private static func gather(values: UnsafePointer<Float>, neighborSlots: UnsafePointer<Int>,
                               into out: UnsafeMutablePointer<Float>) {
        let side = BlockSampler.side, b = Int(ExtractionGrid.blockSize)
        let unknown = SIMD8<Float>(repeating: .nan)
        var row = UnsafeMutableRawPointer(out)
        for z in 0..<side {
            for y in 0..<side {
                let near = neighborSlots[2 * (y >> 3) + 4 * (z >> 3)]
                let far = neighborSlots[1 + 2 * (y >> 3) + 4 * (z >> 3)]
                let local = b * (y & 7) + b * b * (z & 7)
                let first = near < 0 ? unknown
                    : UnsafeRawPointer(values + near * LatticeStore.blockVertices + local).loadUnaligned(as: SIMD8<Float>.self)
                row.storeBytes(of: first, as: SIMD8<Float>.self)
                row.storeBytes(of: far < 0 ? .nan : values[far * LatticeStore.blockVertices + local],
                               toByteOffset: b * MemoryLayout<Float>.stride, as: Float.self)
                row += side * MemoryLayout<Float>.stride
            }
        }
    }
}
