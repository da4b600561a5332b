/// Forward-mode derivatives of the tape's point and value operations (see
/// `ShapeProgram.gradients`): Jacobians of the domain maps, the chain rule from a primitive's
/// local gradient to the input point, and the gradients of combinations and modifications.
enum DualKernels {
    /// Planes of `ChunkScratch.temporary` the gradient kernels use.
    static let temporaryPlanes = 9

    /// The Jacobian of point register `output = op(input)` from the input's Jacobian. Reads
    /// only the input register, so it may run before or after the value kernel. (Twist and bend
    /// use `rotateInPlane`, which writes the point too.)
    static func jacobian(_ opcode: Opcode, scratch: ChunkScratch, from input: Int32, to output: Int32,
                         _ k: UnsafePointer<Float>, _ lanes: Int) {
        let p = scratch.point(input)
        let rows = (scratch.jacobianRow(input, 0), scratch.jacobianRow(input, 1), scratch.jacobianRow(input, 2))
        let out = (scratch.jacobianRow(output, 0), scratch.jacobianRow(output, 1), scratch.jacobianRow(output, 2))
        switch opcode {
        case .affine:
            for row in 0..<3 {
                let q = scratch.jacobianRow(output, row)
                let (m0, m1, m2) = (k[4 * row], k[4 * row + 1], k[4 * row + 2])
                for i in 0..<lanes {
                    q.x[i] = m0 * rows.0.x[i] + m1 * rows.1.x[i] + m2 * rows.2.x[i]
                    q.y[i] = m0 * rows.0.y[i] + m1 * rows.1.y[i] + m2 * rows.2.y[i]
                    q.z[i] = m0 * rows.0.z[i] + m1 * rows.1.z[i] + m2 * rows.2.z[i]
                }
            }
        case .mirror:
            for axis in 0..<3 {
                let from = scratch.jacobianRow(input, axis), to = scratch.jacobianRow(output, axis)
                guard k[axis] != 0 else {
                    copy(from, to, lanes)
                    continue
                }
                let coordinate = p.plane(axis)
                for i in 0..<lanes {
                    let s = signOf(coordinate[i])
                    to.x[i] = s * from.x[i]
                    to.y[i] = s * from.y[i]
                    to.z[i] = s * from.z[i]
                }
            }
        case .repeatCell:
            for axis in 0..<3 { copy(scratch.jacobianRow(input, axis), scratch.jacobianRow(output, axis), lanes) }
        case .elongate:
            for axis in 0..<3 {
                let from = scratch.jacobianRow(input, axis), to = scratch.jacobianRow(output, axis)
                let coordinate = p.plane(axis), h = k[axis]
                for i in 0..<lanes {
                    let moving = absolute(coordinate[i]) .> h
                    to.x[i] = Vector16.zero.replacing(with: from.x[i], where: moving)
                    to.y[i] = Vector16.zero.replacing(with: from.y[i], where: moving)
                    to.z[i] = Vector16.zero.replacing(with: from.z[i], where: moving)
                }
            }
        case .revolve:
            for i in 0..<lanes {
                let x = p.x[i], y = p.y[i]
                let inverse = inverseOrZero(length(x, y))
                let ux = x * inverse, uy = y * inverse
                out.0.x[i] = ux * rows.0.x[i] + uy * rows.1.x[i]
                out.0.y[i] = ux * rows.0.y[i] + uy * rows.1.y[i]
                out.0.z[i] = ux * rows.0.z[i] + uy * rows.1.z[i]
                out.2.x[i] = .zero
                out.2.y[i] = .zero
                out.2.z[i] = .zero
            }
            copy(rows.2, out.1, lanes)
        default:
            preconditionFailure("not a point operation")
        }
    }

