import SDFGeometry

/// A trained neural signed distance field: a multiresolution hash encoding on the simplex lattice
/// (or the cubic grid) followed by a small MLP. Queries use world coordinates.
///
/// Outside the unit box the model was trained in, the value at the nearest box point plus the
/// distance to the box is returned, so far queries stay positive and grow like a distance.
public final class NeuralSDF: DistanceField, @unchecked Sendable {
    /// The configuration the model was trained with.
    public let configuration: TrainingConfiguration
    /// World-to-unit-box transform.
    public let transform: UnitBoxTransform
    /// The box the model was trained on (contains the surface).
    public let bounds: AABB
    /// Trained networks promise nothing about Lipschitz continuity.
    public var accuracy: FieldAccuracy { .approximate }
    /// All parameters (tables, then MLP weights) as evaluated: tables stored as Float16 hold
    /// Float16-representable values.
    public let parameters: [Float]

    let encoding: HashEncoding
    let mlp: MLP
    private let inference: InferenceKernel
    /// The tables at their storage precision, on huge pages (one of the two is set).
    private let halfTables: HugePageStorage<Float16>?
    private let floatTables: HugePageStorage<Float>?
    private let weights: [Float]
    private let transposedWeights: [Float]
    private static let blockRows = 256

    /// A model from its parameters (tables first, then the MLP weights, as `Trainer` lays them
    /// out). Throws for an invalid configuration or a parameter count that does not match it.
    /// Table values are rounded to the configured storage precision.
    public init(configuration: TrainingConfiguration, transform: UnitBoxTransform, bounds: AABB,
                parameters: [Float]) throws {
        try configuration.validate()
        let encoding = try HashEncoding(configuration.encoding)
        let mlp = MLP(inputs: encoding.featureCount, network: configuration.network)
        guard parameters.count == encoding.parameterCount + mlp.parameterCount else {
            throw SDFError("the model has \(parameters.count) parameters, its configuration needs \(encoding.parameterCount + mlp.parameterCount)")
        }
        self.configuration = configuration
        self.transform = transform
        self.bounds = bounds
        self.encoding = encoding
        self.mlp = mlp
        inference = InferenceKernel(encoding: encoding, mlp: mlp, transform: transform)
        let tableCount = encoding.parameterCount
        var rounded = parameters
        if configuration.encoding.precision == .float16 {
            let tables = parameters[..<tableCount].map { Float16($0) }
            for i in 0..<tableCount { rounded[i] = Float(tables[i]) }
            halfTables = HugePageStorage(tables)
            floatTables = nil
        } else {
            halfTables = nil
            floatTables = HugePageStorage(Array(parameters[..<tableCount]))
        }
        self.parameters = rounded
        weights = Array(rounded[tableCount...])
        var transposed = [Float](repeating: 0, count: mlp.parameterCount)
        weights.withUnsafeBufferPointer { w in
            transposed.withUnsafeMutableBufferPointer { mlp.transpose(w.baseAddress!, into: $0.baseAddress!) }
        }
        transposedWeights = transposed
    }

    /// Bytes of parameters as stored in a model file (tables at their precision, MLP Float32).
    public var parameterBytes: Int {
        encoding.parameterCount * configuration.encoding.precision.byteCount + mlp.parameterCount * 4
    }

    /// Distances through the fused forward-only kernel (`InferenceKernel`).
    public func distances(at points: UnsafeBufferPointer<SIMD3<Float>>,
                          into distances: UnsafeMutableBufferPointer<Float>) {
        precondition(points.count == distances.count)
        guard !points.isEmpty else { return }
        weights.withUnsafeBufferPointer { w in
            if let halfTables {
                inference.distances(points, into: distances, table: halfTables.base, weights: w.baseAddress!)
            } else if let floatTables {
                inference.distances(points, into: distances, table: floatTables.base, weights: w.baseAddress!)
            }
        }
    }

