import SDFGeometry

/// Four lattice corners of eight points at once: each corner's level-relative table entries and
/// interpolation weights, one `SIMD8` lane per point.
struct CornerGroup {
    var entries: (SIMD8<UInt32>, SIMD8<UInt32>, SIMD8<UInt32>, SIMD8<UInt32>)
    var weights: (SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>)
}

/// The interpolation stencils of `SimplexStencil` and `GridStencil`, eight points at a time
/// (structure of arrays): the same corners in the same order, the same weights.
extension EncodingLevel {
    /// The four simplex corners of eight unit-box points.
    @inline(__always)
    func simplexCorners(_ x: SIMD8<Float>, _ y: SIMD8<Float>, _ z: SIMD8<Float>) -> CornerGroup {
        let origin = simplex.origin, scale = simplex.scale
        let ux = (x - origin.x) * scale, uy = (y - origin.y) * scale, uz = (z - origin.z) * scale
        let skew = (ux + uy + uz) * SimplexLattice.skewFactor
        let kx = ux + skew, ky = uy + skew, kz = uz + skew
        let bx = kx.rounded(.down), by = ky.rounded(.down), bz = kz.rounded(.down)
        let fx = kx - bx, fy = ky - by, fz = kz - bz
        let cx = latticeIntegers(bx), cy = latticeIntegers(by), cz = latticeIntegers(bz)
        // Ranks with ties broken x before y before z, as `Simplex` does.
        let xy = fx .>= fy, xz = fx .>= fz, yz = fy .>= fz
        let one = SIMD8<Int32>(repeating: 1), zero = SIMD8<Int32>()
        let firstX = zero.replacing(with: one, where: xy .& xz)
        let firstY = zero.replacing(with: one, where: .!xy .& yz)
        let firstZ = zero.replacing(with: one, where: .!xz .& .!yz)
        let secondX = zero.replacing(with: one, where: xy .| xz)
        let secondY = zero.replacing(with: one, where: .!xy .| yz)
        let secondZ = zero.replacing(with: one, where: .!xz .| .!yz)
        let hiXY = fx.replacing(with: fy, where: fy .> fx), loXY = fx.replacing(with: fy, where: fy .< fx)
        let hi = hiXY.replacing(with: fz, where: fz .> hiXY), lo = loXY.replacing(with: fz, where: fz .< loXY)
        let mid = fx + fy + fz - hi - lo
        return CornerGroup(
            entries: (entries(cx, cy, cz),
                      entries(cx &+ firstX, cy &+ firstY, cz &+ firstZ),
                      entries(cx &+ secondX, cy &+ secondY, cz &+ secondZ),
                      entries(cx &+ one, cy &+ one, cz &+ one)),
            weights: (1 - hi, hi - mid, mid - lo, lo))
    }

    /// The eight cube corners of eight unit-box points, corners `0…3` then `4…7` (`x + 2y + 4z`).
    @inline(__always)
    func gridCorners(_ x: SIMD8<Float>, _ y: SIMD8<Float>, _ z: SIMD8<Float>) -> (CornerGroup, CornerGroup) {
        let px = x * scale + 0.5, py = y * scale + 0.5, pz = z * scale + 0.5
        let bx = px.rounded(.down), by = py.rounded(.down), bz = pz.rounded(.down)
        let fx = px - bx, fy = py - by, fz = pz - bz
        let gx = 1 - fx, gy = 1 - fy, gz = 1 - fz
        let cx = latticeIntegers(bx), cy = latticeIntegers(by), cz = latticeIntegers(bz)
        let one = SIMD8<Int32>(repeating: 1)
        let x1 = cx &+ one, y1 = cy &+ one, z1 = cz &+ one
        let low = CornerGroup(
            entries: (entries(cx, cy, cz), entries(x1, cy, cz), entries(cx, y1, cz), entries(x1, y1, cz)),
            weights: (gx * gy * gz, fx * gy * gz, gx * fy * gz, fx * fy * gz))
        let high = CornerGroup(
            entries: (entries(cx, cy, z1), entries(x1, cy, z1), entries(cx, y1, z1), entries(x1, y1, z1)),
            weights: (gx * gy * fz, fx * gy * fz, gx * fy * fz, fx * fy * fz))
        return (low, high)
    }

