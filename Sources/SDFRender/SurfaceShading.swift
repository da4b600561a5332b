import SDFGeometry
#if canImport(Glibc)
import Glibc
#endif

/// Shades surface points: normals from batched gradients, a key light with Lambert and Blinn
/// specular terms, a fill light, and ambient occlusion from a few batched samples along the normal.
struct SurfaceShading {
    let field: any DistanceField
    let camera: Camera
    let lipschitz: Float
    let occlusionSamples: Int
    /// Spacing of the occlusion samples along the normal.
    let occlusionStep: Float

    static let albedo = SIMD3<Float>(0.80, 0.78, 0.72)

    /// Linear-light colours of `points` hit by unit `rays`; adds the evaluations spent.
    func shade(points: [SIMD3<Float>], rays: [SIMD3<Float>], evaluations: inout Int) -> [SIMD3<Float>] {
        let n = points.count
        var normals = field.gradients(at: points)
        evaluations += 6 * n
        for i in 0..<n {
            let g = normalizedOrZero(normals[i])
            normals[i] = lengthSquared(g) > 0 ? g : -rays[i]
        }
        let occlusion = ambientOcclusion(points: points, normals: normals, evaluations: &evaluations)
        let (right, up, forward) = camera.basis
        let key = normalizedOrZero(up * 0.7 - right * 0.5 - forward * 0.6)
        var colors = [SIMD3<Float>](repeating: .zero, count: n)
        for i in 0..<n {
            var normal = normals[i]
            if dot(normal, rays[i]) > 0.2 { normal = -normal }  // seen from inside: light the face
            let diffuse = Swift.max(dot(normal, key), 0)
            let fill = Swift.max(dot(normal, -forward), 0) * 0.25
            let halfway = normalizedOrZero(key - rays[i])
            let specular = pow(Swift.max(dot(normal, halfway), 0), 48) * 0.3
            let ao = occlusion[i]
            let light = 0.12 * ao + (0.75 * diffuse + fill) * (0.4 + 0.6 * ao)
            colors[i] = Self.albedo * light + SIMD3(repeating: specular * ao)
        }
        return colors
    }

    /// Occlusion in `[0, 1]` (1 = open): how much of the expected free distance at samples
    /// `p + k·h·n` the field reports, weighted towards the nearest samples.
    private func ambientOcclusion(points: [SIMD3<Float>], normals: [SIMD3<Float>],
                                  evaluations: inout Int) -> [Float] {
        let n = points.count
        guard occlusionSamples > 0 else { return [Float](repeating: 1, count: n) }
        var samples = [SIMD3<Float>](repeating: .zero, count: n * occlusionSamples)
        for i in 0..<n {
            for k in 0..<occlusionSamples {
                samples[i * occlusionSamples + k] = points[i] + normals[i] * (Float(k + 1) * occlusionStep)
            }
        }
        var values = [Float](repeating: 0, count: samples.count)
        samples.withUnsafeBufferPointer { s in
            values.withUnsafeMutableBufferPointer { field.distances(at: s, into: $0) }
        }
        evaluations += samples.count
        var occlusion = [Float](repeating: 1, count: n)
        for i in 0..<n {
            var missing: Float = 0, total: Float = 0, weight: Float = 1
            for k in 0..<occlusionSamples {
                let expected = Float(k + 1) * occlusionStep
                let value = values[i * occlusionSamples + k] / lipschitz
                let found = value.isFinite ? Swift.min(Swift.max(value, 0), expected) : expected
                missing += weight * (expected - found) / expected
                total += weight
                weight *= 0.6
            }
            occlusion[i] = Swift.max(0, 1 - 1.5 * missing / total)
        }
        return occlusion
    }

    /// A soft vertical gradient behind the object (linear light).
    static func background(row: Int, height: Int) -> SIMD3<Float> {
        let s = Float(row) / Float(Swift.max(height - 1, 1))
        let top = SIMD3<Float>(0.86, 0.88, 0.92), bottom = SIMD3<Float>(0.55, 0.57, 0.62)
        return top + (bottom - top) * s
    }

    /// Linear light to display values (gamma 2.2).
    static func encodeGamma(_ color: SIMD3<Float>) -> SIMD3<Float> {
        let c = color.clamped(lowerBound: .zero, upperBound: .one)
        return SIMD3(pow(c.x, 1 / 2.2), pow(c.y, 1 / 2.2), pow(c.z, 1 / 2.2))
    }
}
