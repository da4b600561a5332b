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

    @Test(arguments: EncodingLattice.allCases)
    func tableGradientsMatchFiniteDifferences(lattice: EncodingLattice) throws {
        let encoding = try HashEncoding(configuration(lattice))
        var random = TestRandom(seed: 7)
        let table = (0..<encoding.parameterCount).map { _ in Float.random(in: -1...1, using: &random) }
        let points = (0..<64).map { _ in random.point(in: 0, 1) }
        let stride = encoding.featureCount
        let g = (0..<points.count * stride).map { _ in Float.random(in: -1...1, using: &random) }
        var gradients = [Float](repeating: 0, count: encoding.parameterCount)
        var touchedEntries: [Int] = []
        for l in 0..<encoding.configuration.levels {
            var touched = [UInt64](repeating: 0, count: encoding.touchedWordCount(level: l))
            points.withUnsafeBufferPointer { p in
                g.withUnsafeBufferPointer { gp in
                    encoding.accumulateGradients(level: l, p.baseAddress!, count: points.count, featureGradients: gp.baseAddress!,
                                                 stride: stride, into: &gradients, touchedBlocks: &touched)
                }
            }
            // Every entry of the level with a gradient lies in a marked block; entries of other
            // levels are untouched by this level's pass.
            let range = encoding.entryRange(level: l)
            for e in range where gradients[2 * e] != 0 || gradients[2 * e + 1] != 0 {
                let block = (e - range.lowerBound) / HashEncoding.entriesPerBlock
                #expect(touched[block / 64] & (1 << UInt64(block % 64)) != 0)
                touchedEntries.append(e)
            }
            let marked = touched.reduce(0) { $0 + $1.nonzeroBitCount }
            #expect(marked > 0 && marked <= points.count * 8)
        }
        #expect(touchedEntries.count >= points.count)
        // The encoding is linear in the table, so central differences are exact up to rounding.
        let candidates = touchedEntries
        for e in Swift.stride(from: 0, to: candidates.count, by: max(1, candidates.count / 40)).map({ candidates[$0] }) {
            for f in 0..<2 {
                let index = e * 2 + f
                var plus = table, minus = table
                plus[index] += 0.5
                minus[index] -= 0.5
                let numeric = weightedSum(encoding, plus, points, g, stride: stride)
                    - weightedSum(encoding, minus, points, g, stride: stride)
                #expect(abs(numeric - Double(gradients[index])) < 1e-3 * max(1, abs(numeric)))
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
