/// Closed-form distances of the 3D primitives, 16 points per vector. Constants are laid out by
/// `ProgramBuilder.emitPrimitive`. Formulas follow Íñigo Quílez's catalogue of distance functions
/// (iquilezles.org/articles/distfunctions), re-derived for z-up axial shapes.
enum PrimitiveKernels {
    /// Dispatches one primitive over `lanes` vectors.
    @inline(__always)
    static func run(_ opcode: Opcode, _ p: PointRegister, _ out: UnsafeMutablePointer<Vector16>,
                    _ k: UnsafePointer<Float>, _ lanes: Int) {
        switch opcode {
        case .sphere:
            for i in 0..<lanes { out[i] = length(p.x[i], p.y[i], p.z[i]) - k[0] }
        case .box: boxes(p, out, k, rounding: 0, lanes)
        case .roundedBox: boxes(p, out, k, rounding: k[3], lanes)
        case .torus: torus(p, out, k, lanes)
        case .capsule: capsule(p, out, k, lanes)
        case .cylinder: cylinders(p, out, k, rounding: 0, lanes)
        case .roundedCylinder: cylinders(p, out, k, rounding: k[2], lanes)
        case .cone: cone(p, out, k, lanes)
        case .plane:
            for i in 0..<lanes { out[i] = k[0] * p.x[i] + k[1] * p.y[i] + k[2] * p.z[i] - k[3] }
        case .ellipsoid:
            for i in 0..<lanes { out[i] = (length(p.x[i] * k[0], p.y[i] * k[1], p.z[i] * k[2]) - 1) * k[3] }
        case .octahedron: octahedron(p, out, k, lanes)
        case .pyramid: pyramid(p, out, k, lanes)
        case .tetrahedron: tetrahedron(p, out, k, lanes)
        default: preconditionFailure("not a 3D primitive")
        }
    }

    // The loops live in small functions of their own so that the vector helpers inline into
    // them (inlined into the large dispatching function, they were left as calls per vector).

    /// Boxes with half sizes k[0…2], shrunk by `rounding` and rounded by it.
    static func boxes(_ p: PointRegister, _ out: UnsafeMutablePointer<Vector16>, _ k: UnsafePointer<Float>,
                      rounding: Float, _ lanes: Int) {
        let (bx, by, bz) = (k[0], k[1], k[2])
        for i in 0..<lanes { out[i] = box(p.x[i], p.y[i], p.z[i], bx, by, bz) - rounding }
    }

    /// Cylinders along z with radius k[0] and half height k[1], shrunk and rounded by `rounding`.
    static func cylinders(_ p: PointRegister, _ out: UnsafeMutablePointer<Vector16>, _ k: UnsafePointer<Float>,
                          rounding: Float, _ lanes: Int) {
        let (r, h) = (k[0], k[1])
        for i in 0..<lanes { out[i] = rectangle(length(p.x[i], p.y[i]) - r, absolute(p.z[i]) - h) - rounding }
    }

    /// Exact box distance for half sizes (bx, by, bz).
    @inline(__always)
    static func box(_ x: Vector16, _ y: Vector16, _ z: Vector16, _ bx: Float, _ by: Float, _ bz: Float) -> Vector16 {
        let qx = absolute(x) - bx, qy = absolute(y) - by, qz = absolute(z) - bz
        let outside = length(maximum(qx, .zero), maximum(qy, .zero), maximum(qz, .zero))
        let inside = minimum(maximum(qx, maximum(qy, qz)), .zero)
        return outside + inside
    }

    /// Exact distance of the rectangle whose signed edge offsets are (dx, dy).
    @inline(__always)
    static func rectangle(_ dx: Vector16, _ dy: Vector16) -> Vector16 {
        length(maximum(dx, .zero), maximum(dy, .zero)) + minimum(maximum(dx, dy), .zero)
    }

    /// Constants: major radius, minor radius.
    static func torus(_ p: PointRegister, _ out: UnsafeMutablePointer<Vector16>, _ k: UnsafePointer<Float>, _ lanes: Int) {
        for i in 0..<lanes {
            let u = length(p.x[i], p.y[i]) - k[0]
            out[i] = length(u, p.z[i]) - k[1]
        }
    }

    /// Constants: a (3), b − a (3), 1 / |b − a|² (0 when a = b), radius.
    static func capsule(_ p: PointRegister, _ out: UnsafeMutablePointer<Vector16>, _ k: UnsafePointer<Float>, _ lanes: Int) {
        let (ax, ay, az, ex, ey, ez, inverse, r) = (k[0], k[1], k[2], k[3], k[4], k[5], k[6], k[7])
        for i in 0..<lanes {
            let wx = p.x[i] - ax, wy = p.y[i] - ay, wz = p.z[i] - az
            let t = ((wx * ex + wy * ey + wz * ez) * inverse).clampedToUnit
            out[i] = length(wx - t * ex, wy - t * ey, wz - t * ez) - r
        }
    }

