import SDFGeometry
import SDFTestSupport
import Testing
import SDFNeural

/// The fused forward-only kernel behind `NeuralSDF.distances` against the training-time passes
/// (`HashEncoding.encode` then `MLP.forward`), composed here from the public API.
@Suite struct InferenceKernelTests {
    /// A model with random parameters in `±0.5` for the tables, so every level and feature matters.
    func randomModel(_ lattice: EncodingLattice, _ precision: TablePrecision, features: Int,
                     network: NetworkConfiguration = NetworkConfiguration()) throws -> NeuralSDF {
        var c = TrainerTests.smallConfiguration(lattice)
        c.encoding.precision = precision
        c.encoding.featuresPerLevel = features
        c.network = network
        let encoding = try HashEncoding(c.encoding)
        let mlp = MLP(inputs: encoding.featureCount, network: c.network)
        var random = TestRandom(seed: 31 + UInt64(features))
        var parameters = (0..<encoding.parameterCount).map { _ in Float.random(in: -0.5...0.5, using: &random) }
        parameters += mlp.initialWeights(seed: 32)
        return try NeuralSDF(configuration: c, transform: UnitBoxTransform(center: SIMD3(0.1, -0.2, 0.3), scale: 0.45),
                             bounds: AABB(min: SIMD3(-1, -1.3, -0.8), max: SIMD3(1.2, 0.9, 1.4)), parameters: parameters)
    }

    /// The training-time forward pass: encode with `HashEncoding`, run `MLP.forward`, add the
    /// distance to the unit box for points outside it.
    func referenceDistances(_ model: NeuralSDF, _ points: [SIMD3<Float>]) throws -> [Float] {
        let encoding = try HashEncoding(model.configuration.encoding)
        let mlp = MLP(inputs: encoding.featureCount, network: model.configuration.network)
        let rows = (points.count + 3) / 4 * 4
        var unit = [SIMD3<Float>](repeating: .zero, count: rows)
        var outside = [Float](repeating: 0, count: rows)
        for i in 0..<rows {
            let u = model.transform.unit(points[min(i, points.count - 1)])
            let clamped = u.clamped(lowerBound: .zero, upperBound: SIMD3(repeating: 1))
            unit[i] = clamped
            outside[i] = length(u - clamped)
        }
        let k = mlp.paddedInputs
        var x = [Float](repeating: 0, count: rows * k)
        var scratch = [Float](repeating: 0, count: mlp.scratchCount(blockRows: rows))
        let tables = Array(model.parameters[..<encoding.parameterCount])
        let weights = Array(model.parameters[encoding.parameterCount...])
        var out = [Float](repeating: 0, count: points.count)
        unit.withUnsafeBufferPointer { u in
            x.withUnsafeMutableBufferPointer { xp in
                tables.withUnsafeBufferPointer { t in
                    encoding.encode(u.baseAddress!, rows: 0..<rows, table: t.baseAddress!,
                                    features: xp.baseAddress!, stride: k)
                }
                scratch.withUnsafeMutableBufferPointer { sp in
                    let s = mlp.scratch(sp.baseAddress!, rows: rows)
                    weights.withUnsafeBufferPointer {
                        mlp.forward(xp.baseAddress!, ldx: k, rows: rows, weights: $0.baseAddress!, s)
                    }
                    for i in 0..<points.count {
                        out[i] = (s.outputs[i] + outside[i]) / model.transform.scale
                    }
                }
            }
        }
        return out
    }

    /// Points in and around the model's box (a tenth of them outside it), plus lattice-aligned
    /// ones that sit on cell faces.
    func testPoints(_ model: NeuralSDF, count: Int) -> [SIMD3<Float>] {
        var random = TestRandom(seed: 5)
        var points = (0..<count).map { _ in
            model.transform.world(random.point(in: -0.05, 1.05))
        }
        for i in 0..<64 {
            points.append(model.transform.world(SIMD3(Float(i) / 64, 0.5, Float(i % 8) / 8)))
        }
        return points
    }

    /// The fast path's largest difference from the training forward pass at `points` (relative
    /// above 1, absolute below), and the reference values.
    func compareWithTheTrainingForwardPass(_ model: NeuralSDF, _ points: [SIMD3<Float>]) throws -> (Float, [Float]) {
        let fast = model.distances(at: points)
        let reference = try referenceDistances(model, points)
        var worst: Float = 0
        for (a, b) in zip(fast, reference) {
            worst = max(worst, abs(a - b) / max(1, abs(b)))
        }
        return (worst, reference)
    }

