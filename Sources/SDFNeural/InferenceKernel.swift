import SDFGeometry

/// Forward-only evaluation of a trained model, fused per tile of `tileRows` points so nothing
/// leaves the L1/L2 caches: the tile's unit-box coordinates, its encoded features and the hidden
/// activations all live in one small per-call scratch.
///
/// Everything is laid out *across points* (structure of arrays): lattice location, corner
/// indices and weights are computed for eight points at once (`SIMD8`), the features of a level
/// land as contiguous runs of the tile, and the MLP runs in transposed form, `hᵀ = Wᵀ·xᵀ`, with
/// sixteen points per vector and four neurons per register block, the output layer folded into
/// the last hidden layer. Float16 tables with two features per level are read one 32-bit word
/// per corner and widened with F16C.
///
/// Same arithmetic as the training-time path (`HashEncoding.encode` then `MLP.forward`), up to
/// the order of floating-point additions.
struct InferenceKernel: Sendable {
    /// Points per tile of the network (a multiple of 16).
    static let tileRows = 64
    /// Points encoded level after level before the network runs on them (a multiple of
    /// `tileRows`): large enough that a level's table is read by many points while it is cached.
    static let encodingRows = 256

    let levels: [EncodingLevel]
    let configuration: HashEncodingConfiguration
    let mlp: MLP
    let transform: UnitBoxTransform

    init(encoding: HashEncoding, mlp: MLP, transform: UnitBoxTransform) {
        levels = encoding.levels
        configuration = encoding.configuration
        self.mlp = mlp
        self.transform = transform
    }

    /// Floats of scratch per call: coordinates, distance outside the box, features, two hidden
    /// activation buffers and the outputs, each `tileRows` long per channel.
    var scratchCount: Int { Self.encodingRows * (4 + mlp.inputs) + Self.tileRows * (2 * mlp.width + 1) }

    /// Writes the model's distances at `points` (world coordinates) into `out`.
    func distances<T: TableScalar>(_ points: UnsafeBufferPointer<SIMD3<Float>>,
                                   into out: UnsafeMutableBufferPointer<Float>,
                                   table: UnsafePointer<T>, weights: UnsafePointer<Float>) {
        let ld = Self.encodingRows, tile = Self.tileRows
        let scratch = UnsafeMutablePointer<Float>.allocate(capacity: scratchCount)
        defer { scratch.deallocate() }
        let ux = scratch, uy = ux + ld, uz = uy + ld, outside = uz + ld
        let features = outside + ld
        let hidden0 = features + ld * mlp.inputs, hidden1 = hidden0 + tile * mlp.width
        let outputs = hidden1 + tile * mlp.width
        let inverseScale = 1 / transform.scale
        var start = 0
        while start < points.count {
            let n = Swift.min(ld, points.count - start)
            let rows = (n + 15) / 16 * 16
            for i in 0..<rows {
                let u = transform.unit(points[start + Swift.min(i, n - 1)])
                let clamped = u.clamped(lowerBound: .zero, upperBound: SIMD3(repeating: 1))
                ux[i] = clamped.x
                uy[i] = clamped.y
                uz[i] = clamped.z
                outside[i] = length(u - clamped)
            }
            encode(x: ux, y: uy, z: uz, rows: rows, table: table, into: features)
            var t = 0
            while t < rows {
                forward(features + t, rows: Swift.min(tile, rows - t), weights: weights,
                        hidden: (hidden0, hidden1), into: outputs)
                for i in 0..<Swift.min(tile, n - t) {
                    out[start + t + i] = outputs[i] * inverseScale + outside[t + i] * inverseScale
                }
                t += tile
            }
            start += n
        }
    }

    // MARK: Encoding

    /// Features of `rows` points (a multiple of 8), feature-major: feature `l·F + f` of point
    /// `i` at `(l·F + f)·encodingRows + i`.
    private func encode<T: TableScalar>(x: UnsafePointer<Float>, y: UnsafePointer<Float>,
                                        z: UnsafePointer<Float>, rows: Int, table: UnsafePointer<T>,
                                        into features: UnsafeMutablePointer<Float>) {
        let F = configuration.featuresPerLevel
        for (l, level) in levels.enumerated() {
            let levelTable = table + level.entryOffset * F
            let out = features + l * F * Self.encodingRows
            var g = 0
            while g < rows {
                let px = load8(x + g), py = load8(y + g), pz = load8(z + g)
                switch configuration.lattice {
                case .simplex:
                    let corners = simplexCorners(level, px, py, pz)
                    accumulate(corners.entries, corners.weights, levelTable, out + g)
                case .grid:
                    let corners = gridCorners(level, px, py, pz)
                    accumulate(corners.low.entries, corners.low.weights, levelTable, out + g)
                    accumulate(corners.high.entries, corners.high.weights, levelTable, out + g, adding: true)
                }
                g += 8
            }
        }
    }

