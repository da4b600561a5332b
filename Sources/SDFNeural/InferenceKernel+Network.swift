/// The network part of the kernel: the MLP on one tile of encoded points, transposed
/// (`hᵀ = Wᵀ·xᵀ`): sixteen points across two 8-lane vectors, weights broadcast.
///
/// Register blocks hold six neurons × sixteen points (twelve ymm accumulators, enough to cover
/// the FMA latency on both FMA pipes), with four- or two-neuron blocks for the rest of a layer.
/// Leading dimensions are compile-time constants after inlining, so the inner loops carry no
/// multiplications.
extension InferenceKernel {
    /// Runs the MLP on `rows` (a multiple of 16, at most `tileRows`) points of feature-major
    /// inputs (leading dimension `blockRows`), writing one output per point.
    func forward(_ features: UnsafePointer<Float>, rows: Int, weights: UnsafePointer<Float>,
                 hidden: (UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>),
                 into outputs: UnsafeMutablePointer<Float>) {
        let n = mlp.width, last = mlp.hiddenLayers - 1
        let output = weights + mlp.weightOffset(mlp.hiddenLayers)
        if last == 0 {
            Self.layer(features, ld: Self.blockRows, rows: rows, k: mlp.inputs, weights, n: n,
                       .fold(output, outputs))
            return
        }
        Self.layer(features, ld: Self.blockRows, rows: rows, k: mlp.inputs, weights, n: n, .store(hidden.0))
        var input = hidden.0, target = hidden.1
        for i in 1..<last {
            Self.layer(input, ld: Self.tileRows, rows: rows, k: n, weights + mlp.weightOffset(i), n: n,
                       .store(target))
            swap(&input, &target)
        }
        Self.layer(input, ld: Self.tileRows, rows: rows, k: n, weights + mlp.weightOffset(last), n: n,
                   .fold(output, outputs))
    }

    /// What a layer does with `max(0, pre-activation)` of neuron `j`, point `r`.
    enum LayerOutput {
        /// Store at `j·tileRows + r`.
        case store(UnsafeMutablePointer<Float>)
        /// Add `v[j]·value` into `y[r]` (the output layer folded into the last hidden layer).
        case fold(UnsafePointer<Float>, UnsafeMutablePointer<Float>)
    }

    /// One ReLU layer, `out[j][r] = max(0, Σ_k w[k][j]·x[k][r])`, for `rows` rows (a multiple
    /// of 16) of `x` (`x[k]` at `k·ld`) and `n` neurons (a multiple of 2; `w` row-major `k × n`).
    @inline(never) @_optimize(size)
    private static func layer(_ x: UnsafePointer<Float>, ld: Int, rows: Int, k: Int, _ w: UnsafePointer<Float>,
                              n: Int, _ output: LayerOutput) {
        var r = 0
        while r < rows {
            let xr = x + r
            var partial = Accumulator()
            var j = 0
            while j + 6 <= n {
                let (a, b) = block6(xr, ld: ld, k: k, w + j, n: n)
                emit(a.0, b.0, j, r, output, &partial)
                emit(a.1, b.1, j + 1, r, output, &partial)
                emit(a.2, b.2, j + 2, r, output, &partial)
                emit(a.3, b.3, j + 3, r, output, &partial)
                emit(a.4, b.4, j + 4, r, output, &partial)
                emit(a.5, b.5, j + 5, r, output, &partial)
                j += 6
            }
            if j + 4 <= n {
                let (a, b) = block4(xr, ld: ld, k: k, w + j, n: n)
                emit(a.0, b.0, j, r, output, &partial)
                emit(a.1, b.1, j + 1, r, output, &partial)
                emit(a.2, b.2, j + 2, r, output, &partial)
                emit(a.3, b.3, j + 3, r, output, &partial)
                j += 4
            }
            if j < n {
                let (a, b) = block2(xr, ld: ld, k: k, w + j, n: n)
                emit(a.0, b.0, j, r, output, &partial)
                emit(a.1, b.1, j + 1, r, output, &partial)
            }
            if case .fold(_, let y) = output {
                store8(partial.low, y + r)
                store8(partial.high, y + r + 8)
            }
            r += 16
        }
    }

    /// The folded output of sixteen points.
    struct Accumulator {
        var low = SIMD8<Float>(), high = SIMD8<Float>()
    }

