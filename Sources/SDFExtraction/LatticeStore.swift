import SDFGeometry

/// Field values on a sparse set of lattice vertices, kept by block of 8³ vertices, with bit sets
/// over the same indices for `SurfaceTracker`: the vertices requested and found outside, and the
/// cells queued, in the current frontier and found crossed (a cell is named by its lowest corner,
/// so cells and vertices share indices). A block's bits in one set form a `BlockBits` (word `z`,
/// bit `x + 8y`).
///
/// Vertex `k` belongs to block `k / 8`: each vertex is stored once, even on block faces. Blocks
/// get a slot on first use; vertex `k` lives at `slot·512 + local(k)`. Values never evaluated are
/// NaN once `fillNewSlots()` has run (in parallel, before values of new slots are written). Slots are found in a dense table over the block grid when it has at most
/// `denseTableLimit` blocks, otherwise by hashing. Storage is manually managed (the hot loops
/// use plain pointers): call `release()` exactly once. Parallel passes may share a copy for
/// reading while no thread mutates the store (hence `@unchecked Sendable`).
struct LatticeStore: @unchecked Sendable {
    static let blockVertices = 512
    /// `UInt64` words per block in each bit set.
    static let wordsPerBlock = blockVertices / 64
    /// Largest block grid given a dense slot table (4 bytes per block).
    static let denseTableLimit = 1 << 24

    private let blockCounts: SIMD3<Int32>
    /// Slot + 1 of each block of the grid (0: none), when the grid is small enough.
    private let denseSlots: UnsafeMutablePointer<Int32>?
    /// Block key + 1 (keys must be non-zero) → slot, for larger grids.
    private var hashedSlots = EdgeKeyTable(capacityFor: 16)
    /// Block key of each slot.
    private(set) var blockKeys: [UInt64] = []
    private(set) var values: UnsafeMutablePointer<Float>
    private(set) var requested: UnsafeMutablePointer<UInt64>
    private(set) var queued: UnsafeMutablePointer<UInt64>
    private(set) var crossed: UnsafeMutablePointer<UInt64>
    private(set) var outside: UnsafeMutablePointer<UInt64>
    private(set) var frontier: UnsafeMutablePointer<UInt64>
    private var capacity: Int
    /// Slots below this have their values set to NaN (`fillNewSlots`).
    private var filledSlots = 0
    private var lastBlock = SIMD3<Int32>(repeating: -1)
    private var lastSlot = 0

    /// A store for the blocks of `grid`, with room for `expectedBlocks` before growing.
    init(grid: ExtractionGrid, expectedBlocks: Int) {
        blockCounts = grid.blockCounts &+ 1
        let gridBlocks = Int(blockCounts.x) * Int(blockCounts.y) * Int(blockCounts.z)
        if gridBlocks <= Self.denseTableLimit {
            denseSlots = .allocate(capacity: gridBlocks)
            denseSlots!.initialize(repeating: 0, count: gridBlocks)
        } else {
            denseSlots = nil
        }
        capacity = Swift.max(expectedBlocks, 64)
        values = .allocate(capacity: capacity * Self.blockVertices)
        requested = .allocate(capacity: capacity * Self.wordsPerBlock)
        queued = .allocate(capacity: capacity * Self.wordsPerBlock)
        crossed = .allocate(capacity: capacity * Self.wordsPerBlock)
        outside = .allocate(capacity: capacity * Self.wordsPerBlock)
        frontier = .allocate(capacity: capacity * Self.wordsPerBlock)
    }

    func release() {
        denseSlots?.deallocate()
        values.deallocate()
        requested.deallocate()
        queued.deallocate()
        crossed.deallocate()
        outside.deallocate()
        frontier.deallocate()
    }

    var blockCount: Int { blockKeys.count }

    @inline(__always)
    static func local(_ k: SIMD3<Int32>) -> Int {
        Int(k.x & 7) | Int(k.y & 7) << 3 | Int(k.z & 7) << 6
    }

    /// The index of vertex (or cell) `k`, giving its block a slot if it has none.
    @inline(__always)
    mutating func index(_ k: SIMD3<Int32>) -> Int {
        let block = k &>> 3
        if block != lastBlock {
            lastSlot = slot(ofBlock: block)
            lastBlock = block
        }
        return lastSlot * Self.blockVertices + Self.local(k)
    }

    /// The index of vertex `k` if its block has a slot.
    @inline(__always)
    func existingIndex(_ k: SIMD3<Int32>) -> Int? {
        existingSlot(ofBlock: k &>> 3).map { $0 * Self.blockVertices + Self.local(k) }
    }

