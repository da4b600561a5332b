import SDFGeometry

/// The finite piece of the simplex lattice that an extraction walks, cut into cubic blocks of
/// skewed cells.
///
/// Sizing (`resolution N`): the field's bounds `[min, max]` with longest side `L₀` are padded by
/// `2·L₀/N` on every side, giving the padded box with longest side `L = L₀·(1 + 4/N)`. The lattice
/// scale is `s = N / L` lattice units per world unit, so one lattice unit is `h = L/N` and the
/// longest side of the padded box spans exactly `N` units. Unskewed, a lattice edge is `√3/2·h`
/// (directions x, y, z and x+y+z) or `h` (x+y, x+z, y+z) long, and there are `2·s³` lattice
/// vertices per unit volume (the skew has determinant 2): about as many as a cubic grid of
/// `∛2·N ≈ 1.26·N` cells along the longest side.
///
/// The lattice origin is the padded box's minimum corner, so a world point of the box has skewed
/// coordinates in `[0, Kᵢ]`, `Kᵢ = ⌈uᵢ + (u_x + u_y + u_z)/3⌉` at the far corner `u = (box size)·s`.
/// Only blocks whose unskewed image touches the padded box are ever considered (the skewed
/// image of a box fills a quarter of its skewed bounding box). Lattice vertices outside the padded
/// box are forced outside, so the extracted surface is closed whatever the field does there.
struct ExtractionGrid: Sendable {
    /// Cells per block edge.
    static let blockSize: Int32 = 8
    /// Half the longest diagonal of an unskewed unit cell, `|(5, 5, −7)/6| / 2`, in lattice units.
    static let cellCircumradius: Float = (99 as Float).squareRoot() / 12

    let lattice: SimplexLattice
    let paddedBounds: AABB
    /// The padded box in unskewed lattice units: `[0, extent]`.
    let extent: SIMD3<Float>
    /// Skewed vertex coordinates run over `[0, vertexExtent]` on each axis.
    let vertexExtent: SIMD3<Int32>
    /// Number of blocks along each axis.
    let blockCounts: SIMD3<Int32>
    /// World vectors of one lattice step along each lattice axis.
    let stepX: SIMD3<Float>
    let stepY: SIMD3<Float>
    let stepZ: SIMD3<Float>

    init(bounds: AABB, resolution: Int) {
        let longest = Swift.max(bounds.longestSide, 1e-6 as Float)
        let margin = 2 * longest / Float(resolution)
        let padded = bounds.padded(by: margin)
        let scale = Float(resolution) / padded.longestSide
        lattice = SimplexLattice(scale: scale, origin: padded.min)
        paddedBounds = padded
        extent = padded.size * scale
        let farCorner = SimplexLattice.skew(extent)
        vertexExtent = SIMD3<Int32>(farCorner.rounded(.up))
        let b = Self.blockSize
        blockCounts = (vertexExtent &+ (b - 1)) / b
        stepX = SimplexLattice.unskew(SIMD3(1, 0, 0)) / scale
        stepY = SimplexLattice.unskew(SIMD3(0, 1, 0)) / scale
        stepZ = SimplexLattice.unskew(SIMD3(0, 0, 1)) / scale
    }

    /// World position of lattice vertex `k`: `origin + ((k_y·a_y + k_z·a_z) + k_x·a_x)` with
    /// `a_i` the step vectors. Every caller computes it with these operations in this order, so
    /// a vertex gets the same position (and value) bit for bit whoever evaluates it.
    @inline(__always)
    func vertexPosition(_ k: SIMD3<Int32>) -> SIMD3<Float> {
        let f = SIMD3<Float>(k)
        return lattice.origin + ((f.y * stepY + f.z * stepZ) + f.x * stepX)
    }

    /// Lattice unit in world units (`h = L/N`).
    var cellSize: Float { 1 / lattice.scale }

    /// Whether lattice vertex `k` lies strictly inside the padded box. Vertices on its faces count
    /// as outside, so every vertex on the faces of the block grid (`kᵢ = 0` or `kᵢ` at its maximum,
    /// which only box corners could reach) is outside and the surface never needs a block beyond it.
    @inline(__always)
    func containsVertex(_ k: SIMD3<Int32>) -> Bool {
        let u = SimplexLattice.unskew(SIMD3<Float>(k))
        let tolerance: Float = 1e-3
        return all(u .> tolerance) && all(u .< extent - tolerance)
    }

    /// Whether the unskewed image of the cube of cells `[corner, corner + size]³` touches the
    /// padded box (conservatively: its axis-aligned bounds do).
    func touchesBox(corner: SIMD3<Int32>, size: Int32) -> Bool {
        let (lower, upper) = unskewedBounds(corner: corner, size: size)
        return all(upper .>= 0) && all(lower .<= extent)
    }

