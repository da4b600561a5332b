#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A small, fast, reproducible random generator (SplitMix64), the one generator of sdfkit.
///
/// `init(seed:)` starts a plain stream; `init(seed:stream:index:)` is counter-based: sample `index`
/// of `stream` under `seed` always draws the same numbers, whatever thread computes it and in
/// whatever order, which keeps multi-threaded sampling deterministic.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    @usableFromInline var state: UInt64

    @inlinable
    public init(seed: UInt64) { state = seed }

    @inlinable
    public init(seed: UInt64, stream: UInt64, index: UInt64) {
        state = Self.mix(seed ^ Self.mix(stream &+ 0x632B_E59B_D9B4_E019) ^ Self.mix(index))
    }

    @inlinable
    static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    @inlinable
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in `[0, 1)`, 24 bits.
    @inlinable
    public mutating func unit() -> Float { Float(next() >> 40) * 0x1p-24 }

    /// Uniform in `(0, 1)`, 24 bits (never 0 or 1, safe for logarithms).
    @inlinable
    public mutating func openUnit() -> Float { (Float(next() >> 41) + 0.5) * 0x1p-23 }

    /// Uniform in `[0, 1)`, 53 bits.
    @inlinable
    public mutating func unitDouble() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// Uniform in `[lo, hi)`.
    @inlinable
    public mutating func uniform(_ lo: Float, _ hi: Float) -> Float { lo + (hi - lo) * unit() }

    /// A standard logistic variable, `log(u / (1 − u))` (variance π²/3).
    @inlinable
    public mutating func logistic() -> Float {
        let u = openUnit()
        return logf(u / (1 - u))
    }
}