    /// Distance to a trapezoid in the (radius, z) half-plane: the two caps and the slanted side.
    /// Constants: half height, bottom radius, top radius, side (Δr, 2h), 1 / |side|².
    static func cone(_ p: PointRegister, _ out: UnsafeMutablePointer<Vector16>, _ k: UnsafePointer<Float>, _ lanes: Int) {
        let (h, r1, r2, ex, ey, inverse) = (k[0], k[1], k[2], k[3], k[4], k[5])
        for i in 0..<lanes {
            let r = length(p.x[i], p.y[i]), z = p.z[i]
            let capRadius = Vector16(repeating: r2).replacing(with: r1, where: z .< 0)
            let capX = r - minimum(r, capRadius), capY = absolute(z) - h
            let wx = r - r1, wy = z + h
            let t = ((wx * ex + wy * ey) * inverse).clampedToUnit
            let sideX = wx - t * ex, sideY = wy - t * ey
            let squared = minimum(capX * capX + capY * capY, sideX * sideX + sideY * sideY)
            let sign = Vector16(repeating: 1).replacing(with: -1, where: (sideX .< 0) .& (capY .< 0))
            out[i] = sign * squared.squareRoot()
        }
    }

    /// Exact distance to `|x| + |y| + |z| = s`: the nearest face (inner region) or the nearest
    /// edge, found after sorting the coordinates so the edge is the one between two axes.
    static func octahedron(_ p: PointRegister, _ out: UnsafeMutablePointer<Vector16>, _ k: UnsafePointer<Float>, _ lanes: Int) {
        for i in 0..<lanes {
            let region = OctahedronRegion(p, i, size: k[0])
            let edge = length(region.ex, region.ey, region.ez)
            out[i] = edge.replacing(with: region.m * 0.577_350_27, where: region.isFace)
        }
    }

    /// Square pyramid, unit base side at z = 0 scaled by `base`: distances to the slanted faces
    /// are found in the plane of the nearest face (after folding by the symmetries). Constants: 1 / base, height / base,
    /// (height / base)² + 1/4, base.
    static func pyramid(_ p: PointRegister, _ out: UnsafeMutablePointer<Vector16>, _ k: UnsafePointer<Float>, _ lanes: Int) {
        let (inverseBase, h, m2, base) = (k[0], k[1], k[2], k[3])
        for i in 0..<lanes {
            let a0 = absolute(p.x[i] * inverseBase), b0 = absolute(p.y[i] * inverseBase)
            let up = p.z[i] * inverseBase
            let swap = b0 .> a0
            let a = a0.replacing(with: b0, where: swap) - 0.5
            let b = b0.replacing(with: a0, where: swap) - 0.5
            let qx = b, qy = h * up - 0.5 * a, qz = h * a + 0.5 * up
            let s = maximum(-qx, .zero)
            let t = ((qy - 0.5 * b) / (m2 + 0.25)).clampedToUnit
            let da = m2 * (qx + s) * (qx + s) + qy * qy
            let db = m2 * (qx + 0.5 * t) * (qx + 0.5 * t) + (qy - m2 * t) * (qy - m2 * t)
            let d2 = minimum(da, db).replacing(with: Float(0), where: minimum(qy, -qx * m2 - qy * 0.5) .> 0)
            let sign = Vector16(repeating: 1).replacing(with: -1, where: maximum(qz, -up) .< 0)
            var d = sign * ((d2 + qz * qz) / m2).squareRoot()
            // Inside, the base plane may be the nearest face; below it, the base square is the
            // nearest part of the solid.
            d.replace(with: maximum(d, -up), where: d .< 0)
            let below = length(maximum(a0 - 0.5, .zero), maximum(b0 - 0.5, .zero), up)
            out[i] = d.replacing(with: below, where: up .<= 0) * base
        }
    }

    /// The largest signed distance to the four face planes. Constants: size.
    static func tetrahedron(_ p: PointRegister, _ out: UnsafeMutablePointer<Vector16>, _ k: UnsafePointer<Float>, _ lanes: Int) {
        let s = k[0]
        for i in 0..<lanes {
            let x = p.x[i], y = p.y[i], z = p.z[i]
            let m = maximum(maximum(-x - y - z, -x + y + z), maximum(x - y + z, x + y - z))
            out[i] = (m - s) * 0.577_350_27
        }
    }
}

/// Where a point lies relative to the octahedron `|x| + |y| + |z| = s` (shared by the distance
/// and the gradient kernel): in the region of a face, or nearest to the edge between two axes
/// after a cyclic permutation of |x|, |y|, |z| (useX: (x, y, z), useY: (y, z, x), else (z, x, y)).
struct OctahedronRegion {
    /// |x| + |y| + |z| − s.
    let m: Vector16
    let useX: SIMDMask<SIMD16<Int32>>
    let useY: SIMDMask<SIMD16<Int32>>
    let isFace: SIMDMask<SIMD16<Int32>>
    /// From the nearest edge point to the point, in permuted coordinates.
    let ex: Vector16, ey: Vector16, ez: Vector16

    @inline(__always) init(_ p: PointRegister, _ i: Int, size s: Float) {
        let x = absolute(p.x[i]), y = absolute(p.y[i]), z = absolute(p.z[i])
        m = x + y + z - s
        useX = 3 * x .< m
        useY = .!useX .& (3 * y .< m)
        let useZ = .!useX .& .!useY .& (3 * z .< m)
        isFace = .!(useX .| useY .| useZ)
        var qx = z, qy = x, qz = y
        qx.replace(with: x, where: useX); qy.replace(with: y, where: useX); qz.replace(with: z, where: useX)
        qx.replace(with: y, where: useY); qy.replace(with: z, where: useY); qz.replace(with: x, where: useY)
        let t = (0.5 * (qz - qy + s)).clamped(0, s)
        (ex, ey, ez) = (qx, qy - s + t, qz - t)
    }
}
