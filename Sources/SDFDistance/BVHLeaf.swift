#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SDFGeometry

/// The triangles of one BVH leaf (at most four) in structure-of-arrays form, one SIMD lane per
/// triangle, so a single pass of SIMD arithmetic measures the distance (or solid angle) of all
/// of them. Unused lanes repeat the leaf's last triangle, which changes no minimum; sums mask
/// them out.
@usableFromInline
struct BVHLeaf: Sendable {
    /// The corners a, b, c of each lane's triangle.
    var ax, ay, az, bx, by, bz, cx, cy, cz: SIMD4<Float>
    /// The unit normal (0 for a degenerate triangle, which is then measured by its edges).
    var nx, ny, nz: SIMD4<Float>
    /// 1/|b − a|², 1/|c − b|², 1/|a − c|² (0 for an edge of zero length).
    var inverseAB, inverseBC, inverseCA: SIMD4<Float>
    /// The first leaf slot (index into `BVH.triangleCorners / 3`) and the number of triangles.
    var firstSlot: Int32
    var count: Int32

    /// Packs leaf slots `first ..< first + count` (1…4) of `corners` (three per slot).
    init(corners: UnsafeBufferPointer<SIMD3<Float>>, first: Int, count: Int) {
        precondition((1...4).contains(count))
        firstSlot = Int32(first)
        self.count = Int32(count)
        ax = .zero; ay = .zero; az = .zero; bx = .zero; by = .zero; bz = .zero
        cx = .zero; cy = .zero; cz = .zero; nx = .zero; ny = .zero; nz = .zero
        inverseAB = .zero; inverseBC = .zero; inverseCA = .zero
        for lane in 0..<4 {
            let slot = first + Swift.min(lane, count - 1)
            let a = corners[3 * slot], b = corners[3 * slot + 1], c = corners[3 * slot + 2]
            ax[lane] = a.x; ay[lane] = a.y; az[lane] = a.z
            bx[lane] = b.x; by[lane] = b.y; bz[lane] = b.z
            cx[lane] = c.x; cy[lane] = c.y; cz[lane] = c.z
            let da = SIMD3<Double>(a), db = SIMD3<Double>(b), dc = SIMD3<Double>(c)
            let n = cross(db - da, dc - da)
            let length = (n * n).sum().squareRoot()
            let unit = length > 0 ? SIMD3<Float>(n / length) : .zero
            nx[lane] = unit.x; ny[lane] = unit.y; nz[lane] = unit.z
            inverseAB[lane] = Self.inverseSquaredLength(db - da)
            inverseBC[lane] = Self.inverseSquaredLength(dc - db)
            inverseCA[lane] = Self.inverseSquaredLength(da - dc)
        }
    }

    private static func inverseSquaredLength(_ v: SIMD3<Double>) -> Float {
        let l = (v * v).sum()
        return l > 0 ? Float(1 / l) : 0
    }

    /// Squared distances from `p` to the four lanes' triangles, in single precision: the plane
    /// distance when `p` projects inside the triangle, else the nearest of the three edges.
    @_transparent
    func squaredDistances(x: SIMD4<Float>, y: SIMD4<Float>, z: SIMD4<Float>) -> SIMD4<Float> {
        let apx = x - ax, apy = y - ay, apz = z - az
        let bpx = x - bx, bpy = y - by, bpz = z - bz
        let cpx = x - cx, cpy = y - cy, cpz = z - cz
        let abx = bx - ax, aby = by - ay, abz = bz - az
        let bcx = cx - bx, bcy = cy - by, bcz = cz - bz
        let cax = ax - cx, cay = ay - cy, caz = az - cz
        // Which side of each edge p lies on, seen along the normal: (e × (p − v)) · n.
        let sideAB = (aby * apz - abz * apy) * nx + (abz * apx - abx * apz) * ny + (abx * apy - aby * apx) * nz
        let sideBC = (bcy * bpz - bcz * bpy) * nx + (bcz * bpx - bcx * bpz) * ny + (bcx * bpy - bcy * bpx) * nz
        let sideCA = (cay * cpz - caz * cpy) * nx + (caz * cpx - cax * cpz) * ny + (cax * cpy - cay * cpx) * nz
        let inside = (sideAB .> 0) .& (sideBC .> 0) .& (sideCA .> 0)
        let plane = apx * nx + apy * ny + apz * nz
        let edgeAB = Self.segment(apx, apy, apz, abx, aby, abz, inverseAB)
        let edgeBC = Self.segment(bpx, bpy, bpz, bcx, bcy, bcz, inverseBC)
        let edgeCA = Self.segment(cpx, cpy, cpz, cax, cay, caz, inverseCA)
        let edges = minimum(minimum(edgeAB, edgeBC), edgeCA)
        return edges.replacing(with: plane * plane, where: inside)
    }