    /// Twist (`angleFromZ`) or bend: writes point register `output` as
    /// `PointKernels.rotateInPlane` does and its Jacobian, with one sine and cosine per point.
    static func rotateInPlane(scratch: ChunkScratch, from input: Int32, to output: Int32, rate: Float,
                              angleFromZ: Bool, _ lanes: Int) {
        let p = scratch.point(input), q = scratch.point(output)
        let rows = (scratch.jacobianRow(input, 0), scratch.jacobianRow(input, 1), scratch.jacobianRow(input, 2))
        let out = (scratch.jacobianRow(output, 0), scratch.jacobianRow(output, 1), scratch.jacobianRow(output, 2))
        let source = angleFromZ ? rows.2 : rows.0
        for i in 0..<lanes {
            let x = p.x[i], y = p.y[i]
            let (s, c) = sineCosine((angleFromZ ? p.z[i] : x) * rate)
            let rotatedX = c * x - s * y, rotatedY = s * x + c * y
            q.x[i] = rotatedX
            q.y[i] = rotatedY
            q.z[i] = p.z[i]
            // q = R(θ)(x, y): dq = R dp + R'(θ)(x, y)·rate·dθsource, R'(x, y) = (−qy, qx).
            let qx = rotatedX * rate, qy = rotatedY * rate
            out.0.x[i] = c * rows.0.x[i] - s * rows.1.x[i] - qy * source.x[i]
            out.0.y[i] = c * rows.0.y[i] - s * rows.1.y[i] - qy * source.y[i]
            out.0.z[i] = c * rows.0.z[i] - s * rows.1.z[i] - qy * source.z[i]
            out.1.x[i] = s * rows.0.x[i] + c * rows.1.x[i] + qx * source.x[i]
            out.1.y[i] = s * rows.0.y[i] + c * rows.1.y[i] + qx * source.y[i]
            out.1.z[i] = s * rows.0.z[i] + c * rows.1.z[i] + qx * source.z[i]
        }
        copy(rows.2, out.2, lanes)
    }

    /// `gradient = Jᵀ · local`: a gradient in the coordinates of point register `register`
    /// carried back to the input point.
    static func chain(_ local: PointRegister, through scratch: ChunkScratch, _ register: Int32,
                      into gradient: PointRegister, _ lanes: Int) {
        let r0 = scratch.jacobianRow(register, 0), r1 = scratch.jacobianRow(register, 1)
        let r2 = scratch.jacobianRow(register, 2)
        for i in 0..<lanes {
            let gx = local.x[i], gy = local.y[i], gz = local.z[i]
            gradient.x[i] = gx * r0.x[i] + gy * r1.x[i] + gz * r2.x[i]
            gradient.y[i] = gx * r0.y[i] + gy * r1.y[i] + gz * r2.y[i]
            gradient.z[i] = gx * r0.z[i] + gy * r1.z[i] + gz * r2.z[i]
        }
    }

    /// The gradient of `output = op(a, b)`, written before the value kernel overwrites `a`.
    ///
    /// Every combination is `σₒ·g(σₐa, σ_b b)` for a union-like `g` (min, the smooth minimum or
    /// the chamfer minimum) and signs σ: intersection `−g(−a, −b)`, difference `−g(−a, b)`. The
    /// gradient is `σₒ(wₐσₐ∇a + w_bσ_b∇b)` with g's partial derivatives `wₐ, w_b`.
    static func combine(_ opcode: Opcode, scratch: ChunkScratch, _ a: Int32, _ b: Int32, _ output: Int32,
                        _ k: UnsafePointer<Float>, _ lanes: Int) {
        let signs: (a: Float, b: Float) = switch opcode {
        case .minimum, .smoothMinimum, .chamferMinimum: (1, 1)
        case .maximum, .smoothMaximum, .chamferMaximum: (-1, -1)
        default: (-1, 1)
        }
        let va = scratch.value(a), vb = scratch.value(b)
        let ga = scratch.gradient(a), gb = scratch.gradient(b), g = scratch.gradient(output)
        for i in 0..<lanes {
            let x = va[i] * signs.a, y = vb[i] * signs.b
            let first = x .< y
            var wa = Vector16.zero.replacing(with: 1, where: first)
            var wb = 1 - wa
            switch opcode {
            case .smoothMinimum, .smoothMaximum, .smoothSubtract:
                let h = maximum(k[0] - absolute(x - y), .zero) * (1 / k[0])
                wa = (1 - 0.5 * h).replacing(with: 0.5 * h, where: .!first)
                wb = 1 - wa
            case .chamferMinimum, .chamferMaximum, .chamferSubtract:
                // The kernel keeps min(x, y) where it is below the chamfer plane's value.
                let onChamfer = .!(minimum(x, y) .< (x + y - k[0]) * 0.707_106_77)
                wa.replace(with: 0.707_106_77, where: onChamfer)
                wb.replace(with: 0.707_106_77, where: onChamfer)
            default:
                break
            }
            // σₒ = σₐ, so the first weight's sign is σₐ² = 1.
            let ca = wa, cb = wb * (signs.a * signs.b)
            g.x[i] = ca * ga.x[i] + cb * gb.x[i]
            g.y[i] = ca * ga.y[i] + cb * gb.y[i]
            g.z[i] = ca * ga.z[i] + cb * gb.z[i]
        }
    }

