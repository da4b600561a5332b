import SDFGeometry

/// The similarity that maps world coordinates into the unit box the encoding covers:
/// `unit = (world − center)·scale + ½`. Distances scale by `scale` too.
public struct UnitBoxTransform: Sendable, Codable, Equatable {
    /// World point mapped to (½, ½, ½).
    public var center: SIMD3<Float>
    /// Unit-box units per world unit.
    public var scale: Float

    public init(center: SIMD3<Float>, scale: Float) {
        self.center = center
        self.scale = scale
    }

    /// instant-ngp's normalisation: the box inflated by 0.5 % of its diagonal, its longest side
    /// scaled to 1, centred in the unit box.
    public init(fitting box: AABB) {
        let inflated = box.padded(by: 0.005 * box.diagonal)
        center = inflated.center
        scale = 1 / Swift.max(inflated.longestSide, 1e-30)
    }

    /// The unit-box coordinates of a world point.
    @inline(__always)
    public func unit(_ world: SIMD3<Float>) -> SIMD3<Float> {
        (world - center) * scale + SIMD3(repeating: 0.5)
    }

    /// The world point at unit-box coordinates.
    @inline(__always)
    public func world(_ unit: SIMD3<Float>) -> SIMD3<Float> {
        (unit - SIMD3(repeating: 0.5)) / scale + center
    }

    /// A world point's unit-box coordinates clamped into the box (where the encoding is
    /// evaluated), and the offset from that clamped point to the unclamped one (zero inside).
    @inline(__always)
    public func clampedUnit(_ world: SIMD3<Float>) -> (inside: SIMD3<Float>, offset: SIMD3<Float>) {
        let u = unit(world)
        let inside = u.clamped(lowerBound: .zero, upperBound: SIMD3(repeating: 1))
        return (inside, u - inside)
    }
}
