typealias Vector16 = SIMD16<Float>

// Lane-wise helpers written as selects and bit operations: the standard library's generic
// `pointwiseMin`/`pointwiseMax`/`clamped` handle NaN lane by lane and measured ~100× slower here.
// Like those, `minimum` and `maximum` return `b` where `a` is NaN (e.g. ∞ − ∞ far away), so
// clamps and blends stay finite for finite input.

@inline(__always) func minimum(_ a: Vector16, _ b: Vector16) -> Vector16 { b.replacing(with: a, where: a .< b) }

@inline(__always) func maximum(_ a: Vector16, _ b: Vector16) -> Vector16 { b.replacing(with: a, where: a .> b) }

@inline(__always) func absolute(_ v: Vector16) -> Vector16 {
    unsafeBitCast(unsafeBitCast(v, to: SIMD16<UInt32>.self) & 0x7FFF_FFFF, to: Vector16.self)
}

extension SIMD16 where Scalar == Float {
    /// Each lane clamped to [0, 1].
    @inline(__always) var clampedToUnit: Vector16 { minimum(maximum(self, .zero), Vector16(repeating: 1)) }

    /// Each lane clamped to [lower, upper].
    @inline(__always) func clamped(_ lower: Float, _ upper: Float) -> Vector16 {
        minimum(maximum(self, Vector16(repeating: lower)), Vector16(repeating: upper))
    }
}

@inline(__always) func length(_ x: Vector16, _ y: Vector16) -> Vector16 { (x * x + y * y).squareRoot() }

@inline(__always) func length(_ x: Vector16, _ y: Vector16, _ z: Vector16) -> Vector16 {
    (x * x + y * y + z * z).squareRoot()
}

/// Domain operations: each maps a point register to another point register, 16 points at a time.
enum PointKernels {
    /// Dispatches one point operation over `lanes` vectors; `k` holds its constants.
    @inline(__always)
    static func run(_ opcode: Opcode, _ p: PointRegister, _ q: PointRegister, _ k: UnsafePointer<Float>,
                    _ lanes: Int) {
        switch opcode {
        case .affine: affine(p, q, k, lanes)
        case .mirror: mirror(p, q, k, lanes)
        case .repeatCell: repeatCell(p, q, k, lanes)
        case .twist: rotateInPlane(p, q, rate: k[0], angleFromZ: true, lanes)
        case .bend: rotateInPlane(p, q, rate: k[0], angleFromZ: false, lanes)
        case .elongate: elongate(p, q, k, lanes)
        case .revolve: revolve(p, q, k, lanes)
        default: preconditionFailure("not a point operation")
        }
    }

    /// `q = M p + t`, constants: the rows of M, each followed by the component of t.
    static func affine(_ p: PointRegister, _ q: PointRegister, _ k: UnsafePointer<Float>, _ lanes: Int) {
        let (m00, m01, m02, t0) = (k[0], k[1], k[2], k[3])
        let (m10, m11, m12, t1) = (k[4], k[5], k[6], k[7])
        let (m20, m21, m22, t2) = (k[8], k[9], k[10], k[11])
        for i in 0..<lanes {
            let x = p.x[i], y = p.y[i], z = p.z[i]
            q.x[i] = m00 * x + m01 * y + m02 * z + t0
            q.y[i] = m10 * x + m11 * y + m12 * z + t1
            q.z[i] = m20 * x + m21 * y + m22 * z + t2
        }
    }

    /// Absolute value of the coordinates whose constant is 1.
    static func mirror(_ p: PointRegister, _ q: PointRegister, _ k: UnsafePointer<Float>, _ lanes: Int) {
        for axis in 0..<3 {
            let from = p.plane(axis), to = q.plane(axis)
            if k[axis] != 0 {
                for i in 0..<lanes { to[i] = absolute(from[i]) }
            } else {
                for i in 0..<lanes { to[i] = from[i] }
            }
        }
    }

    /// Moves each point into the cell of one copy of a repetition. Constants: period (3; 0 = not
    /// repeated), limit (3; the largest cell index, +∞ without limit), neighbour flags (3). With a
    /// neighbour flag, the copy is the adjacent one on the point's side of its nearest cell.
    static func repeatCell(_ p: PointRegister, _ q: PointRegister, _ k: UnsafePointer<Float>, _ lanes: Int) {
        for axis in 0..<3 {
            let from = p.plane(axis), to = q.plane(axis)
            let period = k[axis], limit = k[3 + axis], neighbour = k[6 + axis] != 0
            guard period > 0 else {
                for i in 0..<lanes { to[i] = from[i] }
                continue
            }
            let inverse = 1 / period
            for i in 0..<lanes {
                let v = from[i]
                var cell = minimum(maximum((v * inverse).rounded(.toNearestOrAwayFromZero), Vector16(repeating: -limit)),
                                        Vector16(repeating: limit))
                if neighbour {
                    let step = Vector16(repeating: 1).replacing(with: -1, where: v - cell * period .< 0)
                    cell = minimum(maximum(cell + step, Vector16(repeating: -limit)), Vector16(repeating: limit))
                }
                to[i] = v - cell * period
            }
        }
    }

    /// Rotates (x, y) by `rate·z` (twist) or `rate·x` (bend); z is kept.
    static func rotateInPlane(_ p: PointRegister, _ q: PointRegister, rate: Float, angleFromZ: Bool, _ lanes: Int) {
        for i in 0..<lanes {
            let x = p.x[i], y = p.y[i]
            let (s, c) = sineCosine((angleFromZ ? p.z[i] : x) * rate)
            q.x[i] = c * x - s * y
            q.y[i] = s * x + c * y
            q.z[i] = p.z[i]
        }
    }

    /// `q = p − clamp(p, −h, h)`; constants: h (3).
    static func elongate(_ p: PointRegister, _ q: PointRegister, _ k: UnsafePointer<Float>, _ lanes: Int) {
        for axis in 0..<3 {
            let from = p.plane(axis), to = q.plane(axis)
            let h = Vector16(repeating: k[axis])
            for i in 0..<lanes {
                let v = from[i]
                to[i] = v - minimum(maximum(v, -h), h)
            }
        }
    }

    /// The 2D point of a revolution around z: `(√(x² + y²) − offset, z)`; constants: offset.
    static func revolve(_ p: PointRegister, _ q: PointRegister, _ k: UnsafePointer<Float>, _ lanes: Int) {
        let offset = k[0]
        for i in 0..<lanes {
            let u = length(p.x[i], p.y[i]) - offset
            let v = p.z[i]
            q.x[i] = u
            q.y[i] = v
            q.z[i] = .zero
        }
    }
}
