/// Register-blocked single-precision kernels for the small dense layers of the MLP.
///
/// Kernels work on tiles of 4 or 6 rows × 16 columns: four or six `SIMD16` accumulators (eight
/// or twelve of AVX2's sixteen ymm registers); wider tiles spill on AVX2. The weights of a tile
/// are loaded once per tile. Column counts must be multiples of 16 and row counts multiples of
/// 4; callers pad.
enum MatrixKernels {
    /// What to do with a product before storing it.
    enum Epilogue {
        /// Store as is.
        case none
        /// Store `max(0, v)`.
        case relu
        /// Store `v` where the matching element of the mask matrix is positive, else 0 (the ReLU
        /// derivative, given the layer's output).
        case positiveMask(UnsafePointer<Float>, leadingDimension: Int)
    }

    @inline(__always)
    static func load(_ p: UnsafePointer<Float>) -> SIMD16<Float> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD16<Float>.self)
    }

    @inline(__always)
    static func store(_ v: SIMD16<Float>, _ p: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD16<Float>.self)
    }

    /// `max(0, v)` lane by lane.
    @inline(__always)
    static func relu(_ v: SIMD16<Float>) -> SIMD16<Float> { v.replacing(with: 0, where: v .< 0) }

    @inline(__always)
    static func emit(_ v: SIMD16<Float>, _ out: UnsafeMutablePointer<Float>, ldo: Int,
                     row: Int, column: Int, _ epilogue: Epilogue) {
        let p = out + row * ldo + column
        switch epilogue {
        case .none: store(v, p)
        case .relu: store(relu(v), p)
        case .positiveMask(let mask, let ldm):
            let m = load(mask + row * ldm + column)
            store(v.replacing(with: 0, where: m .<= 0), p)
        }
    }

    /// `out[rows × n] = epilogue(a[rows × k] · w[k × n])`, with leading dimensions `lda`, `ldo`
    /// and `w` dense row-major (leading dimension `n`). Rows go six at a time (twelve ymm
    /// accumulators: enough independent FMAs to hide their latency on AVX2), the rest four at a time.
    static func multiply(_ a: UnsafePointer<Float>, lda: Int, rows: Int, k: Int,
                         _ w: UnsafePointer<Float>, n: Int,
                         into out: UnsafeMutablePointer<Float>, ldo: Int, _ epilogue: Epilogue) {
        // Pairs of six-row tiles leave a multiple of four rows.
        let sixRowEnd = rows / 12 * 12
        var r = 0
        while r < sixRowEnd {
            var j = 0
            while j < n {
                multiplyTile6x16(a + r * lda, lda, k, w + j, n, out, ldo, r, j, epilogue)
                j += 16
            }
            r += 6
        }
        while r < rows {
            var j = 0
            while j < n {
                multiplyTile16(a + r * lda, lda, k, w + j, n, out, ldo, r, j, epilogue)
                j += 16
            }
            r += 4
        }
    }

    @inline(__always)
    private static func multiplyTile6x16(_ a: UnsafePointer<Float>, _ lda: Int, _ k: Int,
                                         _ w: UnsafePointer<Float>, _ n: Int,
                                         _ out: UnsafeMutablePointer<Float>, _ ldo: Int,
                                         _ r: Int, _ j: Int, _ epilogue: Epilogue) {
        var c0 = SIMD16<Float>(), c1 = SIMD16<Float>(), c2 = SIMD16<Float>()
        var c3 = SIMD16<Float>(), c4 = SIMD16<Float>(), c5 = SIMD16<Float>()
        let a1 = a + lda, a2 = a1 + lda, a3 = a2 + lda, a4 = a3 + lda, a5 = a4 + lda
        var wk = w
        for kk in 0..<k {
            let w0 = load(wk)
            wk += n
            c0.addProduct(SIMD16(repeating: a[kk]), w0)
            c1.addProduct(SIMD16(repeating: a1[kk]), w0)
            c2.addProduct(SIMD16(repeating: a2[kk]), w0)
            c3.addProduct(SIMD16(repeating: a3[kk]), w0)
            c4.addProduct(SIMD16(repeating: a4[kk]), w0)
            c5.addProduct(SIMD16(repeating: a5[kk]), w0)
        }
        emit(c0, out, ldo: ldo, row: r, column: j, epilogue)
        emit(c1, out, ldo: ldo, row: r + 1, column: j, epilogue)
        emit(c2, out, ldo: ldo, row: r + 2, column: j, epilogue)
        emit(c3, out, ldo: ldo, row: r + 3, column: j, epilogue)
        emit(c4, out, ldo: ldo, row: r + 4, column: j, epilogue)
        emit(c5, out, ldo: ldo, row: r + 5, column: j, epilogue)
    }

    @inline(__always)
    private static func multiplyTile16(_ a: UnsafePointer<Float>, _ lda: Int, _ k: Int,
                                       _ w: UnsafePointer<Float>, _ n: Int,
                                       _ out: UnsafeMutablePointer<Float>, _ ldo: Int,
                                       _ r: Int, _ j: Int, _ epilogue: Epilogue) {
        var c0 = SIMD16<Float>(), c1 = SIMD16<Float>(), c2 = SIMD16<Float>(), c3 = SIMD16<Float>()
        for kk in 0..<k {
            let w0 = load(w + kk * n)
            c0.addProduct(SIMD16(repeating: a[kk]), w0)
            c1.addProduct(SIMD16(repeating: a[lda + kk]), w0)
            c2.addProduct(SIMD16(repeating: a[2 * lda + kk]), w0)
            c3.addProduct(SIMD16(repeating: a[3 * lda + kk]), w0)
        }
        emit(c0, out, ldo: ldo, row: r, column: j, epilogue)
        emit(c1, out, ldo: ldo, row: r + 1, column: j, epilogue)
        emit(c2, out, ldo: ldo, row: r + 2, column: j, epilogue)
        emit(c3, out, ldo: ldo, row: r + 3, column: j, epilogue)
    }

    /// `dw[k × n] += a[rows × k]ᵀ · d[rows × n]` (weight gradients), `k` a multiple of 4. Rows of
    /// `dw` go six at a time (twelve accumulators, as in `multiply`), the rest four at a time.
    static func accumulateTransposedProduct(_ a: UnsafePointer<Float>, lda: Int, rows: Int, k: Int,
                                            _ d: UnsafePointer<Float>, ldd: Int, n: Int,
                                            into dw: UnsafeMutablePointer<Float>) {
        let sixRowEnd = k / 12 * 12
        var i = 0
        while i < sixRowEnd {
            var j = 0
            while j < n {
                outerTile6x16(a + i, lda, rows, d + j, ldd, dw + i * n + j, n)
                j += 16
            }
            i += 6
        }
        while i < k {
            var j = 0
            while j < n {
                outerTile16(a + i, lda, rows, d + j, ldd, dw + i * n + j, n)
                j += 16
            }
            i += 4
        }
    }

    @inline(__always)
    private static func outerTile6x16(_ a: UnsafePointer<Float>, _ lda: Int, _ rows: Int,
                                      _ d: UnsafePointer<Float>, _ ldd: Int,
                                      _ dw: UnsafeMutablePointer<Float>, _ n: Int) {
        var c0 = load(dw), c1 = load(dw + n), c2 = load(dw + 2 * n)
        var c3 = load(dw + 3 * n), c4 = load(dw + 4 * n), c5 = load(dw + 5 * n)
        var ap = a, dp = d
        for _ in 0..<rows {
            let d0 = load(dp)
            c0.addProduct(SIMD16(repeating: ap[0]), d0)
            c1.addProduct(SIMD16(repeating: ap[1]), d0)
            c2.addProduct(SIMD16(repeating: ap[2]), d0)
            c3.addProduct(SIMD16(repeating: ap[3]), d0)
            c4.addProduct(SIMD16(repeating: ap[4]), d0)
            c5.addProduct(SIMD16(repeating: ap[5]), d0)
            ap += lda
            dp += ldd
        }
        store(c0, dw); store(c1, dw + n); store(c2, dw + 2 * n)
        store(c3, dw + 3 * n); store(c4, dw + 4 * n); store(c5, dw + 5 * n)
    }

    @inline(__always)
    private static func outerTile16(_ a: UnsafePointer<Float>, _ lda: Int, _ rows: Int,
                                    _ d: UnsafePointer<Float>, _ ldd: Int,
                                    _ dw: UnsafeMutablePointer<Float>, _ n: Int) {
        var c0 = load(dw), c1 = load(dw + n), c2 = load(dw + 2 * n), c3 = load(dw + 3 * n)
        for r in 0..<rows {
            let d0 = load(d + r * ldd)
            let ap = a + r * lda
            c0.addProduct(SIMD16(repeating: ap[0]), d0)
            c1.addProduct(SIMD16(repeating: ap[1]), d0)
            c2.addProduct(SIMD16(repeating: ap[2]), d0)
            c3.addProduct(SIMD16(repeating: ap[3]), d0)
        }
        store(c0, dw); store(c1, dw + n); store(c2, dw + 2 * n); store(c3, dw + 3 * n)
    }
}
