import SDFGeometry

/// The lattice corners of a batch of points at one level: table entries and interpolation
/// weights, eight points at a time (`SIMD8`), written corner after corner so the gather that
/// follows is one tight loop over independent loads.
extension InferenceKernel {
    /// Writes entry `c` and weight `c` of point `i` to `entries[c·blockRows + i]` and
    /// `weights[c·blockRows + i]` for the `rows` points (a multiple of 8) at `x, y, z`.
    /// With `pairOrder`, entries within each group of eight points are stored in the order
    /// `0 1 4 5 2 3 6 7` (see `blendPairs`); weights always in point order.
    func locateCorners(_ level: EncodingLevel, x: UnsafePointer<Float>, y: UnsafePointer<Float>,
                       z: UnsafePointer<Float>, rows: Int, pairOrder: Bool,
                       entries: UnsafeMutablePointer<UInt32>, weights: UnsafeMutablePointer<Float>) {
        var g = 0
        while g < rows {
            let px = load8(x + g), py = load8(y + g), pz = load8(z + g)
            let out = CornerOutput(entries: entries + g, weights: weights + g, pairOrder: pairOrder)
            switch configuration.lattice {
            case .simplex: simplexCorners(level, px, py, pz, out)
            case .grid: gridCorners(level, px, py, pz, out)
            }
            g += 8
        }
    }

    /// Where corner `c` of a group of eight points goes: `c·blockRows` past these pointers.
    struct CornerOutput {
        let entries: UnsafeMutablePointer<UInt32>
        let weights: UnsafeMutablePointer<Float>
        let pairOrder: Bool

        @inline(__always)
        func store(_ c: Int, _ e: SIMD8<UInt32>, _ w: SIMD8<Float>) {
            let e = pairOrder ? SIMD8(e[0], e[1], e[4], e[5], e[2], e[3], e[6], e[7]) : e
            store8(e, entries + c * InferenceKernel.blockRows)
            store8(w, weights + c * InferenceKernel.blockRows)
        }
    }

    /// The four simplex corners of eight points, as `SimplexStencil` finds them one at a time.
    @inline(__always)
    private func simplexCorners(_ level: EncodingLevel, _ x: SIMD8<Float>, _ y: SIMD8<Float>,
                                _ z: SIMD8<Float>, _ out: CornerOutput) {
        let origin = level.simplex.origin, scale = level.simplex.scale
        let ux = (x - origin.x) * scale, uy = (y - origin.y) * scale, uz = (z - origin.z) * scale
        let skew = (ux + uy + uz) * SimplexLattice.skewFactor
        let kx = ux + skew, ky = uy + skew, kz = uz + skew
        let bx = kx.rounded(.down), by = ky.rounded(.down), bz = kz.rounded(.down)
        let fx = kx - bx, fy = ky - by, fz = kz - bz
        let cx = integers(bx), cy = integers(by), cz = integers(bz)
        let xy = fx .>= fy, xz = fx .>= fz, yz = fy .>= fz
        // First step along the largest fraction, second along the two largest.
        let one = SIMD8<Int32>(repeating: 1), zero = SIMD8<Int32>()
        let firstX = zero.replacing(with: one, where: xy .& xz)
        let firstY = zero.replacing(with: one, where: .!xy .& yz)
        let firstZ = zero.replacing(with: one, where: .!xz .& .!yz)
        let secondX = zero.replacing(with: one, where: xy .| xz)
        let secondY = zero.replacing(with: one, where: .!xy .| yz)
        let secondZ = zero.replacing(with: one, where: .!xz .| .!yz)
        let hi = maximum(fx, maximum(fy, fz))
        let lo = minimum(fx, minimum(fy, fz))
        let mid = fx + fy + fz - hi - lo
        out.store(0, entry(level, cx, cy, cz), 1 - hi)
        out.store(1, entry(level, cx &+ firstX, cy &+ firstY, cz &+ firstZ), hi - mid)
        out.store(2, entry(level, cx &+ secondX, cy &+ secondY, cz &+ secondZ), mid - lo)
        out.store(3, entry(level, cx &+ one, cy &+ one, cz &+ one), lo)
    }

