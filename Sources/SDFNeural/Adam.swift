#if canImport(Glibc)
import Glibc
#endif

/// Adam hyper-parameters and the update rules for the two kinds of parameters: dense MLP weights
/// (with L2 regularisation) and sparse hash-table entries, updated lazily only when a step touched
/// them, with per-entry step counts for the bias correction (as tiny-cuda-nn does).
struct Adam: Sendable {
    let beta1: Float
    let beta2: Float
    let epsilon: Float
    let l2: Float
    /// `√(1 − β₂ᵗ)/(1 − β₁ᵗ)` for `t = 0…4095`, then 1 (both powers have vanished): use
    /// `corrections[min(t, 4096)]`.
    private let corrections: [Float]

    init(beta1: Float, beta2: Float, epsilon: Float, l2: Float) {
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.l2 = l2
        corrections = (0..<4096).map { t in
            t == 0 ? 1 : Float((1 - pow(Double(beta2), Double(t))).squareRoot() / (1 - pow(Double(beta1), Double(t))))
        } + [1]
    }

    @inline(__always)
    func correction(_ t: UInt32) -> Float {
        corrections[Int(Swift.min(t, 4096))]
    }

    /// One Adam step on `values[range]` (the MLP weights), with L2 regularisation; `step` ≥ 1.
    /// `gradients[i]` belongs to `values[range.lowerBound + i]`.
    func updateDense(_ range: Range<Int>, step: UInt32, learningRate: Float,
                     values: UnsafeMutablePointer<Float>, gradients: UnsafePointer<Float>,
                     firstMoment m: UnsafeMutablePointer<Float>, secondMoment v: UnsafeMutablePointer<Float>) {
        let rate = learningRate * correction(step)
        for p in range {
            let g = gradients[p - range.lowerBound] + l2 * values[p]
            m[p] = beta1 * m[p] + (1 - beta1) * g
            v[p] = beta2 * v[p] + (1 - beta2) * g * g
            values[p] -= rate * m[p] / (v[p].squareRoot() + epsilon)
        }
    }

    /// Lazy Adam on the entries of one level in the blocks `gradients` flagged (entry `e` is
    /// `entryOffset + e` of the tables, each `features` scalars), in memory order, clearing the
    /// sums and flags as it goes. Entries whose summed gradient is exactly zero are skipped (as
    /// tiny-cuda-nn does), so only entries this step moved change. Updates values (and their
    /// Float16 mirror when given) and advances the entries' step counts.
    func updateLevel(_ gradients: LevelGradients, entryOffset: Int, learningRate: Float,
                     values: UnsafeMutablePointer<Float>,
                     firstMoment m: UnsafeMutablePointer<Float>, secondMoment v: UnsafeMutablePointer<Float>,
                     stepCounts: UnsafeMutablePointer<UInt32>, mirror: UnsafeMutablePointer<Float16>?) {
        corrections.withUnsafeBufferPointer { table in
            let state = TableState(values: values, m: m, v: v, stepCounts: stepCounts, mirror: mirror,
                                   corrections: table.baseAddress!)
            updateLevel(gradients, entryOffset, learningRate, state)
        }
    }

    private func updateLevel(_ gradients: LevelGradients, _ entryOffset: Int, _ learningRate: Float, _ state: TableState) {
        let count = gradients.entryCount, F = gradients.features
        let sums = gradients.sums, blocks = gradients.blocks, size = LevelGradients.blockEntries
        for b in 0..<gradients.blockCount where blocks[b] != 0 {
            blocks[b] = 0
            let first = b * size, end = Swift.min(count, first + size)
            var e = first
            if F == 2 {
                // Groups of four entries (one SIMD8 of features) wholly inside the level.
                while e + 4 <= end {
                    updateQuad(e, entryOffset, learningRate, sums, state)
                    e += 4
                }
            }
            while e < end {
                updateEntry(e, F, entryOffset, learningRate, sums, state)
                e += 1
            }
        }
    }

    /// The table-side state Adam updates.
    private struct TableState {
        let values: UnsafeMutablePointer<Float>
        let m: UnsafeMutablePointer<Float>
        let v: UnsafeMutablePointer<Float>
        let stepCounts: UnsafeMutablePointer<UInt32>
        let mirror: UnsafeMutablePointer<Float16>?
        let corrections: UnsafePointer<Float>

        @inline(__always)
        func rate(_ learningRate: Float, _ t: UInt32) -> Float {
            learningRate * corrections[Int(Swift.min(t, 4096))]
        }
    }

