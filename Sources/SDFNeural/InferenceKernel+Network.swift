/// The network part of the kernel: the MLP on one tile of encoded points, transposed
/// (`hᵀ = Wᵀ·xᵀ`): sixteen points across two 8-lane vectors, weights broadcast.
///
/// Register blocks hold six neurons × sixteen points (twelve ymm accumulators, enough to cover
/// the FMA latency on both FMA pipes), with four- or two-neuron blocks for the rest of a layer.
/// The blocks run over a list of input rows: all of them for the encoded features, and for a
/// hidden layer's input only the neurons that ReLU did not zero for all sixteen points, whose
/// terms would add exact zeros (a fifth of the second layer's inputs in a res-512 extraction
/// of a trained bunny, whose neighbouring points share most of their activation pattern).
extension InferenceKernel {
    /// Runs the MLP on `rows` (a multiple of 16, at most `tileRows`) points of feature-major
    /// inputs (leading dimension `blockRows`), writing one output per point. `inputRows` holds
    /// `max(inputs, width)` row numbers.
    func forward(_ features: UnsafePointer<Float>, rows: Int, weights: UnsafePointer<Float>,
                 hidden: (UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>),
                 inputRows: UnsafeMutablePointer<Int32>, into outputs: UnsafeMutablePointer<Float>) {
        let n = mlp.width, last = mlp.hiddenLayers - 1
        let output = weights + mlp.weightOffset(mlp.hiddenLayers)
        if last == 0 {
            Self.layer(features, ld: Self.blockRows, rows: rows, k: mlp.inputs, weights, n: n,
                       .fold(output, outputs), skipsZeroRows: false, inputRows: inputRows)
            return
        }
        Self.layer(features, ld: Self.blockRows, rows: rows, k: mlp.inputs, weights, n: n, .store(hidden.0),
                   skipsZeroRows: false, inputRows: inputRows)
        var input = hidden.0, target = hidden.1
        for i in 1..<last {
            Self.layer(input, ld: Self.tileRows, rows: rows, k: n, weights + mlp.weightOffset(i), n: n,
                       .store(target), skipsZeroRows: true, inputRows: inputRows)
            swap(&input, &target)
        }
        Self.layer(input, ld: Self.tileRows, rows: rows, k: n, weights + mlp.weightOffset(last), n: n,
                   .fold(output, outputs), skipsZeroRows: true, inputRows: inputRows)
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
    /// With `skipsZeroRows`, the rows of `x` that are +0 for all sixteen points (bit patterns all
    /// zero, so −0, NaN and infinities are kept) are left out; `inputRows` holds `k` row numbers.
    @inline(never) @_optimize(size)
    private static func layer(_ x: UnsafePointer<Float>, ld: Int, rows: Int, k: Int, _ w: UnsafePointer<Float>,
                              n: Int, _ output: LayerOutput, skipsZeroRows: Bool,
                              inputRows: UnsafeMutablePointer<Int32>) {
        if !skipsZeroRows {
            for i in 0..<k { inputRows[i] = Int32(truncatingIfNeeded: i) }
        }
        var r = 0
        while r < rows {
            let xr = x + r
            let k = skipsZeroRows ? nonzeroRows(xr, ld: ld, k: k, into: inputRows) : k
            var partial = Accumulator()
            var j = 0
            while j + 6 <= n {
                let (a, b) = block6(xr, ld: ld, k: k, inputRows, w + j, n: n)
                emit(a.0, b.0, j, r, output, &partial)
                emit(a.1, b.1, j + 1, r, output, &partial)
                emit(a.2, b.2, j + 2, r, output, &partial)
                emit(a.3, b.3, j + 3, r, output, &partial)
                emit(a.4, b.4, j + 4, r, output, &partial)
                emit(a.5, b.5, j + 5, r, output, &partial)
                j += 6
            }
            if j + 4 <= n {
                let (a, b) = block4(xr, ld: ld, k: k, inputRows, w + j, n: n)
                emit(a.0, b.0, j, r, output, &partial)
                emit(a.1, b.1, j + 1, r, output, &partial)
                emit(a.2, b.2, j + 2, r, output, &partial)
                emit(a.3, b.3, j + 3, r, output, &partial)
                j += 4
            }
            if j < n {
                let (a, b) = block2(xr, ld: ld, k: k, inputRows, w + j, n: n)
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

    /// Writes to `rows` the numbers of the rows of `x` (`k` of them, `x[i]` at `i·ld`) that are
    /// not all zero in their first sixteen entries, and returns how many there are.
    @inline(__always)
    private static func nonzeroRows(_ x: UnsafePointer<Float>, ld: Int, k: Int,
                                    into rows: UnsafeMutablePointer<Int32>) -> Int {
        var count = 0
        var xi = x
        for i in 0..<k {
            // The bits of all sixteen entries or-ed together (`any`, `min` and `==` on SIMD
            // vectors are out-of-line generic calls).
            let bits = unsafeBitCast(load8(xi), to: SIMD8<UInt32>.self) | unsafeBitCast(load8(xi + 8), to: SIMD8<UInt32>.self)
            let four = bits.lowHalf | bits.highHalf, two = four.lowHalf | four.highHalf
            rows[count] = Int32(truncatingIfNeeded: i)
            count &+= two[0] | two[1] == 0 ? 0 : 1
            xi += ld
        }
        return count
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

    /// Pre-activations of six neurons (`w` columns `0…5`, row stride `n`) for sixteen points, summed
    /// over the `k` input rows listed in `rows`.
    @inline(__always)
    private static func block6(_ x: UnsafePointer<Float>, ld: Int, k: Int, _ rows: UnsafePointer<Int32>,
                               _ w: UnsafePointer<Float>,
                               n: Int) -> ((V, V, V, V, V, V), (V, V, V, V, V, V)) {
        var a0 = SIMD8<Float>(), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0
        var b0 = a0, b1 = a0, b2 = a0, b3 = a0, b4 = a0, b5 = a0
        for i in 0..<k {
            let row = Int(rows[i]), xk = x + row &* ld, wk = w + row &* n
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
        }
        return ((a0, a1, a2, a3, a4, a5), (b0, b1, b2, b3, b4, b5))
    }

    /// Pre-activations of four neurons for sixteen points.
    @inline(__always)
    private static func block4(_ x: UnsafePointer<Float>, ld: Int, k: Int, _ rows: UnsafePointer<Int32>,
                               _ w: UnsafePointer<Float>,
                               n: Int) -> ((V, V, V, V), (V, V, V, V)) {
        var a0 = SIMD8<Float>(), a1 = a0, a2 = a0, a3 = a0
        var b0 = a0, b1 = a0, b2 = a0, b3 = a0
        for i in 0..<k {
            let row = Int(rows[i]), xk = x + row &* ld, wk = w + row &* n
            let lo = load8(xk), hi = load8(xk + 8)
            var s = SIMD8<Float>(repeating: wk[0])
            a0.addProduct(lo, s); b0.addProduct(hi, s)
            s = SIMD8(repeating: wk[1])
            a1.addProduct(lo, s); b1.addProduct(hi, s)
            s = SIMD8(repeating: wk[2])
            a2.addProduct(lo, s); b2.addProduct(hi, s)
            s = SIMD8(repeating: wk[3])
            a3.addProduct(lo, s); b3.addProduct(hi, s)
        }
        return ((a0, a1, a2, a3), (b0, b1, b2, b3))
    }

    /// Pre-activations of two neurons for sixteen points.
    @inline(__always)
    private static func block2(_ x: UnsafePointer<Float>, ld: Int, k: Int, _ rows: UnsafePointer<Int32>,
                               _ w: UnsafePointer<Float>,
                               n: Int) -> ((V, V), (V, V)) {
        var a0 = SIMD8<Float>(), a1 = a0, b0 = a0, b1 = a0
        for i in 0..<k {
            let row = Int(rows[i]), xk = x + row &* ld, wk = w + row &* n
            let lo = load8(xk), hi = load8(xk + 8)
            var s = SIMD8<Float>(repeating: wk[0])
            a0.addProduct(lo, s); b0.addProduct(hi, s)
            s = SIMD8(repeating: wk[1])
            a1.addProduct(lo, s); b1.addProduct(hi, s)
        }
        return ((a0, a1), (b0, b1))
    }
}