    typealias Corners = (entries: (SIMD8<UInt32>, SIMD8<UInt32>, SIMD8<UInt32>, SIMD8<UInt32>),
                         weights: (SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>))

    /// The four simplex corners of eight points, as `SimplexStencil` finds them one at a time.
    @inline(__always)
    private func simplexCorners(_ level: EncodingLevel, _ x: SIMD8<Float>, _ y: SIMD8<Float>,
                                _ z: SIMD8<Float>) -> Corners {
        let origin = level.simplex.origin, scale = level.simplex.scale
        let ux = (x - origin.x) * scale, uy = (y - origin.y) * scale, uz = (z - origin.z) * scale
        let skew = (ux + uy + uz) * SimplexLattice.skewFactor
        let kx = ux + skew, ky = uy + skew, kz = uz + skew
        let bx = kx.rounded(.down), by = ky.rounded(.down), bz = kz.rounded(.down)
        let fx = kx - bx, fy = ky - by, fz = kz - bz
        let cx = integers(bx), cy = integers(by), cz = integers(bz)
        let xy = fx .>= fy, xz = fx .>= fz, yz = fy .>= fz
        // First step along the largest fraction, second along the two largest.
        let one = SIMD8<Int32>(repeating: 1), zero = SIMD8<Int32>()
        let firstX = zero.replacing(with: one, where: xy .& xz)
        let firstY = zero.replacing(with: one, where: .!xy .& yz)
        let firstZ = zero.replacing(with: one, where: .!xz .& .!yz)
        let secondX = zero.replacing(with: one, where: xy .| xz)
        let secondY = zero.replacing(with: one, where: .!xy .| yz)
        let secondZ = zero.replacing(with: one, where: .!xz .| .!yz)
        let hi = maximum(fx, maximum(fy, fz))
        let lo = minimum(fx, minimum(fy, fz))
        let mid = fx + fy + fz - hi - lo
        return (
            (entry(level, cx, cy, cz),
             entry(level, cx &+ firstX, cy &+ firstY, cz &+ firstZ),
             entry(level, cx &+ secondX, cy &+ secondY, cz &+ secondZ),
             entry(level, cx &+ one, cy &+ one, cz &+ one)),
            (1 - hi, hi - mid, mid - lo, lo))
    }

    /// The eight cube corners of eight points (`GridStencil`), as two groups of four.
    @inline(__always)
    private func gridCorners(_ level: EncodingLevel, _ x: SIMD8<Float>, _ y: SIMD8<Float>,
                             _ z: SIMD8<Float>) -> (low: Corners, high: Corners) {
        let px = x * level.scale + 0.5, py = y * level.scale + 0.5, pz = z * level.scale + 0.5
        let bx = px.rounded(.down), by = py.rounded(.down), bz = pz.rounded(.down)
        let fx = px - bx, fy = py - by, fz = pz - bz
        let gx = 1 - fx, gy = 1 - fy, gz = 1 - fz
        let cx = integers(bx), cy = integers(by), cz = integers(bz)
        let one = SIMD8<Int32>(repeating: 1)
        let x1 = cx &+ one, y1 = cy &+ one, z1 = cz &+ one
        let low: Corners = (
            (entry(level, cx, cy, cz), entry(level, x1, cy, cz), entry(level, cx, y1, cz), entry(level, x1, y1, cz)),
            (gx * gy * gz, fx * gy * gz, gx * fy * gz, fx * fy * gz))
        let high: Corners = (
            (entry(level, cx, cy, z1), entry(level, x1, cy, z1), entry(level, cx, y1, z1), entry(level, x1, y1, z1)),
            (gx * gy * fz, fx * gy * fz, gx * fy * fz, fx * fy * fz))
        return (low, high)
    }

    /// Whole-number floats in `[0, 2²²)` as integers (the unit box keeps coordinates there).
    @inline(__always)
    private func integers(_ v: SIMD8<Float>) -> SIMD8<Int32> {
        unsafeBitCast(v + 8_388_608, to: SIMD8<Int32>.self) &- 0x4B00_0000
    }