    /// `entry(_:)` for eight vertices.
    @_transparent
    func entries(_ x: SIMD8<Int32>, _ y: SIMD8<Int32>, _ z: SIMD8<Int32>) -> SIMD8<UInt32> {
        if denseResolution > 0 {
            let top = SIMD8<Int32>(repeating: Int32(bitPattern: denseResolution &- 1))
            let r = SIMD8<UInt32>(repeating: denseResolution)
            // Clamped to the dense box (`clamped(lowerBound:upperBound:)` is an out-of-line generic
            // call, and a comparison with a scalar runs lane by lane): the sign mask zeroes negative
            // lanes, a vector comparison caps the rest.
            @inline(__always) func clamp(_ v: SIMD8<Int32>) -> SIMD8<UInt32> {
                let low = v & ~(v &>> 31)
                return unsafeBitCast(low.replacing(with: top, where: low .> top), to: SIMD8<UInt32>.self)
            }
            return clamp(x) &+ r &* (clamp(y) &+ r &* clamp(z))
        }
        // Bit casts: `SIMD8<UInt32>(truncatingIfNeeded:)` is an out-of-line generic call.
        let ux = unsafeBitCast(x, to: SIMD8<UInt32>.self), uy = unsafeBitCast(y, to: SIMD8<UInt32>.self)
        let uz = unsafeBitCast(z, to: SIMD8<UInt32>.self)
        let h = ux ^ (uy &* Self.hashPrimeY) ^ (uz &* Self.hashPrimeZ)
        return h & UInt32(truncatingIfNeeded: entryCount &- 1)
    }
}

/// Whole-number floats in `(−2²², 2²²)` as integers, without the slow generic conversion: adding
/// 1.5·2²³ puts the integer in the low mantissa bits.
@inline(__always)
func latticeIntegers(_ v: SIMD8<Float>) -> SIMD8<Int32> {
    unsafeBitCast(v + 12_582_912, to: SIMD8<Int32>.self) &- 0x4B40_0000
}

/// Both features of eight entries of a two-feature table: one 32-bit (Float16) or 64-bit
/// (Float32) load per entry.
@inline(__always)
func gatherFeaturePairs<T: TableScalar>(_ table: UnsafePointer<T>, _ e: SIMD8<UInt32>) -> (SIMD8<Float>, SIMD8<Float>) {
    if T.self == Float16.self {
        let t = UnsafeRawPointer(table).assumingMemoryBound(to: UInt32.self)
        let words = SIMD8<UInt32>(t[Int(e[0])], t[Int(e[1])], t[Int(e[2])], t[Int(e[3])],
                                  t[Int(e[4])], t[Int(e[5])], t[Int(e[6])], t[Int(e[7])])
        // Each half moved into a float's sign, exponent and mantissa bits, then scaled by 2¹¹²
        // (exact for every finite half, subnormals included): the standard library's SIMD16
        // Float16 → Float conversion is an out-of-line call.
        let first = (words &<< 13) & 0x0FFF_E000 | (words &<< 16) & 0x8000_0000
        let second = (words &>> 3) & 0x0FFF_E000 | words & 0x8000_0000
        let scale = SIMD8<Float>(repeating: 0x1p112)
        return (unsafeBitCast(first, to: SIMD8<Float>.self) * scale, unsafeBitCast(second, to: SIMD8<Float>.self) * scale)
    }
    if T.self == Float.self {
        let t = UnsafeRawPointer(table).assumingMemoryBound(to: UInt64.self)
        let words = SIMD8<UInt64>(t[Int(e[0])], t[Int(e[1])], t[Int(e[2])], t[Int(e[3])],
                                  t[Int(e[4])], t[Int(e[5])], t[Int(e[6])], t[Int(e[7])])
        let v = unsafeBitCast(words, to: SIMD16<Float>.self)
        return (v.evenHalf, v.oddHalf)
    }
    var a = SIMD8<Float>(), b = SIMD8<Float>()
    for lane in 0..<8 {
        let p = table + Int(e[lane]) * 2
        a[lane] = p[0].floatValue
        b[lane] = p[1].floatValue
    }
    return (a, b)
}

/// Feature `offset` of eight entries of a table with `stride` features per entry.
@inline(__always)
func gatherFeature<T: TableScalar>(_ table: UnsafePointer<T>, _ e: SIMD8<UInt32>, stride: Int, offset: Int) -> SIMD8<Float> {
    var v = SIMD8<Float>()
    for lane in 0..<8 { v[lane] = table[Int(e[lane]) * stride + offset].floatValue }
    return v
}