    /// Axis-aligned bounds of the unskewed image of the cube of cells `[corner, corner + size]³`:
    /// `uᵢ = kᵢ − Σk/6 = (5kᵢ − Σ_{j≠i} kⱼ)/6` over `kⱼ ∈ [cornerⱼ, cornerⱼ + size]`. Every
    /// numerator is an integer below 2²⁴, so exact in `Float`; only the division rounds.
    @inline(__always)
    private func unskewedBounds(corner: SIMD3<Int32>, size: Int32) -> (lower: SIMD3<Float>, upper: SIMD3<Float>) {
        let a = SIMD3<Float>(corner)
        let n = Float(size)
        let others = SIMD3(repeating: a.sum()) - a
        return ((a * 5 - others - 2 * n) / 6, (a * 5 + 5 * n - others) / 6)
    }

    /// The `x` of the blocks `(x, y, z)` of the grid that touch the padded box (`isUsefulBlock`).
    ///
    /// They form one interval: along a row only `kₓ` varies, and it enters the numerators of
    /// `unskewedBounds` with coefficient 5 on axis x and −1 on y and z. As the rounded division
    /// keeps their order, `upper.x ≥ 0`, `lower.y ≤ extent.y` and `lower.z ≤ extent.z` hold from
    /// some `x` on and the other three tests up to some `x`, so two binary searches over the
    /// same arithmetic as `touchesBox` find the interval.
    func blockRowTouchingBox(y: Int32, z: Int32) -> Range<Int32> {
        let n = Self.blockSize
        func bounds(_ x: Int32) -> (lower: SIMD3<Float>, upper: SIMD3<Float>) {
            unskewedBounds(corner: SIMD3(x, y, z) &* n, size: n)
        }
        let first = Self.partitionPoint(in: 0..<blockCounts.x) { x in
            let (lower, upper) = bounds(x)
            return upper.x >= 0 && lower.y <= extent.y && lower.z <= extent.z
        }
        let end = Self.partitionPoint(in: first..<blockCounts.x) { x in
            let (lower, upper) = bounds(x)
            return lower.x > extent.x || upper.y < 0 || upper.z < 0
        }
        return first..<end
    }

    /// The first `x` of `range` for which `isAfter` holds (`range.upperBound` if none), for an
    /// `isAfter` that is false and then true along the range.
    private static func partitionPoint(in range: Range<Int32>, _ isAfter: (Int32) -> Bool) -> Int32 {
        var low = range.lowerBound, high = range.upperBound
        while low < high {
            let middle = low + (high - low) / 2
            if isAfter(middle) { high = middle } else { low = middle + 1 }
        }
        return low
    }

    /// Radius (world units) of a ball around a block's centre that contains a block of `size`
    /// cells: half the longest diagonal of the unskewed cube.
    func blockRadius(size: Int32) -> Float {
        Float(size) * Self.cellCircumradius / lattice.scale
    }

    /// World position of the centre of the block of `size` cells at `corner`.
    func blockCenter(corner: SIMD3<Int32>, size: Int32) -> SIMD3<Float> {
        lattice.worldPosition(of: SIMD3<Float>(corner) + Float(size) / 2)
    }

    /// A unique non-zero key for the lattice edge from vertex `k` along direction `d` (0…6).
    @inline(__always)
    func edgeKey(_ k: SIMD3<Int32>, direction d: Int) -> UInt64 {
        let n = SIMD3<UInt64>(truncatingIfNeeded: vertexExtent &+ 1)
        let x = UInt64(truncatingIfNeeded: k.x), y = UInt64(truncatingIfNeeded: k.y)
        let z = UInt64(truncatingIfNeeded: k.z)
        return ((z * n.y + y) * n.x + x) * 7 + UInt64(d) + 1
    }

    /// Packs block coordinates (each `< 2²¹`) into a sortable key.
    @inline(__always)
    static func blockKey(_ b: SIMD3<Int32>) -> UInt64 {
        UInt64(truncatingIfNeeded: b.z) << 42 | UInt64(truncatingIfNeeded: b.y) << 21
            | UInt64(truncatingIfNeeded: b.x)
    }

    @inline(__always)
    static func block(fromKey key: UInt64) -> SIMD3<Int32> {
        let mask: UInt64 = (1 << 21) - 1
        return SIMD3(Int32(key & mask), Int32((key >> 21) & mask), Int32(key >> 42))
    }

    /// Whether block `b` lies in the block grid and touches the padded box.
    func isUsefulBlock(_ b: SIMD3<Int32>) -> Bool {
        all(b .>= 0) && all(b .< blockCounts)
            && touchesBox(corner: b &* Self.blockSize, size: Self.blockSize)
    }

    /// Every block that touches the padded box (what dense extraction meshes), sorted by key.
    func blocksTouchingBox() -> [UInt64] {
        var keys: [UInt64] = []
        keys.reserveCapacity(blockCountTouchingBox())
        for z in 0..<blockCounts.z {
            for y in 0..<blockCounts.y {
                for x in blockRowTouchingBox(y: y, z: z) { keys.append(Self.blockKey(SIMD3(x, y, z))) }
            }
        }
        return keys
    }

    /// How many blocks touch the padded box, without listing them.
    func blockCountTouchingBox() -> Int {
        var count = 0
        for z in 0..<blockCounts.z {
            for y in 0..<blockCounts.y { count += blockRowTouchingBox(y: y, z: z).count }
        }
        return count
    }
}
