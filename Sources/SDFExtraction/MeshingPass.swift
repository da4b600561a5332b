import Dispatch
import SDFGeometry

/// Meshes a block selection in parallel and closes it: blocks that share a crossed border edge
/// with a meshed block are meshed in further rounds until none is missing.
///
/// Blocks are processed in sorted key order, cut into many contiguous chunks handed out
/// dynamically to the threads; each chunk has its own `BlockMesher` (scratch, freed after the
/// chunk) and its `ChunkMesh` output is kept in chunk order, so the result does not depend on the
/// thread count.
struct MeshingPass {
    /// Blocks per round (progress is reported between rounds).
    static let roundSize = 4096
    /// Blocks per chunk within a round.
    static let chunkSize = 32

    let grid: ExtractionGrid
    let field: any DistanceField
    /// Passed to `BlockSampler` (`nil` evaluates every lattice vertex).
    let inferenceThreshold: Float?
    private(set) var chunks: [ChunkMesh] = []
    private(set) var meshedBlockCount = 0
    private var meshed = Set<UInt64>()

    init(grid: ExtractionGrid, field: any DistanceField, inferenceThreshold: Float?) {
        self.grid = grid
        self.field = field
        self.inferenceThreshold = inferenceThreshold
    }

    /// Field values computed while meshing.
    var evaluations: Int { chunks.reduce(0) { $0 + $1.evaluations } }

    mutating func run(_ initial: [UInt64], progress: ((String) -> Void)?) {
        var pending = initial
        var round = 0
        while !pending.isEmpty {
            meshed.formUnion(pending)
            let firstNew = chunks.count
            var start = 0
            while start < pending.count {
                let end = Swift.min(pending.count, start + Self.roundSize)
                chunks += meshInParallel(pending[start..<end])
                meshedBlockCount += end - start
                progress?("meshing: \(meshedBlockCount) blocks"
                          + (round > 0 ? " (closing round \(round))" : ""))
                start = end
            }
            var requested: [UInt64] = []
            for m in chunks[firstNew...] {
                requested += m.neighborRequests.filter { !meshed.contains($0) }
            }
            pending = Array(Set(requested)).sorted()
            round += 1
        }
    }

    private func meshInParallel(_ blocks: ArraySlice<UInt64>) -> [ChunkMesh] {
        let chunks = (blocks.count + Self.chunkSize - 1) / Self.chunkSize
        let results = UnsafeMutableBufferPointer<ChunkMesh>.allocate(capacity: chunks)
        results.initialize(repeating: ChunkMesh())
        defer {
            _ = results.deinitialize()
            results.deallocate()
        }
        let out = SendablePointer(results)
        let grid = grid, field = field, threshold = inferenceThreshold
        let base = blocks.startIndex
        let body: @Sendable (Int) -> Void = { c in
            let lo = base + c * Self.chunkSize
            let hi = Swift.min(base + blocks.count, lo + Self.chunkSize)
            var mesher = BlockMesher(grid: grid, field: field, inferenceThreshold: threshold)
            mesher.mesh(blocks[lo..<hi])
            out[c] = mesher.finish()
        }
        Parallelism.forEachIteration(chunks, body)
        return Array(results)
    }
}
