import SDFGeometry

/// Fits a neural SDF (hash encoding + MLP) to exact distances from a sample source.
///
/// A step: refresh part of the sample pool and draw a batch; encode it (feature-major, eight
/// points at a time, one share of the levels per thread); run the MLP forward and backward on
/// row blocks of the batch, one contiguous share of rows per thread (per-thread MLP gradient
/// partials, reduced in a fixed order); then, with the encoding's share of the levels per
/// thread, sum the level's table gradients in a dense per-thread accumulator and apply lazy Adam
/// to each touched entry once (levels own disjoint table ranges, so no locks and no per-thread
/// table copies); finally Adam on the MLP weights. Results depend only on the configuration, the
/// source and the thread count.
public final class Trainer: @unchecked Sendable {
    /// The configuration being trained.
    public let configuration: TrainingConfiguration
    /// World-to-unit-box transform of the model.
    public let transform: UnitBoxTransform
    /// The world box the model covers.
    public let bounds: AABB
    /// Steps taken so far.
    public private(set) var steps = 0
    /// Wall-clock seconds spent in each phase so far.
    public private(set) var profile = TrainingProfile()

    let state: TrainingState
    private let pool: SamplePool
    private let adam: Adam
    private let threads: Int
    private static let blockRows = 64
    /// The batch's unit-box coordinates: `batch` x, then y, then z.
    private let coordinates: UnsafeMutableBufferPointer<Float>
    private let targets: UnsafeMutableBufferPointer<Float>
    private let features: UnsafeMutableBufferPointer<Float>
    private let featureGradients: UnsafeMutableBufferPointer<Float>
    private let transposed: UnsafeMutableBufferPointer<Float>
    private let scratch: UnsafeMutableBufferPointer<Float>
    private let partials: UnsafeMutableBufferPointer<Float>
    private let scratchStride: Int
    /// Per thread: scratch for one level's table gradients.
    private let levelGradients: [LevelGradients]

    /// Prepares a run: validates the configuration, initialises the parameters from the seed and
    /// fills the sample pool (the first exact-distance batch happens here).
    public init(configuration: TrainingConfiguration, source: any TrainingSampleSource) throws {
        try configuration.validate()
        let domain = source.domain
        guard !domain.isEmpty, domain.diagonal > 0, domain.diagonal.isFinite else {
            throw SDFError("the training domain is empty or degenerate")
        }
        self.configuration = configuration
        bounds = source.bounds
        transform = UnitBoxTransform(fitting: domain)
        let encoding = try HashEncoding(configuration.encoding)
        let batch = configuration.batchSize
        state = TrainingState(encoding: encoding, network: configuration.network, seed: configuration.seed)
        adam = Adam(beta1: configuration.beta1, beta2: configuration.beta2,
                    epsilon: configuration.epsilon, l2: configuration.l2Regularization)
        threads = Swift.max(1, Swift.min(Parallelism.threadCount, batch / Self.blockRows))
        let mlp = state.mlp
        let k = mlp.paddedInputs
        func buffer<T: Numeric>(_ n: Int) -> UnsafeMutableBufferPointer<T> {
            let b = UnsafeMutableBufferPointer<T>.allocate(capacity: n)
            b.initialize(repeating: 0)
            return b
        }
        coordinates = buffer(3 * batch)
        targets = buffer(batch)
        features = buffer(batch * k)
        featureGradients = buffer(batch * k)
        transposed = buffer(mlp.parameterCount)
        // Per-thread MLP scratch, the loss derivatives of one block, and the block's input rows and
        // their gradients (row-major for the MLP; pad columns stay zero), rounded to cache lines.
        scratchStride = (mlp.scratchCount(blockRows: Self.blockRows) + Self.blockRows * (1 + 2 * k) + 15) / 16 * 16
        scratch = buffer(scratchStride * threads)
        partials = buffer(((mlp.parameterCount + 15) / 16 * 16) * threads)
        levelGradients = (0..<threads).map { _ in LevelGradients(encoding: encoding) }
        let start = monotonicSeconds()
        pool = SamplePool(source: source, transform: transform,
                          capacity: batch * configuration.poolBatches,
                          refreshCount: Swift.max(256, Int(Float(batch) * configuration.refreshFraction)),
                          seed: configuration.seed)
        profile.sampling += monotonicSeconds() - start
    }

