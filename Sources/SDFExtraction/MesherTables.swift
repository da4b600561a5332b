import SDFGeometry

/// `BlockMesher`'s constant tables behind plain pointers, built once for the process (the hot
/// loop then reads them without array bounds checks or closures).
///
/// Cell edges are those of `CellCases`. Vertices are numbered locally in a block of
/// `side = B + 1` vertices per axis (x fastest), and a lattice edge of the block by
/// `slot = localVertex·7 + direction`.
final class MesherTables: @unchecked Sendable {
    static let shared = MesherTables()

    /// `crossedEdges[crossedStart[m]..<crossedStart[m+1]]`: cell edges crossed in pattern `m`.
    let crossedStart: UnsafePointer<Int32>
    let crossedEdges: UnsafePointer<UInt8>
    /// `triangleEdges[triangleStart[m]..<triangleStart[m+1]]`: three cell edges per triangle.
    let triangleStart: UnsafePointer<Int32>
    let triangleEdges: UnsafePointer<UInt8>
    /// Per cell edge: local index offsets of its lower and upper corner from the cell's lowest
    /// corner, those corners' coordinate offsets, its direction and its slot offset
    /// (`edgeLow·7 + direction`).
    let edgeLow: UnsafePointer<Int>
    let edgeHigh: UnsafePointer<Int>
    let edgeLowCorner: UnsafePointer<SIMD3<Int32>>
    let edgeHighCorner: UnsafePointer<SIMD3<Int32>>
    let edgeDirection: UnsafePointer<Int>
    let edgeSlot: UnsafePointer<Int>
    /// Per slot: 0 for an edge inside the block, otherwise bits `(ox+1) + 3(oy+1) + 9(oz+1)` of
    /// the neighbouring blocks whose cells also hold the edge (it lies in a block face).
    let borderBits: UnsafePointer<UInt32>

    private init() {
        let cases = CellCases.shared
        let side = BlockSampler.side
        func pointer<T>(_ values: [T]) -> UnsafePointer<T> {
            let p = UnsafeMutablePointer<T>.allocate(capacity: Swift.max(values.count, 1))
            p.initialize(from: values, count: values.count)
            return UnsafePointer(p)
        }
        func localIndex(_ v: SIMD3<Int32>) -> Int { Int(v.x) + side * (Int(v.y) + side * Int(v.z)) }
        crossedStart = pointer(cases.crossedStart.map { Int32($0) })
        crossedEdges = pointer(cases.crossedEdges)
        triangleStart = pointer(cases.triangleStart.map { Int32($0) })
        triangleEdges = pointer(cases.triangleEdges)
        let low = cases.edgeCorner.map { SimplexLattice.cornerOffset(Int32($0)) }
        let high = cases.edgeEnd.map { SimplexLattice.cornerOffset(Int32($0)) }
        edgeLowCorner = pointer(low)
        edgeHighCorner = pointer(high)
        edgeLow = pointer(low.map(localIndex))
        edgeHigh = pointer(high.map(localIndex))
        edgeDirection = pointer(cases.edgeDirection)
        edgeSlot = pointer(cases.edgeDirection.indices.map { localIndex(low[$0]) * 7 + cases.edgeDirection[$0] })
        var bits = [UInt32](repeating: 0, count: side * side * side * 7)
        for z in 0..<side {
            for y in 0..<side {
                for x in 0..<side {
                    let v = SIMD3<Int32>(Int32(x), Int32(y), Int32(z))
                    for (d, direction) in SimplexLattice.edgeDirections.enumerated() {
                        let inPlane = direction .== 0
                        let low = inPlane .& (v .== 0)
                        let high = inPlane .& (v .== ExtractionGrid.blockSize)
                        bits[localIndex(v) * 7 + d] = Self.neighborBits(low: low, high: high)
                    }
                }
            }
        }
        borderBits = pointer(bits)
    }

    /// Bits `(ox+1) + 3(oy+1) + 9(oz+1)` of the blocks (other than this one) whose cells contain
    /// an edge lying in the block faces flagged by `low` and `high` (none: 0).
    private static func neighborBits(low: SIMDMask<SIMD3<Int32>>, high: SIMDMask<SIMD3<Int32>>) -> UInt32 {
        var bits: UInt32 = 0
        for oz in -1...1 where oz == 0 || (oz < 0 ? low[2] : high[2]) {
            for oy in -1...1 where oy == 0 || (oy < 0 ? low[1] : high[1]) {
                for ox in -1...1 where ox == 0 || (ox < 0 ? low[0] : high[0]) {
                    bits |= 1 << UInt32((ox + 1) + 3 * (oy + 1) + 9 * (oz + 1))
                }
            }
        }
        return bits & ~(1 << 13)
    }
}
