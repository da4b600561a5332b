import SDFGeometry

/// Field values on a sparse set of lattice vertices, kept by block of 8³ vertices, with bit sets
/// over the same indices for the vertices requested and the cells queued and found crossed by
/// `SurfaceTracker` (a cell is named by its lowest corner, so cells and vertices share indices).
///
/// Vertex `k` belongs to block `k / 8`: each vertex is stored once, even on block faces. Blocks
/// get a slot on first use; vertex `k` lives at `slot·512 + local(k)`. Values never evaluated are
/// NaN. Slots are found in a dense table over the block grid when it has at most
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
    private var capacity: Int
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
    }

    func release() {
        denseSlots?.deallocate()
        values.deallocate()
        requested.deallocate()
        queued.deallocate()
        crossed.deallocate()
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

    /// Store indices of the eight corners of `cell` (corner `c` at offset `x + 2y + 4z`), giving
    /// their blocks slots if they have none.
    @inline(__always)
    mutating func corners(of cell: SIMD3<Int32>) -> SIMD8<Int> {
        let base = index(cell)
        let local = cell & 7
        if all(local .< 7) { return Self.cornersWithinBlock(base) }
        // Corner c lies in the block at offset `c & beyond`: one slot lookup per block.
        let beyond = Self.blocksBeyond(local)
        var blockBase = SIMD8<Int>()
        blockBase[0] = base - Self.local(cell)
        for o in 1..<8 where o & beyond == o {
            let k = cell &+ SimplexLattice.cornerOffset(Int32(o))
            blockBase[o] = index(k) - Self.local(k)
        }
        return Self.corners(of: cell, blockBase: blockBase, beyond: beyond)
    }

    /// Store indices of the eight corners of `cell`, or `nil` if one of their blocks has no slot.
    /// `last` remembers the block of the previous call's cell and its slot (start with
    /// `(SIMD3(repeating: -1), 0)`).
    @inline(__always)
    func existingCorners(of cell: SIMD3<Int32>, last: inout (block: SIMD3<Int32>, slot: Int)) -> SIMD8<Int>? {
        let block = cell &>> 3
        if block != last.block {
            guard let slot = existingSlot(ofBlock: block) else { return nil }
            last = (block, slot)
        }
        let base = last.slot * Self.blockVertices + Self.local(cell)
        let local = cell & 7
        if all(local .< 7) { return Self.cornersWithinBlock(base) }
        let beyond = Self.blocksBeyond(local)
        var blockBase = SIMD8<Int>()
        blockBase[0] = base - Self.local(cell)
        for o in 1..<8 where o & beyond == o {
            guard let slot = existingSlot(ofBlock: (cell &+ SimplexLattice.cornerOffset(Int32(o))) &>> 3) else {
                return nil
            }
            blockBase[o] = slot * Self.blockVertices
        }
        return Self.corners(of: cell, blockBase: blockBase, beyond: beyond)
    }

    @inline(__always)
    private static func cornersWithinBlock(_ base: Int) -> SIMD8<Int> {
        SIMD8(0, 1, 8, 9, 64, 65, 72, 73) &+ base
    }

    /// Bit `a` set when the cell's corners reach into the next block along axis `a`.
    @inline(__always)
    private static func blocksBeyond(_ local: SIMD3<Int32>) -> Int {
        (local.x == 7 ? 1 : 0) | (local.y == 7 ? 2 : 0) | (local.z == 7 ? 4 : 0)
    }

    @inline(__always)
    private static func corners(of cell: SIMD3<Int32>, blockBase: SIMD8<Int>, beyond: Int) -> SIMD8<Int> {
        var result = SIMD8<Int>()
        for c in 0..<8 {
            result[c] = blockBase[c & beyond] + local(cell &+ SimplexLattice.cornerOffset(Int32(c)))
        }
        return result
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

    private mutating func slot(ofBlock b: SIMD3<Int32>) -> Int {
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
        (values + slot * Self.blockVertices).initialize(repeating: .nan, count: Self.blockVertices)
        for bits in [requested, queued, crossed] {
            (bits + slot * Self.wordsPerBlock).initialize(repeating: 0, count: Self.wordsPerBlock)
        }
        return slot
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

    /// Whether block `slot` holds a crossed cell.
    func isCrossed(slot: Int) -> Bool {
        (0..<Self.wordsPerBlock).contains { crossed[slot * Self.wordsPerBlock + $0] != 0 }
    }

    /// Slots of the blocks holding crossed cells, in block-key order.
    func crossedSlots() -> [Int] {
        (0..<blockCount).filter(isCrossed).sorted { blockKeys[$0] < blockKeys[$1] }
    }
}