    @inline(__always)
    func existingSlot(ofBlock b: SIMD3<Int32>) -> Int? {
        if let denseSlots {
            guard all(b .>= 0) && all(b .< blockCounts) else { return nil }
            let slot = Int(denseSlots[denseIndex(b)]) - 1
            return slot >= 0 ? slot : nil
        }
        return hashedSlots.value(for: ExtractionGrid.blockKey(b) + 1).map(Int.init)
    }

    @inline(__always)
    private func denseIndex(_ b: SIMD3<Int32>) -> Int {
        Int(b.x) + Int(blockCounts.x) * (Int(b.y) + Int(blockCounts.y) * Int(b.z))
    }

    /// The slot of block `b`, giving it one if it has none.
    mutating func slot(ofBlock b: SIMD3<Int32>) -> Int {
        let slot: Int
        if let denseSlots {
            let i = denseIndex(b)
            if denseSlots[i] != 0 { return Int(denseSlots[i]) - 1 }
            slot = blockKeys.count
            denseSlots[i] = Int32(slot + 1)
        } else {
            slot = Int(hashedSlots.valueInsertingIfAbsent(ExtractionGrid.blockKey(b) + 1, UInt32(blockKeys.count)))
            if slot < blockKeys.count { return slot }
        }
        if slot == capacity { grow() }
        blockKeys.append(ExtractionGrid.blockKey(b))
        for bits in [requested, queued, crossed, outside, frontier] {
            (bits + slot * Self.wordsPerBlock).initialize(repeating: 0, count: Self.wordsPerBlock)
        }
        return slot
    }

    /// Sets the values of the slots given since the last call to NaN, in parallel. A new slot's
    /// values are undefined until then (its bits are cleared at once).
    mutating func fillNewSlots() {
        let first = filledSlots, values = SendablePointer(values)
        Parallelism.forEachChunk(count: blockCount - first, minimumChunk: 256) { range, _ in
            (values.base + (first + range.lowerBound) * Self.blockVertices)
                .initialize(repeating: .nan, count: range.count * Self.blockVertices)
        }
        filledSlots = blockCount
    }

    private mutating func grow() {
        func moved<T>(_ old: UnsafeMutablePointer<T>, _ perBlock: Int) -> UnsafeMutablePointer<T> {
            let new = UnsafeMutablePointer<T>.allocate(capacity: 2 * capacity * perBlock)
            new.moveInitialize(from: old, count: capacity * perBlock)
            old.deallocate()
            return new
        }
        values = moved(values, Self.blockVertices)
        requested = moved(requested, Self.wordsPerBlock)
        queued = moved(queued, Self.wordsPerBlock)
        crossed = moved(crossed, Self.wordsPerBlock)
        outside = moved(outside, Self.wordsPerBlock)
        frontier = moved(frontier, Self.wordsPerBlock)
        capacity *= 2
    }

    /// Sets bit `i` of `bits`; returns whether it was already set.
    @inline(__always)
    static func testAndSet(_ bits: UnsafeMutablePointer<UInt64>, _ i: Int) -> Bool {
        let mask: UInt64 = 1 << UInt64(i & 63)
        let word = bits[i >> 6]
        bits[i >> 6] = word | mask
        return word & mask != 0
    }

    @inline(__always)
    static func test(_ bits: UnsafeMutablePointer<UInt64>, _ i: Int) -> Bool {
        bits[i >> 6] & (1 << UInt64(i & 63)) != 0
    }

    /// Block `slot`'s bits in the bit set `bits`.
    @inline(__always)
    static func bits(_ bits: UnsafeMutablePointer<UInt64>, slot: Int) -> BlockBits {
        UnsafeRawPointer(bits + slot * wordsPerBlock).loadUnaligned(as: BlockBits.self)
    }

    /// Replaces block `slot`'s bits in the bit set `bits`.
    @inline(__always)
    static func setBits(_ bits: UnsafeMutablePointer<UInt64>, slot: Int, to value: BlockBits) {
        UnsafeMutableRawPointer(bits + slot * wordsPerBlock).storeBytes(of: value, as: BlockBits.self)
    }

    /// Whether block `slot` holds a crossed cell.
    func isCrossed(slot: Int) -> Bool {
        (0..<Self.wordsPerBlock).contains { crossed[slot * Self.wordsPerBlock + $0] != 0 }
    }

    /// Slots of the blocks holding crossed cells, in block-key order.
    func crossedSlots() -> [Int] {
        (0..<blockCount).filter(isCrossed).sorted { blockKeys[$0] < blockKeys[$1] }
    }
}
