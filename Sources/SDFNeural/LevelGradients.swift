import SDFGeometry

/// The gradient of one level's hash-table entries over a batch, summed per entry.
///
/// Every corner of every point adds `weight × ∂loss/∂features` straight into a dense
/// accumulator the size of the level's table (`T·F` floats: 512 KiB at the default, resident in
/// L2) and flags the entry's block of 64 entries; corners are located eight points at a time
/// (`EncodingLevel.simplexCorners`, `gridCorners`). Sums follow the batch's row then corner
/// order, so results do not depend on the thread count. The optimiser visits the flagged blocks
/// in memory order and clears them as it goes (`Adam.updateLevel`). An instance is one thread's
/// scratch, reused across levels and steps.
public final class LevelGradients: @unchecked Sendable {
    /// Features per entry.
    public let features: Int
    /// Entries of the largest level.
    public let capacity: Int
    /// Entries of the level accumulated last.
    public private(set) var entryCount = 0
    /// Summed gradients, `features` per entry.
    let sums: UnsafeMutablePointer<Float>
    /// One byte per block of `blockEntries` entries: non-zero when the block was touched.
    let blocks: UnsafeMutablePointer<UInt8>
    /// Entries per flagged block.
    static let blockEntries = 64
    /// One group of eight points: corner-major entries and weighted gradients (eight corners at most).
    private let groupEntries: UnsafeMutablePointer<UInt32>
    private let groupGradients: UnsafeMutablePointer<Float>

    /// Scratch for any level of `encoding`.
    public init(encoding: HashEncoding) {
        features = encoding.configuration.featuresPerLevel
        capacity = (0..<encoding.configuration.levels).map { encoding.entryRange(level: $0).count }.max() ?? 0
        sums = UnsafeMutablePointer<Float>.allocate(capacity: Swift.max(1, capacity * features))
        sums.initialize(repeating: 0, count: Swift.max(1, capacity * features))
        let blockCount = Swift.max(1, (capacity + Self.blockEntries - 1) / Self.blockEntries)
        blocks = UnsafeMutablePointer<UInt8>.allocate(capacity: blockCount)
        blocks.initialize(repeating: 0, count: blockCount)
        groupEntries = UnsafeMutablePointer<UInt32>.allocate(capacity: 64)
        groupGradients = UnsafeMutablePointer<Float>.allocate(capacity: 64 * 8)
    }

    deinit {
        sums.deallocate()
        blocks.deallocate()
        groupEntries.deallocate()
        groupGradients.deallocate()
    }

    /// Blocks of the level accumulated last.
    var blockCount: Int { (entryCount + Self.blockEntries - 1) / Self.blockEntries }

    /// Computes level `l`'s entry gradients for `points[0..<count]` (unit box) given the level's
    /// `∂loss/∂features` (point `i`'s `F` values at `levelGradients + i·rowStride`).
    public func compute(_ encoding: HashEncoding, level l: Int, _ points: UnsafePointer<SIMD3<Float>>, count: Int,
                        levelGradients: UnsafePointer<Float>, rowStride: Int) {
        precondition(encoding.configuration.featuresPerLevel == features)
        clear()
        // Structure of arrays, padded to whole groups of eight with zero-gradient copies of the last point.
        let padded = (count + 7) / 8 * 8
        var coordinates = [Float](repeating: 0, count: 3 * padded)
        var gradients = [Float](repeating: 0, count: features * padded)
        for i in 0..<padded {
            let p = points[Swift.min(i, count - 1)]
            coordinates[i] = p.x
            coordinates[padded + i] = p.y
            coordinates[2 * padded + i] = p.z
            for f in 0..<features where i < count { gradients[f * padded + i] = levelGradients[i * rowStride + f] }
        }
        coordinates.withUnsafeBufferPointer { c in
            gradients.withUnsafeBufferPointer { g in
                accumulate(encoding, level: l, x: c.baseAddress!, y: c.baseAddress! + padded, z: c.baseAddress! + 2 * padded,
                           count: padded, gradients: g.baseAddress!, ld: padded)
            }
        }
    }

    /// The level-relative entries whose summed gradient the last computation left non-zero, ascending.
    public var entries: [Int] {
        var list: [Int] = []
        for b in 0..<blockCount where blocks[b] != 0 {
            for e in (b * Self.blockEntries)..<Swift.min(entryCount, (b + 1) * Self.blockEntries)
            where (0..<features).contains(where: { sums[e * features + $0] != 0 }) {
                list.append(e)
            }
        }
        return list
    }

    /// Feature `f`'s summed gradient at level-relative `entry`.
    public func gradient(entry: Int, feature f: Int) -> Float {
        precondition(entry >= 0 && entry < entryCount && f >= 0 && f < features)
        return sums[entry * features + f]
    }

