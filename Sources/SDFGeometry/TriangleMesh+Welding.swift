/// Welding by position and removal of degenerate triangles and unused vertices.
extension TriangleMesh {
    /// The mesh with vertices closer than `relativeTolerance × bounds diagonal` merged.
    ///
    /// Vertices are visited in order; each joins the first earlier kept vertex within the
    /// tolerance or is kept itself, so the result keeps the original order of the kept vertices.
    /// A spatial hash grid (cells of at least 32 tolerances) finds candidates; a vertex probes
    /// neighbouring cells only when it lies within the tolerance of a cell face. Non-finite
    /// positions are never merged. Triangles may become degenerate: see
    /// `removingDegenerateTriangles()`.
    /// - Complexity: O(V + F) expected time.
    public func welded(relativeTolerance: Float = 1e-6) -> TriangleMesh {
        let (representative, kept) = weldMap(relativeTolerance: relativeTolerance)
        return TriangleMesh(
            positions: kept.map { positions[Int($0)] },
            indices: indices.map { representative[Int($0)] })
    }

    /// The mesh without triangles that repeat a vertex or have collinear corners, and the number
    /// of triangles removed. Vertices are kept (see `removingUnreferencedVertices()`).
    public func removingDegenerateTriangles() -> (TriangleMesh, removed: Int) {
        var kept: [UInt32] = []
        kept.reserveCapacity(indices.count)
        for t in 0..<triangleCount where !isDegenerateTriangle(t) {
            let (i, j, k) = triangle(t)
            kept.append(i)
            kept.append(j)
            kept.append(k)
        }
        let removed = triangleCount - kept.count / 3
        return (TriangleMesh(positions: positions, indices: kept), removed)
    }

    /// The mesh without vertices that no triangle uses; the order of the others is kept.
    public func removingUnreferencedVertices() -> TriangleMesh {
        let unused = UInt32.max
        var newIndex = [UInt32](repeating: unused, count: vertexCount)
        for i in indices { newIndex[Int(i)] = 0 }
        var kept: [SIMD3<Float>] = []
        for v in 0..<vertexCount where newIndex[v] != unused {
            newIndex[v] = UInt32(kept.count)
            kept.append(positions[v])
        }
        return TriangleMesh(positions: kept, indices: indices.map { newIndex[Int($0)] })
    }

    /// For every vertex its new index, and the old indices of the kept vertices.
    func weldMap(relativeTolerance: Float) -> (representative: [UInt32], kept: [UInt32]) {
        var box = AABB.empty
        for p in positions where p.isFinite { box.formUnion(p) }
        // Double throughout: the extent of finite Float coordinates may overflow Float.
        let origin = box.isEmpty ? .zero : SIMD3<Double>(box.min)
        let extent = box.isEmpty ? .zero : SIMD3<Double>(box.max) - origin
        let diagonal = (extent * extent).sum().squareRoot()
        let relative = relativeTolerance.isFinite ? Double(max(0, relativeTolerance)) : 0
        let tolerance = relative * diagonal
        var cell = max(32 * tolerance, diagonal * 0x1p-20)
        if !(cell > 0) { cell = 1 }
        let grid = WeldGrid(origin: origin, cellSize: cell, tolerance: tolerance)
        let n = vertexCount
        var table = CellTable()
        defer { table.deallocate() }
        var representative = [UInt32](repeating: 0, count: n)
        var kept = [UInt32](repeating: 0, count: n)
        var nextInCell = [UInt32](repeating: CellTable.none, count: n)
        var keptCount = 0
        positions.withUnsafeBufferPointer { pos in
            representative.withUnsafeMutableBufferPointer { representative in
                kept.withUnsafeMutableBufferPointer { kept in
                    nextInCell.withUnsafeMutableBufferPointer { next in
                        for v in 0..<n {
                            let p = pos[v]
                            if p.isFinite {
                                let (cellIndex, low, high) = grid.locate(p)
                                let match = grid.findMatch(p, cellIndex, low, high, table, next, kept, pos)
                                if match != CellTable.none {
                                    representative[v] = match
                                    continue
                                }
                                next[keptCount] = table.insert(WeldGrid.key(cellIndex), head: UInt32(keptCount))
                            }
                            representative[v] = UInt32(keptCount)
                            kept[keptCount] = UInt32(v)
                            keptCount += 1
                        }
                    }
                }
            }
        }
        kept.removeLast(n - keptCount)
        return (representative, kept)
    }
}

extension SIMD3 where Scalar == Float {
    /// Whether all three coordinates are finite.
    @inlinable public var isFinite: Bool { x.isFinite && y.isFinite && z.isFinite }
}

/// Quantisation of positions into cells of at least 32 weld tolerances (in `Double`), so that
/// most vertices lie far enough inside their cell to need no neighbour probes.
private struct WeldGrid {
    let origin: SIMD3<Double>
    let cellSize: Double
    let tolerance: Double

