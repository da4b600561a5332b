import SDFGeometry

/// The deterministic generator for test data: sdfkit's own `SplitMix64`.
public typealias TestRandom = SplitMix64

extension SplitMix64 {
    /// A uniform point in the box `[lo, hi]³`.
    public mutating func point(in lo: Float, _ hi: Float) -> SIMD3<Float> {
        SIMD3(Float.random(in: lo...hi, using: &self), Float.random(in: lo...hi, using: &self),
              Float.random(in: lo...hi, using: &self))
    }
}
