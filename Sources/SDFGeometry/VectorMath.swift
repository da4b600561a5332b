/// Small vector helpers used across modules (all `@inlinable`: they sit in hot loops).

@inlinable
public func dot(_ a: SIMD3<Float>, _ b: SIMD3<Float>) -> Float { (a * b).sum() }

@inlinable
public func cross(_ a: SIMD3<Float>, _ b: SIMD3<Float>) -> SIMD3<Float> {
    SIMD3(a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x)
}

@inlinable
public func lengthSquared(_ a: SIMD3<Float>) -> Float { (a * a).sum() }

@inlinable
public func length(_ a: SIMD3<Float>) -> Float { lengthSquared(a).squareRoot() }

/// `a / |a|`, or zero when `a` is zero (or too small to normalise).
@inlinable
public func normalizedOrZero(_ a: SIMD3<Float>) -> SIMD3<Float> {
    let l = length(a)
    return l > .leastNormalMagnitude ? a / l : .zero
}

/// Double-precision cross product, for robust predicates.
@inlinable
public func cross(_ a: SIMD3<Double>, _ b: SIMD3<Double>) -> SIMD3<Double> {
    SIMD3(a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x)
}