    /// Analytic gradients through the MLP and the encoding's input derivatives.
    public func gradients(at points: UnsafeBufferPointer<SIMD3<Float>>,
                          into gradients: UnsafeMutableBufferPointer<SIMD3<Float>>) {
        precondition(points.count == gradients.count)
        evaluateGradients(points, into: gradients)
    }

    /// The training-time passes: encode, MLP forward, MLP backward, encoding input gradients.
    private func evaluateGradients(_ points: UnsafeBufferPointer<SIMD3<Float>>,
                                   into gradients: UnsafeMutableBufferPointer<SIMD3<Float>>) {
        let rowsPerBlock = Self.blockRows, k = mlp.paddedInputs
        var unit = [SIMD3<Float>](repeating: .zero, count: rowsPerBlock)
        var outside = [SIMD3<Float>](repeating: .zero, count: rowsPerBlock)
        var x = [Float](repeating: 0, count: rowsPerBlock * k)
        var dx = [Float](repeating: 0, count: rowsPerBlock * k)
        var ones = [Float](repeating: 1, count: rowsPerBlock)
        var unitGradients = [SIMD3<Float>](repeating: .zero, count: rowsPerBlock)
        var scratchBuffer = [Float](repeating: 0, count: mlp.scratchCount(blockRows: rowsPerBlock))
        var start = 0
        while start < points.count {
            let n = Swift.min(rowsPerBlock, points.count - start)
            let rows = (n + 3) / 4 * 4
            for i in 0..<rows {
                (unit[i], outside[i]) = transform.clampedUnit(points[start + Swift.min(i, n - 1)])
            }
            scratchBuffer.withUnsafeMutableBufferPointer { sb in
                let s = mlp.scratch(sb.baseAddress!, rows: rows)
                unit.withUnsafeBufferPointer { up in
                    x.withUnsafeMutableBufferPointer { xp in
                        encode(up.baseAddress!, rows: 0..<rows, into: xp.baseAddress!, stride: k)
                        weights.withUnsafeBufferPointer { mlp.forward(xp.baseAddress!, ldx: k, rows: rows, weights: $0.baseAddress!, s) }
                        dx.withUnsafeMutableBufferPointer { dxp in
                            ones.withUnsafeMutableBufferPointer { op in
                                transposedWeights.withUnsafeBufferPointer { wt in
                                    mlp.backward(xp.baseAddress!, ldx: k, rows: rows, outputGradients: op.baseAddress!,
                                                 transposedWeights: wt.baseAddress!, s, weightGradients: nil,
                                                 inputGradients: dxp.baseAddress!)
                                }
                            }
                            unitGradients.withUnsafeMutableBufferPointer { ug in
                                for i in 0..<rows { ug[i] = .zero }
                                positionGradients(up.baseAddress!, rows: 0..<rows, featureGradients: dxp.baseAddress!,
                                                  stride: k, into: ug.baseAddress!)
                                for i in 0..<n {
                                    gradients[start + i] = ug[i] + normalizedOrZero(outside[i])
                                }
                            }
                        }
                    }
                }
            }
            start += n
        }
    }

    private func encode(_ points: UnsafePointer<SIMD3<Float>>, rows: Range<Int>,
                        into x: UnsafeMutablePointer<Float>, stride: Int) {
        if let halfTables {
            encoding.encode(points, rows: rows, table: halfTables.base, features: x, stride: stride)
        } else if let floatTables {
            encoding.encode(points, rows: rows, table: floatTables.base, features: x, stride: stride)
        }
    }

    private func positionGradients(_ points: UnsafePointer<SIMD3<Float>>, rows: Range<Int>,
                                   featureGradients: UnsafePointer<Float>, stride: Int,
                                   into out: UnsafeMutablePointer<SIMD3<Float>>) {
        if let halfTables {
            encoding.accumulatePositionGradients(points, rows: rows, table: halfTables.base,
                                                 featureGradients: featureGradients, stride: stride, into: out)
        } else if let floatTables {
            encoding.accumulatePositionGradients(points, rows: rows, table: floatTables.base,
                                                 featureGradients: featureGradients, stride: stride, into: out)
        }
    }
}
