import SDFGeometry

/// Field values on a sparse set of lattice vertices, kept by block of 8³ vertices, with bit sets
/// over the same indices for the vertices requested and the cells queued and found crossed by
/// `SurfaceTracker` (a cell is named by its lowest corner, so cells and vertices share indices).
///
/// Vertex `k` belongs to block `k / 8`: each vertex is stored once, even on block faces. Blocks
/// get a slot on first use; vertex `k` lives at `slot·512 + local(k)`. Values never evaluated are
/// NaN.
struct LatticeStore {
    static let blockVertices = 512
    /// `UInt64` words per block in each bit set.
    static let wordsPerBlock = blockVertices / 64

    /// Block key + 1 (keys must be non-zero) → slot.
    private var slots = EdgeKeyTable(capacityFor: 1024)
    /// Block key of each slot.
    private(set) var blockKeys: [UInt64] = []
    var values: [Float] = []
    var requested: [UInt64] = []
    var queued: [UInt64] = []
    var crossed: [UInt64] = []
    private var lastBlock = SIMD3<Int32>(repeating: -1)
    private var lastSlot = 0

    var blockCount: Int { blockKeys.count }

    /// Reserves room for `blocks` blocks (growing the arrays later copies them).
    mutating func reserveCapacity(blocks: Int) {
        blockKeys.reserveCapacity(blocks)
        values.reserveCapacity(blocks * Self.blockVertices)
        for bits in [\Self.requested, \Self.queued, \Self.crossed] {
            self[keyPath: bits].reserveCapacity(blocks * Self.wordsPerBlock)
        }
    }

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
    func existingIndex(_ k: SIMD3<Int32>) -> Int? {
        existingSlot(ofBlock: k &>> 3).map { $0 * Self.blockVertices + Self.local(k) }
    }

    func existingSlot(ofBlock b: SIMD3<Int32>) -> Int? {
        slots.value(for: ExtractionGrid.blockKey(b) + 1).map(Int.init)
    }

    private mutating func slot(ofBlock b: SIMD3<Int32>) -> Int {
        let key = ExtractionGrid.blockKey(b)
        let slot = Int(slots.valueInsertingIfAbsent(key + 1, UInt32(blockKeys.count)))
        if slot == blockKeys.count {
            blockKeys.append(key)
            values.append(contentsOf: repeatElement(.nan, count: Self.blockVertices))
            requested.append(contentsOf: repeatElement(0, count: Self.wordsPerBlock))
            queued.append(contentsOf: repeatElement(0, count: Self.wordsPerBlock))
            crossed.append(contentsOf: repeatElement(0, count: Self.wordsPerBlock))
        }
        return slot
    }

    /// Sets bit `i` of `bits`; returns whether it was already set.
    @inline(__always)
    static func testAndSet(_ bits: inout [UInt64], _ i: Int) -> Bool {
        let mask: UInt64 = 1 << UInt64(i & 63)
        let word = bits[i >> 6]
        bits[i >> 6] = word | mask
        return word & mask != 0
    }

    @inline(__always)
    static func test(_ bits: [UInt64], _ i: Int) -> Bool {
        bits[i >> 6] & (1 << UInt64(i & 63)) != 0
    }

    /// Slots of the blocks holding crossed cells, in block-key order.
    func crossedSlots() -> [Int] {
        (0..<blockCount).filter { slot in
            (0..<Self.wordsPerBlock).contains { crossed[slot * Self.wordsPerBlock + $0] != 0 }
        }.sorted { blockKeys[$0] < blockKeys[$1] }
    }
}
