import SDFGeometry

/// One corner's contribution to a table entry's gradient (`V` holds the level's features; for
/// one feature per level, lane 1 stays zero).
struct EntryGradient<V: SIMD> where V.Scalar == Float {
    var gradient: V
    var entry: UInt32
}

/// The gradient of one level's hash-table entries over a batch: the distinct entries the batch
/// touched, in ascending order, each once with its summed feature gradients.
///
/// Built without scattering into a table-sized buffer (whose random read-modify-writes miss the
/// cache on every large level): every corner of every point emits a record (entry, weight ×
/// feature gradients); one stable counting-sort pass groups the records by the entry's high bits
/// into buckets of 256 entries (or more for huge tables); each bucket is summed in a small
/// accumulator that stays in L1 and its touched entries are listed in ascending order. The
/// optimiser then visits each touched entry once, in memory order. Sums follow the batch's row
/// and corner order, so results do not depend on the thread count. An instance is one thread's
/// scratch, reused across levels and steps.
public final class SortedLevelGradients: @unchecked Sendable {
    /// Features per entry.
    public let features: Int
    /// Records (points × corners) one `compute` may emit.
    public let capacity: Int
    /// Distinct entries found by the last `compute`.
    public private(set) var count = 0

    /// Emitted records (later the result), and the records grouped by bucket.
    private let buffers: (UnsafeMutableRawPointer, UnsafeMutableRawPointer)
    /// Bucket starts (`buckets + 1`) followed by the write cursors.
    private let counts: UnsafeMutablePointer<Int>
    /// One bucket's sums (`2^lowBits` vectors, zero between buckets) and their touched bits.
    private let accumulator: UnsafeMutableRawPointer
    private let touched: UnsafeMutablePointer<UInt64>
    /// Low-digit bits: 256 slots (a few KiB, in L1) unless that leaves too many buckets.
    private static let lowDigitBits = 8
    private static let maximumHighDigitBits = 11
    private static let maximumLowDigitBits = 24 - maximumHighDigitBits

