import Foundation
import SDFGeometry
import SDFTestSupport
import Testing
import SDFNeural

/// Model evaluation, analytic gradients and the `.sdfnet` file format.
@Suite struct NeuralSDFTests {
    /// A model with random (large) parameters, so every level matters.
    func randomModel(_ lattice: EncodingLattice, _ precision: TablePrecision) throws -> NeuralSDF {
        var c = TrainerTests.smallConfiguration(lattice)
        c.encoding.precision = precision
        let encoding = try HashEncoding(c.encoding)
        let mlp = MLP(inputs: encoding.featureCount, network: c.network)
        var random = TestRandom(seed: 17)
        var parameters = (0..<encoding.parameterCount).map { _ in Float.random(in: -0.5...0.5, using: &random) }
        parameters += mlp.initialWeights(seed: 18)
        return try NeuralSDF(configuration: c, transform: UnitBoxTransform(center: SIMD3(0.1, 0.2, 0.3), scale: 0.4),
                             bounds: AABB(min: SIMD3(-1, -1, -1), max: SIMD3(1.2, 1.4, 1.6)), parameters: parameters)
    }

    @Test(arguments: EncodingLattice.allCases)
    func analyticGradientsMatchFiniteDifferences(lattice: EncodingLattice) throws {
        let model = try randomModel(lattice, .float32)
        var random = TestRandom(seed: 21)
        let points = (0..<200).map { _ in random.point(in: -0.9, 0.9) }
        let analytic = model.gradients(at: points)
        let h: Float = 2e-5
        var matched = 0
        for (p, g) in zip(points, analytic) {
            var numeric = SIMD3<Float>.zero
            for axis in 0..<3 {
                var e = SIMD3<Float>.zero
                e[axis] = h
                numeric[axis] = (model.distance(at: p + e) - model.distance(at: p - e)) / (2 * h)
            }
            if length(numeric - g) <= 2e-2 * max(1, length(numeric)) { matched += 1 }
        }
        // Piecewise-linear interpolation and ReLU kinks make a few differences straddle a face.
        #expect(matched >= points.count * 3 / 4, "\(matched) of \(points.count) gradients match")
    }

    @Test func outsideTheBoxValuesGrowLikeADistance() throws {
        let model = try randomModel(.simplex, .float16)
        let edge = model.transform.world(SIMD3(1, 0.5, 0.5))
        let far = edge + SIMD3(3, 0, 0)
        #expect(abs((model.distance(at: far) - model.distance(at: edge)) - 3) < 1e-3)
    }

    @Test(arguments: TablePrecision.allCases)
    func saveAndLoadRoundTripBitExactly(precision: TablePrecision) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let model = try randomModel(.simplex, precision)
        let path = directory.file("model.sdfnet")
        try model.save(to: path)
        let loaded = try NeuralSDF.load(path)
        #expect(loaded.parameters == model.parameters)
        #expect(loaded.configuration == model.configuration)
        #expect(loaded.transform == model.transform)
        #expect(loaded.bounds == model.bounds)
        var random = TestRandom(seed: 4)
        let points = (0..<1000).map { _ in random.point(in: -2, 2) }
        #expect(loaded.distances(at: points) == model.distances(at: points))
        let resaved = directory.file("again.sdfnet")
        try loaded.save(to: resaved)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(try Data(contentsOf: URL(fileURLWithPath: resaved)) == bytes)
        #expect(bytes.count == (try model.encodedSize()))
    }

    func expectRejected(_ bytes: [UInt8], mentioning words: String) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("bad.sdfnet")
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        do {
            _ = try NeuralSDF.load(path)
            Issue.record("a bad model file (\(words)) was accepted")
        } catch let error as SDFError {
            #expect(error.description.contains(words), "\(error)")
            #expect(error.path == path)
        }
    }

    @Test func corruptTruncatedAndForeignFilesAreRejected() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try randomModel(.grid, .float16).save(to: directory.file("good.sdfnet"))
        let good = Array(try Data(contentsOf: URL(fileURLWithPath: directory.file("good.sdfnet"))))
        var flipped = good
        flipped[good.count / 2] ^= 0x10
        try expectRejected(flipped, mentioning: "checksum")
        try expectRejected(Array(good[..<(good.count - 100)]), mentioning: "truncated")
        try expectRejected(Array(good[..<10]), mentioning: "truncated")
        try expectRejected(good + [0], mentioning: "trailing")
        var version = good
        version[8] = 9
        try expectRejected(version, mentioning: "version 9")
        var magic = good
        magic[0] = UInt8(ascii: "X")
        try expectRejected(magic, mentioning: "magic")
        var header = good
        header[17] = UInt8(ascii: "#")
        try expectRejected(header, mentioning: "header")
        var huge = good
        huge[12] = 0xFF; huge[13] = 0xFF; huge[14] = 0xFF; huge[15] = 0x7F
        try expectRejected(huge, mentioning: "header")
    }
}
