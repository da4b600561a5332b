import SDFGeometry
import SDFTestSupport
import Testing
import SDFNeural

/// Small, fast training runs (release build) against analytic shapes.
@Suite struct TrainerTests {
    static func smallConfiguration(_ lattice: EncodingLattice = .simplex) -> TrainingConfiguration {
        var c = TrainingConfiguration()
        c.encoding.lattice = lattice
        c.encoding.levels = 8
        c.encoding.log2TableSize = 14
        c.encoding.minResolution = 8
        c.encoding.maxResolution = 128
        c.batchSize = 1 << 12
        // Analytic distances are cheap: draw every batch fresh.
        c.poolBatches = 1
        c.refreshFraction = 1
        c.learningRate = 3e-3
        return c
    }

    /// IoU of signs and mean |error| near the surface, against the analytic distance.
    func quality(_ model: NeuralSDF, _ source: AnalyticSource) -> (iou: Double, nearError: Double) {
        var random = TestRandom(seed: 1234)
        let uniform = (0..<20000).map { _ in random.point(in: -1.2, 1.2) }
        let predicted = model.distances(at: uniform)
        var both = 0, either = 0
        for (p, d) in zip(uniform, predicted) {
            let inside = source.distance(p) <= 0, modelInside = d <= 0
            if inside && modelInside { both += 1 }
            if inside || modelInside { either += 1 }
        }
        var near = [SIMD3<Float>](repeating: .zero, count: 4000)
        var exact = [Float](repeating: 0, count: 4000)
        near.withUnsafeMutableBufferPointer { p in
            exact.withUnsafeMutableBufferPointer { source.fill(positions: p, distances: $0, seed: 99) }
        }
        let nearPredicted = model.distances(at: near)
        var sum = 0.0
        for i in near.indices where i % 4 != 0 { sum += Double(abs(nearPredicted[i] - exact[i])) }
        return (Double(both) / Double(max(1, either)), sum / Double(near.count * 3 / 4))
    }

    @Test(arguments: EncodingLattice.allCases)
    func learnsASphere(lattice: EncodingLattice) throws {
        let source = AnalyticSource(shape: .sphere(radius: 0.8))
        let trainer = try Trainer(configuration: Self.smallConfiguration(lattice), source: source)
        let run = trainer.train(steps: 300, seconds: nil)
        #expect(run.stop == .finished)
        #expect(run.steps == 300)
        let (iou, nearError) = quality(trainer.makeModel(), source)
        #expect(iou > 0.95)
        #expect(nearError < 0.008)
    }

    @Test func learnsATorus() throws {
        let source = AnalyticSource(shape: .torus(major: 0.8, minor: 0.3))
        let trainer = try Trainer(configuration: Self.smallConfiguration(), source: source)
        _ = trainer.train(steps: 300, seconds: nil)
        let (iou, nearError) = quality(trainer.makeModel(), source)
        #expect(iou > 0.9)
        #expect(nearError < 0.008)
    }

    @Test func sameSeedGivesIdenticalParameters() throws {
        let source = AnalyticSource(shape: .sphere(radius: 0.7))
        var c = Self.smallConfiguration()
        c.seed = 42
        let a = try Trainer(configuration: c, source: source)
        let b = try Trainer(configuration: c, source: source)
        _ = a.train(steps: 15, seconds: nil)
        _ = b.train(steps: 15, seconds: nil)
        #expect(a.parameters == b.parameters)
        c.seed = 43
        let other = try Trainer(configuration: c, source: source)
        _ = other.train(steps: 15, seconds: nil)
        #expect(a.parameters != other.parameters)
    }

    struct PoisonedSource: TrainingSampleSource {
        var bounds: AABB { AABB(min: SIMD3(repeating: -1), max: SIMD3(repeating: 1)) }
        func fill(positions: UnsafeMutableBufferPointer<SIMD3<Float>>, distances: UnsafeMutableBufferPointer<Float>, seed: UInt64) {
            for i in positions.indices {
                positions[i] = SIMD3(repeating: Float(i % 7) / 7 - 0.5)
                distances[i] = .nan
            }
        }
    }

    @Test func nonFiniteLossStopsAndKeepsParameters() throws {
        let trainer = try Trainer(configuration: Self.smallConfiguration(), source: PoisonedSource())
        let before = trainer.parameters
        let run = trainer.train(steps: 10, seconds: nil)
        #expect(run.stop == .nonFiniteLoss)
        #expect(run.steps == 0)
        #expect(run.message?.contains("loss") == true)
        #expect(trainer.parameters == before)
    }

    @Test func rejectsImpossibleConfigurations() {
        var c = Self.smallConfiguration()
        c.batchSize = 1000
        #expect(throws: SDFError.self) { try Trainer(configuration: c, source: AnalyticSource(shape: .sphere(radius: 1))) }
        c = Self.smallConfiguration()
        c.network.width = 50
        #expect(throws: SDFError.self) { try Trainer(configuration: c, source: AnalyticSource(shape: .sphere(radius: 1))) }
        c = Self.smallConfiguration()
        c.encoding.log2TableSize = 40
        #expect(throws: SDFError.self) { try Trainer(configuration: c, source: AnalyticSource(shape: .sphere(radius: 1))) }
    }
}