    deinit {
        coordinates.deallocate()
        targets.deallocate()
        features.deallocate()
        featureGradients.deallocate()
        transposed.deallocate()
        scratch.deallocate()
        partials.deallocate()
    }

    /// One optimisation step at `learningRate`; returns the batch's mean loss. A non-finite loss
    /// throws before any parameter changes, so the parameters stay those of the last good step.
    @discardableResult
    public func step(learningRate: Float) throws -> Float {
        let batch = configuration.batchSize
        var clock = monotonicSeconds()
        func lap() -> Double {
            let now = monotonicSeconds()
            defer { clock = now }
            return now - clock
        }
        pool.refresh()
        pool.drawBatch(coordinates: coordinates.baseAddress!, targets: targets.baseAddress!, count: batch)
        profile.sampling += lap()

        let lossSum = forwardAndBackward()
        profile.network += lap()
        let loss = Float(lossSum / Double(batch))
        guard loss.isFinite else {
            throw SDFError("training stopped at step \(steps + 1): the loss became \(loss); keeping the parameters of step \(steps)")
        }
        steps += 1
        updateTables(learningRate: learningRate)
        profile.tables += lap()
        updateNetwork(learningRate: learningRate)
        profile.network += lap()
        return loss
    }

    /// Region 1: per thread, encode its share of the levels for the whole batch into
    /// feature-major features (each feature one sequential stream). Region 2: per thread, its
    /// rows block by block: gather the block's rows, run the MLP forward, the loss and the MLP
    /// backward, and scatter the input gradients back to feature-major order.
    /// Returns the summed loss.
    private func forwardAndBackward() -> Double {
        let mlp = state.mlp, encoding = state.encoding
        let k = mlp.paddedInputs, rowsPerBlock = Self.blockRows
        let columns = encoding.featureCount, ld = configuration.batchSize
        let blocks = configuration.batchSize / rowsPerBlock
        let partialStride = partials.count / threads
        partials.update(repeating: 0)
        mlp.transpose(state.weights, into: transposed.baseAddress!)
        let x = SendablePointer(features), dx = SendablePointer(featureGradients)
        let p = SendableConstPointer(UnsafeBufferPointer(coordinates)), y = SendableConstPointer(UnsafeBufferPointer(targets))
        let wt = SendableConstPointer(UnsafeBufferPointer(transposed))
        let weights = SendableConstPointer(UnsafePointer(state.weights))
        let tables32 = SendableConstPointer(UnsafePointer(state.values.baseAddress!))
        let tables16 = state.mirror.map { SendableConstPointer(UnsafeBufferPointer($0)) }
        let scratch = SendablePointer(self.scratch), partials = SendablePointer(self.partials)
        let stride = scratchStride, loss = configuration.loss, inverseBatch = 1 / Float(configuration.batchSize)
        let sums = SendablePointer(UnsafeMutablePointer<Double>.allocate(capacity: threads))
        defer { sums.base.deallocate() }
        // The encoding goes level by level, each thread the levels it updates in `updateTables`:
        // a level's table lines then stay in one core's caches (the Adam pass just wrote them).
        let levels = configuration.encoding.levels, threads = self.threads, batch = 0..<ld
        Parallelism.forEachChunk(count: threads, minimumChunk: 1, maxChunks: threads) { _, t in
            for l in Swift.stride(from: t, to: levels, by: threads) {
                if let tables16 {
                    encoding.encodeFeatureMajor(level: l, x: p.base, y: p.base + ld, z: p.base + 2 * ld, rows: batch,
                                                table: tables16.base, features: x.base, ld: ld)
                } else {
                    encoding.encodeFeatureMajor(level: l, x: p.base, y: p.base + ld, z: p.base + 2 * ld, rows: batch,
                                                table: tables32.base, features: x.base, ld: ld)
                }
            }
        }
        Parallelism.forEachChunk(count: blocks, minimumChunk: 1, maxChunks: threads) { range, c in
            let s = mlp.scratch(scratch.base + c * stride, rows: rowsPerBlock)
            let g = scratch.base + c * stride + mlp.scratchCount(blockRows: rowsPerBlock)
            let blockInputs = g + rowsPerBlock, blockGradients = blockInputs + rowsPerBlock * k
            var sum: Double = 0
            for b in range {
                let first = b * rowsPerBlock
                for j in 0..<columns {
                    let source = x.base + j * ld + first
                    for r in 0..<rowsPerBlock { blockInputs[r * k + j] = source[r] }
                }
                mlp.forward(blockInputs, ldx: k, rows: rowsPerBlock, weights: weights.base, s)
                var blockSum: Float = 0
                for r in 0..<rowsPerBlock {
                    let (value, derivative) = loss.valueAndDerivative(prediction: s.outputs[r], target: y[first + r])
                    blockSum += value
                    g[r] = derivative * inverseBatch
                }
                sum += Double(blockSum)
                mlp.backward(blockInputs, ldx: k, rows: rowsPerBlock, outputGradients: g,
                             transposedWeights: wt.base, s, weightGradients: partials.base + c * partialStride,
                             inputGradients: blockGradients)
                for j in 0..<columns {
                    let target = dx.base + j * ld + first
                    for r in 0..<rowsPerBlock { target[r] = blockGradients[r * k + j] }
                }
            }
            sums[c] = sum
        }
        let chunks = Parallelism.chunkCount(count: blocks, minimumChunk: 1, maxChunks: threads)
        return (0..<chunks).reduce(0) { $0 + sums[$1] }
    }