    /// The eight cube corners of eight points (`GridStencil`), corner `c` at offset
    /// `(c & 1, c >> 1 & 1, c >> 2)`.
    @inline(__always)
    private func gridCorners(_ level: EncodingLevel, _ x: SIMD8<Float>, _ y: SIMD8<Float>,
                             _ z: SIMD8<Float>, _ out: CornerOutput) {
        let px = x * level.scale + 0.5, py = y * level.scale + 0.5, pz = z * level.scale + 0.5
        let bx = px.rounded(.down), by = py.rounded(.down), bz = pz.rounded(.down)
        let fx = px - bx, fy = py - by, fz = pz - bz
        let gx = 1 - fx, gy = 1 - fy, gz = 1 - fz
        let cx = integers(bx), cy = integers(by), cz = integers(bz)
        let one = SIMD8<Int32>(repeating: 1)
        let x1 = cx &+ one, y1 = cy &+ one, z1 = cz &+ one
        out.store(0, entry(level, cx, cy, cz), gx * gy * gz)
        out.store(1, entry(level, x1, cy, cz), fx * gy * gz)
        out.store(2, entry(level, cx, y1, cz), gx * fy * gz)
        out.store(3, entry(level, x1, y1, cz), fx * fy * gz)
        out.store(4, entry(level, cx, cy, z1), gx * gy * fz)
        out.store(5, entry(level, x1, cy, z1), fx * gy * fz)
        out.store(6, entry(level, cx, y1, z1), gx * fy * fz)
        out.store(7, entry(level, x1, y1, z1), fx * fy * fz)
    }

    /// Whole-number floats in `[0, 2²²)` as integers (the unit box keeps coordinates there).
    @inline(__always)
    private func integers(_ v: SIMD8<Float>) -> SIMD8<Int32> {
        unsafeBitCast(v + 8_388_608, to: SIMD8<Int32>.self) &- 0x4B00_0000
    }

    /// `EncodingLevel.entry` for eight vertices.
    @inline(__always)
    private func entry(_ level: EncodingLevel, _ x: SIMD8<Int32>, _ y: SIMD8<Int32>,
                       _ z: SIMD8<Int32>) -> SIMD8<UInt32> {
        let dense = level.denseResolution
        if dense > 0 {
            let top = SIMD8<Int32>(repeating: Int32(bitPattern: dense &- 1))
            let r = SIMD8<UInt32>(repeating: dense)
            let cx = SIMD8<UInt32>(truncatingIfNeeded: x.clamped(lowerBound: .zero, upperBound: top))
            let cy = SIMD8<UInt32>(truncatingIfNeeded: y.clamped(lowerBound: .zero, upperBound: top))
            let cz = SIMD8<UInt32>(truncatingIfNeeded: z.clamped(lowerBound: .zero, upperBound: top))
            return cx &+ r &* (cy &+ r &* cz)
        }
        let ux = SIMD8<UInt32>(truncatingIfNeeded: x), uy = SIMD8<UInt32>(truncatingIfNeeded: y)
        let uz = SIMD8<UInt32>(truncatingIfNeeded: z)
        let h = ux ^ (uy &* EncodingLevel.hashPrimeY) ^ (uz &* EncodingLevel.hashPrimeZ)
        return h & UInt32(truncatingIfNeeded: level.entryCount &- 1)
    }
}

// The standard library's `pointwiseMin`/`pointwiseMax` are not inlined (generic calls).
@inline(__always)
private func minimum(_ a: SIMD8<Float>, _ b: SIMD8<Float>) -> SIMD8<Float> { a.replacing(with: b, where: b .< a) }

@inline(__always)
private func maximum(_ a: SIMD8<Float>, _ b: SIMD8<Float>) -> SIMD8<Float> { a.replacing(with: b, where: b .> a) }

@inline(__always)
func load8<T: SIMDScalar>(_ p: UnsafePointer<T>) -> SIMD8<T> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD8<T>.self)
}

@inline(__always)
func store8<T: SIMDScalar>(_ v: SIMD8<T>, _ p: UnsafeMutablePointer<T>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<T>.self)
}
