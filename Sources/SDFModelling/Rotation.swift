import SDFGeometry

#if canImport(Glibc)
import Glibc
#endif

/// A rotation about the origin, stored as a unit quaternion `(x, y, z, w)`.
public struct Rotation: Sendable, Equatable {
    /// The unit quaternion, vector part first.
    public let quaternion: SIMD4<Float>

    /// The identity.
    public static let identity = Rotation(quaternion: SIMD4(0, 0, 0, 1))

    /// A rotation from a quaternion `(x, y, z, w)`; it is normalised. A zero quaternion is the
    /// identity.
    public init(quaternion q: SIMD4<Float>) {
        let n = (q * q).sum().squareRoot()
        if abs(n - 1) <= 4 * .ulpOfOne {
            quaternion = q  // already unit: keep the bits (scene files round-trip exactly)
        } else {
            quaternion = n > 1e-20 && n.isFinite ? q / n : SIMD4(0, 0, 0, 1)
        }
    }

    /// A rotation by `angle` radians around `axis` (right-handed; the axis is normalised, a zero
    /// axis gives the identity).
    public init(axis: SIMD3<Float>, angle: Float) {
        let a = normalizedOrZero(axis)
        self.init(quaternion: SIMD4(a * sin(angle / 2), a == .zero ? 1 : cos(angle / 2)))
    }

    /// The rotation with this 3×3 matrix (given as rows). Returns nil unless the rows are
    /// orthonormal with determinant +1 (tolerance 1e-3).
    public init?(rows r: (SIMD3<Float>, SIMD3<Float>, SIMD3<Float>)) {
        let rows = [r.0, r.1, r.2]
        for i in 0..<3 {
            for j in 0..<3 where abs(dot(rows[i], rows[j]) - (i == j ? 1 : 0)) > 1e-3 { return nil }
        }
        guard abs(dot(cross(r.0, r.1), r.2) - 1) < 1e-3 else { return nil }
        // Shepperd's method: pick the largest of w, x, y, z to divide by.
        let (m00, m11, m22) = (r.0.x, r.1.y, r.2.z)
        let trace = m00 + m11 + m22
        var q: SIMD4<Float>
        if trace > 0 {
            let s = (trace + 1).squareRoot() * 2
            q = SIMD4((r.2.y - r.1.z) / s, (r.0.z - r.2.x) / s, (r.1.x - r.0.y) / s, s / 4)
        } else if m00 > m11 && m00 > m22 {
            let s = (1 + m00 - m11 - m22).squareRoot() * 2
            q = SIMD4(s / 4, (r.0.y + r.1.x) / s, (r.0.z + r.2.x) / s, (r.2.y - r.1.z) / s)
        } else if m11 > m22 {
            let s = (1 + m11 - m00 - m22).squareRoot() * 2
            q = SIMD4((r.0.y + r.1.x) / s, s / 4, (r.1.z + r.2.y) / s, (r.0.z - r.2.x) / s)
        } else {
            let s = (1 + m22 - m00 - m11).squareRoot() * 2
            q = SIMD4((r.0.z + r.2.x) / s, (r.1.z + r.2.y) / s, s / 4, (r.1.x - r.0.y) / s)
        }
        self.init(quaternion: q)
    }

    /// The shortest rotation taking the +z axis onto `direction` (zero direction: identity).
    public init(aligningZTo direction: SIMD3<Float>) {
        let d = normalizedOrZero(direction)
        guard d != .zero else {
            self = .identity
            return
        }
        let z = SIMD3<Float>(0, 0, 1)
        let c = dot(z, d)
        if c < -0.999_999 {
            self.init(axis: SIMD3(1, 0, 0), angle: .pi)
        } else {
            // q = (z × d, 1 + z·d), normalised: half the angle between z and d.
            self.init(quaternion: SIMD4(cross(z, d), 1 + c))
        }
    }

    /// The rotation matrix as columns (the images of the x, y and z axes).
    public var columns: (SIMD3<Float>, SIMD3<Float>, SIMD3<Float>) {
        (apply(SIMD3(1, 0, 0)), apply(SIMD3(0, 1, 0)), apply(SIMD3(0, 0, 1)))
    }

    /// The inverse rotation.
    public var inverse: Rotation { Rotation(quaternion: SIMD4(-quaternion.x, -quaternion.y, -quaternion.z, quaternion.w)) }

    /// Rotates `v`.
    public func apply(_ v: SIMD3<Float>) -> SIMD3<Float> {
        let u = SIMD3(quaternion.x, quaternion.y, quaternion.z)
        let t = 2 * cross(u, v)
        return v + quaternion.w * t + cross(u, t)
    }
}
