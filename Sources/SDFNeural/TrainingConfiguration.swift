import SDFGeometry
#if canImport(Glibc)
import Glibc
#endif

/// Everything that determines a training run. Defaults target a model of at most 8 MiB trained
/// for about a minute on two CPU cores; every field is documented with its default.
public struct TrainingConfiguration: Sendable, Codable, Equatable {
    /// The hash encoding (default: simplex, 16 levels × 2 features, T = 2¹⁶, N 16…2048, Float16).
    public var encoding = HashEncodingConfiguration()
    /// The MLP (default: 64 × 2 hidden, ReLU, no biases).
    public var network = NetworkConfiguration()
    /// Samples per step (default 2¹⁴; a multiple of 256). On a CPU, more and smaller steps
    /// converge faster in a fixed time than instant-ngp's 2¹⁸.
    public var batchSize: Int = 1 << 14
    /// Initial Adam learning rate (default 1e-3; 1e-2 kills ReLUs of the bias-free MLP).
    public var learningRate: Float = 1e-3
    /// The learning rate decays exponentially to `learningRate × finalLearningRateFactor`
    /// over the run, starting at `decayStart` (fraction of the run). Defaults 0.05 and 0.3.
    public var finalLearningRateFactor: Float = 0.05
    /// See `finalLearningRateFactor`.
    public var decayStart: Float = 0.3
    /// Adam β₁ (default 0.9).
    public var beta1: Float = 0.9
    /// Adam β₂ (default 0.99).
    public var beta2: Float = 0.99
    /// Adam ε (default 1e-15).
    public var epsilon: Float = 1e-15
    /// L2 regularisation of the MLP weights only (default 1e-6).
    public var l2Regularization: Float = 1e-6
    /// The loss (default MAPE).
    public var loss: LossFunction = .mape
    /// Samples kept in the training pool, as a multiple of the batch size (default 16).
    public var poolBatches: Int = 16
    /// Fraction of a batch replaced in the pool by fresh exact samples each step (default 1/8);
    /// 1 with `poolBatches` 1 draws every batch fresh.
    public var refreshFraction: Float = 0.125
    /// The seed of every random choice (default 1).
    public var seed: UInt64 = 1

    public init() {}

    /// Throws unless every value is usable.
    public func validate() throws {
        try encoding.validate()
        try network.validate()
        guard batchSize >= 256, batchSize <= 1 << 22, batchSize % 256 == 0 else {
            throw SDFError("batch size must be a multiple of 256 in 256…2^22, got \(batchSize)")
        }
        guard learningRate.isFinite, learningRate > 0, learningRate < 10 else {
            throw SDFError("learning rate must be in (0, 10), got \(learningRate)")
        }
        guard finalLearningRateFactor > 0, finalLearningRateFactor <= 1, (0...1).contains(decayStart) else {
            throw SDFError("learning-rate decay must have a final factor in (0, 1] and a start in [0, 1]")
        }
        guard (0..<1).contains(beta1), (0..<1).contains(beta2), epsilon >= 0, l2Regularization >= 0 else {
            throw SDFError("Adam needs 0 ≤ β < 1, ε ≥ 0 and L2 ≥ 0")
        }
        guard (1...256).contains(poolBatches), refreshFraction > 0, refreshFraction <= 1 else {
            throw SDFError("the sample pool needs 1…256 batches and a refresh fraction in (0, 1]")
        }
    }

    /// The learning rate at `progress` ∈ [0, 1] of the run.
    func learningRate(atProgress progress: Double) -> Float {
        let p = Float(Swift.min(1, Swift.max(0, progress)))
        guard p > decayStart, decayStart < 1 else { return learningRate }
        let t = (p - decayStart) / (1 - decayStart)
        return learningRate * powf(finalLearningRateFactor, t)
    }
}
