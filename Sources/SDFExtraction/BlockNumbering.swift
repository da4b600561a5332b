/// Numbers given to a set of blocks, found again from block coordinates: through a dense table
/// over the block grid when it has at most `LatticeStore.denseTableLimit` blocks, otherwise by
/// hashing. Lookups of neighbouring blocks then touch nearby memory instead of random slots.
struct BlockNumbering {
    private let counts: SIMD3<Int32>
    /// Number + 1 of each block of the grid (0: none), when the grid is small enough.
    private var dense: [Int32]
    /// Block key + 1 → number, for larger grids.
    private var hashed: EdgeKeyTable

    /// An empty numbering over blocks `0 ≤ b < counts`, with room for `capacity` numbers.
    init(counts: SIMD3<Int32>, capacity: Int) {
        self.counts = counts
        let gridBlocks = Int(counts.x) * Int(counts.y) * Int(counts.z)
        let isDense = gridBlocks <= LatticeStore.denseTableLimit
        dense = isDense ? [Int32](repeating: 0, count: gridBlocks) : []
        hashed = EdgeKeyTable(capacityFor: isDense ? 0 : capacity)
    }

    @inline(__always)
    private func denseIndex(_ b: SIMD3<Int32>) -> Int {
        Int(b.x) + Int(counts.x) * (Int(b.y) + Int(counts.y) * Int(b.z))
    }

    /// Gives block `b` (inside the grid) the number `number`.
    mutating func insert(_ b: SIMD3<Int32>, number: Int) {
        if dense.isEmpty {
            _ = hashed.valueInsertingIfAbsent(ExtractionGrid.blockKey(b) + 1, UInt32(number))
        } else {
            dense[denseIndex(b)] = Int32(number + 1)
        }
    }

    /// The number of block `b`, if it has one.
    @inline(__always)
    func number(of b: SIMD3<Int32>) -> Int? {
        guard all(b .>= 0) && all(b .< counts) else { return nil }
        if dense.isEmpty { return hashed.value(for: ExtractionGrid.blockKey(b) + 1).map(Int.init) }
        let n = Int(dense[denseIndex(b)]) - 1
        return n >= 0 ? n : nil
    }
}
