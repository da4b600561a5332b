/// Value operations: combinations of two fields (sharp, smooth and chamfered CSG) and
/// modifications of one field (scale back, offset, shell, extrusion).
enum CombineKernels {
    /// `out = op(a, b)`; constants: the blend size k for smooth and chamfer operations.
    @inline(__always)
    static func run(_ opcode: Opcode, _ a: UnsafeMutablePointer<Vector16>, _ b: UnsafeMutablePointer<Vector16>,
                    _ out: UnsafeMutablePointer<Vector16>, _ k: UnsafePointer<Float>, _ lanes: Int) {
        switch opcode {
        case .minimum: for i in 0..<lanes { out[i] = minimum(a[i], b[i]) }
        case .maximum: for i in 0..<lanes { out[i] = maximum(a[i], b[i]) }
        case .subtract: for i in 0..<lanes { out[i] = maximum(a[i], -b[i]) }
        case .smoothMinimum: for i in 0..<lanes { out[i] = smoothMinimum(a[i], b[i], k[0]) }
        case .smoothMaximum: for i in 0..<lanes { out[i] = -smoothMinimum(-a[i], -b[i], k[0]) }
        case .smoothSubtract: for i in 0..<lanes { out[i] = -smoothMinimum(-a[i], b[i], k[0]) }
        case .chamferMinimum: for i in 0..<lanes { out[i] = chamferMinimum(a[i], b[i], k[0]) }
        case .chamferMaximum: for i in 0..<lanes { out[i] = -chamferMinimum(-a[i], -b[i], k[0]) }
        case .chamferSubtract: for i in 0..<lanes { out[i] = -chamferMinimum(-a[i], b[i], k[0]) }
        default: preconditionFailure("not a combination")
        }
    }

    /// Quadratic polynomial smooth minimum: `min(a, b) − h²k/4` with `h = max(k − |a − b|, 0)/k`.
    /// Its gradient is a convex combination of the inputs' gradients, so it keeps a 1-Lipschitz
    /// bound; the surface moves out by at most k/4.
    @inline(__always)
    static func smoothMinimum(_ a: Vector16, _ b: Vector16, _ k: Float) -> Vector16 {
        let h = maximum(k - absolute(a - b), .zero) * (1 / k)
        return minimum(a, b) - h * h * (k * 0.25)
    }

    /// Union with a 45° chamfer of size k: `min(a, b, (a + b − k)/√2)`.
    @inline(__always)
    static func chamferMinimum(_ a: Vector16, _ b: Vector16, _ k: Float) -> Vector16 {
        minimum(minimum(a, b), (a + b - k) * 0.707_106_77)
    }

    /// `out = op(a)`: multiply by k (scale back), add k (offset), `|a| − k` (shell of half
    /// thickness k).
    @inline(__always)
    static func modify(_ opcode: Opcode, _ a: UnsafeMutablePointer<Vector16>, _ out: UnsafeMutablePointer<Vector16>,
                       _ k: UnsafePointer<Float>, _ lanes: Int) {
        let c = k[0]
        switch opcode {
        case .multiply: for i in 0..<lanes { out[i] = a[i] * c }
        case .addConstant: for i in 0..<lanes { out[i] = a[i] + c }
        case .shell: for i in 0..<lanes { out[i] = absolute(a[i]) - c }
        default: preconditionFailure("not a value modification")
        }
    }

    /// Exact extrusion of a 2D distance `d` over `|z| ≤ h` (constants: h).
    @inline(__always)
    static func extrude(_ d: UnsafeMutablePointer<Vector16>, _ z: UnsafeMutablePointer<Vector16>,
                        _ out: UnsafeMutablePointer<Vector16>, _ k: UnsafePointer<Float>, _ lanes: Int) {
        let h = k[0]
        for i in 0..<lanes { out[i] = PrimitiveKernels.rectangle(d[i], absolute(z[i]) - h) }
    }
}
