/// Lane-wise arithmetic the standard library does not vectorise: written for concrete vector
/// types, because its generic SIMD comparisons and its `squareRoot()` run lane by lane (a
/// scalar square root per lane, behind a branch).

/// Lane-wise minimum (the standard library's `pointwiseMin` is not always inlined).
@_transparent
func minimum(_ a: SIMD4<Float>, _ b: SIMD4<Float>) -> SIMD4<Float> {
    a.replacing(with: b, where: b .< a)
}

/// Lane-wise minimum of eight lanes.
@_transparent
func minimum(_ a: SIMD8<Float>, _ b: SIMD8<Float>) -> SIMD8<Float> {
    a.replacing(with: b, where: b .< a)
}

/// Lane-wise atan2(y, x) in (−π, π], within a few units in the last place of `atan2f`:
/// an octant reduction and a degree-15 odd minimax polynomial for atan on [0, 1] (absolute
/// error below 4e-8). Written for concrete vector types: the standard library's generic SIMD
/// comparisons run lane by lane.
@_transparent
func vectorAtan2(_ y: SIMD8<Float>, _ x: SIMD8<Float>) -> SIMD8<Float> {
    let zero = SIMD8<Float>.zero
    let ax = x.replacing(with: -x, where: x .< zero)
    let ay = y.replacing(with: -y, where: y .< zero)
    let swapped = ay .> ax
    let small = ay.replacing(with: ax, where: swapped), large = ax.replacing(with: ay, where: swapped)
    let t = (small / large).replacing(with: zero, where: large .== zero)
    let s = t * t
    var poly = SIMD8<Float>(repeating: -0.0040540580)
    poly = poly * s + 0.0218612288
    poly = poly * s - 0.0559098861
    poly = poly * s + 0.0964200441
    poly = poly * s - 0.1390853351
    poly = poly * s + 0.1994653599
    poly = poly * s - 0.3332985605
    poly = poly * s + 0.9999993329
    var angle = poly * t
    angle = angle.replacing(with: SIMD8(repeating: .pi / 2) - angle, where: swapped)
    angle = angle.replacing(with: SIMD8(repeating: .pi) - angle, where: x .< zero)
    return angle.replacing(with: -angle, where: y .< zero)
}

/// `vectorAtan2` for four lanes (run in the low half of an eight-lane vector).
@_transparent
func vectorAtan2(_ y: SIMD4<Float>, _ x: SIMD4<Float>) -> SIMD4<Float> {
    vectorAtan2(SIMD8(lowHalf: y, highHalf: y), SIMD8(lowHalf: x, highHalf: x)).lowHalf
}

/// Lane-wise 1/√x for x > 0 (relative error below 3e-7): a bit-level first guess refined by
/// three Newton steps, all in vector registers.
@_transparent
func vectorReciprocalSquareRoot(_ x: SIMD8<Float>) -> SIMD8<Float> {
    let bits = unsafeBitCast(x, to: SIMD8<UInt32>.self)
    var y = unsafeBitCast(SIMD8<UInt32>(repeating: 0x5F37_5A86) &- (bits &>> 1), to: SIMD8<Float>.self)
    let half = x * 0.5
    y = y * (1.5 - half * y * y)
    y = y * (1.5 - half * y * y)
    y = y * (1.5 - half * y * y)
    return y
}

/// Lane-wise √x for finite x ≥ 0 (relative error below 3e-7; exactly 0 at 0).
@_transparent
func vectorSquareRoot(_ x: SIMD8<Float>) -> SIMD8<Float> {
    x * vectorReciprocalSquareRoot(x)
}

/// `vectorSquareRoot` for four lanes (run in the low half of an eight-lane vector).
@_transparent
func vectorSquareRoot(_ x: SIMD4<Float>) -> SIMD4<Float> {
    vectorSquareRoot(SIMD8(lowHalf: x, highHalf: x)).lowHalf
}

/// `vectorReciprocalSquareRoot` for four lanes.
@_transparent
func vectorReciprocalSquareRoot(_ x: SIMD4<Float>) -> SIMD4<Float> {
    vectorReciprocalSquareRoot(SIMD8(lowHalf: x, highHalf: x)).lowHalf
}