    /// Zeroes the flagged blocks' sums and the flags.
    func clear() {
        for b in 0..<blockCount where blocks[b] != 0 {
            blocks[b] = 0
            let first = b * Self.blockEntries * features
            let end = Swift.min(entryCount, (b + 1) * Self.blockEntries) * features
            (sums + first).update(repeating: 0, count: end - first)
        }
    }

    /// Adds level `l`'s gradients of the unit-box points `(x[i], y[i], z[i])`, `i < count` (a
    /// multiple of 8), whose feature `f` gradients are at `gradients[f·ld + i]`. The sums must be
    /// clear (as `Adam.updateLevel` leaves them).
    func accumulate(_ encoding: HashEncoding, level l: Int, x: UnsafePointer<Float>, y: UnsafePointer<Float>,
                    z: UnsafePointer<Float>, count: Int, gradients g: UnsafePointer<Float>, ld: Int) {
        precondition(count % 8 == 0)
        let level = encoding.levels[l]
        precondition(level.entryCount <= capacity)
        entryCount = level.entryCount
        let simplex = encoding.configuration.lattice == .simplex
        for i in Swift.stride(from: 0, to: count, by: 8) {
            let px = loadLanes(x + i), py = loadLanes(y + i), pz = loadLanes(z + i)
            if simplex {
                stage(level.simplexCorners(px, py, pz), slot: 0, g + i, ld)
                scatter(corners: 4)
            } else {
                let (low, high) = level.gridCorners(px, py, pz)
                stage(low, slot: 0, g + i, ld)
                stage(high, slot: 4, g + i, ld)
                scatter(corners: 8)
            }
        }
    }

    /// Writes four corners' entries and weighted gradients (`F` consecutive floats per corner
    /// and point) to the group scratch from corner `slot` on.
    @inline(__always)
    private func stage(_ c: CornerGroup, slot: Int, _ g: UnsafePointer<Float>, _ ld: Int) {
        let entries = UnsafeMutableRawPointer(groupEntries + slot * 8)
        entries.storeBytes(of: c.entries.0, as: SIMD8<UInt32>.self)
        entries.storeBytes(of: c.entries.1, toByteOffset: 32, as: SIMD8<UInt32>.self)
        entries.storeBytes(of: c.entries.2, toByteOffset: 64, as: SIMD8<UInt32>.self)
        entries.storeBytes(of: c.entries.3, toByteOffset: 96, as: SIMD8<UInt32>.self)
        let F = features, out = groupGradients + slot * 8 * F
        if F == 2 {
            let g0 = loadLanes(g), g1 = loadLanes(g + ld)
            storePairs(c.weights.0 * g0, c.weights.0 * g1, out)
            storePairs(c.weights.1 * g0, c.weights.1 * g1, out + 16)
            storePairs(c.weights.2 * g0, c.weights.2 * g1, out + 32)
            storePairs(c.weights.3 * g0, c.weights.3 * g1, out + 48)
            return
        }
        for f in 0..<F {
            let gf = loadLanes(g + f * ld)
            let w0 = c.weights.0 * gf, w1 = c.weights.1 * gf, w2 = c.weights.2 * gf, w3 = c.weights.3 * gf
            for lane in 0..<8 {
                out[lane * F + f] = w0[lane]
                out[(8 + lane) * F + f] = w1[lane]
                out[(16 + lane) * F + f] = w2[lane]
                out[(24 + lane) * F + f] = w3[lane]
            }
        }
    }

    /// `(a[i], b[i])` pairs for `i = 0…7` at `out`.
    @inline(__always)
    private func storePairs(_ a: SIMD8<Float>, _ b: SIMD8<Float>, _ out: UnsafeMutablePointer<Float>) {
        var v = SIMD16<Float>()
        v.evenHalf = a
        v.oddHalf = b
        UnsafeMutableRawPointer(out).storeBytes(of: v, as: SIMD16<Float>.self)
    }

    /// Adds the staged group point by point, corner by corner.
    @inline(__always)
    private func scatter(corners: Int) {
        // Local copies of the pointers: read from `self` inside the loop, they were reloaded
        // after every store (which might have changed them), a third slower.
        let F = features, entries = groupEntries, staged = groupGradients, blocks = self.blocks, sums = self.sums
        if F == 2 {
            let pairs = UnsafeMutableRawPointer(sums).assumingMemoryBound(to: SIMD2<Float>.self)
            let contributions = UnsafeRawPointer(staged).assumingMemoryBound(to: SIMD2<Float>.self)
            for lane in 0..<8 {
                for c in 0..<corners {
                    let entry = Int(entries[c * 8 + lane])
                    pairs[entry] += contributions[c * 8 + lane]
                    blocks[entry / Self.blockEntries] = 1
                }
            }
            return
        }
        for lane in 0..<8 {
            for c in 0..<corners {
                let k = c * 8 + lane, entry = Int(entries[k])
                for f in 0..<F { sums[entry * F + f] += staged[k * F + f] }
                blocks[entry / Self.blockEntries] = 1
            }
        }
    }
}