    /// `EncodingLevel.entry` for eight vertices.
    @inline(__always)
    private func entry(_ level: EncodingLevel, _ x: SIMD8<Int32>, _ y: SIMD8<Int32>,
                       _ z: SIMD8<Int32>) -> SIMD8<UInt32> {
        let dense = level.denseResolution
        if dense > 0 {
            let top = SIMD8<Int32>(repeating: Int32(bitPattern: dense &- 1))
            let r = SIMD8<UInt32>(repeating: dense)
            let cx = SIMD8<UInt32>(truncatingIfNeeded: x.clamped(lowerBound: .zero, upperBound: top))
            let cy = SIMD8<UInt32>(truncatingIfNeeded: y.clamped(lowerBound: .zero, upperBound: top))
            let cz = SIMD8<UInt32>(truncatingIfNeeded: z.clamped(lowerBound: .zero, upperBound: top))
            return cx &+ r &* (cy &+ r &* cz)
        }
        let ux = SIMD8<UInt32>(truncatingIfNeeded: x), uy = SIMD8<UInt32>(truncatingIfNeeded: y)
        let uz = SIMD8<UInt32>(truncatingIfNeeded: z)
        let h = ux ^ (uy &* EncodingLevel.hashPrimeY) ^ (uz &* EncodingLevel.hashPrimeZ)
        return h & UInt32(truncatingIfNeeded: level.entryCount &- 1)
    }

    /// Adds (or stores) `Σ_c w_c·table[e_c]` for eight points into the feature runs at `out`.
    @inline(__always)
    private func accumulate<T: TableScalar>(
        _ e: (SIMD8<UInt32>, SIMD8<UInt32>, SIMD8<UInt32>, SIMD8<UInt32>),
        _ w: (SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>),
        _ table: UnsafePointer<T>, _ out: UnsafeMutablePointer<Float>, adding: Bool = false
    ) {
        let rows = Self.encodingRows
        if configuration.featuresPerLevel == 2 {
            var a = adding ? load8(out) : SIMD8<Float>(), b = adding ? load8(out + rows) : SIMD8<Float>()
            addPairs(&a, &b, table, e.0, w.0)
            addPairs(&a, &b, table, e.1, w.1)
            addPairs(&a, &b, table, e.2, w.2)
            addPairs(&a, &b, table, e.3, w.3)
            store8(a, out)
            store8(b, out + rows)
            return
        }
        let F = configuration.featuresPerLevel
        for f in 0..<F {
            var a = adding ? load8(out + f * rows) : SIMD8<Float>()
            a.addProduct(w.0, gather(table, e.0, stride: F, offset: f))
            a.addProduct(w.1, gather(table, e.1, stride: F, offset: f))
            a.addProduct(w.2, gather(table, e.2, stride: F, offset: f))
            a.addProduct(w.3, gather(table, e.3, stride: F, offset: f))
            store8(a, out + f * rows)
        }
    }

    @inline(__always)
    private func addPairs<T: TableScalar>(_ a: inout SIMD8<Float>, _ b: inout SIMD8<Float>,
                                          _ table: UnsafePointer<T>, _ e: SIMD8<UInt32>, _ w: SIMD8<Float>) {
        let (f0, f1) = gatherPairs(table, e)
        a.addProduct(w, f0)
        b.addProduct(w, f1)
    }

    /// Feature `offset` of eight entries of a table with `stride` features per entry.
    @inline(__always)
    private func gather<T: TableScalar>(_ table: UnsafePointer<T>, _ e: SIMD8<UInt32>,
                                        stride: Int, offset: Int) -> SIMD8<Float> {
        var v = SIMD8<Float>()
        for lane in 0..<8 { v[lane] = table[Int(e[lane]) * stride + offset].floatValue }
        return v
    }

    /// Both features of eight entries of a two-feature table: one 32- or 64-bit load each.
    @inline(__always)
    private func gatherPairs<T: TableScalar>(_ table: UnsafePointer<T>,
                                             _ e: SIMD8<UInt32>) -> (SIMD8<Float>, SIMD8<Float>) {
        if T.self == Float16.self {
            let t = UnsafeRawPointer(table).assumingMemoryBound(to: UInt32.self)
            let words = SIMD8<UInt32>(t[Int(e[0])], t[Int(e[1])], t[Int(e[2])], t[Int(e[3])],
                                      t[Int(e[4])], t[Int(e[5])], t[Int(e[6])], t[Int(e[7])])
            let v = SIMD16<Float>(unsafeBitCast(words, to: SIMD16<Float16>.self))
            return (v.evenHalf, v.oddHalf)
        }
        if T.self == Float.self {
            let t = UnsafeRawPointer(table).assumingMemoryBound(to: UInt64.self)
            let words = SIMD8<UInt64>(t[Int(e[0])], t[Int(e[1])], t[Int(e[2])], t[Int(e[3])],
                                      t[Int(e[4])], t[Int(e[5])], t[Int(e[6])], t[Int(e[7])])
            let v = unsafeBitCast(words, to: SIMD16<Float>.self)
            return (v.evenHalf, v.oddHalf)
        }
        var a = SIMD8<Float>(), b = SIMD8<Float>()
        for lane in 0..<8 {
            let p = table + Int(e[lane]) * 2
            a[lane] = p[0].floatValue
            b[lane] = p[1].floatValue
        }
        return (a, b)
    }

    // MARK: Network

