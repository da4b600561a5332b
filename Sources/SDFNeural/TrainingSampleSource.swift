import SDFGeometry

/// Where training samples come from: world points with their exact signed distances.
///
/// `fill` must be reproducible: the same `seed` and buffer size give the same samples whatever
/// the thread count. Implementations may use every core.
public protocol TrainingSampleSource: Sendable {
    /// A box containing the surface (reported as the trained model's bounds).
    var bounds: AABB { get }
    /// A box containing every sample; the model's unit box is fitted to it.
    var domain: AABB { get }
    /// Fills `positions` with sample points and `distances` with their exact signed distances.
    func fill(positions: UnsafeMutableBufferPointer<SIMD3<Float>>,
              distances: UnsafeMutableBufferPointer<Float>, seed: UInt64)
}

extension TrainingSampleSource {
    /// By default samples stay within the surface's bounds.
    public var domain: AABB { bounds }
}

/// A pool of training samples in unit-box coordinates, part of which is replaced with fresh
/// samples every step (exact distances are expensive; the pool amortises them). Small refreshes
/// are gathered into blocks of at least `minimumRefreshBlock` samples (one block every few steps)
/// so that the source can spread them over every core. Batches are drawn from the pool at random
/// and visited in Morton order. Every draw is seeded, so runs are reproducible.
final class SamplePool: @unchecked Sendable {
    private let source: any TrainingSampleSource
    private let transform: UnitBoxTransform
    private var positions: [SIMD3<Float>]
    private var distances: [Float]
    /// Each sample as (x, y, z, distance), and its Morton code: what a batch draw reads (one
    /// random 16-byte read per sample, the keys from a quarter of the memory).
    private var packed: [SIMD4<Float>]
    private var codes: [UInt32]
    private let refreshCount: Int
    /// Steps per refresh block, and steps since the last block.
    private let refreshPeriod: Int
    private var stepsSinceRefresh = 0
    private var cursor = 0
    private var generation: UInt64 = 0
    private let seed: UInt64
    /// Batches drawn so far (the random stream of each draw).
    private var draws: UInt64 = 0
    private var keys: [UInt64] = []
    private var sortScratch: [UInt64] = []

    init(source: any TrainingSampleSource, transform: UnitBoxTransform, capacity: Int,
         refreshCount: Int, seed: UInt64) {
        self.source = source
        self.transform = transform
        self.refreshCount = Swift.min(refreshCount, capacity)
        refreshPeriod = Swift.max(1, Swift.min(capacity / self.refreshCount,
                                               (Self.minimumRefreshBlock + self.refreshCount - 1) / self.refreshCount))
        self.seed = seed
        positions = [SIMD3<Float>](repeating: .zero, count: capacity)
        distances = [Float](repeating: 0, count: capacity)
        packed = [SIMD4<Float>](repeating: .zero, count: capacity)
        codes = [UInt32](repeating: 0, count: capacity)
        var start = 0
        while start < capacity {
            let count = Swift.min(Swift.max(self.refreshCount, Self.minimumRefreshBlock), capacity - start)
            replace(start..<(start + count))
            start += count
        }
    }

    /// Samples below which a refresh is deferred and merged with the next steps' ones.
    static let minimumRefreshBlock = 8192

    /// Called once per step: replaces the oldest `refreshCount` samples per step with fresh ones,
    /// a block of `refreshPeriod` steps' worth at a time.
    func refresh() {
        stepsSinceRefresh += 1
        guard stepsSinceRefresh == refreshPeriod else { return }
        stepsSinceRefresh = 0
        var remaining = refreshCount * refreshPeriod
        while remaining > 0 {
            let end = Swift.min(cursor + remaining, positions.count)
            replace(cursor..<end)
            remaining -= end - cursor
            cursor = end == positions.count ? 0 : end
        }
    }

    private func replace(_ range: Range<Int>) {
        generation += 1
        let chunkSeed = seed &+ generation &* 0x9E37_79B9_7F4A_7C15
        let transform = self.transform
        positions.withUnsafeMutableBufferPointer { p in
            distances.withUnsafeMutableBufferPointer { d in
                let pr = UnsafeMutableBufferPointer(rebasing: p[range])
                let dr = UnsafeMutableBufferPointer(rebasing: d[range])
                source.fill(positions: pr, distances: dr, seed: chunkSeed)
                for i in pr.indices {
                    pr[i] = transform.unit(pr[i])
                    dr[i] *= transform.scale
                    packed[range.lowerBound + i] = SIMD4(pr[i], dr[i])
                    codes[range.lowerBound + i] = MortonOrder.code(pr[i])
                }
            }
        }
    }

    /// Copies `count` random pool samples into the batch buffers: coordinates as `count` x,
    /// then y, then z values. The batch is drawn as `drawParts` fixed parts, in parallel, each
    /// with its own random stream and in Morton order (so the result does not depend on the
    /// thread count).
    func drawBatch(coordinates out: UnsafeMutablePointer<Float>, targets: UnsafeMutablePointer<Float>, count: Int) {
        if keys.count != count {
            keys = [UInt64](repeating: 0, count: count)
            sortScratch = [UInt64](repeating: 0, count: count)
        }
        draws &+= 1
        let n = UInt64(positions.count), seed = self.seed, draw = draws, parts = Self.drawParts
        let o = SendablePointer(out), y = SendablePointer(targets)
        packed.withUnsafeBufferPointer { packed in
            codes.withUnsafeBufferPointer { codes in
                keys.withUnsafeMutableBufferPointer { keys in
                    sortScratch.withUnsafeMutableBufferPointer { scratch in
                        let p = SendableConstPointer(packed), c = SendableConstPointer(codes)
                        let k = SendablePointer(keys), s = SendablePointer(scratch)
                        Parallelism.forEachChunk(count: parts, minimumChunk: 1) { range, _ in
                            for part in range {
                                let rows = Parallelism.chunkRange(part, of: parts, count: count)
                                var random = SplitMix64(seed: seed, stream: draw, index: UInt64(part))
                                for i in rows {
                                    let j = ((random.next() >> 32) &* n) >> 32
                                    k.base[i] = UInt64(c.base[Int(j)]) << 32 | j
                                }
                                MortonOrder.sort(UnsafeMutableBufferPointer(start: k.base + rows.lowerBound, count: rows.count),
                                                 scratch: UnsafeMutableBufferPointer(start: s.base + rows.lowerBound, count: rows.count))
                                for i in rows {
                                    let j = Int(k.base[i] & 0xFFFF_FFFF)
                                    let q = p.base[j]
                                    o.base[i] = q.x
                                    o.base[count + i] = q.y
                                    o.base[2 * count + i] = q.z
                                    y.base[i] = q.w
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Independent parts of a batch draw.
    static let drawParts = 4
}