    @Test(arguments: EncodingLattice.allCases, TablePrecision.allCases)
    func fastPathMatchesTheTrainingForwardPass(lattice: EncodingLattice, precision: TablePrecision) throws {
        for features in [1, 2, 4] {
            let model = try randomModel(lattice, precision, features: features)
            let (worst, reference) = try compareWithTheTrainingForwardPass(model, testPoints(model, count: 3000))
            #expect(worst <= 1e-5, "\(lattice) \(precision) F=\(features): largest relative difference \(worst)")
            #expect(reference.contains { abs($0) > 0.1 }, "the reference is not trivially zero")
        }
    }

    /// Every register-block remainder of the network kernel (widths 16, 32 and 48 leave 4, 2
    /// and 0 neurons after the blocks of six), one and three hidden layers, and more points than
    /// one encoding batch.
    @Test(arguments: [(16, 1), (32, 3), (48, 2), (64, 1)])
    func networkShapesMatchTheTrainingForwardPass(width: Int, hiddenLayers: Int) throws {
        var network = NetworkConfiguration()
        network.width = width
        network.hiddenLayers = hiddenLayers
        let model = try randomModel(.simplex, .float16, features: 2, network: network)
        let (worst, reference) = try compareWithTheTrainingForwardPass(model, testPoints(model, count: 5000))
        #expect(worst <= 1e-5, "width \(width), \(hiddenLayers) layers: largest relative difference \(worst)")
        #expect(reference.contains { abs($0) > 0.1 }, "the reference is not trivially zero")
    }

    /// Hidden neurons that ReLU zeroes for every point (all their input weights zero) or for
    /// whole regions (fed by one coarse feature only): exact zeros in the hidden layers' inputs,
    /// for points in random order and along a short segment.
    @Test(arguments: [(64, 2), (48, 3)])
    func deadAndRegionallyInactiveNeuronsMatchTheTrainingForwardPass(width: Int, hiddenLayers: Int) throws {
        var network = NetworkConfiguration()
        network.width = width
        network.hiddenLayers = hiddenLayers
        let random = try randomModel(.simplex, .float16, features: 2, network: network)
        let encoding = try HashEncoding(random.configuration.encoding)
        let mlp = MLP(inputs: encoding.featureCount, network: network)
        var parameters = random.parameters
        let first = encoding.parameterCount
        for j in 0..<width {
            for r in 0..<mlp.paddedInputs where j % 3 == 0 || (j % 3 == 1 && r > 0) {
                parameters[first + r * width + j] = 0
            }
        }
        let hidden = first + mlp.paddedInputs * width
        for layer in 0..<(hiddenLayers - 1) {
            for r in 0..<width {
                for j in stride(from: 0, to: width, by: 4) { parameters[hidden + layer * width * width + r * width + j] = 0 }
            }
        }
        let model = try NeuralSDF(configuration: random.configuration, transform: random.transform,
                                  bounds: random.bounds, parameters: parameters)
        var points = testPoints(model, count: 3000)
        for i in 0..<2000 {
            points.append(model.transform.world(SIMD3(0.2 + Float(i) / 4000, 0.3 + Float(i) / 8000, 0.6)))
        }
        let (worst, reference) = try compareWithTheTrainingForwardPass(model, points)
        #expect(worst <= 1e-5, "width \(width), \(hiddenLayers) layers: largest relative difference \(worst)")
        #expect(reference.contains { abs($0) > 0.01 }, "the reference is not trivially zero")
    }

    @Test func valuesDoNotDependOnBatchCompositionOrRepetition() throws {
        let model = try randomModel(.simplex, .float16, features: 2)
        let points = testPoints(model, count: 5000)
        let batch = model.distances(at: points)
        let again = model.distances(at: points)
        let reversed = Array(model.distances(at: points.reversed()).reversed())
        let single = points.map { model.distance(at: $0) }
        #expect(batch.map(\.bitPattern) == again.map(\.bitPattern))
        #expect(batch.map(\.bitPattern) == reversed.map(\.bitPattern))
        #expect(batch.map(\.bitPattern) == single.map(\.bitPattern))
        var parallel = [Float](repeating: 0, count: points.count)
        points.withUnsafeBufferPointer { p in
            parallel.withUnsafeMutableBufferPointer { model.evaluateInParallel(p, into: $0, chunk: 100) }
        }
        #expect(batch.map(\.bitPattern) == parallel.map(\.bitPattern))
    }
}
