import SDFGeometry

/// Forward-only evaluation of a trained model (`NeuralSDF.distances`).
///
/// A call is cut into batches of up to `batchRows` points, encoded level after level so each
/// level's table (256 KiB at the default size) is read by many points while it sits in the L2
/// cache. Within a level, blocks of `blockRows` points go through three passes: the lattice
/// corners' table entries and weights, eight points at a time (`SIMD8`, `locateCorners`); one
/// tight loop copying every corner's table row, so many independent cache misses are in flight
/// at once; and the blend of the rows into the block's features (`blend`). Features are stored
/// per block, feature-major (structure of arrays), which is the layout the network reads: the
/// MLP runs transposed, `hᵀ = Wᵀ·xᵀ`, on tiles of `tileRows` points with the points across the
/// vector lanes and the output layer folded into the last hidden layer.
///
/// Same arithmetic as the training-time path (`HashEncoding.encode` then `MLP.forward`), up to
/// the order of floating-point additions.
struct InferenceKernel: Sendable {
    /// Points per tile of the network (a multiple of 16, dividing `blockRows`).
    static let tileRows = 64
    /// Points per block: the leading dimension of corner and feature storage (a multiple of 8).
    static let blockRows = 256
    /// Points encoded level after level before the network runs on them (a multiple of
    /// `blockRows`).
    static let batchRows = 4096

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

    /// Corners per point and level (4 for the simplex, 8 for the cube).
    var corners: Int { configuration.lattice == .simplex ? 4 : 8 }

    /// Writes the model's distances at `points` (world coordinates) into `out`.
    func distances<T: TableScalar>(_ points: UnsafeBufferPointer<SIMD3<Float>>,
                                   into out: UnsafeMutableBufferPointer<Float>,
                                   table: UnsafePointer<T>, weights: UnsafePointer<Float>) {
        let block = Self.blockRows, tile = Self.tileRows
        let batch = Swift.min(Self.batchRows, (points.count + block - 1) / block * block)
        // Per point: coordinates, distance outside the box and features; per block: the corner
        // weights, entries and table words (two words each for Float pairs), the words shifted
        // by 32 floats so that loads of entries never alias stores of words modulo 4 KiB; per
        // tile: two hidden activation buffers and the outputs.
        let scratch = UnsafeMutablePointer<Float>.allocate(
            capacity: batch * (4 + mlp.inputs) + block * 4 * corners + 32 + tile * (2 * mlp.width + 1))
        defer { scratch.deallocate() }
        let ux = scratch, uy = ux + batch, uz = uy + batch, outside = uz + batch
        let features = outside + batch
        let cornerWeights = features + batch * mlp.inputs
        let entries = UnsafeMutableRawPointer(cornerWeights + corners * block).assumingMemoryBound(to: UInt32.self)
        let words = UnsafeMutableRawPointer(entries + corners * block + 32)
        let hidden0 = cornerWeights + 4 * corners * block + 32, hidden1 = hidden0 + tile * mlp.width
        let outputs = hidden1 + tile * mlp.width
        let inverseScale = 1 / transform.scale
        let F = configuration.featuresPerLevel
        let pairOrder = Self.readsPairs(T.self, featuresPerLevel: F)
        var start = 0
        while start < points.count {
            let n = Swift.min(batch, points.count - start)
            let rows = (n + 15) / 16 * 16
            for i in 0..<rows {
                let (inside, offset) = transform.clampedUnit(points[start + Swift.min(i, n - 1)])
                ux[i] = inside.x
                uy[i] = inside.y
                uz[i] = inside.z
                outside[i] = length(offset)
            }
            for (l, level) in levels.enumerated() {
                let levelTable = table + level.entryOffset * F
                var b = 0
                while b < rows {
                    let blockRows = Swift.min(block, rows - b)
                    locateCorners(level, x: ux + b, y: uy + b, z: uz + b, rows: blockRows, pairOrder: pairOrder,
                                  entries: entries, weights: cornerWeights)
                    blend(levelTable, corners: corners, rows: blockRows, entries: entries, weights: cornerWeights,
                          words: words, into: features + b * mlp.inputs + l * F * block)
                    b += block
                }
            }
            var t = 0
            while t < rows {
                let blockStart = t / block * block
                forward(features + blockStart * mlp.inputs + (t - blockStart), rows: Swift.min(tile, rows - t),
                        weights: weights, hidden: (hidden0, hidden1), into: outputs)
                for i in 0..<Swift.min(tile, n - t) {
                    out[start + t + i] = outputs[i] * inverseScale + outside[t + i] * inverseScale
                }
                t += tile
            }
            start += n
        }
    }
}
