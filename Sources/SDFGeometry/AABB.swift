/// An axis-aligned bounding box in world space.
public struct AABB: Sendable, Equatable, Codable {
    public var min: SIMD3<Float>
    public var max: SIMD3<Float>

    @inlinable
    public init(min: SIMD3<Float>, max: SIMD3<Float>) {
        self.min = min
        self.max = max
    }

    /// The empty box: the identity of `union`, contains nothing.
    public static let empty = AABB(
        min: SIMD3(repeating: .infinity), max: SIMD3(repeating: -.infinity))

    /// The smallest box containing `points`; `.empty` for no points.
    @inlinable
    public init<C: Sequence>(containing points: C) where C.Element == SIMD3<Float> {
        var box = AABB.empty
        for p in points { box.formUnion(p) }
        self = box
    }

    @inlinable public var isEmpty: Bool { any(min .> max) }
    @inlinable public var size: SIMD3<Float> { isEmpty ? .zero : max - min }
    @inlinable public var center: SIMD3<Float> { (min + max) * 0.5 }
    /// Length of the main diagonal (0 for an empty box).
    @inlinable public var diagonal: Float { let s = size; return (s * s).sum().squareRoot() }
    /// The longest side.
    @inlinable public var longestSide: Float { size.max() }

    @inlinable
    public mutating func formUnion(_ p: SIMD3<Float>) {
        min = pointwiseMin(min, p)
        max = pointwiseMax(max, p)
    }

    @inlinable
    public func union(_ other: AABB) -> AABB {
        AABB(min: pointwiseMin(min, other.min), max: pointwiseMax(max, other.max))
    }

    @inlinable
    public func intersection(_ other: AABB) -> AABB {
        AABB(min: pointwiseMax(min, other.min), max: pointwiseMin(max, other.max))
    }

    /// The box grown by `margin` on every side.
    @inlinable
    public func padded(by margin: Float) -> AABB {
        AABB(min: min - SIMD3(repeating: margin), max: max + SIMD3(repeating: margin))
    }

    @inlinable
    public func contains(_ p: SIMD3<Float>) -> Bool {
        all(p .>= min) && all(p .<= max)
    }

    /// Squared distance from `p` to the box (0 inside).
    @inlinable
    public func squaredDistance(to p: SIMD3<Float>) -> Float {
        let d = pointwiseMax(pointwiseMax(min - p, p - max), .zero)
        return (d * d).sum()
    }
}
