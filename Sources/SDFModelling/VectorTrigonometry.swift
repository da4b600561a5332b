/// Sine and cosine of 16 angles at once, for the twist and bend domain maps.
///
/// Cody–Waite range reduction by π/2 (a two-part constant, exact products with FMA) to
/// `r ∈ [−π/4, π/4]`, then Taylor polynomials of degree 9 (sine) and 10 (cosine), whose
/// truncation errors on that interval are below 2·10⁻⁹; the quadrant swaps and negates them.
/// Absolute error stays below 10⁻⁶ for |angle| ≤ 10⁴ radians (the reduction then loses bits).
@inline(__always)
func sineCosine(_ angle: Vector16) -> (sine: Vector16, cosine: Vector16) {
    let quadrant = (angle * 0.636_619_77).rounded(.toNearestOrEven)
    // π/2 = 1.5707963705062866 − 4.371139000186243e-8 (the first part is exact in Float).
    var r = angle.addingProduct(quadrant, Vector16(repeating: -1.570_796_370_506_286_6))
    r = r.addingProduct(quadrant, Vector16(repeating: 4.371_139_000_186_243e-8))
    let r2 = r * r
    var s = Vector16(repeating: 2.755_732e-6)
    s = s * r2 + (-1.984_127e-4 as Float)
    s = s * r2 + (8.333_333e-3 as Float)
    s = s * r2 + (-0.166_666_67 as Float)
    s = (s * r2) * r + r
    var c = Vector16(repeating: -2.755_732e-7)
    c = c * r2 + (2.480_158_7e-5 as Float)
    c = c * r2 + (-1.388_888_9e-3 as Float)
    c = c * r2 + (4.166_666_8e-2 as Float)
    c = c * r2 + (-0.5 as Float)
    c = c * r2 + (1 as Float)
    // q mod 4 ∈ {0, 1, 2, 3}: odd quadrants swap sine and cosine; sine is negated in quadrants
    // 2 and 3, cosine in 1 and 2.
    let q = quadrant - 4 * (quadrant * 0.25).rounded(.down)
    let odd = q - 2 * (q * 0.5).rounded(.down) .> 0.5
    let sine = s.replacing(with: c, where: odd)
    let cosine = c.replacing(with: s, where: odd)
    return (sine.replacing(with: -sine, where: q .> 1.5),
            cosine.replacing(with: -cosine, where: (q .> 0.5) .& (q .< 2.5)))
}
