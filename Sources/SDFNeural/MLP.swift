import SDFGeometry

/// The layout of a bias-free ReLU MLP `inputs → width → … → width → 1` in a flat weight buffer.
///
/// Layer 0 is `paddedInputs × width` (inputs padded with zero rows to a multiple of 16), hidden
/// layers `width × width`, the output layer `width` values; matrices are row-major `(in, out)`.
public struct MLP: Sendable {
    /// Inputs per row (the encoding's features).
    public let inputs: Int
    /// Inputs rounded up to a multiple of 16: the leading dimension of input matrices.
    public let paddedInputs: Int
    /// Neurons per hidden layer.
    public let width: Int
    /// Number of hidden layers.
    public let hiddenLayers: Int

    /// The layout for `inputs` inputs and the given shape.
    public init(inputs: Int, network: NetworkConfiguration) {
        self.inputs = inputs
        paddedInputs = (inputs + 15) / 16 * 16
        width = network.width
        hiddenLayers = network.hiddenLayers
    }

    /// Rows of the input matrix of layer `i`.
    func layerInputs(_ i: Int) -> Int { i == 0 ? paddedInputs : width }
    /// Offset of layer `i`'s matrix (`i == hiddenLayers` is the output vector).
    func weightOffset(_ i: Int) -> Int { i == 0 ? 0 : paddedInputs * width + (i - 1) * width * width }
    /// Total weights.
    public var parameterCount: Int { weightOffset(hiddenLayers) + width }

    /// Xavier-uniform initial weights (padding rows zero), reproducible from the seed.
    public func initialWeights(seed: UInt64) -> [Float] {
        var random = SplitMix64(seed: seed)
        return initialWeights(using: &random)
    }

    func initialWeights(using random: inout SplitMix64) -> [Float] {
        var w = [Float](repeating: 0, count: parameterCount)
        for i in 0...hiddenLayers {
            let fanIn = i == 0 ? inputs : width
            let fanOut = i == hiddenLayers ? 1 : width
            let limit = (6 / Float(fanIn + fanOut)).squareRoot()
            let columns = fanOut
            for r in 0..<fanIn {
                for c in 0..<columns {
                    w[weightOffset(i) + r * columns + c] = random.uniform(-limit, limit)
                }
            }
        }
        return w
    }

    /// Writes each matrix transposed (`out × in`, layer 0 as `width × paddedInputs`) into
    /// `transposed`, which has `parameterCount` elements; the output vector is copied.
    public func transpose(_ weights: UnsafePointer<Float>, into transposed: UnsafeMutablePointer<Float>) {
        for i in 0..<hiddenLayers {
            let rows = layerInputs(i), base = weightOffset(i)
            for r in 0..<rows {
                for c in 0..<width { transposed[base + c * rows + r] = weights[base + r * width + c] }
            }
        }
        let out = weightOffset(hiddenLayers)
        for c in 0..<width { transposed[out + c] = weights[out + c] }
    }

    /// Scratch floats per thread for blocks of `blockRows` rows.
    public func scratchCount(blockRows: Int) -> Int { blockRows * (width * (hiddenLayers + 2) + 1) }
}
