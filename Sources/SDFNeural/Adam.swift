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
    func updateDense(_ range: Range<Int>, step: UInt32, learningRate: Float,
                     values: UnsafeMutablePointer<Float>, gradients: UnsafePointer<Float>,
                     firstMoment m: UnsafeMutablePointer<Float>, secondMoment v: UnsafeMutablePointer<Float>) {
        let rate = learningRate * correction(step)
        for p in range {
            let g = gradients[p] + l2 * values[p]
            m[p] = beta1 * m[p] + (1 - beta1) * g
            v[p] = beta2 * v[p] + (1 - beta2) * g * g
            values[p] -= rate * m[p] / (v[p].squareRoot() + epsilon)
        }
    }

    /// Lazy Adam on the table entries of the blocks marked in `touchedBlocks` (bit `b` of word
    /// `w` marks entries `64·(64w + b) …` of `entries`, each `features` scalars). Entries whose
    /// gradient is exactly zero are skipped (as tiny-cuda-nn does), so only entries this step
    /// touched move. Updates values (and their Float16 mirror when given), advances the entries'
    /// step counts, and clears the gradients and the bitset for the next step.
    func updateTouched(_ touchedBlocks: UnsafeMutablePointer<UInt64>, wordCount: Int, entries: Range<Int>,
                       features: Int, learningRate: Float,
                       values: UnsafeMutablePointer<Float>, gradients: UnsafeMutablePointer<Float>,
                       firstMoment m: UnsafeMutablePointer<Float>, secondMoment v: UnsafeMutablePointer<Float>,
                       stepCounts: UnsafeMutablePointer<UInt32>, mirror: UnsafeMutablePointer<Float16>?) {
        let perBlock = HashEncoding.entriesPerBlock
        for w in 0..<wordCount {
            var bits = touchedBlocks[w]
            touchedBlocks[w] = 0
            while bits != 0 {
                let block = w * 64 + bits.trailingZeroBitCount
                bits &= bits &- 1
                let first = entries.lowerBound + block * perBlock
                for entry in first..<Swift.min(first + perBlock, entries.upperBound) {
                    let base = entry * features
                    var touched = false
                    for p in base..<(base + features) where gradients[p] != 0 { touched = true }
                    guard touched else { continue }
                    let t = stepCounts[entry] &+ 1
                    stepCounts[entry] = t
                    let rate = learningRate * correction(t)
                    for p in base..<(base + features) {
                        let g = gradients[p]
                        gradients[p] = 0
                        m[p] = beta1 * m[p] + (1 - beta1) * g
                        v[p] = beta2 * v[p] + (1 - beta2) * g * g
                        values[p] -= rate * m[p] / (v[p].squareRoot() + epsilon)
                        mirror?[p] = Float16(values[p])
                    }
                }
            }
        }
    }
}