    /// Scratch for up to `capacity` records of `features` features each.
    public init(features: Int, capacity: Int) {
        precondition([1, 2, 4, 8].contains(features) && capacity >= 0)
        self.features = features
        self.capacity = capacity
        let bytes = Swift.max(1, capacity) * Self.recordStride(features)
        buffers = (UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64),
                   UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64))
        counts = UnsafeMutablePointer<Int>.allocate(capacity: 2 << Self.maximumHighDigitBits + 2)
        let slots = 1 << Self.maximumLowDigitBits
        accumulator = UnsafeMutableRawPointer.allocate(byteCount: slots * MemoryLayout<SIMD8<Float>>.stride, alignment: 64)
        accumulator.initializeMemory(as: UInt8.self, repeating: 0, count: slots * MemoryLayout<SIMD8<Float>>.stride)
        touched = UnsafeMutablePointer<UInt64>.allocate(capacity: slots / 64)
        touched.initialize(repeating: 0, count: slots / 64)
    }

    deinit {
        buffers.0.deallocate()
        buffers.1.deallocate()
        counts.deallocate()
        accumulator.deallocate()
        touched.deallocate()
    }

    private static func recordStride(_ features: Int) -> Int {
        switch features {
        case 4: MemoryLayout<EntryGradient<SIMD4<Float>>>.stride
        case 8: MemoryLayout<EntryGradient<SIMD8<Float>>>.stride
        default: MemoryLayout<EntryGradient<SIMD2<Float>>>.stride
        }
    }

    /// Computes level `l`'s entry gradients for `points[0..<count]` given the level's
    /// `∂loss/∂features` (point `i`'s `F` values at `levelGradients + i·rowStride`).
    public func compute(_ encoding: HashEncoding, level l: Int, _ points: UnsafePointer<SIMD3<Float>>, count: Int,
                        levelGradients: UnsafePointer<Float>, rowStride: Int) {
        precondition(encoding.configuration.featuresPerLevel == features)
        switch features {
        case 4: compute(SIMD4<Float>.self, encoding, l, points, count, levelGradients, rowStride)
        case 8: compute(SIMD8<Float>.self, encoding, l, points, count, levelGradients, rowStride)
        default: compute(SIMD2<Float>.self, encoding, l, points, count, levelGradients, rowStride)
        }
    }

    /// The level-relative table entry of distinct entry `i` (ascending in `i`).
    public func entry(_ i: Int) -> Int {
        precondition(i >= 0 && i < count)
        switch features {
        case 4: return Int(items(SIMD4<Float>.self)[i].entry)
        case 8: return Int(items(SIMD8<Float>.self)[i].entry)
        default: return Int(items(SIMD2<Float>.self)[i].entry)
        }
    }

    /// Feature `f`'s gradient at distinct entry `i`.
    public func gradient(_ i: Int, feature f: Int) -> Float {
        precondition(i >= 0 && i < count && f >= 0 && f < features)
        switch features {
        case 4: return items(SIMD4<Float>.self)[i].gradient[f]
        case 8: return items(SIMD8<Float>.self)[i].gradient[f]
        default: return items(SIMD2<Float>.self)[i].gradient[f]
        }
    }

    /// The distinct entries of the last `compute` as records of vector type `V`.
    @inline(__always)
    func items<V>(_: V.Type) -> UnsafeMutablePointer<EntryGradient<V>> {
        buffers.0.assumingMemoryBound(to: EntryGradient<V>.self)
    }

    private func compute<V: SIMD>(_: V.Type, _ encoding: HashEncoding, _ l: Int, _ points: UnsafePointer<SIMD3<Float>>,
                                  _ n: Int, _ levelGradients: UnsafePointer<Float>, _ rowStride: Int)
    where V.Scalar == Float {
        // Entries split into a high digit (the bucket of one counting-sort pass) and a low digit
        // (a slot of a small accumulator that stays in L1 while one bucket is summed).
        let entries = encoding.entryRange(level: l).count
        let bits = Swift.max(1, Int.bitWidth - (entries - 1).leadingZeroBitCount)
        let lowBits = Swift.min(bits, Swift.max(Self.lowDigitBits, bits - Self.maximumHighDigitBits))
        let buckets = 1 << (bits - lowBits)
        for b in 0...buckets { counts[b] = 0 }
        let records = buffers.0.assumingMemoryBound(to: EntryGradient<V>.self)
        let emitted = encoding.emitGradientRecords(level: l, points, count: n, levelGradients: levelGradients,
                                                   rowStride: rowStride, into: records, capacity: capacity) { entry in
            counts[Int(entry &>> UInt32(lowBits)) &+ 1] &+= 1
        }
        for b in 0..<buckets { counts[b + 1] &+= counts[b] }
        let bucketed = buffers.1.assumingMemoryBound(to: EntryGradient<V>.self)
        let cursor = counts + buckets + 1
        for b in 0..<buckets { cursor[b] = counts[b] }
        for i in 0..<emitted {
            let record = records[i]
            let b = Int(record.entry &>> UInt32(lowBits))
            bucketed[cursor[b]] = record
            cursor[b] &+= 1
        }
        // Per bucket: sum into the accumulator, then list the touched slots in ascending order
        // (into the first buffer, whose records are no longer needed).
        let slots = accumulator.assumingMemoryBound(to: V.self)
        let lowMask = UInt32(1 << lowBits - 1)
        var written = 0
        for b in 0..<buckets where counts[b] < counts[b + 1] {
            for i in counts[b]..<counts[b + 1] {
                let record = bucketed[i]
                let slot = Int(record.entry & lowMask)
                slots[slot] += record.gradient
                touched[slot &>> 6] |= 1 &<< UInt64(slot & 63)
            }
            for w in 0..<((1 << lowBits + 63) >> 6) {
                var word = touched[w]
                touched[w] = 0
                while word != 0 {
                    let slot = w << 6 | word.trailingZeroBitCount
                    word &= word &- 1
                    records[written] = EntryGradient(gradient: slots[slot], entry: UInt32(b << lowBits | slot))
                    slots[slot] = V()
                    written &+= 1
                }
            }
        }
        count = written
    }
}
