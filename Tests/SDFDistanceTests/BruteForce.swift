import SDFGeometry

/// Reference computations written independently of the library's algorithms.
enum BruteForce {
    /// Distance from `p` to triangle (a, b, c): the plane projection if it falls inside, else the
    /// nearest of the three edges, in double precision.
    static func distance(_ p: SIMD3<Float>, _ a: SIMD3<Float>, _ b: SIMD3<Float>, _ c: SIMD3<Float>) -> Double {
        let q = SIMD3<Double>(p), a = SIMD3<Double>(a), b = SIMD3<Double>(b), c = SIMD3<Double>(c)
        func dot(_ u: SIMD3<Double>, _ v: SIMD3<Double>) -> Double { (u * v).sum() }
        func segment(_ s: SIMD3<Double>, _ e: SIMD3<Double>) -> Double {
            let d = e - s
            let t = dot(d, d) > 0 ? Swift.min(1, Swift.max(0, dot(q - s, d) / dot(d, d))) : 0
            let r = q - (s + t * d)
            return dot(r, r).squareRoot()
        }
        var best = Swift.min(segment(a, b), segment(b, c), segment(c, a))
        let n = cross(b - a, c - a)
        let nn = dot(n, n)
        if nn > 0 {
            let projected = q - dot(q - a, n) / nn * n
            let inside = dot(cross(b - a, projected - a), n) >= 0 && dot(cross(c - b, projected - b), n) >= 0
                && dot(cross(a - c, projected - c), n) >= 0
            if inside { best = Swift.min(best, abs(dot(q - a, n)) / nn.squareRoot()) }
        }
        return best
    }

    /// Distance from `p` to the nearest triangle of `mesh`.
    static func distance(_ p: SIMD3<Float>, to mesh: TriangleMesh) -> Double {
        var best = Double.infinity
        for t in 0..<mesh.triangleCount {
            let (a, b, c) = mesh.corners(t)
            best = Swift.min(best, distance(p, a, b, c))
        }
        return best
    }

    /// The exact signed distance to the axis-aligned box [lo, hi]³.
    static func boxDistance(_ p: SIMD3<Float>, lo: Float, hi: Float) -> Double {
        let center = SIMD3<Double>(repeating: Double(lo + hi) / 2), half = Double(hi - lo) / 2
        let offset = SIMD3<Double>(p) - center
        let q = SIMD3(abs(offset.x), abs(offset.y), abs(offset.z)) - SIMD3(repeating: half)
        let outside = pointwiseMax(q, SIMD3<Double>.zero)
        return (outside * outside).sum().squareRoot() + Swift.min(q.max(), 0)
    }
}
