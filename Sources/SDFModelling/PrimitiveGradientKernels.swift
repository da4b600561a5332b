/// Closed-form gradients of the primitives and profiles with respect to their own (local)
/// coordinates, following the same branches as `PrimitiveKernels` and `ProfileKernels`. For an
/// exact distance the gradient is the unit vector from the nearest surface point (the inner
/// parameter of a segment or edge does not contribute: the distance is stationary in it).
enum PrimitiveGradientKernels {
    /// Writes the local gradient of `opcode` at `p` into `g`.
    static func run(_ opcode: Opcode, _ p: PointRegister, _ g: PointRegister, _ k: UnsafePointer<Float>,
                    _ lanes: Int, scratch: ChunkScratch) {
        switch opcode {
        case .sphere:
            for i in 0..<lanes {
                let inverse = inverseOrZero(length(p.x[i], p.y[i], p.z[i]))
                set(g, i, p.x[i] * inverse, p.y[i] * inverse, p.z[i] * inverse)
            }
        case .box, .roundedBox: box(p, g, k, lanes)
        case .torus:
            for i in 0..<lanes {
                let rho = length(p.x[i], p.y[i])
                let u = rho - k[0], z = p.z[i]
                let inverse = inverseOrZero(length(u, z))
                let radial = u * inverse * inverseOrZero(rho)
                set(g, i, radial * p.x[i], radial * p.y[i], z * inverse)
            }
        case .capsule: capsule(p, g, k, lanes)
        case .cylinder, .roundedCylinder:
            for i in 0..<lanes {
                let rho = length(p.x[i], p.y[i])
                let (wr, wz) = rectangleWeights(rho - k[0], absolute(p.z[i]) - k[1])
                let radial = wr * inverseOrZero(rho)
                set(g, i, radial * p.x[i], radial * p.y[i], wz * signOf(p.z[i]))
            }
        case .cone: cone(p, g, k, lanes)
        case .plane:
            for i in 0..<lanes { set(g, i, Vector16(repeating: k[0]), Vector16(repeating: k[1]), Vector16(repeating: k[2])) }
        case .ellipsoid:
            for i in 0..<lanes {
                let qx = p.x[i] * k[0], qy = p.y[i] * k[1], qz = p.z[i] * k[2]
                let factor = inverseOrZero(length(qx, qy, qz)) * k[3]
                set(g, i, factor * qx * k[0], factor * qy * k[1], factor * qz * k[2])
            }
        case .octahedron: octahedron(p, g, k, lanes)
        case .pyramid: centralDifferences(opcode, p, g, k, step: 1e-3 * k[3], lanes, scratch: scratch)
        case .tetrahedron: tetrahedron(p, g, lanes)
        case .circle:
            for i in 0..<lanes {
                let inverse = inverseOrZero(length(p.x[i], p.y[i]))
                set(g, i, p.x[i] * inverse, p.y[i] * inverse, .zero)
            }
        case .rectangle, .roundedRectangle:
            for i in 0..<lanes {
                let (wx, wy) = rectangleWeights(absolute(p.x[i]) - k[0], absolute(p.y[i]) - k[1])
                set(g, i, wx * signOf(p.x[i]), wy * signOf(p.y[i]), .zero)
            }
        case .polygon: polygon(p, g, k, lanes)
        default: preconditionFailure("not a primitive")
        }
    }

    @inline(__always)
    private static func set(_ g: PointRegister, _ i: Int, _ x: Vector16, _ y: Vector16, _ z: Vector16) {
        g.x[i] = x
        g.y[i] = y
        g.z[i] = z
    }

