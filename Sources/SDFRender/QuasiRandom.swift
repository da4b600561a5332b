import SDFGeometry

/// Deterministic, evenly spread points in a box: the additive recurrence with the generalised
/// golden ratio in three dimensions (Roberts' R₃ sequence). Point `i` is the same on any thread.
public enum QuasiRandom {
    /// The positive root of x⁴ = x + 1 (the generalised golden ratio for three dimensions).
    static let ratio = 1.2207440846057594
    static let step = SIMD3<Double>(1 / ratio, 1 / (ratio * ratio), 1 / (ratio * ratio * ratio))

    /// Point `index` of the sequence in the unit cube.
    public static func unitPoint(_ index: Int) -> SIMD3<Float> {
        let x = SIMD3<Double>(repeating: 0.5) + step * Double(index)
        return SIMD3<Float>(x - x.rounded(.down))
    }

    /// The first `count` points mapped into `box`.
    public static func points(count: Int, in box: AABB) -> [SIMD3<Float>] {
        let size = box.size
        return (0..<count).map { box.min + unitPoint($0) * size }
    }
}
