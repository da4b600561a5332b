import SDFGeometry

/// The trainable state of a neural SDF: one flat Float32 buffer of parameters (hash tables first,
/// then the MLP weights) with matching Adam moments, the MLP's gradients, a Float16 mirror of the
/// tables for fast gathers, and per-entry step counts for the lazy table updates (table
/// gradients live in per-thread, level-sized accumulators: see `LevelGradients`).
final class TrainingState: @unchecked Sendable {
    let encoding: HashEncoding
    let mlp: MLP
    /// Scalars in the hash tables (the MLP weights start here).
    let tableCount: Int
    let values: UnsafeMutableBufferPointer<Float>
    /// Gradients of the MLP weights.
    let networkGradients: UnsafeMutableBufferPointer<Float>
    let firstMoment: UnsafeMutableBufferPointer<Float>
    let secondMoment: UnsafeMutableBufferPointer<Float>
    /// Float16 copy of the tables when the encoding stores Float16 (kept in sync by Adam).
    let mirror: UnsafeMutableBufferPointer<Float16>?
    let stepCounts: UnsafeMutableBufferPointer<UInt32>

    init(encoding: HashEncoding, network: NetworkConfiguration, seed: UInt64) {
        self.encoding = encoding
        mlp = MLP(inputs: encoding.featureCount, network: network)
        tableCount = encoding.parameterCount
        let count = tableCount + mlp.parameterCount
        func zeros<T: Numeric>(_ n: Int, _: T.Type) -> UnsafeMutableBufferPointer<T> {
            let b = UnsafeMutableBufferPointer<T>.allocate(capacity: n)
            b.initialize(repeating: 0)
            return b
        }
        values = zeros(count, Float.self)
        networkGradients = zeros(mlp.parameterCount, Float.self)
        firstMoment = zeros(count, Float.self)
        secondMoment = zeros(count, Float.self)
        stepCounts = zeros(encoding.entryCount, UInt32.self)
        var random = SplitMix64(seed: seed)
        for p in 0..<tableCount { values[p] = random.uniform(-1e-4, 1e-4) }
        let weights = mlp.initialWeights(using: &random)
        for (i, w) in weights.enumerated() { values[tableCount + i] = w }
        if encoding.configuration.precision == .float16 {
            let m = UnsafeMutableBufferPointer<Float16>.allocate(capacity: tableCount)
            for p in 0..<tableCount { m[p] = Float16(values[p]) }
            mirror = m
        } else {
            mirror = nil
        }
    }

    deinit {
        values.deallocate()
        networkGradients.deallocate()
        firstMoment.deallocate()
        secondMoment.deallocate()
        mirror?.deallocate()
        stepCounts.deallocate()
    }

    /// Pointer to the MLP weights.
    var weights: UnsafeMutablePointer<Float> { values.baseAddress! + tableCount }

    /// A copy of all parameters.
    var parameterArray: [Float] { Array(values) }
}
