/// Forward and backward passes of the MLP over one block of rows (a multiple of 4), with
/// activations kept in per-thread scratch laid out as `Scratch` describes.
extension MLP {
    /// Views into one thread's scratch for blocks of `rows` rows.
    public struct Scratch {
        let base: UnsafeMutablePointer<Float>
        let rows: Int
        let width: Int
        let layers: Int

        /// Output of hidden layer `i` (`rows × width`).
        func activation(_ i: Int) -> UnsafeMutablePointer<Float> { base + i * rows * width }
        /// Two ping-pong buffers for back-propagated deltas.
        func delta(_ i: Int) -> UnsafeMutablePointer<Float> { base + (layers + i) * rows * width }
        /// Network outputs (`rows`).
        public var outputs: UnsafeMutablePointer<Float> { base + (layers + 2) * rows * width }
    }

    /// Scratch views over `scratchCount(blockRows: rows)` floats at `base`.
    public func scratch(_ base: UnsafeMutablePointer<Float>, rows: Int) -> Scratch {
        Scratch(base: base, rows: rows, width: width, layers: hiddenLayers)
    }

    /// Runs the network on `rows` input rows (`x`, leading dimension `ldx ≥ paddedInputs`, pad
    /// columns zero); activations and outputs land in `s`.
    public func forward(_ x: UnsafePointer<Float>, ldx: Int, rows: Int, weights: UnsafePointer<Float>, _ s: Scratch) {
        var input = x, ld = ldx
        for i in 0..<hiddenLayers {
            MatrixKernels.multiply(input, lda: ld, rows: rows, k: layerInputs(i),
                                   weights + weightOffset(i), n: width,
                                   into: s.activation(i), ldo: width, .relu)
            input = UnsafePointer(s.activation(i))
            ld = width
        }
        let top = s.activation(hiddenLayers - 1)
        let w = weights + weightOffset(hiddenLayers)
        for r in 0..<rows {
            var acc = SIMD16<Float>()
            var j = 0
            while j < width {
                acc.addProduct(MatrixKernels.load(top + r * width + j), MatrixKernels.load(w + j))
                j += 16
            }
            s.outputs[r] = acc.sum()
        }
    }

    /// Back-propagates `outputGradients` (one per row) through the activations left in `s` by
    /// `forward`. Adds weight gradients into `weightGradients` when given, and writes the
    /// gradients of the inputs into `inputGradients` (leading dimension `ldx`) when given.
    public func backward(_ x: UnsafePointer<Float>, ldx: Int, rows: Int,
                  outputGradients g: UnsafePointer<Float>, transposedWeights wt: UnsafePointer<Float>,
                  _ s: Scratch, weightGradients dw: UnsafeMutablePointer<Float>?,
                  inputGradients dx: UnsafeMutablePointer<Float>?) {
        let top = s.activation(hiddenLayers - 1)
        let wOut = wt + weightOffset(hiddenLayers)
        var delta = s.delta(0)
        for r in 0..<rows {
            let gr = SIMD16<Float>(repeating: g[r])
            var j = 0
            while j < width {
                let a = MatrixKernels.load(top + r * width + j)
                let d = (gr * MatrixKernels.load(wOut + j)).replacing(with: 0, where: a .<= 0)
                MatrixKernels.store(d, delta + r * width + j)
                j += 16
            }
        }
        if let dw {
            let out = dw + weightOffset(hiddenLayers)
            for r in 0..<rows {
                let gr = SIMD16<Float>(repeating: g[r])
                var j = 0
                while j < width {
                    var acc = MatrixKernels.load(out + j)
                    acc.addProduct(gr, MatrixKernels.load(top + r * width + j))
                    MatrixKernels.store(acc, out + j)
                    j += 16
                }
            }
        }
        for i in stride(from: hiddenLayers - 1, to: 0, by: -1) {
            let below = s.activation(i - 1)
            if let dw {
                MatrixKernels.accumulateTransposedProduct(below, lda: width, rows: rows, k: width,
                                                          delta, ldd: width, n: width,
                                                          into: dw + weightOffset(i))
            }
            let next = delta == s.delta(0) ? s.delta(1) : s.delta(0)
            MatrixKernels.multiply(delta, lda: width, rows: rows, k: width, wt + weightOffset(i), n: width,
                                   into: next, ldo: width,
                                   .positiveMask(below, leadingDimension: width))
            delta = next
        }
        if let dw {
            MatrixKernels.accumulateTransposedProduct(x, lda: ldx, rows: rows, k: paddedInputs,
                                                      delta, ldd: width, n: width, into: dw)
        }
        if let dx {
            MatrixKernels.multiply(delta, lda: width, rows: rows, k: width, wt, n: paddedInputs,
                                   into: dx, ldo: ldx, .none)
        }
    }
}
