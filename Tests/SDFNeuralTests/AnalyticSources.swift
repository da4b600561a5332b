#if canImport(Glibc)
import Glibc
#endif
import SDFGeometry
import SDFNeural
import SDFTestSupport

/// Training samples of analytic shapes (independent truths for the trainer tests): a quarter
/// uniform in the bounds, the rest near the surface with Gaussian-ish noise.
struct AnalyticSource: TrainingSampleSource {
    enum Shape: Sendable { case sphere(radius: Float), torus(major: Float, minor: Float) }
    let shape: Shape
    var bounds: AABB { AABB(min: SIMD3(repeating: -1.25), max: SIMD3(repeating: 1.25)) }

    func distance(_ p: SIMD3<Float>) -> Float {
        switch shape {
        case .sphere(let r): return length(p) - r
        case .torus(let R, let r):
            let q = SIMD2((p.x * p.x + p.y * p.y).squareRoot() - R, p.z)
            return (q * q).sum().squareRoot() - r
        }
    }

    /// A point on the surface from three uniform numbers.
    func surfacePoint(_ a: Float, _ b: Float, _ c: Float) -> SIMD3<Float> {
        let theta = 2 * Float.pi * a, phi = acosf(2 * b - 1)
        switch shape {
        case .sphere(let r):
            return r * SIMD3(sinf(phi) * cosf(theta), sinf(phi) * sinf(theta), cosf(phi))
        case .torus(let R, let r):
            let v = 2 * Float.pi * c
            return SIMD3((R + r * cosf(v)) * cosf(theta), (R + r * cosf(v)) * sinf(theta), r * sinf(v))
        }
    }

    func fill(positions: UnsafeMutableBufferPointer<SIMD3<Float>>,
              distances: UnsafeMutableBufferPointer<Float>, seed: UInt64) {
        var random = TestRandom(seed: seed)
        let box = bounds
        for i in positions.indices {
            let u = SIMD3(Float.random(in: 0..<1, using: &random), Float.random(in: 0..<1, using: &random),
                          Float.random(in: 0..<1, using: &random))
            let p: SIMD3<Float>
            if i % 4 == 0 {
                p = box.min + u * box.size
            } else {
                let noise = SIMD3(Float.random(in: -1...1, using: &random), Float.random(in: -1...1, using: &random),
                                  Float.random(in: -1...1, using: &random))
                p = surfacePoint(u.x, u.y, u.z) + noise * (i % 4 == 1 ? 0 : 0.02)
            }
            positions[i] = p
            distances[i] = distance(p)
        }
    }
}
