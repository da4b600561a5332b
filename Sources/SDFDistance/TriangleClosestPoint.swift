import SDFGeometry

/// The part of a triangle a closest point lies on (for pseudonormal signs).
public enum TriangleFeature: UInt8, Sendable {
    case vertex0, vertex1, vertex2
    /// The edge from corner 0 to corner 1; similarly for the other edges.
    case edge01, edge12, edge20
    case face
}

/// The closest point of triangle (a, b, c) to `p`, by Voronoi regions of the corners, edges and
/// face (Ericson, "Real-Time Collision Detection", §5.1.5): no square roots, one division.
/// Degenerate triangles (zero area) fall back to the closest of their three edges.
@inlinable @inline(__always)
func closestPointOnTriangle<T: BinaryFloatingPoint & SIMDScalar>(
    _ p: SIMD3<T>, _ a: SIMD3<T>, _ b: SIMD3<T>, _ c: SIMD3<T>
) -> (point: SIMD3<T>, feature: TriangleFeature) {
    let ab = b - a, ac = c - a, ap = p - a
    let d1 = (ab * ap).sum(), d2 = (ac * ap).sum()
    if d1 <= 0 && d2 <= 0 { return (a, .vertex0) }
    let bp = p - b
    let d3 = (ab * bp).sum(), d4 = (ac * bp).sum()
    if d3 >= 0 && d4 <= d3 { return (b, .vertex1) }
    let vc = d1 * d4 - d3 * d2
    if vc <= 0 && d1 >= 0 && d3 <= 0 {
        return (a + ab * (d1 / (d1 - d3)), .edge01)
    }
    let cp = p - c
    let d5 = (ab * cp).sum(), d6 = (ac * cp).sum()
    if d6 >= 0 && d5 <= d6 { return (c, .vertex2) }
    let vb = d5 * d2 - d1 * d6
    if vb <= 0 && d2 >= 0 && d6 <= 0 {
        return (a + ac * (d2 / (d2 - d6)), .edge20)
    }
    let va = d3 * d6 - d5 * d4
    if va <= 0 && d4 - d3 >= 0 && d5 - d6 >= 0 {
        return (b + (c - b) * ((d4 - d3) / ((d4 - d3) + (d5 - d6))), .edge12)
    }
    let sum = va + vb + vc
    guard sum > 0 else { return closestPointOnEdges(p, a, b, c) }
    let v = vb / sum, w = vc / sum
    return (a + ab * v + ac * w, .face)
}

/// The closest point on the three edges of a (degenerate) triangle.
@inlinable
func closestPointOnEdges<T: BinaryFloatingPoint & SIMDScalar>(
    _ p: SIMD3<T>, _ a: SIMD3<T>, _ b: SIMD3<T>, _ c: SIMD3<T>
) -> (point: SIMD3<T>, feature: TriangleFeature) {
    func onSegment(_ s: SIMD3<T>, _ e: SIMD3<T>) -> SIMD3<T> {
        let d = e - s
        let dd = (d * d).sum()
        guard dd > 0 else { return s }
        let t = Swift.min(1, Swift.max(0, ((p - s) * d).sum() / dd))
        return s + d * t
    }
    func squaredDistance(_ q: SIMD3<T>) -> T { ((p - q) * (p - q)).sum() }
    var best = (point: onSegment(a, b), feature: TriangleFeature.edge01)
    let onBC = onSegment(b, c), onCA = onSegment(c, a)
    if squaredDistance(onBC) < squaredDistance(best.point) { best = (onBC, .edge12) }
    if squaredDistance(onCA) < squaredDistance(best.point) { best = (onCA, .edge20) }
    return best
}

/// The squared distance from `p` to triangle (a, b, c), in single precision (the BVH's inner loop).
@inlinable @inline(__always)
func squaredDistanceToTriangle(_ p: SIMD3<Float>, _ a: SIMD3<Float>, _ b: SIMD3<Float>,
                               _ c: SIMD3<Float>) -> Float {
    let q = closestPointOnTriangle(p, a, b, c).point - p
    return (q * q).sum()
}
