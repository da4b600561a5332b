import SDFGeometry

/// The lattice corners around a point at one level, their interpolation weights, and the
/// derivative of the interpolant with respect to the unit-box position.
///
/// Both lattices conform, so the input-gradient loop is written once and
/// specialised per lattice (the protocol is internal; calls are statically dispatched).
protocol InterpolationStencil {
    /// Number of corners (4 for the simplex, 8 for the cube).
    static var cornerCount: Int { get }
    /// Locates the unit-box point `x` at `level`.
    init(level: EncodingLevel, point x: SIMD3<Float>)
    /// The level-relative table entry of corner `c`.
    func entry(_ c: Int, level: EncodingLevel) -> Int
    /// The weight of corner `c` (non-negative, summing to 1).
    func weight(_ c: Int) -> Float
    /// `∂(Σ_c weight(c)·value(c))/∂x` in unit-box coordinates, given the corner values.
    func positionGradient(level: EncodingLevel, values: (Int) -> Float) -> SIMD3<Float>
}

/// The simplex lattice stencil: four corners of the Kuhn tetrahedron, barycentric weights.
struct SimplexStencil: InterpolationStencil {
    let simplex: Simplex

    static var cornerCount: Int { 4 }

    @inline(__always)
    init(level: EncodingLevel, point x: SIMD3<Float>) {
        // The skew of `lattice.latticeCoordinates(of:)`, spelled out: the call was not inlined.
        let lattice = level.simplex
        let u = (x - lattice.origin) * lattice.scale
        let k = u + SIMD3(repeating: u.sum() * SimplexLattice.skewFactor)
        let (cell, base) = floorParts(k)
        simplex = Simplex(cell: cell, fraction: k - base)
    }

    @inline(__always)
    func entry(_ c: Int, level: EncodingLevel) -> Int { level.entry(simplex.vertex(c)) }

    @inline(__always)
    func weight(_ c: Int) -> Float { simplex.weights[c] }

    /// Inside a simplex the interpolant is linear in the sorted fractions: its derivative along
    /// the k-th sorted axis is `v_k − v_{k−1}`. The chain rule through the skew `S = I + F·11ᵀ`
    /// (symmetric) and the level scale gives `scale·(g + F·Σg)`.
    @inline(__always)
    func positionGradient(level: EncodingLevel, values: (Int) -> Float) -> SIMD3<Float> {
        let v0 = values(0), v1 = values(1), v2 = values(2), v3 = values(3)
        let first = SIMD3<Float>(simplex.offset1)
        let second = SIMD3<Float>(simplex.offset2) - first
        let third = SIMD3<Float>(repeating: 1) - SIMD3<Float>(simplex.offset2)
        let g = first * (v1 - v0) + second * (v2 - v1) + third * (v3 - v2)
        return level.scale * (g + SIMD3(repeating: g.sum() * SimplexLattice.skewFactor))
    }
}

/// instant-ngp's cubic stencil: eight cell corners, trilinear weights.
struct GridStencil: InterpolationStencil {
    let cell: SIMD3<Int32>
    let fraction: SIMD3<Float>

    static var cornerCount: Int { 8 }

    @inline(__always)
    init(level: EncodingLevel, point x: SIMD3<Float>) {
        let p = x * level.scale + SIMD3(repeating: 0.5)
        let (cell, base) = floorParts(p)
        self.cell = cell
        fraction = p - base
    }

    @inline(__always)
    func entry(_ c: Int, level: EncodingLevel) -> Int {
        level.entry(cell &+ SimplexLattice.cornerOffset(Int32(truncatingIfNeeded: c)))
    }

    @inline(__always)
    func weight(_ c: Int) -> Float {
        let wx = c & 1 == 0 ? 1 - fraction.x : fraction.x
        let wy = c & 2 == 0 ? 1 - fraction.y : fraction.y
        let wz = c & 4 == 0 ? 1 - fraction.z : fraction.z
        return wx * wy * wz
    }

    @inline(__always)
    func positionGradient(level: EncodingLevel, values: (Int) -> Float) -> SIMD3<Float> {
        let f = fraction, g = SIMD3<Float>(repeating: 1) - fraction
        var d = SIMD3<Float>.zero
        for c in 0..<8 {
            let v = values(c)
            let x: Float = c & 1 == 0 ? -1 : 1, y: Float = c & 2 == 0 ? -1 : 1, z: Float = c & 4 == 0 ? -1 : 1
            let wx = c & 1 == 0 ? g.x : f.x, wy = c & 2 == 0 ? g.y : f.y, wz = c & 4 == 0 ? g.z : f.z
            d += v * SIMD3(x * wy * wz, wx * y * wz, wx * wy * z)
        }
        return level.scale * d
    }
}

/// `⌊v⌋` as integers and as floats. Scalar conversions compile to single instructions, unlike
/// the generic SIMD integer-from-float initialisers.
@inline(__always)
func floorParts(_ v: SIMD3<Float>) -> (SIMD3<Int32>, SIMD3<Float>) {
    let base = v.rounded(.down)
    return (SIMD3(Int32(base.x), Int32(base.y), Int32(base.z)), base)
}
