import SDFGeometry
#if canImport(Glibc)
import Glibc
#endif

/// One resolution level of a hash encoding: its lattice scale and where its table lives.
///
/// Coarse levels whose whole vertex box fits in the table are indexed densely (no collisions);
/// finer ones use instant-ngp's spatial hash `(x·1 ⊕ y·2654435761 ⊕ z·805459861) mod T`.
struct EncodingLevel: Sendable {
    /// Lattice cells per unit-box unit (before any skew).
    let scale: Float
    /// Vertices per axis of the dense index box (0 when hashed).
    let denseResolution: UInt32
    /// Table entries (each holding `F` features).
    let entryCount: Int
    /// First entry of this level in the concatenated tables.
    let entryOffset: Int
    /// The simplex lattice of this level (staggered by half a cell, as instant-ngp does).
    let simplex: SimplexLattice

    /// instant-ngp's hash multipliers for the y and z coordinates (x is multiplied by 1).
    static let hashPrimeY: UInt32 = 2_654_435_761
    static let hashPrimeZ: UInt32 = 805_459_861

    init(lattice: EncodingLattice, gridResolution: Float, tableSize: Int, entryOffset: Int) {
        switch lattice {
        case .grid:
            scale = gridResolution
            // Positions x·scale + ½ of the unit box span [½, scale + ½]: corners 0…⌈scale⌉+1.
            let vertices = Int((scale + 0.5).rounded(.up)) + 2
            denseResolution = Self.denseResolution(vertices, tableSize: tableSize)
        case .simplex:
            scale = gridResolution / cbrtf(2)
            // Skewed coordinates of the unit box span [1, 2·scale + 1] on every axis.
            let vertices = Int((2 * scale + 1).rounded(.up)) + 2
            denseResolution = Self.denseResolution(vertices, tableSize: tableSize)
        }
        let dense = Int(denseResolution)
        entryCount = dense > 0 ? dense * dense * dense : tableSize
        self.entryOffset = entryOffset
        simplex = SimplexLattice(scale: scale, origin: SIMD3(repeating: -0.5 / scale))
    }

    private static func denseResolution(_ vertices: Int, tableSize: Int) -> UInt32 {
        vertices * vertices * vertices <= tableSize ? UInt32(vertices) : 0
    }

    /// The table entry (relative to this level) of integer lattice vertex `k`.
    @inline(__always)
    func entry(_ k: SIMD3<Int32>) -> Int {
        if denseResolution > 0 {
            let top = Int32(bitPattern: denseResolution &- 1)
            let c = SIMD3<UInt32>(truncatingIfNeeded: k.clamped(lowerBound: .zero, upperBound: SIMD3(repeating: top)))
            return Int(c.x &+ denseResolution &* (c.y &+ denseResolution &* c.z))
        }
        let u = SIMD3<UInt32>(truncatingIfNeeded: k)
        let h = u.x ^ (u.y &* Self.hashPrimeY) ^ (u.z &* Self.hashPrimeZ)
        return Int(h & UInt32(truncatingIfNeeded: entryCount &- 1))
    }
}

/// The levels of an encoding configuration, laid out back to back.
func makeLevels(_ configuration: HashEncodingConfiguration) -> [EncodingLevel] {
    let L = configuration.levels
    let growth = L > 1 ? powf(configuration.maxResolution / configuration.minResolution, 1 / Float(L - 1)) : 1
    var levels: [EncodingLevel] = []
    var offset = 0
    for l in 0..<L {
        let resolution = configuration.minResolution * powf(growth, Float(l))
        let level = EncodingLevel(lattice: configuration.lattice, gridResolution: resolution,
                                  tableSize: configuration.tableSize, entryOffset: offset)
        levels.append(level)
        offset += level.entryCount
    }
    return levels
}
