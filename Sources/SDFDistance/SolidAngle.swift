#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SDFGeometry

/// The two arguments of tan(Ω/2) for the signed solid angle Ω of triangle (a, b, c) seen from `q`
/// (Van Oosterom & Strackee 1983): det[a b c] and |a||b||c| + (a·b)|c| + (b·c)|a| + (c·a)|b|,
/// with a, b, c relative to `q`.
@inlinable @inline(__always)
func solidAngleTangentTerms<T: BinaryFloatingPoint & SIMDScalar>(
    _ q: SIMD3<T>, _ a: SIMD3<T>, _ b: SIMD3<T>, _ c: SIMD3<T>
) -> (numerator: T, denominator: T) {
    let qa = a - q, qb = b - q, qc = c - q
    let la = (qa * qa).sum().squareRoot(), lb = (qb * qb).sum().squareRoot()
    let lc = (qc * qc).sum().squareRoot()
    let bc = SIMD3<T>(qb.y * qc.z - qb.z * qc.y, qb.z * qc.x - qb.x * qc.z, qb.x * qc.y - qb.y * qc.x)
    let numerator = (qa * bc).sum()
    let denominator = la * lb * lc + (qa * qb).sum() * lc + (qb * qc).sum() * la + (qc * qa).sum() * lb
    return (numerator, denominator)
}

/// The exact generalized winding number of `mesh` at `q`: every triangle's solid angle over 4π,
/// summed in double precision (Jacobson et al. 2013). O(triangles) per query; the reference for
/// `FastWindingNumber`. 1 inside and 0 outside a closed outward-oriented mesh.
public func exactWindingNumber(of mesh: TriangleMesh, at q: SIMD3<Float>) -> Double {
    let p = SIMD3<Double>(q)
    var sum = 0.0
    for t in 0..<mesh.triangleCount {
        let (a, b, c) = mesh.corners(t)
        let (numerator, denominator) = solidAngleTangentTerms(
            p, SIMD3<Double>(a), SIMD3<Double>(b), SIMD3<Double>(c))
        if numerator != 0 { sum += atan2(numerator, denominator) }
    }
    return sum / (2 * Double.pi)
}
