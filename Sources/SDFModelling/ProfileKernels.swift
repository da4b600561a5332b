/// Closed-form distances of the 2D profiles in the (x, y) plane of a point register.
enum ProfileKernels {
    /// Dispatches one profile over `lanes` vectors.
    @inline(__always)
    static func run(_ opcode: Opcode, _ p: PointRegister, _ out: UnsafeMutablePointer<Vector16>,
                    _ k: UnsafePointer<Float>, _ lanes: Int) {
        switch opcode {
        case .circle:
            for i in 0..<lanes { out[i] = length(p.x[i], p.y[i]) - k[0] }
        case .rectangle: rectangles(p, out, k, rounding: 0, lanes)
        case .roundedRectangle: rectangles(p, out, k, rounding: k[2], lanes)
        case .polygon: polygon(p, out, k, lanes)
        default: preconditionFailure("not a 2D profile")
        }
    }

    /// Rectangles with half sides k[0], k[1], shrunk and rounded by `rounding` (a loop of its
    /// own so the vector helpers inline).
    static func rectangles(_ p: PointRegister, _ out: UnsafeMutablePointer<Vector16>, _ k: UnsafePointer<Float>,
                           rounding: Float, _ lanes: Int) {
        let (hx, hy) = (k[0], k[1])
        for i in 0..<lanes {
            out[i] = PrimitiveKernels.rectangle(absolute(p.x[i]) - hx, absolute(p.y[i]) - hy) - rounding
        }
    }

    /// Exact distance to a closed polygon, negative where the winding number is non-zero.
    /// Constants: edge count n, then per edge: start (2), edge vector (2), 1 / |edge|² (0 for a
    /// zero-length edge).
    static func polygon(_ p: PointRegister, _ out: UnsafeMutablePointer<Vector16>, _ k: UnsafePointer<Float>, _ lanes: Int) {
        let edgeCount = Int(k[0])
        let edges = k + 1
        for i in 0..<lanes {
            let x = p.x[i], y = p.y[i]
            var nearest = Vector16(repeating: .infinity)
            var winding = Vector16.zero
            for e in 0..<edgeCount {
                let c = edges + 5 * e
                let (sx, sy, ex, ey, inverse) = (c[0], c[1], c[2], c[3], c[4])
                let wx = x - sx, wy = y - sy
                let t = ((wx * ex + wy * ey) * inverse).clampedToUnit
                let dx = wx - t * ex, dy = wy - t * ey
                nearest = minimum(nearest, dx * dx + dy * dy)
                // Crossings of the horizontal ray to +x: upward edges with the point on their
                // left count +1, downward edges with the point on their right count −1.
                let side = ex * wy - ey * wx
                let endY = sy + ey
                let upward = (y .>= sy) .& (y .< endY) .& (side .> 0)
                let downward = (y .>= endY) .& (y .< sy) .& (side .< 0)
                winding = winding.replacing(with: winding + 1, where: upward)
                winding = winding.replacing(with: winding - 1, where: downward)
            }
            let sign = Vector16(repeating: 1).replacing(with: -1, where: winding .!= 0)
            out[i] = sign * nearest.squareRoot()
        }
    }
}
