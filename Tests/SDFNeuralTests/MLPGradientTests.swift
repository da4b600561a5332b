import SDFGeometry
import SDFTestSupport
import Testing
import SDFNeural

/// The MLP's backward pass against central differences of its forward pass.
@Suite struct MLPGradientTests {
    struct Setup {
        let mlp: MLP
        let rows = 8
        var x: [Float]
        var weights: [Float]
        var g: [Float]
    }

    func setup(inputs: Int, width: Int, hidden: Int) -> Setup {
        var network = NetworkConfiguration()
        network.width = width
        network.hiddenLayers = hidden
        let mlp = MLP(inputs: inputs, network: network)
        let weights = mlp.initialWeights(seed: 3)
        var test = TestRandom(seed: 5)
        var x = [Float](repeating: 0, count: 8 * mlp.paddedInputs)
        for r in 0..<8 { for c in 0..<inputs { x[r * mlp.paddedInputs + c] = Float.random(in: -1...1, using: &test) } }
        let g = (0..<8).map { _ in Float.random(in: -1...1, using: &test) }
        return Setup(mlp: mlp, x: x, weights: weights, g: g)
    }

    /// `Σ_r g[r]·y[r]`.
    func objective(_ s: Setup, x: [Float], weights: [Float]) -> Double {
        var scratch = [Float](repeating: 0, count: s.mlp.scratchCount(blockRows: s.rows))
        return scratch.withUnsafeMutableBufferPointer { sb in
            let view = s.mlp.scratch(sb.baseAddress!, rows: s.rows)
            x.withUnsafeBufferPointer { xp in
                weights.withUnsafeBufferPointer { s.mlp.forward(xp.baseAddress!, ldx: s.mlp.paddedInputs, rows: s.rows, weights: $0.baseAddress!, view) }
            }
            return (0..<s.rows).reduce(0.0) { $0 + Double(s.g[$1]) * Double(view.outputs[$1]) }
        }
    }

    func analytic(_ s: Setup) -> (weights: [Float], inputs: [Float]) {
        var scratch = [Float](repeating: 0, count: s.mlp.scratchCount(blockRows: s.rows))
        var dw = [Float](repeating: 0, count: s.mlp.parameterCount)
        var dx = [Float](repeating: 0, count: s.x.count)
        var transposed = [Float](repeating: 0, count: s.mlp.parameterCount)
        s.weights.withUnsafeBufferPointer { w in
            transposed.withUnsafeMutableBufferPointer { s.mlp.transpose(w.baseAddress!, into: $0.baseAddress!) }
        }
        scratch.withUnsafeMutableBufferPointer { sb in
            let view = s.mlp.scratch(sb.baseAddress!, rows: s.rows)
            s.x.withUnsafeBufferPointer { xp in
                s.weights.withUnsafeBufferPointer { s.mlp.forward(xp.baseAddress!, ldx: s.mlp.paddedInputs, rows: s.rows, weights: $0.baseAddress!, view) }
                s.mlp.backward(xp.baseAddress!, ldx: s.mlp.paddedInputs, rows: s.rows, outputGradients: s.g,
                               transposedWeights: transposed, view, weightGradients: &dw, inputGradients: &dx)
            }
        }
        return (dw, dx)
    }

    @Test(arguments: [(32, 64, 2), (24, 16, 1), (20, 80, 3)])
    func gradientsMatchFiniteDifferences(shape: (Int, Int, Int)) {
        let s = setup(inputs: shape.0, width: shape.1, hidden: shape.2)
        let (dw, dx) = analytic(s)
        let h: Float = 1e-2
        var checked = 0, matched = 0
        var test = TestRandom(seed: 9)
        for _ in 0..<120 {
            let i = Int.random(in: 0..<s.mlp.parameterCount, using: &test)
            // Skip the zero padding rows of layer 0 (their gradient is exactly 0, checked below).
            if i < s.mlp.paddedInputs * s.mlp.width && i / s.mlp.width >= shape.0 { continue }
            var plus = s.weights, minus = s.weights
            plus[i] += h
            minus[i] -= h
            let numeric = (objective(s, x: s.x, weights: plus) - objective(s, x: s.x, weights: minus)) / Double(2 * h)
            checked += 1
            // ReLU kinks may sit inside ±h; nearly all samples must match.
            if abs(numeric - Double(dw[i])) <= 2e-3 * max(1, abs(numeric)) { matched += 1 }
        }
        #expect(matched >= checked * 95 / 100, "\(matched) of \(checked) weight gradients match")
        for r in 0..<s.rows {
            for c in 0..<shape.0 {
                let i = r * s.mlp.paddedInputs + c
                var plus = s.x, minus = s.x
                plus[i] += h
                minus[i] -= h
                let numeric = (objective(s, x: plus, weights: s.weights) - objective(s, x: minus, weights: s.weights)) / Double(2 * h)
                #expect(abs(numeric - Double(dx[i])) <= 5e-3 * max(1, abs(numeric)))
            }
        }
        for i in (shape.0 * s.mlp.width)..<(s.mlp.paddedInputs * s.mlp.width) { #expect(dw[i] == 0) }
    }
}