    /// Outside: the normalised positive part of `|p| − b`; inside: the axis of the nearest face.
    private static func box(_ p: PointRegister, _ g: PointRegister, _ k: UnsafePointer<Float>, _ lanes: Int) {
        for i in 0..<lanes {
            let x = p.x[i], y = p.y[i], z = p.z[i]
            let qx = absolute(x) - k[0], qy = absolute(y) - k[1], qz = absolute(z) - k[2]
            let ox = maximum(qx, .zero), oy = maximum(qy, .zero), oz = maximum(qz, .zero)
            let outside = length(ox, oy, oz)
            let inverse = inverseOrZero(outside)
            let useX = qx .> maximum(qy, qz)
            let useY = .!useX .& (qy .> qz)
            let useZ = .!useX .& .!useY
            let isOutside = outside .> 0
            let zero = Vector16.zero
            let gx = zero.replacing(with: 1, where: useX).replacing(with: ox * inverse, where: isOutside)
            let gy = zero.replacing(with: 1, where: useY).replacing(with: oy * inverse, where: isOutside)
            let gz = zero.replacing(with: 1, where: useZ).replacing(with: oz * inverse, where: isOutside)
            set(g, i, gx * signOf(x), gy * signOf(y), gz * signOf(z))
        }
    }

    private static func capsule(_ p: PointRegister, _ g: PointRegister, _ k: UnsafePointer<Float>, _ lanes: Int) {
        let (ax, ay, az, ex, ey, ez, inverseLength) = (k[0], k[1], k[2], k[3], k[4], k[5], k[6])
        for i in 0..<lanes {
            let wx = p.x[i] - ax, wy = p.y[i] - ay, wz = p.z[i] - az
            let t = ((wx * ex + wy * ey + wz * ez) * inverseLength).clampedToUnit
            let vx = wx - t * ex, vy = wy - t * ey, vz = wz - t * ez
            let inverse = inverseOrZero(length(vx, vy, vz))
            set(g, i, vx * inverse, vy * inverse, vz * inverse)
        }
    }

    /// In the (radius, z) half-plane: the vector from the nearer of the cap and the side,
    /// normalised and signed, then turned around z.
    private static func cone(_ p: PointRegister, _ g: PointRegister, _ k: UnsafePointer<Float>, _ lanes: Int) {
        let (h, r1, r2, ex, ey, inverseLength) = (k[0], k[1], k[2], k[3], k[4], k[5])
        for i in 0..<lanes {
            let r = length(p.x[i], p.y[i]), z = p.z[i]
            let capRadius = Vector16(repeating: r2).replacing(with: r1, where: z .< 0)
            let capX = r - minimum(r, capRadius), capY = absolute(z) - h
            let wx = r - r1, wy = z + h
            let t = ((wx * ex + wy * ey) * inverseLength).clampedToUnit
            let sideX = wx - t * ex, sideY = wy - t * ey
            let capSquared = capX * capX + capY * capY, sideSquared = sideX * sideX + sideY * sideY
            let useCap = capSquared .< sideSquared
            let vr = sideX.replacing(with: capX, where: useCap)
            let vz = sideY.replacing(with: capY * signOf(z), where: useCap)
            let sign = Vector16(repeating: 1).replacing(with: -1, where: (sideX .< 0) .& (capY .< 0))
            let scale = sign * inverseOrZero(minimum(capSquared, sideSquared).squareRoot())
            let radial = scale * vr * inverseOrZero(r)
            set(g, i, radial * p.x[i], radial * p.y[i], scale * vz)
        }
    }

    /// The face normal `sign(p)/√3` in the face region, else the unit vector from the nearest
    /// edge, mapped back through the kernel's permutation of |x|, |y|, |z|.
    private static func octahedron(_ p: PointRegister, _ g: PointRegister, _ k: UnsafePointer<Float>, _ lanes: Int) {
        for i in 0..<lanes {
            let region = OctahedronRegion(p, i, size: k[0])
            let (useX, useY, face) = (region.useX, region.useY, region.isFace)
            let inverse = inverseOrZero(length(region.ex, region.ey, region.ez))
            let (dx, dy, dz) = (region.ex * inverse, region.ey * inverse, region.ez * inverse)
            // Undo the permutation: useX (x, y, z), useY (y, z, x), otherwise (z, x, y).
            var gx = dy, gy = dz, gz = dx
            gx.replace(with: dx, where: useX); gy.replace(with: dy, where: useX); gz.replace(with: dz, where: useX)
            gx.replace(with: dz, where: useY); gy.replace(with: dx, where: useY); gz.replace(with: dy, where: useY)
            let normal = Vector16(repeating: 0.577_350_27)
            gx.replace(with: normal, where: face); gy.replace(with: normal, where: face); gz.replace(with: normal, where: face)
            set(g, i, gx * signOf(p.x[i]), gy * signOf(p.y[i]), gz * signOf(p.z[i]))
        }
    }

