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
    /// `√(1 − β₂ᵗ)/(1 − β₁ᵗ)` for `t = 0…`; 1 beyond the table (both powers have vanished).
    private let corrections: [Float]

    init(beta1: Float, beta2: Float, epsilon: Float, l2: Float) {
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.l2 = l2
        corrections = (0..<4096).map { t in
            t == 0 ? 1 : Float((1 - pow(Double(beta2), Double(t))).squareRoot() / (1 - pow(Double(beta1), Double(t))))
        }
    }

    @inline(__always)
    func correction(_ t: UInt32) -> Float {
        Int(t) < corrections.count ? corrections[Int(t)] : 1
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

    /// Lazy Adam on the entries of one level listed in `gradients` (distinct, ascending; entry
    /// `e` is `entryOffset + e` of the tables, each `features` scalars). Entries whose gradient is
    /// exactly zero are skipped (as tiny-cuda-nn does), so only entries this step moved change.
    /// Updates values (and their Float16 mirror when given) and advances the entries' step counts.
    func updateSorted(_ gradients: SortedLevelGradients, entryOffset: Int, learningRate: Float,
                      values: UnsafeMutablePointer<Float>,
                      firstMoment m: UnsafeMutablePointer<Float>, secondMoment v: UnsafeMutablePointer<Float>,
                      stepCounts: UnsafeMutablePointer<UInt32>, mirror: UnsafeMutablePointer<Float16>?) {
        let n = gradients.count, features = gradients.features
        switch features {
        case 4:
            update(gradients.items(SIMD4<Float>.self), n, features, entryOffset, learningRate, values, m, v, stepCounts, mirror)
        case 8:
            update(gradients.items(SIMD8<Float>.self), n, features, entryOffset, learningRate, values, m, v, stepCounts, mirror)
        default:
            update(gradients.items(SIMD2<Float>.self), n, features, entryOffset, learningRate, values, m, v, stepCounts, mirror)
        }
    }

    @inline(__always)
    private func update<V: SIMD>(_ items: UnsafePointer<EntryGradient<V>>, _ n: Int, _ features: Int,
                                 _ entryOffset: Int, _ learningRate: Float, _ values: UnsafeMutablePointer<Float>,
                                 _ m: UnsafeMutablePointer<Float>, _ v: UnsafeMutablePointer<Float>,
                                 _ stepCounts: UnsafeMutablePointer<UInt32>, _ mirror: UnsafeMutablePointer<Float16>?)
    where V.Scalar == Float {
        for i in 0..<n {
            let item = items[i]
            guard item.gradient != V() else { continue }
            let entry = entryOffset + Int(item.entry)
            let t = stepCounts[entry] &+ 1
            stepCounts[entry] = t
            let rate = learningRate * correction(t)
            let base = entry * features
            for f in 0..<features {
                let g = item.gradient[f], p = base + f
                m[p] = beta1 * m[p] + (1 - beta1) * g
                v[p] = beta2 * v[p] + (1 - beta2) * g * g
                values[p] -= rate * m[p] / (v[p].squareRoot() + epsilon)
                mirror?[p] = Float16(values[p])
            }
        }
    }
}
