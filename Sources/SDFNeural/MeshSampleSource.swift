import SDFDistance
import SDFGeometry

/// Training samples of a mesh: instant-ngp's mix of uniform, surface and near-surface points with
/// exact signed distances, from the mesh-distance engine's `TrainingSampler`.
public struct MeshSampleSource: TrainingSampleSource {
    /// The sampler (and through it, the exact distance field).
    public let sampler: TrainingSampler

    /// Samples `field`'s mesh with the given batch layout.
    public init(field: MeshDistanceField, configuration: TrainingSampler.Configuration = .init()) throws {
        sampler = try TrainingSampler(field: field, configuration: configuration)
    }

    /// The mesh's bounds.
    public var bounds: AABB { sampler.field.bounds }
    /// The padded box uniform samples come from.
    public var domain: AABB { sampler.domain }

    public func fill(positions: UnsafeMutableBufferPointer<SIMD3<Float>>,
                     distances: UnsafeMutableBufferPointer<Float>, seed: UInt64) {
        sampler.fill(batch: 0, seed: seed, points: positions, distances: distances)
    }
}
