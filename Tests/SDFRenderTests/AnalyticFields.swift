import SDFGeometry

/// A sphere's exact distance, optionally scaled and declared approximate (like a network).
struct SphereField: DistanceField {
    var center: SIMD3<Float> = .zero
    var radius: Float = 1
    var scale: Float = 1
    var accuracy: FieldAccuracy = .exact

    var bounds: AABB {
        AABB(min: center - SIMD3(repeating: radius), max: center + SIMD3(repeating: radius))
    }

    func distances(at points: UnsafeBufferPointer<SIMD3<Float>>, into distances: UnsafeMutableBufferPointer<Float>) {
        for i in 0..<points.count { distances[i] = (length(points[i] - center) - radius) * scale }
    }
}

/// A field with no surface in its bounds: the same positive value everywhere.
struct EmptyField: DistanceField {
    var bounds: AABB { AABB(min: -.one, max: .one) }
    var accuracy: FieldAccuracy { .bound(lipschitz: 1) }

    func distances(at points: UnsafeBufferPointer<SIMD3<Float>>, into distances: UnsafeMutableBufferPointer<Float>) {
        for i in 0..<points.count { distances[i] = 0.5 }
    }
}
