/// A small, fast, reproducible random generator (SplitMix64); training draws from it so that a
/// seed fixes every random choice.
struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform float in `[0, 1)` (24 random bits).
    @inline(__always)
    mutating func unit() -> Float { Float(next() >> 40) * (1 / 16_777_216) }

    /// A uniform float in `[lo, hi)`.
    @inline(__always)
    mutating func uniform(_ lo: Float, _ hi: Float) -> Float { lo + (hi - lo) * unit() }
}
