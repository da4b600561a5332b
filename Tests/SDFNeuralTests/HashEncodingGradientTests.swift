import SDFGeometry
import SDFTestSupport
import Testing
import SDFNeural

/// The encoding's backward passes against central differences of its forward pass.
@Suite struct HashEncodingGradientTests {
    func configuration(_ lattice: EncodingLattice) -> HashEncodingConfiguration {
        var c = HashEncodingConfiguration()
        c.lattice = lattice
        c.levels = 4
        c.log2TableSize = 10
        c.minResolution = 3
        c.maxResolution = 24
        c.precision = .float32
        return c
    }

    /// `Σ_i Σ_j g[i][j]·features[i][j]` for points `p`.
    func weightedSum(_ encoding: HashEncoding, _ table: [Float], _ p: [SIMD3<Float>], _ g: [Float], stride: Int) -> Double {
        var x = [Float](repeating: 0, count: p.count * stride)
        p.withUnsafeBufferPointer { pp in
            table.withUnsafeBufferPointer { t in
                x.withUnsafeMutableBufferPointer {
                    encoding.encode(pp.baseAddress!, rows: 0..<p.count, table: t.baseAddress!, features: $0.baseAddress!, stride: stride)
                }
            }
        }
        return zip(x, g).reduce(0) { $0 + Double($1.0) * Double($1.1) }
    }

    /// Level `l`'s summed entry gradients as (absolute entry, per-feature gradient) pairs.
    func levelGradients(_ encoding: HashEncoding, level l: Int, _ points: [SIMD3<Float>], _ g: [Float],
                        stride: Int) -> [(entry: Int, gradient: [Float])] {
        let F = encoding.configuration.featuresPerLevel
        let gradients = LevelGradients(encoding: encoding)
        points.withUnsafeBufferPointer { p in
            g.withUnsafeBufferPointer { gp in
                gradients.compute(encoding, level: l, p.baseAddress!, count: points.count,
                                  levelGradients: gp.baseAddress! + l * F, rowStride: stride)
            }
        }
        let first = encoding.entryRange(level: l).lowerBound
        return gradients.entries.map { e in
            (first + e, (0..<F).map { gradients.gradient(entry: e, feature: $0) })
        }
    }

    @Test(arguments: EncodingLattice.allCases, [1, 2, 4])
    func tableGradientsMatchFiniteDifferences(lattice: EncodingLattice, features: Int) throws {
        var c = configuration(lattice)
        c.featuresPerLevel = features
        let encoding = try HashEncoding(c)
        var random = TestRandom(seed: 7)
        let table = (0..<encoding.parameterCount).map { _ in Float.random(in: -1...1, using: &random) }
        let points = (0..<64).map { _ in random.point(in: 0, 1) }
        let stride = encoding.featureCount
        let g = (0..<points.count * stride).map { _ in Float.random(in: -1...1, using: &random) }
        var gradients = [Float](repeating: 0, count: encoding.parameterCount)
        var listed: [Int] = []
        for l in 0..<encoding.configuration.levels {
            let entries = levelGradients(encoding, level: l, points, g, stride: stride)
            // Distinct, ascending, inside the level, at most one per corner of every point.
            let range = encoding.entryRange(level: l)
            #expect(!entries.isEmpty && entries.count <= points.count * (lattice == .simplex ? 4 : 8))
            #expect(zip(entries, entries.dropFirst()).allSatisfy { $0.entry < $1.entry })
            #expect(entries.allSatisfy { range.contains($0.entry) })
            for (e, gradient) in entries {
                for f in 0..<features { gradients[e * features + f] = gradient[f] }
                listed.append(e)
            }
        }
        // The encoding is linear in the table, so central differences are exact up to rounding;
        // check listed entries and, as often, entries not listed (whose gradient must be zero).
        var unlisted: [Int] = []
        let listedSet = Set(listed)
        while unlisted.count < 40 {
            let e = Int.random(in: 0..<encoding.entryCount, using: &random)
            if !listedSet.contains(e) { unlisted.append(e) }
        }
        let sampled = Swift.stride(from: 0, to: listed.count, by: max(1, listed.count / 40)).map { listed[$0] }
        for e in sampled + unlisted {
            for f in 0..<features {
                let index = e * features + f
                var plus = table, minus = table
                plus[index] += 0.5
                minus[index] -= 0.5
                let numeric = weightedSum(encoding, plus, points, g, stride: stride)
                    - weightedSum(encoding, minus, points, g, stride: stride)
                #expect(abs(numeric - Double(gradients[index])) < 1e-3 * max(1, abs(numeric)))
            }
        }
    }

