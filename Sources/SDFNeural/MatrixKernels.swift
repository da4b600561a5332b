/// Register-blocked single-precision kernels for the small dense layers of the MLP.
///
/// Every kernel works on blocks of 4 rows and column tiles of 64 (four `SIMD16` vectors, sixteen
/// accumulators) or 16, so the weights of a tile are loaded once per 4 rows. Column counts must
/// be multiples of 16 and row counts multiples of 4; callers pad.
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

    @inline(__always)
    static func emit(_ v: SIMD16<Float>, _ out: UnsafeMutablePointer<Float>, ldo: Int,
                     row: Int, column: Int, _ epilogue: Epilogue) {
        let p = out + row * ldo + column
        switch epilogue {
        case .none: store(v, p)
        case .relu: store(v.replacing(with: 0, where: v .< 0), p)
        case .positiveMask(let mask, let ldm):
            let m = load(mask + row * ldm + column)
            store(v.replacing(with: 0, where: m .<= 0), p)
        }
    }

    /// `out[rows × n] = epilogue(a[rows × k] · w[k × n])`, with leading dimensions `lda`, `ldo`
    /// and `w` dense row-major (leading dimension `n`).
    static func multiply(_ a: UnsafePointer<Float>, lda: Int, rows: Int, k: Int,
                         _ w: UnsafePointer<Float>, n: Int,
                         into out: UnsafeMutablePointer<Float>, ldo: Int, _ epilogue: Epilogue) {
        var r = 0
        while r < rows {
            var j = 0
            while j + 64 <= n {
                multiplyTile64(a + r * lda, lda, k, w + j, n, out, ldo, r, j, epilogue)
                j += 64
            }
            while j < n {
                multiplyTile16(a + r * lda, lda, k, w + j, n, out, ldo, r, j, epilogue)
                j += 16
            }
            r += 4
        }
    }

    @inline(__always)
    private static func multiplyTile64(_ a: UnsafePointer<Float>, _ lda: Int, _ k: Int,
                                       _ w: UnsafePointer<Float>, _ n: Int,
                                       _ out: UnsafeMutablePointer<Float>, _ ldo: Int,
                                       _ r: Int, _ j: Int, _ epilogue: Epilogue) {
        var c00 = SIMD16<Float>(), c01 = SIMD16<Float>(), c02 = SIMD16<Float>(), c03 = SIMD16<Float>()
        var c10 = SIMD16<Float>(), c11 = SIMD16<Float>(), c12 = SIMD16<Float>(), c13 = SIMD16<Float>()
        var c20 = SIMD16<Float>(), c21 = SIMD16<Float>(), c22 = SIMD16<Float>(), c23 = SIMD16<Float>()
        var c30 = SIMD16<Float>(), c31 = SIMD16<Float>(), c32 = SIMD16<Float>(), c33 = SIMD16<Float>()
        for kk in 0..<k {
            let wp = w + kk * n
            let w0 = load(wp), w1 = load(wp + 16), w2 = load(wp + 32), w3 = load(wp + 48)
            let a0 = SIMD16(repeating: a[kk]), a1 = SIMD16(repeating: a[lda + kk])
            let a2 = SIMD16(repeating: a[2 * lda + kk]), a3 = SIMD16(repeating: a[3 * lda + kk])
            c00.addProduct(a0, w0); c01.addProduct(a0, w1); c02.addProduct(a0, w2); c03.addProduct(a0, w3)
            c10.addProduct(a1, w0); c11.addProduct(a1, w1); c12.addProduct(a1, w2); c13.addProduct(a1, w3)
            c20.addProduct(a2, w0); c21.addProduct(a2, w1); c22.addProduct(a2, w2); c23.addProduct(a2, w3)
            c30.addProduct(a3, w0); c31.addProduct(a3, w1); c32.addProduct(a3, w2); c33.addProduct(a3, w3)
        }
        emit(c00, out, ldo: ldo, row: r, column: j, epilogue)
        emit(c01, out, ldo: ldo, row: r, column: j + 16, epilogue)
        emit(c02, out, ldo: ldo, row: r, column: j + 32, epilogue)
        emit(c03, out, ldo: ldo, row: r, column: j + 48, epilogue)
        emit(c10, out, ldo: ldo, row: r + 1, column: j, epilogue)
        emit(c11, out, ldo: ldo, row: r + 1, column: j + 16, epilogue)
        emit(c12, out, ldo: ldo, row: r + 1, column: j + 32, epilogue)
        emit(c13, out, ldo: ldo, row: r + 1, column: j + 48, epilogue)
        emit(c20, out, ldo: ldo, row: r + 2, column: j, epilogue)
        emit(c21, out, ldo: ldo, row: r + 2, column: j + 16, epilogue)
        emit(c22, out, ldo: ldo, row: r + 2, column: j + 32, epilogue)
        emit(c23, out, ldo: ldo, row: r + 2, column: j + 48, epilogue)
        emit(c30, out, ldo: ldo, row: r + 3, column: j, epilogue)
        emit(c31, out, ldo: ldo, row: r + 3, column: j + 16, epilogue)
        emit(c32, out, ldo: ldo, row: r + 3, column: j + 32, epilogue)
        emit(c33, out, ldo: ldo, row: r + 3, column: j + 48, epilogue)
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

    /// `dw[k × n] += a[rows × k]ᵀ · d[rows × n]` (weight gradients), `k` a multiple of 4.
    static func accumulateTransposedProduct(_ a: UnsafePointer<Float>, lda: Int, rows: Int, k: Int,
                                            _ d: UnsafePointer<Float>, ldd: Int, n: Int,
                                            into dw: UnsafeMutablePointer<Float>) {
        var i = 0
        while i < k {
            var j = 0
            while j + 64 <= n {
                outerTile64(a + i, lda, rows, d + j, ldd, dw + i * n + j, n)
                j += 64
            }
            while j < n {
                outerTile16(a + i, lda, rows, d + j, ldd, dw + i * n + j, n)
                j += 16
            }
            i += 4
        }
    }

    @inline(__always)
    private static func outerTile64(_ a: UnsafePointer<Float>, _ lda: Int, _ rows: Int,
                                    _ d: UnsafePointer<Float>, _ ldd: Int,
                                    _ dw: UnsafeMutablePointer<Float>, _ n: Int) {
        var c00 = load(dw), c01 = load(dw + 16), c02 = load(dw + 32), c03 = load(dw + 48)
        var c10 = load(dw + n), c11 = load(dw + n + 16), c12 = load(dw + n + 32), c13 = load(dw + n + 48)
        var c20 = load(dw + 2 * n), c21 = load(dw + 2 * n + 16), c22 = load(dw + 2 * n + 32), c23 = load(dw + 2 * n + 48)
        var c30 = load(dw + 3 * n), c31 = load(dw + 3 * n + 16), c32 = load(dw + 3 * n + 32), c33 = load(dw + 3 * n + 48)
        for r in 0..<rows {
            let dp = d + r * ldd
            let d0 = load(dp), d1 = load(dp + 16), d2 = load(dp + 32), d3 = load(dp + 48)
            let ap = a + r * lda
            let a0 = SIMD16(repeating: ap[0]), a1 = SIMD16(repeating: ap[1])
            let a2 = SIMD16(repeating: ap[2]), a3 = SIMD16(repeating: ap[3])
            c00.addProduct(a0, d0); c01.addProduct(a0, d1); c02.addProduct(a0, d2); c03.addProduct(a0, d3)
            c10.addProduct(a1, d0); c11.addProduct(a1, d1); c12.addProduct(a1, d2); c13.addProduct(a1, d3)
            c20.addProduct(a2, d0); c21.addProduct(a2, d1); c22.addProduct(a2, d2); c23.addProduct(a2, d3)
            c30.addProduct(a3, d0); c31.addProduct(a3, d1); c32.addProduct(a3, d2); c33.addProduct(a3, d3)
        }
        store(c00, dw); store(c01, dw + 16); store(c02, dw + 32); store(c03, dw + 48)
        store(c10, dw + n); store(c11, dw + n + 16); store(c12, dw + n + 32); store(c13, dw + n + 48)
        store(c20, dw + 2 * n); store(c21, dw + 2 * n + 16); store(c22, dw + 2 * n + 32); store(c23, dw + 2 * n + 48)
        store(c30, dw + 3 * n); store(c31, dw + 3 * n + 16); store(c32, dw + 3 * n + 32); store(c33, dw + 3 * n + 48)
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