    /// Cell coordinates of `p` and, per axis, whether the neighbour below / above is in reach.
    func locate(_ p: SIMD3<Float>) -> (SIMD3<Int32>, SIMD3<Int32>, SIMD3<Int32>) {
        let scaled = (SIMD3<Double>(p) - origin) / cellSize
        let floored = pointwiseMin(pointwiseMax(scaled.rounded(.down), .zero), SIMD3(repeating: 0x1p21 - 1))
        let fraction = (scaled - floored) * cellSize
        let cellIndex = SIMD3<Int32>(floored)
        let low = SIMD3<Int32>(fraction.x <= tolerance ? -1 : 0, fraction.y <= tolerance ? -1 : 0,
                               fraction.z <= tolerance ? -1 : 0)
        let high = SIMD3<Int32>(fraction.x >= cellSize - tolerance ? 1 : 0,
                                fraction.y >= cellSize - tolerance ? 1 : 0,
                                fraction.z >= cellSize - tolerance ? 1 : 0)
        return (cellIndex, low, high)
    }

    /// 21 bits per axis (cells are at least diagonal / 2^20, so indices stay below 2^21).
    static func key(_ c: SIMD3<Int32>) -> UInt64 {
        UInt64(c.x) | UInt64(c.y) << 21 | UInt64(c.z) << 42
    }

    /// The first kept vertex within the tolerance of `p` in the reachable cells, or `none`.
    @inline(__always)
    func findMatch(
        _ p: SIMD3<Float>, _ cellIndex: SIMD3<Int32>, _ low: SIMD3<Int32>, _ high: SIMD3<Int32>,
        _ table: CellTable, _ nextInCell: UnsafeMutableBufferPointer<UInt32>,
        _ kept: UnsafeMutableBufferPointer<UInt32>, _ positions: UnsafeBufferPointer<SIMD3<Float>>
    ) -> UInt32 {
        let toleranceSquared = tolerance * tolerance
        let point = SIMD3<Double>(p)
        for dz in low.z...high.z {
            for dy in low.y...high.y {
                for dx in low.x...high.x {
                    let c = cellIndex &+ SIMD3(dx, dy, dz)
                    if any(c .< 0) { continue }
                    var candidate = table.head(Self.key(c))
                    while candidate != CellTable.none {
                        let d = SIMD3<Double>(positions[Int(kept[Int(candidate)])]) - point
                        if (d * d).sum() <= toleranceSquared { return candidate }
                        candidate = nextInCell[Int(candidate)]
                    }
                }
            }
        }
        return CellTable.none
    }
}

/// Open-addressing hash table from cell keys to the newest kept vertex in that cell, in memory
/// owned by the caller (`deallocate()` when done). It grows with the number of cells in use, so
/// it stays cache-sized when many vertices coincide (as in STL triangle soups).
private struct CellTable {
    static let none = UInt32.max
    private static let emptyKey = UInt64.max
    private var keys: UnsafeMutableBufferPointer<UInt64>
    private var heads: UnsafeMutableBufferPointer<UInt32>
    private var count = 0

    init(capacity: Int = 1 << 12) {
        keys = .allocate(capacity: capacity)
        keys.initialize(repeating: Self.emptyKey)
        heads = .allocate(capacity: capacity)
        heads.initialize(repeating: Self.none)
    }

    func deallocate() {
        keys.deallocate()
        heads.deallocate()
    }

    @inline(__always)
    private func slot(_ key: UInt64) -> Int {
        let mask = keys.count - 1
        var s = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 20) & mask
        while keys[s] != key && keys[s] != Self.emptyKey { s = (s + 1) & mask }
        return s
    }

    /// The newest vertex stored under `key`, or `none`.
    @inline(__always)
    func head(_ key: UInt64) -> UInt32 {
        heads[slot(key)]
    }

    /// Makes `head` the newest vertex under `key`; returns the previous one (or `none`).
    mutating func insert(_ key: UInt64, head: UInt32) -> UInt32 {
        var s = slot(key)
        let previous = heads[s]
        if previous == Self.none {
            if 2 * (count + 1) > keys.count {
                grow()
                s = slot(key)
            }
            count += 1
        }
        keys[s] = key
        heads[s] = head
        return previous
    }

    /// Doubles the capacity and reinserts every cell.
    private mutating func grow() {
        let oldKeys = keys, oldHeads = heads
        self = CellTable(capacity: 2 * oldKeys.count)
        for i in 0..<oldKeys.count where oldKeys[i] != Self.emptyKey {
            let s = slot(oldKeys[i])
            keys[s] = oldKeys[i]
            heads[s] = oldHeads[i]
            count += 1
        }
        oldKeys.deallocate()
        oldHeads.deallocate()
    }
}