    /// Squared distance from v + w to the segment from v along e (w = p − v), with 1/|e|².
    @_transparent
    static func segment(_ wx: SIMD4<Float>, _ wy: SIMD4<Float>, _ wz: SIMD4<Float>,
                        _ ex: SIMD4<Float>, _ ey: SIMD4<Float>, _ ez: SIMD4<Float>,
                        _ inverse: SIMD4<Float>) -> SIMD4<Float> {
        let t0 = (wx * ex + wy * ey + wz * ez) * inverse
        let t = minimum(maximum(t0, SIMD4<Float>.zero), SIMD4(repeating: 1))
        let dx = wx - t * ex, dy = wy - t * ey, dz = wz - t * ez
        return dx * dx + dy * dy + dz * dz
    }

    /// `squaredDistances(x:y:z:)` for two points at once: the first in the low four lanes, the
    /// second in the high four (each lane half measures the same four triangles).
    /// Kept out of line: inlined, the optimiser splits it into two four-lane halves (the caller
    /// reads the halves apart), which doubles the work and spills registers.
    @inline(never)
    func squaredDistances(x: SIMD8<Float>, y: SIMD8<Float>, z: SIMD8<Float>) -> SIMD8<Float> {
        @_transparent func wide(_ v: SIMD4<Float>) -> SIMD8<Float> { SIMD8(lowHalf: v, highHalf: v) }
        let ax = wide(ax), ay = wide(ay), az = wide(az), bx = wide(bx), by = wide(by), bz = wide(bz)
        let cx = wide(cx), cy = wide(cy), cz = wide(cz), nx = wide(nx), ny = wide(ny), nz = wide(nz)
        let apx = x - ax, apy = y - ay, apz = z - az
        let bpx = x - bx, bpy = y - by, bpz = z - bz
        let cpx = x - cx, cpy = y - cy, cpz = z - cz
        let abx = bx - ax, aby = by - ay, abz = bz - az
        let bcx = cx - bx, bcy = cy - by, bcz = cz - bz
        let cax = ax - cx, cay = ay - cy, caz = az - cz
        let sideAB = (aby * apz - abz * apy) * nx + (abz * apx - abx * apz) * ny + (abx * apy - aby * apx) * nz
        let sideBC = (bcy * bpz - bcz * bpy) * nx + (bcz * bpx - bcx * bpz) * ny + (bcx * bpy - bcy * bpx) * nz
        let sideCA = (cay * cpz - caz * cpy) * nx + (caz * cpx - cax * cpz) * ny + (cax * cpy - cay * cpx) * nz
        let zero = SIMD8<Float>.zero
        let inside = (sideAB .> zero) .& (sideBC .> zero) .& (sideCA .> zero)
        let plane = apx * nx + apy * ny + apz * nz
        let edgeAB = Self.segment(apx, apy, apz, abx, aby, abz, wide(inverseAB))
        let edgeBC = Self.segment(bpx, bpy, bpz, bcx, bcy, bcz, wide(inverseBC))
        let edgeCA = Self.segment(cpx, cpy, cpz, cax, cay, caz, wide(inverseCA))
        let edges = minimum(minimum(edgeAB, edgeBC), edgeCA)
        return edges.replacing(with: plane * plane, where: inside)
    }

    /// `segment` for eight lanes.
    @_transparent
    static func segment(_ wx: SIMD8<Float>, _ wy: SIMD8<Float>, _ wz: SIMD8<Float>,
                        _ ex: SIMD8<Float>, _ ey: SIMD8<Float>, _ ez: SIMD8<Float>,
                        _ inverse: SIMD8<Float>) -> SIMD8<Float> {
        let t0 = (wx * ex + wy * ey + wz * ez) * inverse
        let t = minimum(maximum(t0, SIMD8<Float>.zero), SIMD8(repeating: 1))
        let dx = wx - t * ex, dy = wy - t * ey, dz = wz - t * ez
        return dx * dx + dy * dy + dz * dz
    }

    /// The four lanes' winding-number contributions at `q` (signed solid angles over 4π,
    /// Van Oosterom & Strackee), unused lanes zero.
    @_transparent
    func windingContributions(x: SIMD4<Float>, y: SIMD4<Float>, z: SIMD4<Float>) -> SIMD4<Float> {
        let pax = ax - x, pay = ay - y, paz = az - z
        let pbx = bx - x, pby = by - y, pbz = bz - z
        let pcx = cx - x, pcy = cy - y, pcz = cz - z
        let la = (pax * pax + pay * pay + paz * paz).squareRoot()
        let lb = (pbx * pbx + pby * pby + pbz * pbz).squareRoot()
        let lc = (pcx * pcx + pcy * pcy + pcz * pcz).squareRoot()
        let determinant = pax * (pby * pcz - pbz * pcy) + pay * (pbz * pcx - pbx * pcz)
            + paz * (pbx * pcy - pby * pcx)
        let ab = pax * pbx + pay * pby + paz * pbz
        let bc = pbx * pcx + pby * pcy + pbz * pcz
        let ca = pcx * pax + pcy * pay + pcz * paz
        let denominator = la * lb * lc + ab * lc + bc * la + ca * lb
        let angle = vectorAtan2(determinant, denominator) * (0.5 / Float.pi)
        let used = SIMD4<Int32>(0, 1, 2, 3) .< SIMD4(repeating: count)
        return angle.replacing(with: SIMD4<Float>.zero, where: .!used .| (determinant .== SIMD4<Float>.zero))
    }
}