    @inline(__always)
    private static func emit(_ low: SIMD8<Float>, _ high: SIMD8<Float>, _ j: Int, _ r: Int,
                             _ output: LayerOutput, _ partial: inout Accumulator) {
        let a = low.replacing(with: 0, where: low .< 0), b = high.replacing(with: 0, where: high .< 0)
        switch output {
        case .store(let out):
            store8(a, out + j &* tileRows + r)
            store8(b, out + j &* tileRows + r + 8)
        case .fold(let v, _):
            let vj = SIMD8<Float>(repeating: v[j])
            partial.low.addProduct(a, vj)
            partial.high.addProduct(b, vj)
        }
    }

    typealias V = SIMD8<Float>

    /// Pre-activations of six neurons (`w` columns `0…5`, row stride `n`) for sixteen points.
    @inline(__always)
    private static func block6(_ x: UnsafePointer<Float>, ld: Int, k: Int, _ w: UnsafePointer<Float>,
                               n: Int) -> ((V, V, V, V, V, V), (V, V, V, V, V, V)) {
        var a0 = SIMD8<Float>(), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0
        var b0 = a0, b1 = a0, b2 = a0, b3 = a0, b4 = a0, b5 = a0
        var xk = x, wk = w
        for _ in 0..<k {
            let lo = load8(xk), hi = load8(xk + 8)
            var s = SIMD8<Float>(repeating: wk[0])
            a0.addProduct(lo, s); b0.addProduct(hi, s)
            s = SIMD8(repeating: wk[1])
            a1.addProduct(lo, s); b1.addProduct(hi, s)
            s = SIMD8(repeating: wk[2])
            a2.addProduct(lo, s); b2.addProduct(hi, s)
            s = SIMD8(repeating: wk[3])
            a3.addProduct(lo, s); b3.addProduct(hi, s)
            s = SIMD8(repeating: wk[4])
            a4.addProduct(lo, s); b4.addProduct(hi, s)
            s = SIMD8(repeating: wk[5])
            a5.addProduct(lo, s); b5.addProduct(hi, s)
            xk += ld
            wk += n
        }
        return ((a0, a1, a2, a3, a4, a5), (b0, b1, b2, b3, b4, b5))
    }

    /// Pre-activations of four neurons for sixteen points.
    @inline(__always)
    private static func block4(_ x: UnsafePointer<Float>, ld: Int, k: Int, _ w: UnsafePointer<Float>,
                               n: Int) -> ((V, V, V, V), (V, V, V, V)) {
        var a0 = SIMD8<Float>(), a1 = a0, a2 = a0, a3 = a0
        var b0 = a0, b1 = a0, b2 = a0, b3 = a0
        var xk = x, wk = w
        for _ in 0..<k {
            let lo = load8(xk), hi = load8(xk + 8)
            var s = SIMD8<Float>(repeating: wk[0])
            a0.addProduct(lo, s); b0.addProduct(hi, s)
            s = SIMD8(repeating: wk[1])
            a1.addProduct(lo, s); b1.addProduct(hi, s)
            s = SIMD8(repeating: wk[2])
            a2.addProduct(lo, s); b2.addProduct(hi, s)
            s = SIMD8(repeating: wk[3])
            a3.addProduct(lo, s); b3.addProduct(hi, s)
            xk += ld
            wk += n
        }
        return ((a0, a1, a2, a3), (b0, b1, b2, b3))
    }

    /// Pre-activations of two neurons for sixteen points.
    @inline(__always)
    private static func block2(_ x: UnsafePointer<Float>, ld: Int, k: Int, _ w: UnsafePointer<Float>,
                               n: Int) -> ((V, V), (V, V)) {
        var a0 = SIMD8<Float>(), a1 = a0, b0 = a0, b1 = a0
        var xk = x, wk = w
        for _ in 0..<k {
            let lo = load8(xk), hi = load8(xk + 8)
            var s = SIMD8<Float>(repeating: wk[0])
            a0.addProduct(lo, s); b0.addProduct(hi, s)
            s = SIMD8(repeating: wk[1])
            a1.addProduct(lo, s); b1.addProduct(hi, s)
            xk += ld
            wk += n
        }
        return ((a0, a1), (b0, b1))
    }
}
