import SDFGeometry

/// How well a fitted field matches a reference field.
public struct FitQuality: Sendable, Codable, Equatable {
    /// Intersection over union of the inside sets (`f ≤ 0`) on uniform points in the box.
    public var iou: Double
    /// Uniform points used for `iou`.
    public var uniformPoints: Int
    /// Mean `|f − reference|` on near-surface points (world units).
    public var nearSurfaceMeanError: Double
    /// Largest `|f − reference|` on near-surface points (world units).
    public var nearSurfaceMaxError: Double
    /// `nearSurfaceMeanError` divided by the box diagonal.
    public var nearSurfaceMeanErrorRelative: Double
    /// Near-surface points used.
    public var nearSurfacePoints: Int
}

/// Measures a fitted field against a reference (exact) field.
public enum FitEvaluation {
    /// IoU of the inside sets on `uniformCount` seeded uniform points in `box`, and the error on
    /// the given near-surface points whose reference distances are known.
    public static func evaluate(_ field: any DistanceField, against reference: any DistanceField, box: AABB,
                                uniformCount: Int, nearSurfacePoints: [SIMD3<Float>],
                                nearSurfaceDistances: [Float], seed: UInt64) -> FitQuality {
        precondition(nearSurfacePoints.count == nearSurfaceDistances.count)
        var random = SplitMix64(seed: seed)
        let uniform = (0..<uniformCount).map { _ in
            box.min + SIMD3(random.unit(), random.unit(), random.unit()) * box.size
        }
        let exact = reference.distances(at: uniform)
        let fitted = field.distances(at: uniform)
        var both = 0, either = 0
        for (a, b) in zip(exact, fitted) {
            if a <= 0 && b <= 0 { both += 1 }
            if a <= 0 || b <= 0 { either += 1 }
        }
        let near = field.distances(at: nearSurfacePoints)
        var sum = 0.0, worst = 0.0
        for (a, b) in zip(near, nearSurfaceDistances) {
            let e = Double(abs(a - b))
            sum += e
            worst = Swift.max(worst, e.isNaN ? .infinity : e)
        }
        let mean = nearSurfacePoints.isEmpty ? 0 : sum / Double(nearSurfacePoints.count)
        return FitQuality(iou: either == 0 ? 1 : Double(both) / Double(either), uniformPoints: uniformCount,
                          nearSurfaceMeanError: mean, nearSurfaceMaxError: worst,
                          nearSurfaceMeanErrorRelative: mean / Double(Swift.max(box.diagonal, 1e-30)),
                          nearSurfacePoints: nearSurfacePoints.count)
    }
}