    /// Many points per entry (coarse levels), points outside the unit box and padded feature
    /// rows: each listed gradient equals the encoding's response to a unit table at that entry.
    @Test(arguments: EncodingLattice.allCases)
    func levelGradientsMergeRepeatedEntries(lattice: EncodingLattice) throws {
        let encoding = try HashEncoding(configuration(lattice))
        var random = TestRandom(seed: 5)
        let points = (0..<500).map { _ in random.point(in: -0.1, 1.1) }
        let stride = encoding.featureCount + 3
        let g = (0..<points.count * stride).map { _ in Float.random(in: -1...1, using: &random) }
        for l in 0..<encoding.configuration.levels {
            // The encoding is linear in the table: a unit table at entry e yields ∂(Σ g·features)/∂e.
            let entries = levelGradients(encoding, level: l, points, g, stride: stride)
            try #require(!entries.isEmpty, "level \(l) lists no gradient")
            let zero = [Float](repeating: 0, count: encoding.parameterCount)
            let features = encoding.configuration.featuresPerLevel
            for (e, gradient) in entries.prefix(25) {
                for f in 0..<features {
                    var unit = zero
                    unit[e * features + f] = 1
                    let reference = weightedSum(encoding, unit, points, g, stride: stride)
                    #expect(abs(reference - Double(gradient[f])) < 1e-4 * max(1, abs(reference)))
                }
            }
        }
    }

    @Test(arguments: EncodingLattice.allCases)
    func positionGradientsMatchFiniteDifferences(lattice: EncodingLattice) throws {
        let encoding = try HashEncoding(configuration(lattice))
        var random = TestRandom(seed: 11)
        let table = (0..<encoding.parameterCount).map { _ in Float.random(in: -1...1, using: &random) }
        let stride = encoding.featureCount
        let h: Float = 2e-4
        var matches = 0
        let trials = 200
        for _ in 0..<trials {
            let p = random.point(in: 0.05, 0.95)
            let g = (0..<stride).map { _ in Float.random(in: -1...1, using: &random) }
            var analytic = [SIMD3<Float>](repeating: .zero, count: 1)
            [p].withUnsafeBufferPointer { pp in
                table.withUnsafeBufferPointer { t in
                    g.withUnsafeBufferPointer { gp in
                        encoding.accumulatePositionGradients(pp.baseAddress!, rows: 0..<1, table: t.baseAddress!,
                                                             featureGradients: gp.baseAddress!, stride: stride, into: &analytic)
                    }
                }
            }
            var numeric = SIMD3<Float>.zero
            for axis in 0..<3 {
                var e = SIMD3<Float>.zero
                e[axis] = h
                numeric[axis] = Float(weightedSum(encoding, table, [p + e], g, stride: stride)
                    - weightedSum(encoding, table, [p - e], g, stride: stride)) / (2 * h)
            }
            // The interpolant is piecewise linear: differences that straddle a cell or simplex
            // face disagree, so most (not all) points must match closely.
            if length(analytic[0] - numeric) <= 1e-2 * max(1, length(numeric)) { matches += 1 }
        }
        #expect(matches >= trials * 3 / 4, "\(matches) of \(trials) gradients match")
    }
}