    /// Runs the MLP on `rows` (a multiple of 16, at most `tileRows`) points of feature-major
    /// inputs (leading dimension `encodingRows`), writing one output per point.
    private func forward(_ features: UnsafePointer<Float>, rows: Int, weights: UnsafePointer<Float>,
                         hidden: (UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>),
                         into outputs: UnsafeMutablePointer<Float>) {
        var input = features, k = mlp.inputs, ld = Self.encodingRows
        var target = hidden.0
        for i in 0..<mlp.hiddenLayers {
            let w = weights + mlp.weightOffset(i)
            if i == mlp.hiddenLayers - 1 {
                Self.lastLayer(input, ld: ld, rows: rows, k: k, w, n: mlp.width,
                               output: weights + mlp.weightOffset(mlp.hiddenLayers), into: outputs)
            } else {
                Self.layer(input, ld: ld, rows: rows, k: k, w, n: mlp.width, into: target)
                input = UnsafePointer(target)
                k = mlp.width
                ld = Self.tileRows
                target = target == hidden.0 ? hidden.1 : hidden.0
            }
        }
    }

    /// `out[j][r] = max(0, Σ_k w[k][j]·x[k][r])` for `rows` rows (`x[k]` at `k·ld`, `out[j]` at
    /// `j·tileRows`, `n` a multiple of 4).
    private static func layer(_ x: UnsafePointer<Float>, ld: Int, rows: Int, k: Int, _ w: UnsafePointer<Float>,
                              n: Int, into out: UnsafeMutablePointer<Float>) {
        var r = 0
        while r < rows {
            var j = 0
            while j < n {
                let (c0, c1, c2, c3) = block(x + r, ld: ld, k: k, w + j, n: n)
                MatrixKernels.store(MatrixKernels.relu(c0), out + j * tileRows + r)
                MatrixKernels.store(MatrixKernels.relu(c1), out + (j + 1) * tileRows + r)
                MatrixKernels.store(MatrixKernels.relu(c2), out + (j + 2) * tileRows + r)
                MatrixKernels.store(MatrixKernels.relu(c3), out + (j + 3) * tileRows + r)
                j += 4
            }
            r += 16
        }
    }

    /// The last hidden layer with the output layer folded in: `y[r] = Σ_j v[j]·max(0, h[j][r])`.
    private static func lastLayer(_ x: UnsafePointer<Float>, ld: Int, rows: Int, k: Int, _ w: UnsafePointer<Float>,
                                  n: Int, output v: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>) {
        var r = 0
        while r < rows {
            var sum = SIMD16<Float>()
            var j = 0
            while j < n {
                let (c0, c1, c2, c3) = block(x + r, ld: ld, k: k, w + j, n: n)
                sum.addProduct(MatrixKernels.relu(c0), SIMD16(repeating: v[j]))
                sum.addProduct(MatrixKernels.relu(c1), SIMD16(repeating: v[j + 1]))
                sum.addProduct(MatrixKernels.relu(c2), SIMD16(repeating: v[j + 2]))
                sum.addProduct(MatrixKernels.relu(c3), SIMD16(repeating: v[j + 3]))
                j += 4
            }
            MatrixKernels.store(sum, y + r)
            r += 16
        }
    }

    /// Pre-activations of four neurons (`w` columns `0…3`, row stride `n`) for sixteen rows.
    @inline(__always)
    private static func block(_ x: UnsafePointer<Float>, ld: Int, k: Int, _ w: UnsafePointer<Float>, n: Int)
        -> (SIMD16<Float>, SIMD16<Float>, SIMD16<Float>, SIMD16<Float>) {
        var c0 = SIMD16<Float>(), c1 = SIMD16<Float>(), c2 = SIMD16<Float>(), c3 = SIMD16<Float>()
        for kk in 0..<k {
            let xv = MatrixKernels.load(x + kk * ld)
            let wk = w + kk * n
            c0.addProduct(xv, SIMD16(repeating: wk[0]))
            c1.addProduct(xv, SIMD16(repeating: wk[1]))
            c2.addProduct(xv, SIMD16(repeating: wk[2]))
            c3.addProduct(xv, SIMD16(repeating: wk[3]))
        }
        return (c0, c1, c2, c3)
    }
}

// The standard library's `pointwiseMin`/`pointwiseMax` are not inlined (generic calls).
@inline(__always)
private func minimum(_ a: SIMD8<Float>, _ b: SIMD8<Float>) -> SIMD8<Float> { a.replacing(with: b, where: b .< a) }

@inline(__always)
private func maximum(_ a: SIMD8<Float>, _ b: SIMD8<Float>) -> SIMD8<Float> { a.replacing(with: b, where: b .> a) }

@inline(__always)
private func load8(_ p: UnsafePointer<Float>) -> SIMD8<Float> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
}

@inline(__always)
private func store8(_ v: SIMD8<Float>, _ p: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<Float>.self)
}
