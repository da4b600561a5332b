import SDFGeometry

/// The shape of the MLP after the encoding: `hiddenLayers` ReLU layers of `width` neurons and a
/// linear scalar output, without biases (as instant-ngp's fully fused networks).
public struct NetworkConfiguration: Sendable, Codable, Equatable {
    /// Neurons per hidden layer (a multiple of 16).
    public var width: Int = 64
    /// Number of hidden layers.
    public var hiddenLayers: Int = 2

    public init() {}

    /// Throws unless the shape is supported.
    public func validate() throws {
        guard width >= 16, width <= 256, width % 16 == 0 else {
            throw SDFError("network width must be a multiple of 16 in 16…256, got \(width)")
        }
        guard (1...8).contains(hiddenLayers) else {
            throw SDFError("hidden layers must be in 1…8, got \(hiddenLayers)")
        }
    }
}
