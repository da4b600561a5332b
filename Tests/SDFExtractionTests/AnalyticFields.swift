import SDFGeometry

/// Small analytic fields written for these tests (independent of the modelling library).
struct SphereField: DistanceField {
    var radius: Float = 1
    var center = SIMD3<Float>(0.1, -0.05, 0.02)
    var accuracy: FieldAccuracy = .exact
    /// Multiplies the values (a scaled field is no longer a distance: only for `.approximate`).
    var valueScale: Float = 1
    var bounds: AABB { AABB(min: center - radius, max: center + radius) }

    func distances(at points: UnsafeBufferPointer<SIMD3<Float>>,
                   into distances: UnsafeMutableBufferPointer<Float>) {
        for i in points.indices { distances[i] = (length(points[i] - center) - radius) * valueScale }
    }

    func gradients(at points: UnsafeBufferPointer<SIMD3<Float>>,
                   into gradients: UnsafeMutableBufferPointer<SIMD3<Float>>) {
        for i in points.indices { gradients[i] = normalizedOrZero(points[i] - center) * valueScale }
    }
}

/// A torus around the z axis.
struct TorusField: DistanceField {
    var majorRadius: Float = 1
    var minorRadius: Float = 0.35
    var accuracy: FieldAccuracy { .exact }
    var bounds: AABB {
        let r = majorRadius + minorRadius
        return AABB(min: SIMD3(-r, -r, -minorRadius), max: SIMD3(r, r, minorRadius))
    }

    func distances(at points: UnsafeBufferPointer<SIMD3<Float>>,
                   into distances: UnsafeMutableBufferPointer<Float>) {
        for i in points.indices {
            let p = points[i]
            let q = SIMD2((p.x * p.x + p.y * p.y).squareRoot() - majorRadius, p.z)
            distances[i] = (q * q).sum().squareRoot() - minorRadius
        }
    }
}

/// An axis-aligned box with half extents `half`, exact distance inside and outside.
struct BoxField: DistanceField {
    var half = SIMD3<Float>(0.8, 0.5, 0.3)
    var accuracy: FieldAccuracy { .exact }
    var bounds: AABB { AABB(min: -half, max: half) }

    func distances(at points: UnsafeBufferPointer<SIMD3<Float>>,
                   into distances: UnsafeMutableBufferPointer<Float>) {
        for i in points.indices {
            let q = pointwiseMax(points[i], -points[i]) - half
            distances[i] = length(pointwiseMax(q, .zero)) + Swift.min(q.max(), 0)
        }
    }
}

/// A field with the same value everywhere.
struct ConstantField: DistanceField {
    var value: Float
    var bounds: AABB { AABB(min: SIMD3(repeating: -1), max: SIMD3(repeating: 1)) }
    var accuracy: FieldAccuracy { .exact }

    func distances(at points: UnsafeBufferPointer<SIMD3<Float>>,
                   into distances: UnsafeMutableBufferPointer<Float>) {
        for i in distances.indices { distances[i] = value }
    }
}