    @inline(__always)
    private func updateEntry(_ e: Int, _ F: Int, _ entryOffset: Int, _ learningRate: Float,
                             _ sums: UnsafeMutablePointer<Float>, _ s: TableState) {
        var zero = true
        for f in 0..<F where sums[e * F + f] != 0 { zero = false }
        guard !zero else { return }
        let entry = entryOffset + e
        let t = s.stepCounts[entry] &+ 1
        s.stepCounts[entry] = t
        let rate = s.rate(learningRate, t)
        let base = entry * F
        for f in 0..<F {
            let g = sums[e * F + f], p = base + f
            sums[e * F + f] = 0
            s.m[p] = beta1 * s.m[p] + (1 - beta1) * g
            s.v[p] = beta2 * s.v[p] + (1 - beta2) * g * g
            s.values[p] -= rate * s.m[p] / (s.v[p].squareRoot() + epsilon)
            s.mirror?[p] = Float16(s.values[p])
        }
    }

    /// Entries `first…first+3` of a two-feature level at once; entries with a zero gradient keep
    /// their state (blended back).
    @inline(__always)
    private func updateQuad(_ first: Int, _ entryOffset: Int, _ learningRate: Float,
                            _ sums: UnsafeMutablePointer<Float>, _ s: TableState) {
        let g = loadLanes(sums + 2 * first)
        storeLanes(SIMD8<Float>(), sums + 2 * first)
        // An entry moves when either feature's gradient is non-zero (−0 counts as zero).
        let magnitude = unsafeBitCast(unsafeBitCast(g, to: SIMD8<UInt32>.self) & 0x7FFF_FFFF, to: SIMD4<UInt64>.self)
        let moving = SIMD4<UInt64>().replacing(with: .max, where: magnitude .!= 0)
        guard moving != SIMD4<UInt64>() else { return }
        let lanes = unsafeBitCast(moving, to: SIMD8<UInt32>.self)
        let entry = entryOffset + first, p = 2 * entry
        let counts = UnsafeMutableRawPointer(s.stepCounts + entry)
        let t = counts.loadUnaligned(as: SIMD4<UInt32>.self)
            &+ (SIMD4<UInt32>(truncatingIfNeeded: moving) & 1)
        counts.storeBytes(of: t, as: SIMD4<UInt32>.self)
        let r0 = s.rate(learningRate, t[0]), r1 = s.rate(learningRate, t[1])
        let r2 = s.rate(learningRate, t[2]), r3 = s.rate(learningRate, t[3])
        let rate = SIMD8<Float>(r0, r0, r1, r1, r2, r2, r3, r3)
        let x = adamStep(g, lanes, rate, m: s.m + p, v: s.v + p, values: s.values + p)
        if let mirror = s.mirror {
            UnsafeMutableRawPointer(mirror + p).storeBytes(of: SIMD8<Float16>(x), as: SIMD8<Float16>.self)
        }
    }

    /// Adam on eight scalars where `lanes` is all ones (the others keep their state); returns
    /// the new values. Not inlined: on its own it compiles to straight AVX code.
    @inline(never)
    private func adamStep(_ g: SIMD8<Float>, _ lanes: SIMD8<UInt32>, _ rate: SIMD8<Float>, m: UnsafeMutablePointer<Float>,
                          v: UnsafeMutablePointer<Float>, values: UnsafeMutablePointer<Float>) -> SIMD8<Float> {
        let b1 = SIMD8<Float>(repeating: beta1), c1 = SIMD8<Float>(repeating: 1 - beta1)
        let b2 = SIMD8<Float>(repeating: beta2), c2 = SIMD8<Float>(repeating: 1 - beta2)
        let m0 = loadLanes(m), v0 = loadLanes(v), x0 = loadLanes(values)
        let m1 = b1 * m0 + c1 * g
        let v1 = b2 * v0 + c2 * g * g
        // v ≥ 0: clearing the sign bit changes nothing but lets the square root vectorise.
        let root = unsafeBitCast(unsafeBitCast(v1, to: SIMD8<UInt32>.self) & 0x7FFF_FFFF, to: SIMD8<Float>.self).squareRoot()
        let x = select(lanes, x0 - rate * m1 / (root + SIMD8(repeating: epsilon)), x0)
        storeLanes(select(lanes, m1, m0), m)
        storeLanes(select(lanes, v1, v0), v)
        storeLanes(x, values)
        return x
    }
}

/// `a` where `mask` is all ones, `b` where it is zero (bitwise, so it stays a vector blend).
@inline(__always)
private func select(_ mask: SIMD8<UInt32>, _ a: SIMD8<Float>, _ b: SIMD8<Float>) -> SIMD8<Float> {
    let x = unsafeBitCast(a, to: SIMD8<UInt32>.self), y = unsafeBitCast(b, to: SIMD8<UInt32>.self)
    return unsafeBitCast((x & mask) | (y & ~mask), to: SIMD8<Float>.self)
}