    /// Region 3: per thread, a share of the levels: sum the level's table gradients and apply
    /// lazy Adam to the entries this step touched.
    private func updateTables(learningRate: Float) {
        let encoding = state.encoding, adam = self.adam, state = self.state, levelGradients = self.levelGradients
        let levels = configuration.encoding.levels, features = configuration.encoding.featuresPerLevel
        let count = configuration.batchSize, threads = self.threads
        let p = SendableConstPointer(UnsafeBufferPointer(coordinates))
        let dx = SendableConstPointer(UnsafeBufferPointer(featureGradients))
        Parallelism.forEachChunk(count: threads, minimumChunk: 1, maxChunks: threads) { _, t in
            let gradients = levelGradients[t]
            for l in Swift.stride(from: t, to: levels, by: threads) {
                gradients.accumulate(encoding, level: l, x: p.base, y: p.base + count, z: p.base + 2 * count,
                                     count: count, gradients: dx.base + l * features * count, ld: count)
                adam.updateLevel(gradients, entryOffset: encoding.entryRange(level: l).lowerBound,
                                  learningRate: learningRate, values: state.values.baseAddress!,
                                  firstMoment: state.firstMoment.baseAddress!,
                                  secondMoment: state.secondMoment.baseAddress!,
                                  stepCounts: state.stepCounts.baseAddress!, mirror: state.mirror?.baseAddress)
            }
        }
    }

    /// Sums the per-thread MLP gradients (fixed order) and applies dense Adam with L2.
    private func updateNetwork(learningRate: Float) {
        let n = state.mlp.parameterCount, base = state.tableCount
        let partialStride = partials.count / threads
        let g = state.networkGradients.baseAddress!
        for i in 0..<n { g[i] = 0 }
        for t in 0..<threads {
            let part = partials.baseAddress! + t * partialStride
            for i in 0..<n { g[i] += part[i] }
        }
        adam.updateDense(base..<(base + n), step: UInt32(truncatingIfNeeded: steps), learningRate: learningRate,
                         values: state.values.baseAddress!, gradients: g,
                         firstMoment: state.firstMoment.baseAddress!, secondMoment: state.secondMoment.baseAddress!)
    }

    /// The current parameters (tables, then MLP weights).
    public var parameters: [Float] { state.parameterArray }

    /// A queryable model of the current parameters.
    public func makeModel() -> NeuralSDF {
        // The configuration was validated and the parameters laid out from it: this cannot throw.
        try! NeuralSDF(configuration: configuration, transform: transform, bounds: bounds,
                  parameters: state.parameterArray)
    }
}

/// Seconds spent per phase of training.
public struct TrainingProfile: Sendable, Codable, Equatable {
    /// Exact-distance sampling and batch drawing.
    public var sampling: Double = 0
    /// Encoding forward plus MLP forward/backward (one parallel region), plus MLP Adam.
    public var network: Double = 0
    /// Table gradients plus lazy Adam on touched entries.
    public var tables: Double = 0

    public init() {}
}