    /// The normal of the face plane the kernel's maximum picked.
    private static func tetrahedron(_ p: PointRegister, _ g: PointRegister, _ lanes: Int) {
        let c: Float = 0.577_350_27
        for i in 0..<lanes {
            let x = p.x[i], y = p.y[i], z = p.z[i]
            let m1 = -x - y - z, m2 = -x + y + z, m3 = x - y + z, m4 = x + y - z
            let firstPair = m1 .> m2, secondPair = m3 .> m4
            let a = maximum(m1, m2), b = maximum(m3, m4)
            let useFirst = a .> b
            // Normals (−,−,−), (−,+,+), (+,−,+), (+,+,−) times 1/√3.
            let ax = Vector16(repeating: -c)
            let ay = Vector16(repeating: c).replacing(with: -c, where: firstPair)
            let bx = Vector16(repeating: c)
            let by = Vector16(repeating: c).replacing(with: -c, where: secondPair)
            let bz = Vector16(repeating: -c).replacing(with: c, where: secondPair)
            set(g, i, bx.replacing(with: ax, where: useFirst), by.replacing(with: ay, where: useFirst),
                bz.replacing(with: ay, where: useFirst))
        }
    }

    /// The unit vector from the nearest edge point, negated inside (non-zero winding number).
    private static func polygon(_ p: PointRegister, _ g: PointRegister, _ k: UnsafePointer<Float>, _ lanes: Int) {
        let edgeCount = Int(k[0])
        let edges = k + 1
        for i in 0..<lanes {
            let x = p.x[i], y = p.y[i]
            var nearest = Vector16(repeating: .infinity), nx = Vector16.zero, ny = Vector16.zero
            var winding = Vector16.zero
            for e in 0..<edgeCount {
                let c = edges + 5 * e
                let (sx, sy, ex, ey, inverseLength) = (c[0], c[1], c[2], c[3], c[4])
                let wx = x - sx, wy = y - sy
                let t = ((wx * ex + wy * ey) * inverseLength).clampedToUnit
                let dx = wx - t * ex, dy = wy - t * ey
                let squared = dx * dx + dy * dy
                let closer = .!(nearest .< squared)
                nearest.replace(with: squared, where: closer)
                nx.replace(with: dx, where: closer)
                ny.replace(with: dy, where: closer)
                let side = ex * wy - ey * wx
                let endY = sy + ey
                let upward = (y .>= sy) .& (y .< endY) .& (side .> 0)
                let downward = (y .>= endY) .& (y .< sy) .& (side .< 0)
                winding = winding.replacing(with: winding + 1, where: upward)
                winding = winding.replacing(with: winding - 1, where: downward)
            }
            let scale = Vector16(repeating: 1).replacing(with: -1, where: winding .!= 0) * inverseOrZero(nearest.squareRoot())
            set(g, i, scale * nx, scale * ny, .zero)
        }
    }

    /// Central differences of the primitive's own closed form (for primitives whose branches
    /// make a closed-form gradient long): six kernel evaluations per point.
    private static func centralDifferences(_ opcode: Opcode, _ p: PointRegister, _ g: PointRegister, _ k: UnsafePointer<Float>,
                                           step: Float, _ lanes: Int, scratch: ChunkScratch) {
        let shifted = scratch.temporary(3), values = scratch.temporary(6)
        let plus = values.x, minus = values.y
        for i in 0..<lanes {
            shifted.x[i] = p.x[i]
            shifted.y[i] = p.y[i]
            shifted.z[i] = p.z[i]
        }
        for axis in 0..<3 {
            let from = p.plane(axis), to = shifted.plane(axis)
            for i in 0..<lanes { to[i] = from[i] + step }
            PrimitiveKernels.run(opcode, shifted, plus, k, lanes)
            for i in 0..<lanes { to[i] = from[i] - step }
            PrimitiveKernels.run(opcode, shifted, minus, k, lanes)
            for i in 0..<lanes { to[i] = from[i] }
            for i in 0..<lanes { g.plane(axis)[i] = (plus[i] - minus[i]) * (0.5 / step) }
        }
    }
}