    /// The gradient of `output = op(a)` (scale back, offset, shell), before the value kernel.
    static func modify(_ opcode: Opcode, scratch: ChunkScratch, _ a: Int32, _ output: Int32,
                       _ k: UnsafePointer<Float>, _ lanes: Int) {
        let va = scratch.value(a), ga = scratch.gradient(a), g = scratch.gradient(output)
        for i in 0..<lanes {
            let factor: Vector16 = switch opcode {
            case .multiply: Vector16(repeating: k[0])
            case .shell: signOf(va[i])
            default: Vector16(repeating: 1)
            }
            g.x[i] = factor * ga.x[i]
            g.y[i] = factor * ga.y[i]
            g.z[i] = factor * ga.z[i]
        }
    }

    /// The gradient of the extrusion `rectangle(d, |z| − h)` of a 2D distance register.
    static func extrude(scratch: ChunkScratch, distance: Int32, point: Int32, _ output: Int32,
                        _ k: UnsafePointer<Float>, _ lanes: Int) {
        let d = scratch.value(distance), gd = scratch.gradient(distance), g = scratch.gradient(output)
        let z = scratch.point(point).z, dz = scratch.jacobianRow(point, 2)
        for i in 0..<lanes {
            let (wa, wb) = rectangleWeights(d[i], absolute(z[i]) - k[0])
            let wz = wb * signOf(z[i])
            g.x[i] = wa * gd.x[i] + wz * dz.x[i]
            g.y[i] = wa * gd.y[i] + wz * dz.y[i]
            g.z[i] = wa * gd.z[i] + wz * dz.z[i]
        }
    }

    private static func copy(_ from: PointRegister, _ to: PointRegister, _ lanes: Int) {
        for i in 0..<lanes {
            to.x[i] = from.x[i]
            to.y[i] = from.y[i]
            to.z[i] = from.z[i]
        }
    }
}

/// −1 where `v < 0`, else 1 (the derivative of |v| away from 0).
@inline(__always) func signOf(_ v: Vector16) -> Vector16 {
    Vector16(repeating: 1).replacing(with: -1, where: v .< 0)
}

/// `1/v` where `v > 0`, else 0.
@inline(__always) func inverseOrZero(_ v: Vector16) -> Vector16 {
    (1 / v).replacing(with: 0, where: .!(v .> 0))
}

/// The partial derivatives of `rectangle(dx, dy) = |max((dx, dy), 0)| + min(max(dx, dy), 0)`:
/// the outward direction outside, the nearer edge's axis inside (the branch `maximum` picks).
@inline(__always) func rectangleWeights(_ dx: Vector16, _ dy: Vector16) -> (Vector16, Vector16) {
    let ox = maximum(dx, .zero), oy = maximum(dy, .zero)
    let outside = length(ox, oy)
    let inverse = inverseOrZero(outside)
    let xNearest = dx .> dy
    let insideX = Vector16.zero.replacing(with: 1, where: xNearest)
    let isOutside = outside .> 0
    return (insideX.replacing(with: ox * inverse, where: isOutside),
            (1 - insideX).replacing(with: oy * inverse, where: isOutside))
}
